import * as z from "zod";
import {
  allocationBody,
  arrivalBody,
  bedOptionsSchema,
  bookingIdParam,
  bookingSchema,
  cancellationBody,
  dateChangeBody,
  departureBody,
  extensionBody,
  extensionResultSchema,
  listBookingsQuery,
  listStayReductionsQuery,
  nonArrivalBody,
  referralIdParam,
  requestIdParam,
  stayReductionBody,
  stayReductionDecisionBody,
  stayReductionSchema,
  transferBody,
  transferResultSchema,
} from "../../schemas/bookings.js";
import { listOf } from "../../schemas/common.js";
import { riskMixSchema } from "../../schemas/pre-arrival.js";
import { premisesIdParam } from "../../schemas/premises.js";
import { defineRoutes, type RouteDef } from "../route.js";

const BOOKING_ROLES = ["cru", "ap-manager"] as const;
const TAG = "Allocation and bookings";

export const getBedOptions = {
  operationId: "getBedOptions",
  method: "GET",
  path: "/referrals/{referralId}/bed-options",
  group: "bookings",
  roles: ["cru"],
  tag: TAG,
  summary: "Beds that could take this referral, best first",
  description:
    "Every suitable bed (gender, room and premises characteristics) in the referral's preferred premises and its area. " +
    "Exact fits first (preferred premises, then least wasted gap), then fits that need a recorded buffer override, then " +
    "near misses that fit if arrival moves up to 3 days or the stay is up to 7 nights shorter; `reasons` says which.",
  params: referralIdParam,
  query: z.strictObject({}),
  responses: { 200: { description: "Options", schema: bedOptionsSchema } },
} as const satisfies RouteDef;

export const allocateBed = {
  operationId: "allocateBed",
  method: "POST",
  path: "/referrals/{referralId}/allocation",
  group: "bookings",
  roles: ["cru"],
  tag: TAG,
  summary: "Allocate a bed to a submitted referral",
  description:
    "Dates default to the referral's expected dates. The stay's nights plus the premises' buffer days must be free. " +
    "Landing in another stay's buffer (or keeping a shorter buffer before the next stay) needs `bufferOverrideReason`: " +
    "it is recorded, the other stay's buffer is cut short and the AP manager is notified. Occupied and out-of-service " +
    "nights are never shared (409 with `conflicts`). The referral becomes `allocated`, and the booking gets its " +
    "pre-arrival plan (`GET /bookings/{bookingId}/pre-arrival`). `riskMix` counts the premises' residents by RoSH " +
    "and MAPPA level on each night of the stay; where placing this person would exceed the premises' `riskLimits` " +
    "the allocation is refused (409 `risk-mix`) unless `riskMixOverrideReason` is given, which is recorded.",
  params: referralIdParam,
  body: allocationBody,
  responses: {
    201: {
      description: "The booking, with how it fitted",
      schema: bookingSchema
        .extend({ fit: z.enum(["exact", "buffer-override"]), riskMix: riskMixSchema })
        .meta({ id: "AllocatedBooking" }),
      headers: ["Location", "ETag"],
    },
  },
  problems: [409],
} as const satisfies RouteDef;

export const listPremisesBookings = {
  operationId: "listPremisesBookings",
  method: "GET",
  path: "/premises/{premisesId}/bookings",
  group: "bookings",
  roles: BOOKING_ROLES,
  tag: TAG,
  summary: "Bookings of a premises departing on or after `from` (default today), arriving by `to`",
  description:
    "Stays whose nights meet from…to (inclusive), by arrival date; `status` filters. An ap-manager may list only its own premises.",
  params: premisesIdParam,
  query: listBookingsQuery,
  responses: { 200: { description: "Bookings", schema: listOf(bookingSchema) } },
} as const satisfies RouteDef;

export const getBookingRoute = {
  operationId: "getBooking",
  method: "GET",
  path: "/bookings/{bookingId}",
  group: "bookings",
  roles: BOOKING_ROLES,
  tag: TAG,
  summary: "One booking; ETag is its version",
  description: "An ap-manager sees only bookings at its own premises (404 otherwise).",
  params: bookingIdParam,
  responses: { 200: { description: "The booking", schema: bookingSchema, headers: ["ETag"] } },
} as const satisfies RouteDef;

