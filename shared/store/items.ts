import { alertsApply, nextDueDate } from "../domain/pre-arrival.js";
import type { Booking } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import { keys } from "./keys.js";

/**
 * Full DynamoDB items for the records several stores write, with every index key derived
 * from the record, so a transaction in any store keeps the indexes right.
 */
export function referralItem(r: Referral) {
  return {
    ...keys.referral(r.referralId),
    type: "referral",
    ...r,
    GSI1PK: `REFERRALS#AREA#${r.area}`,
    GSI1SK: `${r.status}#${r.expectedArrivalDate}#${r.referralId}`,
    GSI2PK: `REFERRALS#STATUS#${r.status}`,
    GSI2SK: `${r.expectedArrivalDate}#${r.referralId}`,
    ...(r.placement
      ? {
          GSI3PK: `REFERRALS#PREMISES#${r.placement.premisesId}`,
          // Status first, as in GSI1, so "who is coming" (allocated) is one key range.
          GSI3SK: `${r.status}#${r.placement.arrivalDate}#${r.referralId}`,
        }
      : r.status === "submitted" && r.placementDeadline
        ? // Sparse: only unplaced submitted referrals, by deadline, for the placement-overdue check.
          { GSI3PK: "PLACEMENT-DEADLINES", GSI3SK: `${r.placementDeadline}#${r.referralId}` }
        : {}),
    GSI4PK: `REFERRALS#CREATED#${r.submittedAt.slice(0, 7)}`,
    GSI4SK: `${r.submittedAt}#${r.referralId}`,
  };
}

export const ACTIVE_STAY_STATUSES = new Set(["booked", "arrived"]);

/** The date the stay is now expected to end: actual departure once departed. */
export const effectiveDeparture = (b: Pick<Booking, "departureDate" | "actualDepartureDate">) =>
  b.actualDepartureDate ?? b.departureDate;
export const effectiveArrival = (b: Pick<Booking, "arrivalDate" | "actualArrivalDate">) =>
  b.actualArrivalDate ?? b.arrivalDate;

export function bookingItem(b: Booking) {
  return {
    ...keys.booking(b.bookingId),
    type: "booking",
    ...b,
    GSI1PK: `PREMISES#${b.premisesId}#BOOKINGS`,
    GSI1SK: `${effectiveDeparture(b)}#${b.bookingId}`,
    // Sparse: only stays that are still to come or under way, for the nightly job.
    ...(ACTIVE_STAY_STATUSES.has(b.status)
      ? { GSI2PK: "ACTIVE-STAYS", GSI2SK: `${b.departureDate}#${b.bookingId}` }
      : {}),
    ...preArrivalKeys(b),
    ...placementReviewKeys(b),
  };
}

/**
 * Sparse: a booked stay (not an emergency) with pre-arrival items still to do, by its earliest
 * due date, so the nightly job reads only plans with something overdue (`GSI3SK < night`).
 */
function preArrivalKeys(b: Booking) {
  if (b.status !== "booked" || !b.preArrival || !alertsApply(b.preArrival)) return {};
  const next = nextDueDate(b.preArrival);
  return next === undefined ? {} : { GSI3PK: PRE_ARRIVAL_DUE, GSI3SK: `${next}#${b.bookingId}` };
}

export const PRE_ARRIVAL_DUE = "PRE-ARRIVAL#DUE";

/** Sparse: booked placements still waiting for the manager's review, or whose concern awaits the CRU. */
export function placementReviewState(b: Booking): "unreviewed" | "concern" | undefined {
  if (b.status !== "booked") return undefined;
  const review = b.placementReview;
  if (!review) return "unreviewed";
  return review.decision === "concern" && !review.response ? "concern" : undefined;
}

function placementReviewKeys(b: Booking) {
  const state = placementReviewState(b);
  return state ? { GSI4PK: `PLACEMENT-REVIEW#${state}`, GSI4SK: `${b.arrivalDate}#${b.bookingId}` } : {};
}

/** Strips storage keys before a record leaves the API. */
export function stripKeys<T extends Record<string, unknown>>(item: T): Omit<T, "PK" | "SK" | "type"> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === "PK" || k === "SK" || k === "type" || /^GSI\dP?S?K$/.test(k) || k === "expiresAt") continue;
    out[k] = v;
  }
  return out as Omit<T, "PK" | "SK" | "type">;
}
