import * as z from "zod";
import type { Threshold } from "../domain/alert-rules.js";
import { ALERT_KINDS, ALERT_STATUSES, THRESHOLDS } from "../domain/alert-rules.js";
import { area, calendarDate, cursor, id, instant, limit, notes } from "./common.js";

export const ALERT_KIND_DESCRIPTION = [
  "Why the alert was raised. Ladders count days before the due date; on its first night a",
  "subject is raised at the most urgent threshold it has reached (short notice), each",
  "threshold once, and a later threshold resolves the earlier one as superseded.",
  "departure-without-move-on (to the premises): a booked or arrived stay whose move-on is not",
  "confirmed with an address available by the expected departure; at 56, 28, 14, 7 and 2 days",
  "before it, then overdue once. Where the licence or HDC runs past the departure its detail",
  "says so (one alert, never also a licence-gap).",
  "release-without-accommodation (CRU): a submitted referral with homelessIfNotPlaced; at 56",
  "(the Duty to Refer window), 28, 14, 7 and 2 days before the expected arrival, then overdue",
  "once if still unplaced.",
  "licence-gap (to the premises): the licence or HDC runs past the departure and the confirmed",
  "move-on does not cover it: a category that cannot hold a curfew or licence address",
  "(no-fixed-abode, temporary-accommodation) or an availableUntil before the end date; same",
  "ladder as departure.",
  "arrival-overdue (to the premises): a booked stay whose arrival date has passed with no",
  "arrival recorded; raised once, the next night; resolved by arrival, non-arrival or",
  "cancellation. Such a stay raises no departure or licence alerts.",
  "placement-overdue (CRU area): a submitted referral not placed by its placementDeadline",
  "(emergency 2 hours, short notice 5 working days, standard 10; checked hourly); raised once.",
  "pre-arrival-overdue (to the premises): a pre-arrival item past due.",
].join(" ");

export const alertKind = z.enum(ALERT_KINDS).meta({ description: ALERT_KIND_DESCRIPTION });
export const alertStatus = z.enum(ALERT_STATUSES);
export const threshold = z
  .union(THRESHOLDS.map((t) => z.literal(t)) as [z.ZodLiteral<56>, ...z.ZodLiteral<Threshold>[]])
  .meta({
    description:
      "Days before the due date at which it was raised (56, 28, 14, 7, 2), or overdue once the date or deadline has passed.",
  });

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
    /**
     * Expected departure (departure, licence gap), planned arrival (arrival overdue),
     * expected arrival (release) or the deadline's date (placement overdue).
     */
    dueDate: calendarDate,
    /** placement-overdue: the deadline instant that passed. */
    dueAt: instant.optional().meta({ description: "placement-overdue: the deadline instant that passed" }),
    /** Why, in ids and dates only, e.g. that the licence or HDC outlasts the stay. */
    detail: z
      .string()
      .optional()
      .meta({ description: "Why, in dates and ids only (never names or addresses)" }),
    /** The night (Europe/London date) whose run raised it. */
    night: calendarDate,
    premisesId: z.string().optional(),
    /** The CRU area a referral alert is for (release, placement overdue). */
    area: area.optional(),
    bookingId: z.string().optional(),
    referralId: z.string().optional(),
    crn: z.string(),
    raisedAt: instant,
    acknowledgedAt: instant.optional(),
    acknowledgedBy: z.string().optional(),
    acknowledgedNote: z.string().optional(),
    resolvedAt: instant.optional(),
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
