import { describeBookingState } from "../domain/booking-lifecycle.js";
import { nowIso } from "../domain/clock.js";
import { conflict } from "../domain/errors.js";
import { removeStay } from "../domain/footprint.js";
import type { Booking } from "../schemas/bookings.js";
import type { Referral, ReferralStatus } from "../schemas/referrals.js";
import { loadBedCalendar, personPlacementUpdate } from "../store/allocation-store.js";
import { commitBookingChange, getBooking } from "../store/bookings-store.js";
import { effectiveArrival, effectiveDeparture } from "../store/items.js";
import { getReferral } from "../store/referrals-store.js";
import { withOptimisticRetry } from "../store/transact.js";

/**
 * Withdrawing an allocated referral cancels its booking and frees the bed's footprint in
 * one transaction. Owned by the allocation feature; the referrals service calls it.
 * A resident who has arrived is not withdrawn: their departure is recorded instead.
 */
export async function withdrawAllocatedReferral(
  referral: Referral,
  withdrawal: { reason: string; notes?: string },
  actor: string,
): Promise<Referral> {
  const result = await withOptimisticRetry(async () => {
    const current = (await getReferral(referral.referralId)) ?? referral;
    const bookingId = current.placement?.bookingId;
    const booking = bookingId ? await getBooking(bookingId) : undefined;
    if (!booking) throw conflict(`Referral ${current.referralId} has no booking to release`);
    if (booking.status === "arrived" || booking.status === "departed") {
      throw conflict(
        `${describeBookingState(booking)}; a referral is not withdrawn once the resident has arrived`,
        [{ kind: "booking-status", bookingId: booking.bookingId, detail: booking.status }],
      );
    }
    const at = nowIso();
    const next: Referral = {
      ...current,
      status: "withdrawn" as ReferralStatus,
      withdrawal: {
        reason: withdrawal.reason as NonNullable<Referral["withdrawal"]>["reason"],
        ...(withdrawal.notes ? { notes: withdrawal.notes } : {}),
        at,
        by: actor,
      },
      version: current.version + 1,
      updatedAt: at,
    };
    const stillBooked = booking.status === "booked";
    const after: Booking = stillBooked
      ? {
          ...booking,
          status: "cancelled",
          cancellation: { reason: `referral withdrawn: ${withdrawal.reason}` },
          bufferNights: 0,
          version: booking.version + 1,
          updatedAt: at,
        }
      : { ...booking, version: booking.version + 1, updatedAt: at };
    let calendar: Parameters<typeof commitBookingChange>[0]["calendar"];
    if (stillBooked) {
      const bed = await loadBedCalendar(
        booking.premisesId,
        booking.bedId,
        effectiveArrival(booking),
        effectiveDeparture(booking),
      );
      if (bed) calendar = { bed, footprints: removeStay(bed.footprints, booking.bookingId, bed.to) };
    }
    return commitBookingChange({
      before: booking,
      after,
      ...(calendar ? { calendar } : {}),
      referral: { before: current, after: next },
      person: [personPlacementUpdate(current, "withdrawn", booking)],
      audit: {
        actor,
        action: stillBooked ? "booking.cancelled-by-withdrawal" : "booking.referral-withdrawn",
        before: { status: booking.status },
        after: { status: after.status, withdrawal: next.withdrawal },
      },
      referralAudit: {
        actor,
        action: "referral.withdrawn",
        before: { status: current.status },
        after: { status: "withdrawn", withdrawal: next.withdrawal },
      },
      notifications: [
        {
          kind: "booking-cancelled",
          premisesId: booking.premisesId,
          bookingId: booking.bookingId,
          referralId: current.referralId,
          crn: booking.person.crn,
          arrivalDate: booking.arrivalDate,
          departureDate: booking.departureDate,
        },
      ],
    }).then(() => ({ next }));
  });
  // The stream publisher sends the outbox item that committed with the release.
  return result.next;
}
