import * as z from "zod";
import { area, cursor, id, limit } from "./common.js";
import { mailboxEmail } from "./premises.js";

const emailStatus = z.enum(["pending", "sent", "delivered-locally", "failed", "no-mailbox", "not-emailed"]);
const eventStatus = z.enum(["pending", "published", "delivered-locally", "failed"]);

/**
 * One outbox item and how its delivery went: the email (GOV.UK Notify; locally recorded as
 * `delivered-locally`) and the domain event on SNS. Ids, dates and the CRN only.
 */
export const notificationSchema = z
  .object({
    notificationId: z.string(),
    kind: z
      .string()
      .describe("What happened: booking-made, booking-cancelled, person-arrived, an alert kind, …"),
    createdAt: z.string(),
    premisesId: z.string().optional(),
    area: z.string().optional(),
    crn: z.string().optional(),
    bookingId: z.string().optional(),
    referralId: z.string().optional(),
    alertId: z.string().optional(),
    requestId: z.string().optional(),
    arrivalDate: z.string().optional(),
    departureDate: z.string().optional(),
    daysLeft: z.int().optional(),
    detail: z.string().optional(),
    published: z.boolean(),
    emailStatus,
    emailAttempts: z.int().optional(),
    emailTemplateId: z.string().optional().describe("The Notify template (locally `local-<email kind>`)"),
    emailTo: z.string().optional().describe("The shared mailbox it went (or would go) to"),
    emailPersonalisation: z.record(z.string(), z.string()).optional(),
    emailReference: z.string().optional().describe("Notify's id for the email"),
    emailAt: z.string().optional(),
    emailError: z.string().optional(),
    eventStatus,
    eventAttempts: z.int().optional(),
    eventType: z.string().optional().describe("The SNS event type, e.g. booking.made, alert.raised"),
    eventMessageId: z.string().optional(),
    eventAt: z.string().optional(),
    eventError: z.string().optional(),
  })
  .meta({ id: "Notification" });

export const listNotificationsQuery = z.strictObject({
  premisesId: id.optional(),
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/)
    .optional(),
  cursor,
  limit,
});

export const areaParam = z.strictObject({ area });

export const mailboxBody = z.strictObject({ email: mailboxEmail }).meta({ id: "MailboxChange" });

export const mailboxSchema = z
  .object({
    area,
    email: z.email(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    version: z.int(),
  })
  .meta({ id: "AreaMailbox" });
