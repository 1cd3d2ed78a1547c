import { ulid } from "ulid";
import { actorOf, type Principal } from "../domain/actor.js";
import { BOOKING_ACTIONS } from "../domain/booking-actions.js";
import { nowIso, today } from "../domain/clock.js";
import { badRequest, invalidParam, notFound, preconditionFailed } from "../domain/errors.js";
import { bufferNightsOf } from "../domain/footprint.js";
import { transferProblems, transferredStay } from "../domain/transfer.js";
import type { Booking } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import {
  loadBedCalendarAt,
  personPlacementUpdate,
  personVersionCondition,
} from "../store/allocation-store.js";
import { auditPut } from "../store/audit.js";
import { BookingVersionLost, commitBookingChange } from "../store/bookings-store.js";
import { effectiveArrival } from "../store/items.js";
import { keys } from "../store/keys.js";
import { loadPremises } from "../store/premises-store.js";
import { getReferral, loadPerson } from "../store/referrals-store.js";
import { withOptimisticRetry } from "../store/transact.js";
import { requireBooking } from "./booking-access.js";
import { assertStatus, refit } from "./bookings-service.js";
import { checkPlacement } from "./placement-checks.js";

export interface TransferInput {
  premisesId: string;
  bedId: string;
  date: string;
  reason: string;
  emergency: boolean;
  /** As for an allocation: the new stay may cut another stay's buffer, with this reason recorded. */
  bufferOverrideReason?: string;
  /** As for an allocation: the new stay may exceed the target's risk limits, with this reason recorded. */
  riskMixOverrideReason?: string;
}

/**
 * A resident who has arrived moves to another bed, usually in another AP, in one transaction:
 * the stay departs on `date` (move-on `another-ap`), a new stay arrives on `date` at the target
 * bed keeping the planned departure, with the target premises' whole buffer. The target bed
 * passes the checks an allocation makes (`checkPlacement`: suitability, free nights and buffer,
 * holds, risk mix, with the same overrides). One `commitBookingChange` holds both beds'
 * calendar versions, both bookings, the referral and the person, so two racing transfers (or a
 * transfer racing an allocation into the target nights) never both land, and the person is
 * never resident in two APs: the old stay's last night is `date - 1`.
 */
