import { listOf } from "../../schemas/common.js";
import {
  createReferralBody,
  listReferralsQuery,
  referralChangeBody,
  referralChangeResultSchema,
  referralDetailSchema,
  referralIdParam,
  referralSchema,
  withdrawalBody,
} from "../../schemas/referrals.js";
import { defineRoutes, type RouteDef } from "../route.js";

const TAG = "Referrals";

export const createReferral = {
  operationId: "createReferral",
  method: "POST",
  path: "/referrals",
  group: "referrals",
  roles: ["cru"],
  tag: TAG,
  summary: "Submit a referral for a place in an AP",
  description:
    "Computes noticeType/noticeDays from today (Europe/London) and the expected arrival; expectedDepartureDate defaults to arrival + 84 nights. " +
    "409 when the person already has an open referral whose stay shares a night with this one. " +
    "With Idempotency-Key, a retry with the same body within 24 h returns the first response and creates nothing.",
  body: createReferralBody,
  idempotencyKey: "in-transaction",
  responses: { 201: { description: "Submitted", schema: referralSchema, headers: ["Location", "ETag"] } },
  problems: [409, 422],
} as const satisfies RouteDef;

export const listReferrals = {
  operationId: "listReferrals",
  method: "GET",
  path: "/referrals",
  group: "referrals",
  roles: ["cru", "ap-manager", "admin"],
  tag: TAG,
  summary: "Referrals by status, area, premises, notice and expected arrival",
  description:
    "Without status: `submitted` for CRU lists, `allocated` (who is coming) when listing a premises. " +
    "An ap-manager sees only referrals placed at its own premises (all of them, merged by arrival, when it names none). " +
    "sort=arrival (default) or newest (every status unless filtered).",
  query: listReferralsQuery,
  responses: { 200: { description: "Referrals", schema: listOf(referralSchema) } },
} as const satisfies RouteDef;

export const getReferral = {
  operationId: "getReferral",
  method: "GET",
  path: "/referrals/{referralId}",
  group: "referrals",
  roles: ["cru", "ap-manager", "admin"],
  tag: TAG,
  summary: "One referral with its history",
  description:
    "ETag is its version. An ap-manager sees only referrals placed at its own premises (404 otherwise).",
  params: referralIdParam,
  responses: { 200: { description: "The referral", schema: referralDetailSchema, headers: ["ETag"] } },
} as const satisfies RouteDef;

export const withdrawReferral = {
  operationId: "withdrawReferral",
  method: "POST",
  path: "/referrals/{referralId}/withdrawal",
  group: "referrals",
  roles: ["cru"],
  tag: TAG,
  summary: "Withdraw a referral before the person arrives",
  description:
    "Allowed while submitted or allocated (an allocated referral's booking is released); 409 otherwise.",
  params: referralIdParam,
  body: withdrawalBody,
  ifMatch: true,
  responses: { 200: { description: "Withdrawn", schema: referralSchema, headers: ["ETag"] } },
  problems: [409, 412],
} as const satisfies RouteDef;

export const changeReferral = {
  operationId: "changeReferral",
  method: "PATCH",
  path: "/referrals/{referralId}",
  group: "referrals",
  roles: ["cru"],
  tag: TAG,
  summary: "Change a referral's release date, risk, MAPPA level, licence and HDC ends or notes (CRU)",
  description:
    "At least one field. Only while submitted, allocated or arrived (409 `invalid-transition` otherwise). The same " +
    "rules as a submission apply to the result (400 naming the field): a new expectedArrivalDate is today or later, " +
    "hdcEndDate only with releaseType hdc and not after licenceEndDate. A new expectedArrivalDate moves " +
    "expectedDepartureDate by the same number of days and, while submitted, recomputes the notice (emergency 7 days " +
    "or fewer after submission, short notice 28 or fewer). While allocated, the booking keeps its dates and " +
    "`bookingFit` says whether it still fits the release. The history records `referral.changed` with the old and " +
    "new values.",
  params: referralIdParam,
  body: referralChangeBody,
  ifMatch: true,
  responses: {
    200: { description: "The changed referral", schema: referralChangeResultSchema, headers: ["ETag"] },
  },
  problems: [409, 412],
} as const satisfies RouteDef;

export const referralsRoutes = defineRoutes([
  createReferral,
  listReferrals,
  getReferral,
  changeReferral,
  withdrawReferral,
]);
