import { actorOf, type Principal } from "../domain/actor.js";
import { BOOKING_ACTIONS } from "../domain/booking-actions.js";
import { nowIso, today } from "../domain/clock.js";
import { badRequest } from "../domain/errors.js";
import { computeNotice } from "../domain/notice.js";
import { type PreArrivalPlan, replan, summaryOf } from "../domain/pre-arrival.js";
import { dateChangeProblems } from "../domain/stay-rules.js";
import type { Booking } from "../schemas/bookings.js";
import { personVersionCondition } from "../store/allocation-store.js";
import { assertPersonFree, assertStatus, changeBooking, refit, refitted } from "./bookings-service.js";

export interface DateChange {
  arrivalDate: string;
  departureDate: string;
  reason: string;
}

/**
 * A booked stay moves to new dates before arrival (release dates under ECSL and HDC move
 * often). The bed is re-fitted with the stay's whole buffer under the bed's calendar lock,
 * the person's lock and the booking's version, in one transaction; the referral's expected
 * dates and placement follow, its notice is recomputed from the new arrival, and the audit
 * on the booking and the referral records the old and the new dates.
 */
export async function changeBookingDates(
  bookingId: string,
  body: DateChange,
  principal: Principal,
  ifMatch?: number,
): Promise<Booking> {
  const actor = actorOf(principal);
  return changeBooking(bookingId, principal, ifMatch, async (booking, referral) => {
    assertStatus(booking, BOOKING_ACTIONS["date-change"], "change the dates");
    const problems = dateChangeProblems(body.arrivalDate, body.departureDate, today());
    if (problems.length > 0)
      throw badRequest(problems.map((p) => `${p.name} ${p.reason}`).join("; "), problems);
    const person = await assertPersonFree(booking, body.arrivalDate, body.departureDate);
    // A move is a new plan, not an emergency: it keeps its whole buffer and never lands in
    // another stay's (409 naming the stay, buffer, out-of-service period or hold in the way).
    const placed = await refit(booking, body.arrivalDate, body.departureDate, {
      allowBufferOverride: false,
    });
    const notice = referral ? computeNotice(new Date(referral.submittedAt), body.arrivalDate) : undefined;
    // The checklist's due dates follow the arrival (items done stay done), in this same write;
    // a plan derived on read (older bookings) follows by itself.
    const preArrival =
      booking.preArrival &&
      replan(
        booking.preArrival as PreArrivalPlan,
        {
          arrivalDate: body.arrivalDate,
          noticeType: notice?.noticeType ?? booking.noticeType,
          mappaLevel: booking.mappaLevel,
          today: today(),
        },
        nowIso(),
      );
    const change = withPlanSummary(
      refitted(
        booking,
        referral,
        placed,
        {
          arrivalDate: body.arrivalDate,
          departureDate: body.departureDate,
          ...(notice ? { noticeType: notice.noticeType } : {}),
          ...(preArrival ? { preArrival } : {}),
        },
        {
          expectedArrivalDate: body.arrivalDate,
          expectedDepartureDate: body.departureDate,
          ...(notice ?? {}),
        },
        "allocated",
      ),
    );
    const before = { arrivalDate: booking.arrivalDate, departureDate: booking.departureDate };
    const after = { arrivalDate: body.arrivalDate, departureDate: body.departureDate };
    return {
      ...change,
      person: referral ? [personVersionCondition(booking.person.crn, person.version), ...change.person] : [],
      audit: {
        actor,
        action: "booking.dates-changed",
        before: {
          ...before,
          ...(referral
            ? {
                expectedArrivalDate: referral.expectedArrivalDate,
                expectedDepartureDate: referral.expectedDepartureDate,
                noticeType: referral.noticeType,
              }
            : {}),
        },
        after: { ...after, ...(notice ? { noticeType: notice.noticeType } : {}), reason: body.reason },
      },
      notifications: [
        {
          kind: "booking-changed",
          premisesId: booking.premisesId,
          bookingId,
          referralId: booking.referralId,
          detail: `dates ${before.arrivalDate}–${before.departureDate} became ${after.arrivalDate}–${after.departureDate}`,
        },
      ],
    };
  });
}

/** The referral's placement keeps the plan's summary (readiness in the lists) in the same write. */
function withPlanSummary<C extends ReturnType<typeof refitted>>(change: C): C {
  const plan = change.after.preArrival as PreArrivalPlan | undefined;
  const placed = change.referral?.after;
  if (!plan || !placed?.placement || placed.placement.bookingId !== change.after.bookingId) return change;
  return {
    ...change,
    referral: {
      ...change.referral!,
      after: { ...placed, placement: { ...placed.placement, preArrival: summaryOf(plan) } },
    },
  };
}
