import * as z from "zod";

/**
 * The error shape (RFC 9457 problem details) as the API really sends it: one `type` URI per
 * cause, `invalidParams` on 400s, and on 409s `conflicts[]`, each item one of the kinds below
 * with exactly the fields that kind carries. The contract suite validates every problem body
 * the integration suites receive against this schema, so a new kind or field is declared here.
 */

export const PROBLEM_TYPE_BASE = "https://ap-bed-manager.service.justice.gov.uk/problems/";

/** Every problem `type` the service and its gateway send, with the status and what it means. */
export const PROBLEM_TYPES = {
  "invalid-request": [400, "A field, query parameter or header is invalid; `invalidParams` names each one."],
  "malformed-json": [400, "The body is not valid JSON."],
  "invalid-encoding": [400, "The body is not valid UTF-8."],
  "malformed-request": [400, "The gateway could not parse the HTTP request."],
  unauthorised: [
    401,
    "No bearer token, or the token was refused (expired, wrong issuer or audience, bad signature).",
  ],
  forbidden: [403, "The token's roles or `custom:premises` scope do not allow this."],
  "not-found": [
    404,
    "No resource has that id (or it is outside an ap-manager's premises), or no route has that path.",
  ],
  "method-not-allowed": [405, "The path exists but not with this method; `Allow` lists the methods it has."],
  conflict: [409, "A business rule refuses the change; `conflicts` says what is in the way."],
  "bed-not-free": [409, "Occupied, buffer or out-of-service nights are in the way; `conflicts` lists them."],
  "buffer-needed": [
    409,
    "The bed is free only by cutting another stay's buffer; send `bufferOverrideReason` to do so.",
  ],
  "person-already-placed": [409, "The person already has a placement for some of these nights."],
  "unsuitable-bed": [409, "The bed does not suit the referral (gender, room or premises characteristics)."],
  "overlapping-referral": [409, "The person already has an open referral for some of these nights."],
  "move-on-not-confirmed": [409, "The resident's move-on is not confirmed by the new departure date."],
  "risk-mix": [
    409,
    "The placement would exceed the premises' risk limits; send `riskMixOverrideReason` to record that decision.",
  ],
  held: [
    409,
    "The nights were freed by a stay reduction and are held for another referral until it is allocated or the hold expires (48 hours).",
  ],
  "invalid-transition": [409, "The referral's status does not allow this change."],
  "booking-not-active": [409, "The booking has ended (departed, cancelled or did not arrive)."],
  "out-of-service-begun": [
    409,
    "The out-of-service period has begun or is over, so it cannot be cancelled: end it early (PATCH endDate) instead.",
  ],
  "out-of-service-cancelled": [
    409,
    "The out-of-service period was cancelled; it holds no night and cannot change.",
  ],
  "bed-in-use": [
    409,
    "Stays or held nights run on or past the archive date; `conflicts` lists them. Choose a later date or move the stay first.",
  ],
  "premises-exists": [409, "A premises with this premisesId already exists."],
  "bed-exists": [409, "A bed with this bedId already exists in the premises."],
  "stale-version": [412, "`If-Match` names a version that is no longer current; read the resource again."],
  "payload-too-large": [413, "The body is over 64 KiB."],
  "unsupported-media-type": [415, "The body is not sent as `application/json`."],
  "idempotency-key-in-use": [
    409,
    "A request with this `Idempotency-Key` is still running; retry shortly to get its answer.",
  ],
  "idempotency-key-reused": [
    422,
    "The `Idempotency-Key` was already used with a different body, path or method.",
  ],
  "headers-too-large": [431, "The URL and headers are over 16 KB."],
  busy: [503, "The service is busy; retry after `Retry-After` seconds. Nothing was changed."],
  "internal-error": [500, "A fault on our side; it has been logged. Never caused by anything a client sent."],
} as const satisfies Record<string, readonly [number, string]>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const problemTypeUri = (type: ProblemType) => `${PROBLEM_TYPE_BASE}${type}`;

/** A Markdown table of the problem types, for the document's description. */
export function problemTypesTable(): string {
  const rows = Object.entries(PROBLEM_TYPES).map(
    ([slug, [status, meaning]]) => `| \`${slug}\` | ${status} | ${meaning} |`,
  );
  return [`| type (after \`${PROBLEM_TYPE_BASE}\`) | status | meaning |`, "|---|---|---|", ...rows].join(
    "\n",
  );
}

const date = z.string().meta({ format: "date" });

/**
 * Nights of another footprint on the bed: a stay's occupied or buffer nights, an out-of-service
 * period, nights held for another referral after a stay reduction, or nights after the bed's archive date.
 */