export async function transferStay(
  bookingId: string,
  input: TransferInput,
  principal: Principal,
  ifMatch?: number,
): Promise<{ from: Booking; to: Booking }> {
  const actor = actorOf(principal);
  // The outbox items (one per premises) commit with it; the stream publisher sends them.
  return withOptimisticRetry(async () => {
    const booking = await requireBooking(bookingId, principal);
    if (ifMatch !== undefined && ifMatch !== booking.version) {
      throw preconditionFailed(`Booking ${bookingId} is at version ${booking.version}, not ${ifMatch}`);
    }
    assertStatus(booking, BOOKING_ACTIONS.transfer, "transfer");
    const problems = transferProblems(booking, input, today());
    if (problems.length > 0)
      throw badRequest(problems.map((p) => `${p.name} ${p.reason}`).join("; "), problems);
    // The target premises with each bed's calendar version (strongly consistent), read before its footprints.
    const target = await loadPremises(input.premisesId);
    if (!target) throw invalidParam("premisesId", `premises ${input.premisesId} does not exist`);
    const bed = target.beds.find((b) => b.bedId === input.bedId);
    if (!bed) throw invalidParam("bedId", `premises ${input.premisesId} has no bed ${input.bedId}`);
    const referral = await getReferral(booking.referralId);
    if (!referral) throw notFound("Referral", booking.referralId);
    const person = await loadPerson(booking.person.crn);

    // The old stay ends on the transfer date; its buffer starts there (as an early departure).
    const leaving = await refit(booking, effectiveArrival(booking), input.date, {
      allowBufferOverride: true,
      ownBufferMayShrink: true,
    });

    const stay = transferredStay(booking, input.date);
    const newId = ulid();
    const calendar = await loadBedCalendarAt(
      input.premisesId,
      input.bedId,
      bed.calendarVersion,
      stay.arrivalDate,
      stay.departureDate,
    );
    // The allocation's own checks, on the referral as it stands now (its risk and requirements).
    const check = checkPlacement({
      referral,
      premises: target.premises,
      bed,
      calendar,
      bookingId: newId,
      arrivalDate: stay.arrivalDate,
      departureDate: stay.departureDate,
      bufferOverrideReason: input.bufferOverrideReason,
      riskMixOverrideReason: input.riskMixOverrideReason,
      leavingBookingId: bookingId,
    });
    const { fit, riskMix, bufferOverride, riskOverride } = check;
    const at = nowIso();

    const departure = {
      date: input.date,
      reason: input.emergency ? ("other" as const) : ("planned-move-on" as const),
      moveOnCategory: "another-ap" as const,
      notes: `Transferred to ${input.premisesId} bed ${input.bedId}: ${input.reason}`,
    };
    const from: Booking = {
      ...booking,
      status: "departed",
      actualDepartureDate: input.date,
      departure,
      transfer: {
        toBookingId: newId,
        premisesId: input.premisesId,
        bedId: input.bedId,
        date: input.date,
        reason: input.reason,
        emergency: input.emergency,
      },
      bufferNights: bufferNightsOf(leaving.fit.footprint),
      version: booking.version + 1,
      updatedAt: at,
    };
    const {
      placementReview: _review,
      departure: _d,
      transfer: _t,
      bufferOverride: _o,
      riskMixOverride: _r,
      ...carried
    } = booking;
    const to: Booking = {
      ...carried,
      bookingId: newId,
      premisesId: input.premisesId,
      bedId: input.bedId,
      status: "arrived",
      arrivalDate: stay.arrivalDate,
      actualArrivalDate: stay.arrivalDate,
      departureDate: stay.departureDate,
      bufferDays: target.premises.bufferDays,
      bufferNights: bufferNightsOf(fit.footprint),
      ...check.overrideRecords(actor, at),
      transferredFrom: { bookingId, premisesId: booking.premisesId, bedId: booking.bedId },
      version: 1,
      createdAt: at,
      createdBy: actor,
      updatedAt: at,
    };
    const nextReferral: Referral = {
      ...referral,
      ...(referral.placement
        ? {
            placement: {
              ...referral.placement,
              premisesId: input.premisesId,
              bedId: input.bedId,
              bookingId: newId,
              arrivalDate: stay.arrivalDate,
              departureDate: stay.departureDate,
            },
          }
        : {}),
      version: referral.version + 1,
      updatedAt: at,
    };
    const detail = {
      fromBookingId: bookingId,
      fromPremisesId: booking.premisesId,
      fromBedId: booking.bedId,
      toBookingId: newId,
      toPremisesId: input.premisesId,
      toBedId: input.bedId,
      date: input.date,
      reason: input.reason,
      emergency: input.emergency,
      ...(bufferOverride
        ? { bufferOverrideReason: input.bufferOverrideReason, clippedBuffers: fit.overridden }
        : {}),
      ...(riskOverride
        ? { riskMixOverrideReason: input.riskMixOverrideReason, riskMixBreaches: riskMix.breaches }
        : {}),
    };
    const audit = { actor, action: "booking.transferred", before: {}, after: detail };
    const premisesAudit = (premisesId: string) =>
      auditPut(keys.premises(premisesId).PK, {
        ...audit,
        entityType: "premises",
        entityId: premisesId,
        at,
      });
    try {
      await commitBookingChange({
        linked: {
          before: booking,
          after: from,
          calendar: { bed: leaving.calendar, footprints: leaving.fit.after },
          audit,
        },
        after: to,
        calendar: { bed: calendar, footprints: fit.after },
        referral: { before: referral, after: nextReferral },
        person: [
          personVersionCondition(booking.person.crn, person.version),
          personPlacementUpdate(nextReferral, "arrived", to),
        ],
        audit,
        extra: [
          premisesAudit(booking.premisesId),
          ...(input.premisesId === booking.premisesId ? [] : [premisesAudit(input.premisesId)]),
        ],
        notifications: [booking.premisesId, input.premisesId].map((premisesId) => ({
          kind: "booking-transferred",
          premisesId,
          bookingId: premisesId === input.premisesId ? newId : bookingId,
          referralId: booking.referralId,
          crn: booking.person.crn,
          detail: `transfer on ${input.date}${input.emergency ? " (emergency)" : ""}`,
        })),
      });
    } catch (err) {
      if (err instanceof BookingVersionLost && ifMatch !== undefined)
        throw preconditionFailed(`Booking ${bookingId} changed while this request was being made`);
      throw err;
    }
    return { from, to };
  });
}
