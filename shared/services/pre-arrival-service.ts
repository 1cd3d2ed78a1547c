import { actorOf, type Principal } from "../domain/actor.js";
import { allowsRecord } from "../domain/booking-actions.js";
import { nowIso, today } from "../domain/clock.js";
import { conflict, forbidden, invalidParam, notFound, preconditionFailed } from "../domain/errors.js";
import {
  derivedPlan,
  overdueItems,
  type PreArrivalPlan,
  readinessFromSummary,
  readinessOf,
  summaryOf,
  updateItem,
} from "../domain/pre-arrival.js";
import { PRE_ARRIVAL_ITEMS } from "../domain/vocabulary.js";
import type { Booking } from "../schemas/bookings.js";
import type { PreArrivalItemBody } from "../schemas/pre-arrival.js";
import type { Referral } from "../schemas/referrals.js";
import * as bookings from "../store/bookings-store.js";
import { withOptimisticRetry } from "../store/transact.js";
import { placementCopy, requireBooking } from "./booking-access.js";

/**
 * The pre-arrival plan lives on the booking item, so it is created in the allocation's own
 * transaction and every booking list carries it at no extra read. Bookings made before
 * plans existed (older data) get a plan derived on read from their arrival, notice and
 * creation date; it is stored on the first update. The plan has its own `version` (its
 * ETag); an update also bumps the booking's version, because it rewrites the booking item.
 */

export const planOf = (b: Booking): { plan: PreArrivalPlan; stored: boolean } =>
  b.preArrival
    ? { plan: b.preArrival as PreArrivalPlan, stored: true }
    : { plan: derivedPlan(b), stored: false };

/** Readiness as the lists show it: an overdue item counts only while the person is still expected. */
export const bookingReadiness = (b: Booking, on = today()) =>
  readinessOf(planOf(b).plan, on, b.status === "booked");

/** A booking as the API shows it: with its readiness beside risk and notice. */
export const withReadiness = <B extends Booking>(b: B, on = today()): B => ({
  ...b,
  readiness: bookingReadiness(b, on),
});

/** A referral as the API shows it: a placed one carries its booking's readiness, from the summary it keeps. */
export function referralWithReadiness<R extends Referral>(r: R, on = today()): R {
  const p = r.placement;
  if (!p?.preArrival) return r;
  const expected = r.status === "allocated";
  return { ...r, placement: { ...p, readiness: readinessFromSummary(p.preArrival, on, expected) } };
}

export function planView(b: Booking, on = today()) {
  const { plan, stored } = planOf(b);
  const keyWorker = plan.items.find((i) => i.itemId === "key-worker")?.keyWorker;
  return {
    bookingId: b.bookingId,
    premisesId: b.premisesId,
    ...plan,
    items: plan.items.map((i) => ({ ...i, label: PRE_ARRIVAL_ITEMS[i.itemId] })),
    readiness: readinessOf(plan, on, b.status === "booked"),
    overdue: b.status === "booked" ? overdueItems(plan, on).map((i) => i.itemId) : [],
    ...(keyWorker ? { keyWorker } : {}),
    stored,
  };
}

export async function getPreArrival(bookingId: string, principal: Principal) {
  return planView(await requireBooking(bookingId, principal));
}

/**
 * One checklist item, by that premises' AP manager, before arrival. `ifMatch` is the plan's
 * version. The referral's placement keeps the plan's summary, in the same transaction.
 */
export async function updatePreArrivalItem(
  bookingId: string,
  itemId: string,
  body: PreArrivalItemBody,
  principal: Principal,
  ifMatch?: number,
) {
  const actor = actorOf(principal);
  const booking = await withOptimisticRetry(async () => {
    const current = await requireBooking(bookingId, principal);
    if (!principal.premises.includes(current.premisesId)) {
      throw forbidden(`Only the manager of ${current.premisesId} updates its pre-arrival plan`);
    }
    const { plan } = planOf(current);
    if (ifMatch !== undefined && ifMatch !== plan.version) {
      throw preconditionFailed(
        `The pre-arrival plan of ${bookingId} is at version ${plan.version}, not ${ifMatch}`,
      );
    }
    if (!allowsRecord(current.status, "pre-arrival")) {
      throw conflict(`Booking ${bookingId} is ${current.status}; the pre-arrival plan is for a booked stay`, [
        { kind: "booking-status", bookingId, detail: current.status },
      ]);
    }
    const at = nowIso();
    const result = updateItem(plan, itemId, body, actor, at);
    if (!result.ok) {
      if (result.status === 404) throw notFound("Pre-arrival item", `${bookingId}/${itemId}`);
      throw invalidParam(result.name, result.reason);
    }
    const after: Booking = {
      ...current,
      preArrival: result.plan,
      version: current.version + 1,
      updatedAt: at,
    };
    // A lost race on the booking (any change to it) retries; the plan's version decides the 412.
    await bookings.commitBookingChange({
      before: current,
      after,
      ...(await placementCopy(current, { preArrival: summaryOf(result.plan) }, at)),
      audit: {
        actor,
        action: "booking.pre-arrival-item-updated",
        before: result.before,
        after: result.after,
      },
      referralAudit: {
        actor,
        action: "referral.pre-arrival-item-updated",
        before: { itemId, status: result.before.status },
        after: { itemId, status: result.after.status },
      },
    });
    return after;
  });
  return planView(booking);
}