const nightsConflict = z
  .strictObject({
    kind: z.enum(["occupied", "buffer", "out-of-service", "held", "archived"]),
    startDate: date.describe("First night in the way"),
    endDate: date.describe("Last night in the way, inclusive"),
    bookingId: z.string().optional().describe("The stay holding the nights"),
    outOfServiceId: z.string().optional().describe("The out-of-service period holding the nights"),
    referralId: z.string().optional().describe("The referral the nights are held for (`held`)"),
    detail: z.string().optional().describe("Why a buffer is in the way, or since when the bed is archived"),
  })
  .meta({ id: "NightsConflict", description: "Nights of another footprint on the bed" });

const bookingStatusConflict = z
  .strictObject({
    kind: z.literal("booking-status"),
    bookingId: z.string(),
    detail: z.string().describe("The booking's status"),
  })
  .meta({ description: "The booking's status does not allow the change" });

const endedBookingConflict = z
  .strictObject({
    kind: z.enum(["booking-departed", "booking-cancelled", "booking-non-arrival"]),
    bookingId: z.string(),
  })
  .meta({ description: "The booking has ended, so it keeps no move-on plan" });

const personPlacedConflict = z
  .strictObject({
    kind: z.literal("person-already-placed"),
    referralId: z.string(),
    bookingId: z.string().optional(),
    startDate: date.optional(),
    endDate: date.optional().describe("Last night, inclusive"),
  })
  .meta({ description: "The person's other placement for some of these nights" });

const notYetDueConflict = z
  .strictObject({ kind: z.literal("not-yet-due"), bookingId: z.string(), startDate: date })
  .meta({ description: "The booking is not due to arrive until startDate" });

const alreadyDecidedConflict = z
  .strictObject({ kind: z.literal("already-decided"), detail: z.string().describe("approved or declined") })
  .meta({ description: "The stay reduction request was already decided" });

const moveOnNotConfirmedConflict = z
  .strictObject({
    kind: z.literal("move-on-not-confirmed"),
    bookingId: z.string(),
    detail: z.string().describe("The resident's move-on status"),
    startDate: date.optional().describe("The move-on's availableFrom, if any"),
  })
  .meta({ description: "The resident's move-on is not confirmed by the new departure date" });

const staleRequestConflict = z
  .strictObject({ kind: z.literal("stale-request"), bookingId: z.string() })
  .meta({ description: "The stay changed since the request; its new departure no longer shortens it" });

const overlappingReferralConflict = z
  .strictObject({
    kind: z.literal("referral"),
    referralId: z.string(),
    startDate: date,
    endDate: date.describe("Last night, inclusive"),
    detail: z.string(),
  })
  .meta({ description: "Another open referral of the person for overlapping nights" });

const referralStatusConflict = z
  .strictObject({
    kind: z.enum(["invalid-transition", "referral-status"]),
    referralId: z.string(),
    detail: z.string().describe("The referral's status"),
  })
  .meta({ description: "The referral's status does not allow the change" });

const unsuitableConflict = z
  .strictObject({ kind: z.literal("unsuitable"), bedId: z.string(), detail: z.string() })
  .meta({ description: "One reason the bed does not suit the referral" });

const alertStateConflict = z
  .strictObject({
    kind: z.enum(["alert-acknowledged", "alert-resolved", "alert-changed"]),
    detail: z.string().optional().describe("Who acknowledged it, or why it was resolved"),
  })
  .meta({ description: "The alert is no longer open, or changed meanwhile" });

const riskMixConflict = z
  .strictObject({
    kind: z.literal("risk-mix"),
    startDate: date,
    endDate: date.describe("Last night, inclusive"),
    detail: z.string().describe("The limit, its maximum and the peak the placement would make"),
  })
  .meta({ description: "Nights on which the placement would exceed a risk limit of the premises" });

const noOpenConcernConflict = z
  .strictObject({ kind: z.literal("no-open-concern"), bookingId: z.string(), detail: z.string() })
  .meta({ description: "The booking's placement review has no concern awaiting an answer" });

export const conflictSchema = z
  .union([
    nightsConflict,
    bookingStatusConflict,
    endedBookingConflict,
    personPlacedConflict,
    notYetDueConflict,
    alreadyDecidedConflict,
    moveOnNotConfirmedConflict,
    staleRequestConflict,
    overlappingReferralConflict,
    referralStatusConflict,
    unsuitableConflict,
    alertStateConflict,
    riskMixConflict,
    noOpenConcernConflict,
  ])
  .meta({
    id: "Conflict",
    description: "What is in the way, by `kind`; each kind carries only its own fields.",
  });

export const invalidParamSchema = z
  .strictObject({
    name: z.string().describe("The field (dotted path), query parameter or header"),
    reason: z.string(),
  })
  .meta({ id: "InvalidParam" });

export const problemSchema = z
  .strictObject({
    type: z.string().meta({
      format: "uri",
      description: "One of the problem types listed in the document's description",
      examples: Object.keys(PROBLEM_TYPES).map((t) => problemTypeUri(t as ProblemType)),
    }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    invalidParams: z.array(invalidParamSchema).optional().describe("On 400: each field that is wrong"),
    conflicts: z.array(conflictSchema).optional().describe("On 409: what is in the way"),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });
