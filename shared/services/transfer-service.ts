import { ulid } from "ulid";
import { actorOf, type Principal } from "../domain/actor.js";
import { nowIso, today } from "../domain/clock.js";
import { addDays } from "../domain/dates.js";
import { badRequest, conflict, invalidParam, notFound, preconditionFailed } from "../domain/errors.js";
import { bufferNightsOf, fitStay } from "../domain/footprint.js";
import { footprintsFor } from "../domain/holds.js";
import { MAX_TRANSACTION_ITEMS, transferProblems, transferredStay } from "../domain/transfer.js";
import type { Booking } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import {
  calendarWrites,
  loadBedCalendar,
  personPlacementUpdate,
  personVersionCondition,
  stayDetails,
} from "../store/allocation-store.js";
import { auditPut } from "../store/audit.js";
import { tableName } from "../store/client.js";
import { effectiveArrival, referralItem, bookingItem as toBookingItem } from "../store/items.js";
import { keys } from "../store/keys.js";
import { notificationPut } from "../store/notifications.js";
import { bedVersionCondition, loadPremises } from "../store/premises-store.js";
import { getReferral, loadPerson } from "../store/referrals-store.js";
import { rethrowRace, type TransactItem, transact, withOptimisticRetry } from "../store/transact.js";
import { requireBooking } from "./booking-access.js";
import { assertStatus, refit } from "./bookings-service.js";

export interface TransferInput {
  premisesId: string;
  bedId: string;
  date: string;
  reason: string;
  emergency: boolean;
}

/**
 * A resident who has arrived moves to another bed, usually in another AP, in one transaction:
 * the stay departs on `date` (move-on `another-ap`), a new stay arrives on `date` at the target
 * bed keeping the planned departure, with the target premises' whole buffer. Both beds' calendar
 * versions, both bookings, the referral and the person are conditions of the one write, so two
 * racing transfers (or a transfer racing an allocation into the target nights) never both land,
 * and the person is never resident in two APs: the old stay's last night is `date - 1`.
 */
export async function transferStay(
  bookingId: string,
  input: TransferInput,
  principal: Principal,
  ifMatch?: number,
): Promise<{ from: Booking; to: Booking }> {
  const actor = actorOf(principal);
  const result = await withOptimisticRetry(async () => {
    const booking = await requireBooking(bookingId, principal);
    if (ifMatch !== undefined && ifMatch !== booking.version) {
      throw preconditionFailed(`Booking ${bookingId} is at version ${booking.version}, not ${ifMatch}`);
    }
    assertStatus(booking, ["arrived"], "transfer");
    const problems = transferProblems(booking, input, today());
    if (problems.length > 0)
      throw badRequest(problems.map((p) => `${p.name} ${p.reason}`).join("; "), problems);
    const target = await loadPremises(input.premisesId);
    if (!target) throw invalidParam("premisesId", `premises ${input.premisesId} does not exist`);
    if (!target.beds.some((b) => b.bedId === input.bedId))
      throw invalidParam("bedId", `premises ${input.premisesId} has no bed ${input.bedId}`);
    if (target.premises.gender !== booking.person.gender)
      throw invalidParam(
        "premisesId",
        `premises ${input.premisesId} does not take ${booking.person.gender} residents`,
      );
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
    const calendar = await loadBedCalendar(
      input.premisesId,
      input.bedId,
      stay.arrivalDate,
      stay.departureDate,
    );
    if (!calendar) throw notFound("Bed", `${input.premisesId}/${input.bedId}`);
    const at = nowIso();
    // Nights held for this same referral are consumed by the move; anyone else's hold is in the way.
    const { binding } = footprintsFor(calendar.footprints, booking.referralId, at);
    const fit = fitStay(
      binding,
      {
        bookingId: newId,
        bedId: input.bedId,
        arrivalDate: stay.arrivalDate,
        departureDate: stay.departureDate,
        bufferDays: target.premises.bufferDays,
      },
      { allowBufferOverride: false, horizon: calendar.to, closedFrom: calendar.archivedFrom },
    );
    if (!fit.ok) {
      throw conflict(
        `Bed ${input.bedId} at ${input.premisesId} is not free for every night from ${stay.arrivalDate} to ${addDays(stay.departureDate, -1)}`,
        fit.conflicts,
        "bed-not-free",
      );
    }

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
    const { placementReview: _review, departure: _d, transfer: _t, bufferOverride: _o, ...carried } = booking;
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
    };
    const table = tableName();
    const audit = (pk: string, entityType: "booking" | "referral" | "premises", entityId: string) =>
      auditPut(pk, {
        actor,
        action: "booking.transferred",
        entityType,
        entityId,
        before: {},
        after: detail,
        at,
      });
    const notifications = [booking.premisesId, input.premisesId].map((premisesId) =>
      notificationPut({
        kind: "booking-transferred",
        premisesId,
        bookingId: premisesId === input.premisesId ? newId : bookingId,
        referralId: booking.referralId,
        crn: booking.person.crn,
        detail: `transfer on ${input.date}${input.emergency ? " (emergency)" : ""}`,
      }),
    );
    const leavingWrites = calendarWrites(leaving.calendar, leaving.fit.after, {
      bookingId,
      details: stayDetails(from),
    });
    const arrivingWrites = calendarWrites(calendar, fit.after, {
      bookingId: newId,
      details: stayDetails(to),
    });
    const items: TransactItem[] = [
      bedVersionCondition(booking.premisesId, booking.bedId, leaving.calendar.calendarVersion),
      ...leavingWrites.items,
      bedVersionCondition(input.premisesId, input.bedId, calendar.calendarVersion),
      ...arrivingWrites.items,
      {
        Put: {
          TableName: table,
          Item: toBookingItem(from),
          ConditionExpression: "version = :v",
          ExpressionAttributeValues: { ":v": booking.version },
        },
      },
      { Put: { TableName: table, Item: toBookingItem(to), ConditionExpression: "attribute_not_exists(PK)" } },
      {
        Put: {
          TableName: table,
          Item: referralItem(nextReferral),
          ConditionExpression: "version = :v",
          ExpressionAttributeValues: { ":v": referral.version },
        },
      },
      personVersionCondition(booking.person.crn, person.version),
      personPlacementUpdate(nextReferral, "arrived", to),
      audit(keys.booking(bookingId).PK, "booking", bookingId),
      audit(keys.booking(newId).PK, "booking", newId),
      audit(keys.referral(booking.referralId).PK, "referral", booking.referralId),
      audit(keys.premises(booking.premisesId).PK, "premises", booking.premisesId),
      ...(input.premisesId === booking.premisesId
        ? []
        : [audit(keys.premises(input.premisesId).PK, "premises", input.premisesId)]),
      ...notifications.map((n) => n.item),
    ];
    if (items.length > MAX_TRANSACTION_ITEMS)
      throw conflict(
        `A transfer of booking ${bookingId} would need ${items.length} writes; one transaction holds ${MAX_TRANSACTION_ITEMS}`,
      );
    try {
      await transact(items);
    } catch (err) {
      rethrowRace(err);
    }
    return { from, to };
  });
  // Its outbox items (one per premises) committed with it; the stream publisher sends them.
  return { from: result.from, to: result.to };
}
