import * as z from "zod";
import { departureCategoryProblem } from "../domain/stay-rules.js";
import {
  BED_FITS,
  BOOKING_STATUS_LABELS,
  DEPARTURE_REASONS,
  DUTY_TO_REFER_OUTCOMES,
  keysOf,
  MOVE_ON_CATEGORIES,
  MOVE_ON_STATUSES,
  NON_ARRIVAL_REASONS,
  STAY_REDUCTION_DECISIONS,
} from "../domain/vocabulary.js";
import { calendarDate, cursor, freeText, id, instant, limit, notes } from "./common.js";
import { placementReviewSchema, preArrivalPlanSchema, readiness, riskMixSchema } from "./pre-arrival.js";
import { noticeType, releaseType, riskOfSeriousHarm } from "./referrals.js";

export const BOOKING_STATUSES = keysOf(BOOKING_STATUS_LABELS);
export const bookingStatus = z.enum(BOOKING_STATUSES);
export const moveOnCategory = z.enum(keysOf(MOVE_ON_CATEGORIES));
export const departureReason = z.enum(keysOf(DEPARTURE_REASONS));
export const nonArrivalReason = z.enum(keysOf(NON_ARRIVAL_REASONS));
export const moveOnStatus = z.enum(keysOf(MOVE_ON_STATUSES));
export const dutyToReferOutcome = z.enum(keysOf(DUTY_TO_REFER_OUTCOMES));

export const moveOnSchema = z
  .object({
    status: moveOnStatus,
    category: moveOnCategory.optional(),
    address: z.string().optional(),
    availableFrom: calendarDate.optional(),
    availableUntil: calendarDate.optional().meta({
      description:
        "Last night the move-on address is available, when it is time-limited. Before the HDC or licence end date, a confirmed move-on raises licence-gap.",
    }),
    dutyToReferDate: calendarDate.optional(),
    dutyToReferOutcome: dutyToReferOutcome.optional(),
    localAuthority: z.string().optional(),
    notes: z.string().optional(),
    updatedAt: instant.optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: "MoveOnPlan" });

/**
 * A stay in one bed. `arrivalDate`/`departureDate` are the planned dates (departure is the
 * first night not occupied); actual dates are recorded at arrival and departure and
 * replace the planned ones in the footprint.
 */
export const bookingSchema = z
  .object({
    bookingId: z.string(),
    referralId: z.string(),
    premisesId: z.string(),
    bedId: z.string(),
    status: bookingStatus,
    person: z.object({
      crn: z.string(),
      name: z.string(),
      nomsNumber: z.string().optional(),
      gender: z.enum(["male", "female"]),
    }),
    riskOfSeriousHarm,
    mappaLevel: z.int().optional(),
    releaseType,
    noticeType,
    arrivalDate: calendarDate,
    departureDate: calendarDate,
    actualArrivalDate: calendarDate.optional(),
    actualDepartureDate: calendarDate.optional(),
    licenceEndDate: calendarDate.optional(),
    hdcEndDate: calendarDate.optional(),
    /** The premises' buffer when allocated; the footprint's buffer may be shorter where an override was recorded. */
    bufferDays: z.int(),
    /** Buffer nights this stay actually holds after its departure. */
    bufferNights: z.int(),
    bufferOverride: z
      .object({ reason: z.string(), by: z.string(), at: instant, affectedBookingIds: z.array(z.string()) })
      .optional(),
    moveOn: moveOnSchema,
    departure: z
      .object({
        date: calendarDate,
        reason: departureReason,
        moveOnCategory: moveOnCategory.optional(),
        notes: z.string().optional(),
      })
      .optional(),
    nonArrival: z.object({ reason: nonArrivalReason, notes: z.string().optional() }).optional(),
    cancellation: z.object({ reason: z.string() }).optional(),
    /** The pre-arrival checklist, created with the allocation (absent on bookings made before plans). */
    preArrival: preArrivalPlanSchema.optional(),
    /** Computed on read from the plan and today: shown beside risk and notice in the inbound lists. */
    readiness: readiness.optional(),
    /** The AP manager's review of the placement before arrival, and the CRU's answer to a concern. */
    placementReview: placementReviewSchema.optional(),
    riskMixOverride: z.object({ reason: z.string(), by: z.string(), at: instant }).optional(),
    transfer: z
      .object({
        toBookingId: z.string(),
        premisesId: z.string(),
        bedId: z.string(),
        date: calendarDate,
        reason: z.string(),
        emergency: z.boolean(),
      })
      .optional()
      .describe("Set on a stay that was transferred away: where the resident went, in the booking named"),
    transferredFrom: z
      .object({ bookingId: z.string(), premisesId: z.string(), bedId: z.string() })
      .optional()
      .describe("Set on the stay a transfer created: the booking the resident came from"),
    version: z.int(),
    createdAt: instant,
    createdBy: z.string(),
    updatedAt: instant,
  })
  .meta({ id: "Booking" });

