import { actorOf, assertPremisesScope, type Principal } from "../domain/actor.js";
import { moveOnSecured } from "../domain/alert-rules.js";
import { today } from "../domain/clock.js";
import { addDays, daysBetween } from "../domain/dates.js";
import { notFound } from "../domain/errors.js";
import { byUrgency, onBoard } from "../domain/move-on-board.js";
import type { Booking } from "../schemas/bookings.js";
import type { BoardEntry } from "../schemas/move-on.js";
import { queryOpenAlertsOfPremises } from "../store/alerts-store.js";
import * as store from "../store/move-on-store.js";

/** Residents overdue by more than this drop off the board's read window; see docs. */
const OVERDUE_WINDOW_DAYS = 30;

const NOT_STARTED = { status: "not-started" } as const;

function planView(booking: Booking, history: store.MoveOnHistoryEntry[]) {
  return {
    bookingId: booking.bookingId,
    premisesId: booking.premisesId,
    bookingStatus: booking.status,
    expectedDepartureDate: booking.departureDate,
    version: booking.version,
    moveOn: booking.moveOn ?? NOT_STARTED,
    history,
  };
}

export async function saveMoveOnPlan(
  bookingId: string,
  plan: Parameters<typeof store.saveMoveOnPlan>[1],
  principal: Principal,
  ifMatch?: number,
) {
  const { booking } = await store.saveMoveOnPlan(bookingId, plan, actorOf(principal), ifMatch, (b) =>
    assertPremisesScope(principal, b.premisesId, { what: "Booking", id: bookingId }),
  );
  return planView(booking, await store.moveOnHistory(bookingId));
}

export async function getMoveOnPlan(bookingId: string, principal: Principal) {
  const booking = await store.getBooking(bookingId);
  if (!booking) throw notFound("Booking", bookingId);
  assertPremisesScope(principal, booking.premisesId, { what: "Booking", id: bookingId });
  return planView(booking, await store.moveOnHistory(bookingId));
}

export async function moveOnBoard(premisesId: string, principal: Principal) {
  assertPremisesScope(principal, premisesId);
  const date = today();
  const [exists, bookings, open] = await Promise.all([
    store.premisesExists(premisesId),
    store.bookingsDepartingFrom(premisesId, addDays(date, -OVERDUE_WINDOW_DAYS)),
    queryOpenAlertsOfPremises(premisesId),
  ]);
  if (!exists) throw notFound("Premises", premisesId);
  const alertsByBooking = new Map<string, string[]>();
  for (const a of open) {
    if (!a.bookingId) continue;
    alertsByBooking.set(a.bookingId, [...(alertsByBooking.get(a.bookingId) ?? []), a.kind]);
  }
  const items: BoardEntry[] = bookings
    .filter((b) => onBoard(b, date))
    .sort(byUrgency(date))
    .map((b) => {
      const kinds = alertsByBooking.get(b.bookingId) ?? [];
      const moveOn = b.moveOn ?? NOT_STARTED;
      return {
        bookingId: b.bookingId,
        person: { crn: b.person.crn, name: b.person.name },
        bedId: b.bedId,
        status: b.status,
        arrivalDate: b.actualArrivalDate ?? b.arrivalDate,
        expectedDepartureDate: b.departureDate,
        daysLeft: daysBetween(date, b.departureDate),
        overdue: b.status === "arrived" && b.departureDate < date,
        moveOn: {
          status: moveOn.status,
          category: "category" in moveOn ? moveOn.category : undefined,
          availableFrom: "availableFrom" in moveOn ? moveOn.availableFrom : undefined,
          secured: moveOnSecured(b),
        },
        hdcEndDate: b.hdcEndDate,
        licenceEndDate: b.licenceEndDate,
        openAlerts: { count: kinds.length, kinds: [...new Set(kinds)].sort() },
      };
    });
  return { premisesId, date, items };
}
