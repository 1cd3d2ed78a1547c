import { bookingIdParam, bookingSchema } from "../../schemas/bookings.js";
import {
  placementReviewBody,
  placementReviewResponseBody,
  preArrivalItemBody,
  preArrivalItemParams,
  preArrivalResponseSchema,
} from "../../schemas/pre-arrival.js";
import { defineRoutes, type RouteDef } from "../route.js";

/** Pre-arrival plan and placement review routes; served by the bookings function. */
const TAG = "Pre-arrival and placement review";

export const getPreArrivalRoute = {
  operationId: "getPreArrivalPlan",
  method: "GET",
  path: "/bookings/{bookingId}/pre-arrival",
  group: "bookings",
  roles: ["cru", "ap-manager"],
  tag: TAG,
  summary: "A booking's pre-arrival checklist, due dates and readiness; ETag is the plan's version",
  description:
    "Items (ids as slugs) are due a number of days before arrival: risk-information 14, licence-conditions 10, " +
    "mappa-meeting 10 (only with a MAPPA level), key-worker 7, medication-and-gp 5, induction-planned 3, " +
    "room-prepared 2, travel-arranged 1. Where the notice (allocation to arrival) is shorter than an item's lead " +
    "time it is due on arrival day and the plan is `compressed` (always so for an emergency). `readiness`: ready, " +
    "on-track, at-risk (an item overdue) or compressed. A booking made before plans existed answers with a plan " +
    "derived from its arrival, notice and creation date (`stored: false`), stored on its first update.",
  params: bookingIdParam,
  responses: { 200: { description: "The plan", schema: preArrivalResponseSchema, headers: ["ETag"] } },
} as const satisfies RouteDef;

export const putPreArrivalItemRoute = {
  operationId: "putPreArrivalItem",
  method: "PUT",
  path: "/bookings/{bookingId}/pre-arrival/items/{itemId}",
  group: "bookings",
  roles: ["ap-manager"],
  tag: TAG,
  summary: "Mark one pre-arrival item done, not needed or to do (that premises' AP manager)",
  description:
    "`If-Match` is the plan's version. `keyWorker` names the key worker and is accepted only on the key-worker " +
    "item, which is done only with a name. Only while the booking is `booked` (409 otherwise); 404 for an item " +
    "the plan does not have (mappa-meeting without a MAPPA level).",
  params: preArrivalItemParams,
  body: preArrivalItemBody,
  ifMatch: true,
  responses: { 200: { description: "The plan", schema: preArrivalResponseSchema, headers: ["ETag"] } },
  problems: [409, 412],
} as const satisfies RouteDef;

export const reviewPlacementRoute = {
  operationId: "reviewPlacement",
  method: "POST",
  path: "/bookings/{bookingId}/placement-review",
  group: "bookings",
  roles: ["ap-manager"],
  tag: TAG,
  summary: "The AP manager accepts a placement before arrival, or raises a concern",
  description:
    "A concern needs `reasons` (risk-mix, victim-or-associates-nearby, premises-unsuitable, needs-cannot-be-met, " +
    "other) and puts the referral in the CRU's concerns view (`GET /referrals?review=concern`) with the note. " +
    "A later review replaces an earlier one; every review is in the booking's and the referral's history.",
  params: bookingIdParam,
  body: placementReviewBody,
  responses: { 200: { description: "The booking", schema: bookingSchema, headers: ["ETag"] } },
  problems: [409],
} as const satisfies RouteDef;

export const answerPlacementConcernRoute = {
  operationId: "answerPlacementConcern",
  method: "POST",
  path: "/bookings/{bookingId}/placement-review/response",
  group: "bookings",
  roles: ["cru"],
  tag: TAG,
  summary: "The CRU answers a placement concern: keep the placement, or reallocate",
  description:
    "`reallocate` cancels the booking (the bed is freed, neighbours' buffers grow back) and returns the referral " +
    "to `submitted` for a new bed search, keeping its history. 409 when there is no unanswered concern.",
  params: bookingIdParam,
  body: placementReviewResponseBody,
  responses: { 200: { description: "The booking", schema: bookingSchema, headers: ["ETag"] } },
  problems: [409],
} as const satisfies RouteDef;

export const preArrivalRoutes = defineRoutes([
  getPreArrivalRoute,
  putPreArrivalItemRoute,
  reviewPlacementRoute,
  answerPlacementConcernRoute,
]);