export type Booking = z.infer<typeof bookingSchema>;
export type BookingStatus = z.infer<typeof bookingStatus>;
export type MoveOnPlan = z.infer<typeof moveOnSchema>;

// ---------- requests and responses of the allocation and booking routes ----------

export const referralIdParam = z.strictObject({ referralId: id });
export const bookingIdParam = z.strictObject({ bookingId: id });
export const requestIdParam = z.strictObject({ requestId: id });

export const allocationBody = z
  .strictObject({
    premisesId: id,
    bedId: id,
    arrivalDate: calendarDate.optional(),
    departureDate: calendarDate.optional(),
    bufferOverrideReason: freeText.optional(),
    /** Allocate although the premises' risk limits would be exceeded (409 `risk-mix` without it); recorded. */
    riskMixOverrideReason: freeText.optional(),
  })
  .refine((b) => !b.arrivalDate || !b.departureDate || b.departureDate > b.arrivalDate, {
    message: "must be after arrivalDate",
    path: ["departureDate"],
  })
  .meta({ id: "Allocation" });

export const arrivalBody = z.strictObject({ arrivalDate: calendarDate }).meta({ id: "Arrival" });
export const nonArrivalBody = z
  .strictObject({ reason: nonArrivalReason, notes: notes(1000).optional() })
  .meta({ id: "NonArrival" });
export const extensionBody = z
  .strictObject({ departureDate: calendarDate, reason: freeText })
  .meta({ id: "Extension" });
export const dateChangeBody = z
  .strictObject({
    arrivalDate: calendarDate.meta({ description: "The new arrival: today or later" }),
    departureDate: calendarDate.meta({ description: "The new departure (the day the resident leaves)" }),
    reason: freeText,
  })
  .superRefine((b, ctx) => {
    if (b.departureDate <= b.arrivalDate)
      ctx.addIssue({ code: "custom", message: "must be after arrivalDate", path: ["departureDate"] });
  })
  .meta({ id: "DateChange" });
export const transferBody = z
  .strictObject({
    premisesId: id.meta({ description: "The premises the resident moves to (may be the same premises)" }),
    bedId: id.meta({ description: "The bed there" }),
    date: calendarDate.meta({
      description:
        "The day of the move: the old stay's departure and the new stay's arrival (today or up to 7 days back, after the arrival, before the planned departure)",
    }),
    reason: freeText,
    emergency: z.boolean(),
    /** As for an allocation: the new stay may cut another stay's buffer (409 `buffer-needed` without it); recorded. */
    bufferOverrideReason: freeText.optional(),
    /** As for an allocation: the new stay may exceed the target's risk limits (409 `risk-mix` without it); recorded. */
    riskMixOverrideReason: freeText.optional(),
  })
  .meta({ id: "Transfer" });
export const transferResultSchema = z
  .object({
    from: bookingSchema.describe("The stay that departed on the transfer date (move-on another-ap)"),
    to: bookingSchema.describe("The new stay at the target bed, arrived on the transfer date"),
  })
  .meta({ id: "TransferResult" });
export const departureBody = z
  .strictObject({
    departureDate: calendarDate,
    reason: departureReason,
    moveOnCategory: moveOnCategory.optional().meta({
      description:
        "Where the person went. Required when the reason is planned-move-on, licence-expired or bed-withdrawn; optional otherwise.",
    }),
    notes: notes(1000).optional(),
  })
  .superRefine((b, ctx) => {
    const problem = departureCategoryProblem(b.reason, b.moveOnCategory);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["moveOnCategory"] });
  })
  .meta({ id: "Departure" });