const mutation = {
  group: "bookings" as const,
  method: "POST" as const,
  roles: BOOKING_ROLES,
  tag: TAG,
  params: bookingIdParam,
  ifMatch: true,
  problems: [409, 412],
};

export const recordArrivalRoute = {
  ...mutation,
  operationId: "recordArrival",
  path: "/bookings/{bookingId}/arrival",
  summary: "Record that the resident arrived",
  description:
    "arrivalDate is today or up to 7 days back. The stay's nights start from the actual arrival; the referral becomes `arrived`.",
  body: arrivalBody,
  responses: { 200: { description: "The booking", schema: bookingSchema, headers: ["ETag"] } },
} as const satisfies RouteDef;

export const recordNonArrivalRoute = {
  ...mutation,
  operationId: "recordNonArrival",
  path: "/bookings/{bookingId}/non-arrival",
  summary: "Record that the resident did not arrive",
  description:
    "Frees the bed (neighbours' buffers grow back) and resolves the stay's arrival-overdue alert. Unless the reason " +
    "means no bed is needed (`arrested-or-recalled`, `parole-not-granted`), the referral goes back to the CRU queue: " +
    "`submitted`, without its placement, with a new placementDeadline counted from now, and the non-arrival kept in " +
    "its history (`referral.non-arrival`); the release-without-accommodation ladder then applies to it again. With " +
    "those two reasons the referral stays `allocated`, pointing at this booking. Either way the person is no longer " +
    "counted as placed.",
  body: nonArrivalBody,
  responses: { 200: { description: "The booking", schema: bookingSchema, headers: ["ETag"] } },
} as const satisfies RouteDef;

export const extendStayRoute = {
  ...mutation,
  operationId: "extendStay",
  path: "/bookings/{bookingId}/extension",
  summary: "Extend a stay",
  description:
    "May use the stay's own buffer nights (`bufferConsumedDays` = bufferDays - buffer nights left; the AP manager is " +
    "notified when above 0), never another stay's nights or an out-of-service period (409).",
  body: extensionBody,
  responses: { 200: { description: "The booking", schema: extensionResultSchema, headers: ["ETag"] } },
} as const satisfies RouteDef;

export const recordDepartureRoute = {
  ...mutation,
  operationId: "recordDeparture",
  path: "/bookings/{bookingId}/departure",
  summary: "Record that the resident left",
  description:
    "departureDate is today or up to 7 days back, not before arrival. An early departure frees the rest of the stay; " +
    "the buffer then starts at the actual departure. The referral becomes `departed`.",
  body: departureBody,
  responses: { 200: { description: "The booking", schema: bookingSchema, headers: ["ETag"] } },
} as const satisfies RouteDef;

export const cancelBookingRoute = {
  ...mutation,
  operationId: "cancelBooking",
  path: "/bookings/{bookingId}/cancellation",
  summary: "Cancel a booking before arrival",
  description:
    "Frees the bed (neighbours' buffers grow back) and returns the referral to `submitted`, without its placement " +
    "and with a new placementDeadline counted from now, so CRU can allocate it again.",
  body: cancellationBody,
  responses: { 200: { description: "The booking", schema: bookingSchema, headers: ["ETag"] } },
} as const satisfies RouteDef;

export const changeBookingDatesRoute = {
  ...mutation,
  roles: ["cru"],
  operationId: "changeBookingDates",
  path: "/bookings/{bookingId}/date-change",
  summary: "Change a booked stay's dates before arrival (CRU)",
  description:
    "Only while `booked` (409 `booking-status` otherwise, naming the state); arrivalDate is today or later. The stay " +
    "is re-fitted on its bed with its whole buffer (no buffer override): 409 `bed-not-free` with `conflicts` naming " +
    "what is in the way (`occupied` or `buffer` with the bookingId, `out-of-service` with the outOfServiceId, `held` " +
    "with the referralId the nights are held for, `archived`), or 409 `person-already-placed` naming the person's " +
    "other placement. The referral's expected dates and placement follow, its notice is recomputed from the new " +
    "arrival (emergency 7 days or fewer after submission, short notice 28 or fewer), and the audit of the booking " +
    "and of the referral (`booking.dates-changed`) records the old and the new dates.",
  body: dateChangeBody,
  responses: {
    200: { description: "The booking with its new dates", schema: bookingSchema, headers: ["ETag"] },
  },
} as const satisfies RouteDef;

