import * as z from "zod";
import {
  keysOf,
  NOTICE_TYPES,
  REFERRAL_STATUS_LABELS,
  RELEASE_TYPES,
  RISK_LEVELS,
  WITHDRAWAL_REASONS,
} from "../domain/vocabulary.js";
import {
  anyCharacteristic,
  area,
  auditEventSchema,
  calendarDate,
  cursor,
  freeText,
  gender,
  id,
  instant,
  name,
  notes,
  uniqueList,
} from "./common.js";
import { placementReviewSchema, readiness, readinessSummarySchema, reviewFilter } from "./pre-arrival.js";

export const REFERRAL_STATUSES = keysOf(REFERRAL_STATUS_LABELS);
export const referralStatus = z.enum(REFERRAL_STATUSES);
export const riskOfSeriousHarm = z.enum(keysOf(RISK_LEVELS));
export const releaseType = z.enum(keysOf(RELEASE_TYPES));
export const noticeType = z.enum(keysOf(NOTICE_TYPES));
export const withdrawalReason = z.enum(keysOf(WITHDRAWAL_REASONS));

export const crn = z
  .string()
  .regex(/^[A-Z][0-9]{6}$/, "must be one capital letter and six digits, e.g. X123456");
export const nomsNumber = z
  .string()
  .regex(/^[A-Z][0-9]{4}[A-Z]{2}$/, "must be a letter, four digits and two letters, e.g. A1234BC");

export const personSchema = z
  .strictObject({
    crn,
    nomsNumber: nomsNumber.optional(),
    name: name(200),
    dateOfBirth: calendarDate,
    gender,
  })
  .meta({ id: "Person" });

/** Request body of POST /referrals. Cross-field rules (dates, premises) are checked in the service. */
export const createReferralBody = z
  .strictObject({
    person: personSchema,
    riskOfSeriousHarm,
    mappaLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    releaseType,
    expectedArrivalDate: calendarDate,
    expectedDepartureDate: calendarDate.optional(),
    licenceEndDate: calendarDate.optional(),
    hdcEndDate: calendarDate.optional(),
    area,
    preferredPremisesIds: z.array(id).max(10).optional(),
    requiredCharacteristics: uniqueList(anyCharacteristic, 15, "a characteristic").optional(),
    homelessIfNotPlaced: z.boolean(),
    notes: notes(4000).optional(),
  })
  .meta({ id: "NewReferral" });

/** Request body of PATCH /referrals/{referralId}: what changes after submission, at least one field. */
export const referralChangeBody = z
  .strictObject({
    expectedArrivalDate: calendarDate
      .optional()
      .describe(
        "The new release (arrival) date; the expected departure moves with it, keeping the stay's length",
      ),
    riskOfSeriousHarm: riskOfSeriousHarm.optional(),
    mappaLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    licenceEndDate: calendarDate.optional(),
    hdcEndDate: calendarDate.optional(),
    notes: notes(4000).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "name at least one field to change" })
  .meta({ id: "ReferralChange", minProperties: 1 });

export const withdrawalBody = z
  .strictObject({ reason: withdrawalReason, notes: notes(1000).optional() })
  .meta({ id: "Withdrawal" });

export const placementSchema = z.object({
  premisesId: z.string(),
  bedId: z.string(),
  bookingId: z.string(),
  arrivalDate: calendarDate,
  departureDate: calendarDate,
  allocatedAt: instant,
  allocatedBy: z.string(),
  /** The booking's pre-arrival plan in brief (readiness inputs), kept in step with the booking. */
  preArrival: readinessSummarySchema.optional(),
  /** Computed on read: the booking's pre-arrival readiness. */
  readiness: readiness.optional(),
  /** The AP manager's review, copied from the booking, so the CRU concerns view needs no booking read. */
  review: placementReviewSchema.optional(),
});

export const referralSchema = z
  .object({
    referralId: z.string(),
    status: referralStatus,
    person: personSchema,
    riskOfSeriousHarm,
    mappaLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    releaseType,
    /** ecsl and hdc: release at 24–48 h notice, so managers see why notice is short. */
    earlyRelease: z.boolean(),
    expectedArrivalDate: calendarDate,
    expectedDepartureDate: calendarDate,
    licenceEndDate: calendarDate.optional(),
    hdcEndDate: calendarDate.optional(),
    area,
    preferredPremisesIds: z.array(z.string()),
    requiredCharacteristics: z.array(z.string()),
    homelessIfNotPlaced: z.boolean(),
    notes: z.string().optional(),
    noticeType,
    noticeDays: z.int(),
    submittedAt: instant,
    submittedBy: z.string(),
    placementDeadline: z.string().optional().meta({
      description:
        "Instant (UTC) by which the CRU should place the referral, counted from submission (or from when a cancellation or non-arrival sent it back to the queue): emergency 2 hours; short notice 5 working days; standard 10 working days. Working days skip weekends and England and Wales bank holidays; a request after 13:00 London time, or on a non-working day, counts from the next working day; a working-day deadline is the end of that day in London. Past it, a submitted referral raises placement-overdue.",
    }),
    placement: placementSchema.optional(),
    withdrawal: z
      .object({ reason: withdrawalReason, notes: z.string().optional(), at: instant, by: z.string() })
      .optional(),
    version: z.int(),
    updatedAt: instant,
  })
  .meta({ id: "Referral" });

export const referralIdParam = z.strictObject({ referralId: id });

/**
 * GET /referrals. With no `status` the list is the open work of the view: `submitted`
 * (awaiting a bed) for CRU lists, `allocated` (who is coming) for a premises' list.
 */
export const listReferralsQuery = z.strictObject({
  status: referralStatus.optional(),
  area: area.optional(),
  premisesId: id.optional(),
  noticeType: noticeType.optional(),
  arrivalFrom: calendarDate.optional(),
  arrivalTo: calendarDate.optional(),
  sort: z.enum(["arrival", "newest"]).default("arrival"),
  /** CRU views of placement reviews; other filters do not combine with it. */
  review: reviewFilter.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor,
});

export const referralDetailSchema = referralSchema
  .extend({ history: z.array(auditEventSchema) })
  .meta({ id: "ReferralWithHistory" });

export type Withdrawal = z.infer<typeof withdrawalBody>;
export type ListReferralsQuery = z.infer<typeof listReferralsQuery>;
export type CreateReferral = z.infer<typeof createReferralBody>;
export type Referral = z.infer<typeof referralSchema>;
export type ReferralStatus = z.infer<typeof referralStatus>;
export type Placement = z.infer<typeof placementSchema>;
export type NoticeType = z.infer<typeof noticeType>;

export const extensionReason = freeText;

export const referralChangeResultSchema = z
  .object({
    referral: referralSchema,
    bookingFit: z
      .object({
        bookingId: z.string(),
        fits: z.boolean(),
        detail: z.string(),
      })
      .optional()
      .describe(
        "Only when the release date moved while allocated: whether the booking's arrival still matches the release (fits) or its dates must change (POST /bookings/{bookingId}/date-change)",
      ),
  })
  .meta({ id: "ReferralChangeResult" });
