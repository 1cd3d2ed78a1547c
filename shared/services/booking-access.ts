import { assertPremisesScope, type Principal } from "../domain/actor.js";
import { notFound } from "../domain/errors.js";
import type { Booking } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import { getBooking } from "../store/bookings-store.js";
import { getReferral } from "../store/referrals-store.js";

/** The booking, if the caller may see it: another premises' booking is 404, as if absent. */
export async function requireBooking(bookingId: string, principal: Principal): Promise<Booking> {
  const booking = await getBooking(bookingId);
  if (!booking) throw notFound("Booking", bookingId);
  assertPremisesScope(principal, booking.premisesId, { what: "Booking", id: bookingId });
  return booking;
}

/**
 * The referral's change when a booking change is copied onto its placement summary (the
 * pre-arrival readiness, the placement review), for `commitBookingChange`. Nothing when the
 * referral no longer points at this booking (reallocated since).
 */
export async function placementCopy(
  booking: Booking,
  patch: Partial<NonNullable<Referral["placement"]>>,
  at: string,
): Promise<{ referral?: { before: Referral; after: Referral } }> {
  const referral = await getReferral(booking.referralId);
  if (!referral?.placement || referral.placement.bookingId !== booking.bookingId) return {};
  return {
    referral: {
      before: referral,
      after: {
        ...referral,
        placement: { ...referral.placement, ...patch },
        version: referral.version + 1,
        updatedAt: at,
      },
    },
  };
}