export const transferStayRoute = {
  ...mutation,
  roles: ["cru"],
  operationId: "transferStay",
  path: "/bookings/{bookingId}/transfer",
  summary: "Transfer a resident to another bed or AP (CRU)",
  description:
    "Only for an `arrived` stay (409 `booking-status` otherwise, naming the state). In one transaction the stay " +
    "departs on `date` with move-on category `another-ap` (reason `planned-move-on`, or `other` when `emergency`), and " +
    "a new stay arrives on `date` at the target bed keeping the planned departure, with the target premises' whole " +
    "buffer. The person is never resident in two APs: the old stay's last night is `date - 1`. The target bed " +
    "passes the checks an allocation makes, with the same problems: 409 `unsuitable-bed` (gender, room or premises " +
    "characteristics the referral requires), 409 `bed-not-free` with `conflicts` naming what is in the way " +
    "(`occupied`, `buffer`, `out-of-service`, `held`, `archived`), 409 `buffer-needed` unless " +
    "`bufferOverrideReason` is sent, 409 `risk-mix` unless `riskMixOverrideReason` is sent (both recorded on " +
    "the new stay). The referral's placement points at the new stay; both bookings, the referral and both premises' " +
    "audit record `booking.transferred`, and both premises are notified. The ETag is the departed stay's version; Location names the new stay.",
  body: transferBody,
  responses: {
    200: { description: "Both stays", schema: transferResultSchema, headers: ["ETag", "Location"] },
  },
} as const satisfies RouteDef;

export const requestStayReductionRoute = {
  operationId: "requestStayReduction",
  method: "POST",
  path: "/bookings/{bookingId}/stay-reductions",
  group: "bookings",
  roles: ["cru"],
  tag: TAG,
  summary: "Ask the AP manager to shorten a stay to make room for a referral",
  description: "The manager is notified and decides; nothing changes on the bed until approval.",
  params: bookingIdParam,
  body: stayReductionBody,
  responses: {
    201: { description: "The pending request", schema: stayReductionSchema, headers: ["Location"] },
  },
  problems: [409],
} as const satisfies RouteDef;

export const decideStayReductionRoute = {
  operationId: "decideStayReduction",
  method: "POST",
  path: "/stay-reductions/{requestId}/decision",
  group: "bookings",
  roles: ["ap-manager"],
  tag: TAG,
  summary: "Approve or decline a stay reduction (that premises' AP manager)",
  description:
    "Approval is refused (409) unless the resident's move-on is `confirmed` with `availableFrom` on or before the new " +
    "departure date. Approval shortens the stay and recomputes its buffer in one transaction.",
  params: requestIdParam,
  body: stayReductionDecisionBody,
  responses: { 200: { description: "The decided request", schema: stayReductionSchema } },
  problems: [409],
} as const satisfies RouteDef;

export const getStayReductionRoute = {
  operationId: "getStayReduction",
  method: "GET",
  path: "/stay-reductions/{requestId}",
  group: "bookings",
  roles: BOOKING_ROLES,
  tag: TAG,
  summary: "One stay reduction request",
  description: "An ap-manager sees only requests about stays at its own premises.",
  params: requestIdParam,
  responses: { 200: { description: "The request", schema: stayReductionSchema } },
} as const satisfies RouteDef;

export const listStayReductionsRoute = {
  operationId: "listStayReductions",
  method: "GET",
  path: "/premises/{premisesId}/stay-reductions",
  group: "bookings",
  roles: BOOKING_ROLES,
  tag: TAG,
  summary: "Stay reduction requests of a premises, by status (e.g. pending)",
  description: "`status` filters; without it, every request. An ap-manager may list only its own premises.",
  params: premisesIdParam,
  query: listStayReductionsQuery,
  responses: { 200: { description: "Requests", schema: listOf(stayReductionSchema) } },
} as const satisfies RouteDef;

export const bookingsRoutes = defineRoutes([
  getBedOptions,
  allocateBed,
  listPremisesBookings,
  getBookingRoute,
  recordArrivalRoute,
  recordNonArrivalRoute,
  extendStayRoute,
  recordDepartureRoute,
  cancelBookingRoute,
  changeBookingDatesRoute,
  transferStayRoute,
  requestStayReductionRoute,
  decideStayReductionRoute,
  getStayReductionRoute,
  listStayReductionsRoute,
]);