export const cancellationBody = z.strictObject({ reason: freeText }).meta({ id: "Cancellation" });

export const listBookingsQuery = z
  .strictObject({
    status: bookingStatus.optional(),
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    cursor,
    limit,
  })
  .refine((q) => !q.from || !q.to || q.to >= q.from, { message: "must be on or after from", path: ["to"] });

export const extensionResultSchema = bookingSchema
  .extend({ bufferConsumedDays: z.int() })
  .meta({ id: "ExtendedBooking" });

export const bedOptionSchema = z
  .object({
    premisesId: z.string(),
    bedId: z.string(),
    fit: z.enum(keysOf(BED_FITS)),
    arrivalDate: calendarDate,
    departureDate: calendarDate,
    reasons: z.array(z.string()),
    allocatable: z
      .boolean()
      .describe(
        "Whether the bed can be allocated for arrivalDate to departureDate now; false for a near miss that fits only through a stay reduction",
      ),
    blockers: z
      .array(
        z.object({
          kind: z.enum(["occupied", "out-of-service"]),
          bookingId: z.string().optional(),
          outOfServiceId: z.string().optional(),
          startDate: calendarDate,
          endDate: calendarDate,
        }),
      )
      .optional()
      .describe("Near misses: what holds the asked-for nights (nights inclusive)"),
    stayReduction: z
      .object({
        bookingId: z.string(),
        currentDepartureDate: calendarDate,
        newDepartureDate: calendarDate,
        nightsShorter: z.int(),
      })
      .optional()
      .describe(
        "Near misses: the asked-for dates fit if this earlier stay departs on newDepartureDate (POST /bookings/{bookingId}/stay-reductions)",
      ),
    /** Risk limits of the premises this person would exceed on the asked-for dates (allocation needs a reason). */
    riskLimitsExceeded: z.array(z.string()).optional(),
  })
  .meta({ id: "BedOption" });
export const bedOptionsSchema = z
  .object({
    searched: z
      .object({ arrivalDate: calendarDate, departureDate: calendarDate })
      .describe("The dates searched: the referral's, or from today when its expected arrival has passed"),
    options: z.array(bedOptionSchema),
    /** Per candidate premises: residents by RoSH and MAPPA level on each night of the asked-for stay. */
    riskMix: z.array(riskMixSchema),
  })
  .meta({ id: "BedOptions" });

export const STAY_REDUCTION_STATUSES = ["pending", "approved", "declined"] as const;
export const stayReductionStatus = z.enum(STAY_REDUCTION_STATUSES);

export const stayReductionBody = z
  .strictObject({ newDepartureDate: calendarDate, forReferralId: id, reason: freeText })
  .meta({ id: "NewStayReduction" });
export const stayReductionDecisionBody = z
  .strictObject({ decision: z.enum(keysOf(STAY_REDUCTION_DECISIONS)), reason: freeText })
  .meta({ id: "StayReductionDecision" });
export const stayReductionSchema = z
  .object({
    requestId: z.string(),
    status: stayReductionStatus,
    bookingId: z.string(),
    premisesId: z.string(),
    bedId: z.string(),
    crn: z.string(),
    currentDepartureDate: calendarDate,
    newDepartureDate: calendarDate,
    forReferralId: z.string(),
    reason: z.string(),
    requestedBy: z.string(),
    hold: z
      .object({ holdId: z.string(), startDate: calendarDate, endDate: calendarDate, holdUntil: instant })
      .optional()
      .describe(
        "Set on approval: the nights the reduction freed, held for forReferralId until it is allocated into them or holdUntil (48 hours) passes",
      ),
    createdAt: instant,
    decision: z
      .object({
        decision: z.enum(["approved", "declined"]),
        reason: z.string(),
        by: z.string(),
        at: instant,
      })
      .optional(),
    version: z.int(),
  })
  .meta({ id: "StayReduction" });
export const listStayReductionsQuery = z.strictObject({
  status: stayReductionStatus.optional(),
  cursor,
  limit,
});

export type StayReduction = z.infer<typeof stayReductionSchema>;
export type AllocationInput = z.infer<typeof allocationBody>;
