import * as z from "zod";
import {
  NOTIFICATION_CONTENT_FIELDS,
  NOTIFICATION_RECORD_FIELDS,
  PERSONALISATION_FIELDS,
} from "../domain/notification-fields.js";
import { area, cursor, id, limit } from "./common.js";
import { mailboxEmail } from "./premises.js";

const emailStatus = z.enum(["pending", "sent", "delivered-locally", "failed", "no-mailbox", "not-emailed"]);
const eventStatus = z.enum(["pending", "published", "delivered-locally", "failed"]);

/**
 * What a notification carries, and the one list of it: the record written in the change's
 * transaction, the fields read back from the table, the email's personalisation and the
 * SNS event's detail all derive from this shape. Ids, dates, counts and the CRN only: a
 * notification becomes an email and an event outside the data boundary, so a name or an
 * address is not a field of it at all (tests/unit/services/notification-fields.test.ts).
 */
export const notificationContent = z.object({
  kind: z
    .string()
    .describe("What happened: booking-made, booking-cancelled, person-arrived, an alert kind, …"),
  premisesId: z.string().optional(),
  /** The CRU area, when the producer knows it (otherwise the referral's area is looked up). */
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
});

/** A change's notification as its producer writes it (before it has an id). */
export type Notification = z.infer<typeof notificationContent>;

/**
 * One outbox item and how its delivery went: the email (GOV.UK Notify; locally recorded as
 * `delivered-locally`) and the domain event on SNS. Ids, dates and the CRN only.
 */
export const notificationSchema = notificationContent
  .extend({
    notificationId: z.string(),
    createdAt: z.string(),
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

export type NotificationRecord = z.infer<typeof notificationSchema>;
export type EmailStatus = z.infer<typeof emailStatus>;
export type EventStatus = z.infer<typeof eventStatus>;

// The field lists as plain data (shared/domain/notification-fields.ts); the unit test holds
// them equal to these shapes, and these lines make a field the schemas lack a type error.
export { NOTIFICATION_CONTENT_FIELDS, NOTIFICATION_RECORD_FIELDS, PERSONALISATION_FIELDS };

NOTIFICATION_CONTENT_FIELDS satisfies readonly (keyof Notification)[];
NOTIFICATION_RECORD_FIELDS satisfies readonly (keyof NotificationRecord)[];

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
