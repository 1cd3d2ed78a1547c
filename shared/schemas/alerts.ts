import * as z from "zod";
import { ALERT_KINDS, ALERT_STATUSES } from "../domain/alert-rules.js";
import { calendarDate, cursor, id, limit, notes } from "./common.js";

export const alertKind = z.enum(ALERT_KINDS);
export const alertStatus = z.enum(ALERT_STATUSES);
export const threshold = z.union([
  z.literal(28),
  z.literal(14),
  z.literal(7),
  z.literal(2),
  z.literal("overdue"),
]);

/**
 * One warning raised by the nightly job. Carries ids and dates only: names and addresses
 * stay on the booking and referral, which the reader is already scoped to.
 */
export const alertSchema = z
  .object({
    alertId: z.string(),
    kind: alertKind,
    status: alertStatus,
    threshold,
    /** Days from the night it was raised to the due date; negative once overdue. */
    daysLeft: z.int(),
    /** Expected departure (stays) or expected arrival (referrals) the alert is about. */
    dueDate: calendarDate,
    /** The night (Europe/London date) whose run raised it. */
    night: calendarDate,
    premisesId: z.string().optional(),
    bookingId: z.string().optional(),
    referralId: z.string().optional(),
    crn: z.string(),
    raisedAt: z.string(),
    acknowledgedAt: z.string().optional(),
    acknowledgedBy: z.string().optional(),
    acknowledgedNote: z.string().optional(),
    resolvedAt: z.string().optional(),
    resolvedReason: z.string().optional(),
    /** pre-arrival-overdue: the checklist items past their due date (ids of GET /bookings/{id}/pre-arrival). */
    items: z.array(z.string()).optional(),
    version: z.int(),
  })
  .meta({ id: "Alert" });

export const listAlertsQuery = z.strictObject({
  premisesId: id.optional(),
  status: alertStatus.default("open"),
  kind: alertKind.optional(),
  cursor,
  limit,
});

export const alertIdParam = z.strictObject({
  alertId: z.string().regex(/^[0-9a-f]{32}$/, "is not an alert id"),
});

export const acknowledgementBody = z
  .strictObject({ note: notes(1000, { min: 1 }).optional() })
  .meta({ id: "AlertAcknowledgement" });

export type Alert = z.infer<typeof alertSchema>;
export type ListAlertsQuery = z.infer<typeof listAlertsQuery>;
