import { actorOf, type Principal } from "../domain/actor.js";
import { allowsRecord } from "../domain/booking-actions.js";
import { nowIso } from "../domain/clock.js";
import { conflict, forbidden } from "../domain/errors.js";
import { PLACEMENT_CONCERN_REASONS } from "../domain/vocabulary.js";
import type { Booking } from "../schemas/bookings.js";
import type {
  PlacementReview,
  PlacementReviewBody,
  PlacementReviewResponseBody,
} from "../schemas/pre-arrival.js";
import * as bookings from "../store/bookings-store.js";
import { withOptimisticRetry } from "../store/transact.js";
import { placementCopy, requireBooking } from "./booking-access.js";
import { cancelBooking } from "./bookings-service.js";

/**
 * The AP manager's say before arrival: accept the placement, or raise a concern (risk mix,
 * victim nearby, …) that puts the referral in the CRU's "concerns" view with the note. The
 * CRU keeps the placement or reallocates: the booking is cancelled (bed freed, neighbours'
 * buffers grow back) and the referral returns to `submitted`. The review is on the booking,
 * copied onto the referral's placement, and in both audit trails (the placement timeline).
 */

const notBooked = (b: Booking, what: string) =>
  conflict(`Booking ${b.bookingId} is ${b.status}; ${what}`, [
    { kind: "booking-status", bookingId: b.bookingId, detail: b.status },
  ]);

/**
 * The one write both review steps make: the review on the booking and on the referral's
 * placement copy (when the referral still points at this booking), with the audit on both.
 */
async function commitReview(
  current: Booking,
  review: PlacementReview,
  at: string,
  audit: { actor: string; action: string; before?: unknown; after: unknown },
  notifications: Parameters<typeof bookings.commitBookingChange>[0]["notifications"],
) {
  const after: Booking = { ...current, placementReview: review, version: current.version + 1, updatedAt: at };
  await bookings.commitBookingChange({
    before: current,
    after,
    ...(await placementCopy(current, { review }, at)),
    audit,
    referralAudit: audit,
    notifications,
  });
  return { booking: after };
}

export async function reviewPlacement(bookingId: string, body: PlacementReviewBody, principal: Principal) {
  const actor = actorOf(principal);
  const { booking } = await withOptimisticRetry(async () => {
    const current = await requireBooking(bookingId, principal);
    if (!principal.premises.includes(current.premisesId)) {
      throw forbidden(`Only the manager of ${current.premisesId} reviews its placements`);
    }
    if (!allowsRecord(current.status, "placement-review"))
      throw notBooked(current, "a placement is reviewed before arrival");
    const at = nowIso();
    const review: PlacementReview = {
      decision: body.decision,
      reasons: body.decision === "concern" ? (body.reasons ?? []) : [],
      note: body.note,
      by: actor,
      at,
    };
    const audit = {
      actor,
      action: `placement-review.${body.decision}`,
      before: current.placementReview ? { previous: current.placementReview } : undefined,
      after: {
        ...review,
        reasonLabels: review.reasons.map((r) => PLACEMENT_CONCERN_REASONS[r]),
      },
    };
    return commitReview(
      current,
      review,
      at,
      audit,
      body.decision === "concern"
        ? [
            {
              kind: "placement-concern",
              premisesId: current.premisesId,
              bookingId,
              referralId: current.referralId,
              crn: current.person.crn,
              detail: `reasons: ${review.reasons.join(", ")}`,
            },
          ]
        : [],
    );
  });
  // Its outbox items committed with it; the stream publisher sends them, off this request.
  return booking;
}

export async function answerPlacementConcern(
  bookingId: string,
  body: PlacementReviewResponseBody,
  principal: Principal,
) {
  const actor = actorOf(principal);
  const check = (b: Booking): PlacementReview => {
    const review = b.placementReview;
    if (b.status !== "booked") throw notBooked(b, "only a booked placement's concern can be answered");
    if (review?.decision !== "concern" || review.response) {
      throw conflict(`Booking ${b.bookingId} has no concern awaiting an answer`, [
        {
          kind: "no-open-concern",
          bookingId: b.bookingId,
          detail: review ? (review.response ? "already answered" : review.decision) : "not reviewed",
        },
      ]);
    }
    return review;
  };
  const respond = (review: PlacementReview): PlacementReview => ({
    ...review,
    response: { action: body.action, note: body.note, by: actor, at: nowIso() },
  });

  if (body.action === "reallocate") {
    // The cancellation's own logic frees the bed and requeues the referral; the answer rides along.
    return cancelBooking(
      bookingId,
      `placement concern: reallocate (${body.note})`,
      principal,
      undefined,
      (b) => {
        const review = respond(check(b));
        return {
          booking: { placementReview: review },
          action: "placement-review.reallocated",
          detail: { response: review.response },
        };
      },
    );
  }

  const { booking } = await withOptimisticRetry(async () => {
    const current = await requireBooking(bookingId, principal);
    const review = respond(check(current));
    const at = review.response!.at;
    const audit = { actor, action: "placement-review.kept", after: { response: review.response } };
    return commitReview(current, review, at, audit, [
      {
        kind: "placement-concern-answered",
        premisesId: current.premisesId,
        bookingId,
        referralId: current.referralId,
        detail: "kept",
      },
    ]);
  });
  // Its outbox items committed with it; the stream publisher sends them, off this request.
  return booking;
}
