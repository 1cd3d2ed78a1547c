import * as z from "zod";
import { PRE_ARRIVAL_ITEM_IDS, type PreArrivalItemId } from "../domain/pre-arrival.js";
import {
  keysOf,
  PLACEMENT_CONCERN_REASONS,
  PLACEMENT_REVIEW_DECISIONS,
  PRE_ARRIVAL_ITEM_STATUSES,
  PRE_ARRIVAL_READINESS,
} from "../domain/vocabulary.js";
import { calendarDate, freeText, id, name, notes } from "./common.js";

export const preArrivalItemId = z.enum(PRE_ARRIVAL_ITEM_IDS as [PreArrivalItemId, ...PreArrivalItemId[]]);
export const preArrivalItemStatus = z.enum(keysOf(PRE_ARRIVAL_ITEM_STATUSES));
export const readiness = z
  .enum(keysOf(PRE_ARRIVAL_READINESS))
  .describe(
    "ready: every item done or not needed; at-risk: an item is past its due date; compressed: the notice was " +
      "shorter than some item's usual lead time (always for an emergency); on-track: otherwise.",
  );

export const preArrivalItemSchema = z
  .object({
    itemId: preArrivalItemId,
    label: z.string().optional(),
    status: preArrivalItemStatus,
    dueDate: calendarDate,
    leadDays: z.int(),
    compressed: z.boolean(),
    note: z.string().optional(),
    keyWorker: z.string().optional(),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: "PreArrivalItem" });

/** As stored on the booking item. */
export const preArrivalPlanSchema = z
  .object({
    arrivalDate: calendarDate,
    noticeType: z.enum(["emergency", "short-notice", "standard"]),
    noticeDays: z.int(),
    compressed: z.boolean(),
    items: z.array(preArrivalItemSchema),
    version: z.int(),
    createdAt: z.string(),
    updatedAt: z.string().optional(),
  })
  .meta({ id: "PreArrivalPlanRecord" });

export const preArrivalResponseSchema = preArrivalPlanSchema
  .extend({
    bookingId: z.string(),
    premisesId: z.string(),
    readiness,
    /** Item ids past their due date and still to do. */
    overdue: z.array(z.string()),
    keyWorker: z.string().optional(),
    /** false when the booking predates plans: derived on read, stored on its first update. */
    stored: z.boolean(),
  })
  .meta({ id: "PreArrivalPlan" });

export const preArrivalItemParams = z.strictObject({ bookingId: id, itemId: id });

export const preArrivalItemBody = z
  .strictObject({
    status: preArrivalItemStatus,
    note: notes(1000).optional(),
    keyWorker: name(200).optional(),
  })
  .meta({ id: "PreArrivalItemChange" });

/** What a placed referral keeps of its booking's plan, so its list shows readiness with no extra read. */
export const readinessSummarySchema = z.object({
  nextDueDate: calendarDate.optional(),
  compressed: z.boolean(),
  emergency: z.boolean(),
});

// ---------- placement review ----------

export const concernReason = z.enum(keysOf(PLACEMENT_CONCERN_REASONS));

export const placementReviewBody = z
  .strictObject({
    decision: z.enum(keysOf(PLACEMENT_REVIEW_DECISIONS)),
    reasons: z.array(concernReason).max(5).optional(),
    note: freeText,
  })
  .refine((b) => b.decision !== "concern" || (b.reasons?.length ?? 0) > 0, {
    message: "name at least one reason for a concern",
    path: ["reasons"],
  })
  .refine((b) => b.decision !== "accepted" || b.reasons === undefined || b.reasons.length === 0, {
    message: "reasons are for a concern",
    path: ["reasons"],
  })
  .meta({ id: "PlacementReviewDecision" });

export const placementReviewResponseBody = z
  .strictObject({ action: z.enum(["keep", "reallocate"]), note: freeText })
  .meta({ id: "PlacementReviewAnswer" });

export const placementReviewSchema = z
  .object({
    decision: z.enum(["accepted", "concern"]),
    reasons: z.array(concernReason),
    note: z.string(),
    by: z.string(),
    at: z.string(),
    response: z
      .object({ action: z.enum(["keep", "reallocate"]), note: z.string(), by: z.string(), at: z.string() })
      .optional(),
  })
  .meta({ id: "PlacementReview" });

export const reviewFilter = z
  .enum(["concern", "unreviewed-soon"])
  .describe(
    "concern: placements whose AP manager raised a concern the CRU has not answered; unreviewed-soon: booked " +
      "placements not yet reviewed whose arrival is today or within the next 2 days.",
  );

// ---------- risk mix ----------

const counts = {
  residents: z.int(),
  rosh: z.object({ low: z.int(), medium: z.int(), high: z.int(), veryHigh: z.int() }),
  mappa: z.object({ level1: z.int(), level2: z.int(), level3: z.int() }),
};

export const riskLimitsSchema = z
  .strictObject({
    veryHighRosh: z.int().min(0).max(100).optional(),
    highOrAboveRosh: z.int().min(0).max(100).optional(),
    mappaLevel3: z.int().min(0).max(100).optional(),
  })
  .meta({ id: "RiskLimits" });

export const riskMixSchema = z
  .object({
    premisesId: z.string(),
    arrivalDate: calendarDate,
    departureDate: calendarDate,
    /** Runs of nights (both ends included) with the same counts of residents already booked or resident. */
    nights: z.array(z.object({ startDate: calendarDate, endDate: calendarDate, ...counts })),
    peak: z.object(counts),
    limits: riskLimitsSchema.optional(),
    /** Limits this person would exceed. */
    breaches: z.array(
      z.object({
        limit: z.enum(["veryHighRosh", "highOrAboveRosh", "mappaLevel3"]),
        max: z.int(),
        peak: z.int(),
        startDate: calendarDate,
        endDate: calendarDate,
      }),
    ),
  })
  .meta({ id: "RiskMix" });

export type PreArrivalItemBody = z.infer<typeof preArrivalItemBody>;
export type PlacementReview = z.infer<typeof placementReviewSchema>;
export type PlacementReviewBody = z.infer<typeof placementReviewBody>;
export type PlacementReviewResponseBody = z.infer<typeof placementReviewResponseBody>;
export type ReadinessSummary = z.infer<typeof readinessSummarySchema>;
export type RiskMixBody = z.infer<typeof riskMixSchema>;
