import { ulid } from "ulid";
import { actorOf, assertPremisesScope, type Principal } from "../domain/actor.js";
import { BOOKING_ACTIONS, BOOKING_RECORDS } from "../domain/booking-actions.js";
import { lifecycleConflictDetail } from "../domain/booking-lifecycle.js";
import { now, nowIso, today } from "../domain/clock.js";
import { addDays, maxDate, minDate } from "../domain/dates.js";
import { conflict, forbidden, invalidParam, notFound, preconditionFailed } from "../domain/errors.js";
import { bufferNightsOf, type FitOptions, fitStay, removeStay } from "../domain/footprint.js";
import { freedNights, holdFootprint, holdUntilFrom } from "../domain/holds.js";
import { computeNotice } from "../domain/notice.js";
import { nonArrivalNeedsBed, placementDeadline } from "../domain/placement-deadline.js";
import {
  departureCategoryProblem,
  overlappingPlacements,
  recordedDateProblem,
  stayLengthProblem,
} from "../domain/stay-rules.js";
import type { Booking, StayReduction } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import { loadBedCalendar, personPlacementUpdate, personVersionCondition } from "../store/allocation-store.js";
import * as store from "../store/bookings-store.js";
import { effectiveArrival, effectiveDeparture } from "../store/items.js";
import { notificationPut } from "../store/notifications.js";
import { getReferral, loadPerson } from "../store/referrals-store.js";
import { rethrowRace, transact, withOptimisticRetry } from "../store/transact.js";
import { ACTIVE_PLACEMENT_STATUSES, requireReferral } from "./allocation-service.js";
import { requireBooking } from "./booking-access.js";
import { withReadiness } from "./pre-arrival-service.js";
import { requirePremises } from "./premises-service.js";

export function assertStatus(booking: Booking, allowed: readonly Booking["status"][], action: string) {
  if (!allowed.includes(booking.status)) {
    throw conflict(lifecycleConflictDetail(booking, action), [
      { kind: "booking-status", bookingId: booking.bookingId, detail: booking.status },
    ]);
  }
}

export type Plan = Omit<store.BookingChange, "before">;

/**
 * Read, decide, write for one booking, retried when a race is lost. With `If-Match` a
 * booking that changed meanwhile is a 412, never a silent retry over someone's change.
 */
export async function changeBooking(
  bookingId: string,
  principal: Principal,
  ifMatch: number | undefined,
  decide: (booking: Booking, referral: Referral | undefined) => Promise<Plan>,
): Promise<Booking> {
  // The outbox items commit with the change; the stream publisher sends them (not this request).
  return withOptimisticRetry(async () => {
    const current = await requireBooking(bookingId, principal);
    if (ifMatch !== undefined && ifMatch !== current.version) {
      throw preconditionFailed(`Booking ${bookingId} is at version ${current.version}, not ${ifMatch}`);
    }
    const referral = await getReferral(current.referralId);
    const plan = await decide(current, referral);
    try {
      await store.commitBookingChange({ ...plan, before: current });
      return plan.after;
    } catch (err) {
      if (err instanceof store.BookingVersionLost && ifMatch !== undefined) {
        throw preconditionFailed(`Booking ${bookingId} changed while this request was being made`);
      }
      throw err;
    }
  });
}

/** The stay with new dates on its bed, or a 409 naming what is in the way. */
export async function refit(
  booking: Booking,
  arrivalDate: string,
  departureDate: string,
  opts: Omit<FitOptions, "horizon">,
) {
  const calendar = await loadBedCalendar(
    booking.premisesId,
    booking.bedId,
    minDate(arrivalDate, effectiveArrival(booking)),
    maxDate(departureDate, effectiveDeparture(booking)),
  );
  if (!calendar) throw notFound("Bed", `${booking.premisesId}/${booking.bedId}`);
  const fit = fitStay(
    calendar.footprints,
    {
      bookingId: booking.bookingId,
      bedId: booking.bedId,
      arrivalDate,
      departureDate,
      bufferDays: booking.bufferDays,
    },
    { ...opts, horizon: calendar.to, closedFrom: calendar.archivedFrom },
  );
  if (!fit.ok) {
    throw conflict(
      `Bed ${booking.bedId} is not free for every night from ${arrivalDate} to ${addDays(departureDate, -1)}`,
      fit.conflicts,
      "bed-not-free",
    );
  }
  return { calendar, fit };
}

/** The bed without this stay: its nights and buffer are free, neighbours' buffers grow back. */
async function release(booking: Booking) {
  const calendar = await loadBedCalendar(
    booking.premisesId,
    booking.bedId,
    effectiveArrival(booking),
    effectiveDeparture(booking),
  );
  if (!calendar) throw notFound("Bed", `${booking.premisesId}/${booking.bedId}`);
  return { bed: calendar, footprints: removeStay(calendar.footprints, booking.bookingId, calendar.to) };
}

const withPlacementDates = (
  referral: Referral,
  booking: Booking,
  patch: Partial<Referral>,
  at: string,
): Referral => ({
  ...referral,
  ...patch,
  ...(referral.placement
    ? {
        placement: {
          ...referral.placement,
          arrivalDate: effectiveArrival(booking),
          departureDate: effectiveDeparture(booking),
        },
      }
    : {}),
  version: referral.version + 1,
  updatedAt: at,
});

export async function assertPersonFree(booking: Booking, arrivalDate: string, departureDate: string) {
  const person = await loadPerson(booking.person.crn);
  const elsewhere = overlappingPlacements(
    person.stays.filter(
      (p) => p.referralId !== booking.referralId && ACTIVE_PLACEMENT_STATUSES.has(p.status),
    ),
    arrivalDate,
    departureDate,
  );
  if (elsewhere.length > 0) {
    throw conflict(
      `${booking.person.crn} has another placement for some of these nights`,
      elsewhere.map((p) => ({
        kind: "person-already-placed",
        referralId: p.referralId,
        bookingId: p.bookingId ?? undefined,
      })),
      "person-already-placed",
    );
  }
  return person;
}

/**
 * What every change that re-fits a stay on its bed writes besides the audit: the booking
 * (new buffer, next version), the referral's placement dates and the person's copy.
 */
export function refitted(
  booking: Booking,
  referral: Referral | undefined,
  placed: Awaited<ReturnType<typeof refit>>,
  changes: Partial<Booking>,
  referralPatch: Partial<Referral>,
  personStatus: string,
) {
  const at = nowIso();
  const after: Booking = {
    ...booking,
    ...changes,
    bufferNights: bufferNightsOf(placed.fit.footprint),
    version: booking.version + 1,
    updatedAt: at,
  };
  const nextReferral = referral && withPlacementDates(referral, after, referralPatch, at);
  return {
    after,
    calendar: { bed: placed.calendar, footprints: placed.fit.after },
    ...(referral && nextReferral ? { referral: { before: referral, after: nextReferral } } : {}),
    person: referral ? [personPlacementUpdate(referral, personStatus, after)] : [],
  };
}

/**
 * The referral back in the CRU queue after its booking ended unused (cancellation, or a
 * non-arrival that still needs a bed): `submitted`, without the placement, and with a new
 * placement deadline counted from now, with the notice that is left before the arrival.
 * Undefined when the referral no longer points at this booking.
 */
function backInQueue(referral: Referral | undefined, bookingId: string, at: string): Referral | undefined {
  if (!referral || referral.placement?.bookingId !== bookingId) return undefined;
  const { placement: _placement, ...unplaced } = referral;
  const requeued = new Date(at);
  const { noticeType } = computeNotice(requeued, referral.expectedArrivalDate);
  return {
    ...unplaced,
    status: "submitted",
    placementDeadline: placementDeadline(requeued, noticeType).toISOString(),
    version: referral.version + 1,
    updatedAt: at,
  };
}

const placedStatus = (booking: Booking) => (booking.status === "arrived" ? "arrived" : "allocated");

// ---------- lifecycle ----------

export async function recordArrival(
  bookingId: string,
  arrivalDate: string,
  principal: Principal,
  ifMatch?: number,
) {
  const actor = actorOf(principal);
  return changeBooking(bookingId, principal, ifMatch, async (booking, referral) => {
    assertStatus(booking, BOOKING_ACTIONS.arrival, "record an arrival");
    const problem = recordedDateProblem(arrivalDate, today());
    if (problem) throw invalidParam("arrivalDate", problem);
    if (arrivalDate >= booking.departureDate) {
      throw invalidParam("arrivalDate", `must be before the planned departure ${booking.departureDate}`);
    }
    // The person is in the building: record reality, clipping a buffer if they came early.
    const placed = await refit(booking, arrivalDate, booking.departureDate, {
      allowBufferOverride: true,
      ownBufferMayShrink: true,
    });
    return {
      ...refitted(
        booking,
        referral,
        placed,
        { status: "arrived", actualArrivalDate: arrivalDate },
        { status: "arrived" },
        "arrived",
      ),
      audit: { actor, action: "booking.arrived", before: { status: booking.status }, after: { arrivalDate } },
      notifications: [
        {
          kind: "person-arrived",
          premisesId: booking.premisesId,
          bookingId,
          referralId: booking.referralId,
          crn: booking.person.crn,
          arrivalDate,
          departureDate: booking.departureDate,
        },
      ],
    };
  });
}

export async function recordNonArrival(
  bookingId: string,
  body: NonNullable<Booking["nonArrival"]>,
  principal: Principal,
  ifMatch?: number,
) {
  const actor = actorOf(principal);
  return changeBooking(bookingId, principal, ifMatch, async (booking, referral) => {
    assertStatus(booking, BOOKING_ACTIONS["non-arrival"], "record a non-arrival");
    if (booking.arrivalDate > today()) {
      throw conflict(`Booking ${bookingId} is not due to arrive until ${booking.arrivalDate}`, [
        { kind: "not-yet-due", bookingId, startDate: booking.arrivalDate },
      ]);
    }
    const at = nowIso();
    const after: Booking = {
      ...booking,
      status: "non-arrival",
      nonArrival: { reason: body.reason, ...(body.notes ? { notes: body.notes } : {}) },
      bufferNights: 0,
      version: booking.version + 1,
      updatedAt: at,
    };
    // Still needing a bed, he is back in the CRU queue (the non-arrival stays in the
    // referral's history); in custody or not released, the referral keeps this booking.
    const requeued = nonArrivalNeedsBed(body.reason) ? backInQueue(referral, bookingId, at) : undefined;
    return {
      after,
      calendar: await release(booking),
      ...(referral && requeued ? { referral: { before: referral, after: requeued } } : {}),
      // Requeued, the person copy is open again with the dates asked for (overlap rule);
      // otherwise the placement copy only stops blocking the person.
      person: referral
        ? [
            requeued
              ? personPlacementUpdate(requeued, "submitted")
              : personPlacementUpdate(referral, "non-arrival", booking),
          ]
        : [],
      audit: {
        actor,
        action: "booking.non-arrival",
        before: { status: booking.status },
        after: after.nonArrival,
      },
      referralAudit: {
        actor,
        action: "referral.non-arrival",
        before: { bookingId },
        after: after.nonArrival,
      },
      notifications: [
        {
          kind: "non-arrival",
          premisesId: booking.premisesId,
          bookingId,
          referralId: booking.referralId,
          crn: booking.person.crn,
          arrivalDate: booking.arrivalDate,
          detail: body.reason,
        },
      ],
    };
  });
}

export async function extendStay(
  bookingId: string,
  body: { departureDate: string; reason: string },
  principal: Principal,
  ifMatch?: number,
) {
  const actor = actorOf(principal);
  const booking = await changeBooking(bookingId, principal, ifMatch, async (booking, referral) => {
    assertStatus(booking, BOOKING_ACTIONS.extension, "extend the stay");
    if (body.departureDate <= booking.departureDate) {
      throw invalidParam(
        "departureDate",
        `must be after the current departure date ${booking.departureDate}`,
      );
    }
    const lengthProblem = stayLengthProblem(effectiveArrival(booking), body.departureDate);
    if (lengthProblem) throw invalidParam("departureDate", lengthProblem);
    const person = await assertPersonFree(booking, effectiveArrival(booking), body.departureDate);
    // Its own buffer is exactly what an extension may use; another stay's nights never.
    const placed = await refit(booking, effectiveArrival(booking), body.departureDate, {
      allowBufferOverride: false,
      ownBufferMayShrink: true,
    });
    const change = refitted(
      booking,
      referral,
      placed,
      { departureDate: body.departureDate },
      {},
      placedStatus(booking),
    );
    const bufferNights = change.after.bufferNights;
    const consumed = Math.max(0, booking.bufferDays - bufferNights);
    return {
      ...change,
      // The person's lock too: a longer stay must not run into another placement of theirs.
      person: referral ? [personVersionCondition(booking.person.crn, person.version), ...change.person] : [],
      audit: {
        actor,
        action: "booking.extended",
        before: { departureDate: booking.departureDate, bufferNights: booking.bufferNights },
        after: {
          departureDate: body.departureDate,
          bufferNights,
          bufferConsumedDays: consumed,
          reason: body.reason,
        },
      },
      notifications: [
        {
          kind: "booking-changed",
          premisesId: booking.premisesId,
          bookingId,
          referralId: booking.referralId,
          crn: booking.person.crn,
          arrivalDate: effectiveArrival(booking),
          departureDate: body.departureDate,
          detail: `extended from ${booking.departureDate}`,
        },
        ...(consumed > 0
          ? [
              {
                kind: "buffer-consumed",
                premisesId: booking.premisesId,
                bookingId,
                daysLeft: bufferNights,
                detail: `${consumed} buffer days used by an extension`,
              },
            ]
          : []),
      ],
    };
  });
  return { ...booking, bufferConsumedDays: Math.max(0, booking.bufferDays - booking.bufferNights) };
}

export async function recordDeparture(
  bookingId: string,
  body: {
    departureDate: string;
    reason: NonNullable<Booking["departure"]>["reason"];
    moveOnCategory?: NonNullable<Booking["departure"]>["moveOnCategory"];
    notes?: string;
  },
  principal: Principal,
  ifMatch?: number,
) {
  const actor = actorOf(principal);
  return changeBooking(bookingId, principal, ifMatch, async (booking, referral) => {
    assertStatus(booking, BOOKING_ACTIONS.departure, "record a departure");
    const problem = recordedDateProblem(body.departureDate, today());
    if (problem) throw invalidParam("departureDate", problem);
    const categoryProblem = departureCategoryProblem(body.reason, body.moveOnCategory);
    if (categoryProblem) throw invalidParam("moveOnCategory", categoryProblem);
    const arrived = effectiveArrival(booking);
    if (body.departureDate < arrived)
      throw invalidParam("departureDate", `cannot be before the arrival ${arrived}`);
    // An early departure frees the rest of the stay; the buffer then starts at the real departure.
    const placed = await refit(booking, arrived, body.departureDate, {
      allowBufferOverride: true,
      ownBufferMayShrink: true,
    });
    const departure = {
      date: body.departureDate,
      reason: body.reason,
      ...(body.moveOnCategory ? { moveOnCategory: body.moveOnCategory } : {}),
      ...(body.notes ? { notes: body.notes } : {}),
    };
    return {
      ...refitted(
        booking,
        referral,
        placed,
        { status: "departed", actualDepartureDate: body.departureDate, departure },
        { status: "departed" },
        "departed",
      ),
      audit: {
        actor,
        action: "booking.departed",
        before: { status: booking.status, departureDate: booking.departureDate },
        after: departure,
      },
      notifications: [
        {
          kind: "person-departed",
          premisesId: booking.premisesId,
          bookingId,
          referralId: booking.referralId,
          crn: booking.person.crn,
          arrivalDate: arrived,
          departureDate: body.departureDate,
          detail: body.reason,
        },
      ],
    };
  });
}

/**
 * Cancelling frees the bed and sends the referral back to `submitted` so CRU can place it again.
 * `also` lets another operation cancel as part of its own change (the CRU's answer to a
 * placement concern): it checks the booking as read and adds its fields and audit action.
 */
export type CancellationAlso = (booking: Booking) => {
  booking: Partial<Booking>;
  action: string;
  detail: unknown;
};

export async function cancelBooking(
  bookingId: string,
  reason: string,
  principal: Principal,
  ifMatch?: number,
  also?: CancellationAlso,
) {
  const actor = actorOf(principal);
  return changeBooking(bookingId, principal, ifMatch, async (booking, referral) => {
    const extra = also?.(booking);
    assertStatus(booking, BOOKING_ACTIONS.cancellation, "cancel");
    const at = nowIso();
    const after: Booking = {
      ...booking,
      ...extra?.booking,
      status: "cancelled",
      cancellation: { reason },
      bufferNights: 0,
      version: booking.version + 1,
      updatedAt: at,
    };
    const nextReferral = backInQueue(referral, bookingId, at);
    return {
      after,
      calendar: await release(booking),
      ...(referral && nextReferral ? { referral: { before: referral, after: nextReferral } } : {}),
      // A referral sent back to the queue is open again: its person copy must say so, with the
      // dates it asks for, or a second overlapping referral for the same person would be accepted.
      person: referral
        ? [
            nextReferral
              ? personPlacementUpdate(nextReferral, "submitted")
              : personPlacementUpdate(referral, "cancelled", booking),
          ]
        : [],
      audit: {
        actor,
        action: extra?.action ?? "booking.cancelled",
        before: { status: booking.status },
        after: extra ? { reason, ...(extra.detail as object) } : { reason },
      },
      notifications: [
        {
          kind: "booking-cancelled",
          premisesId: booking.premisesId,
          bookingId,
          referralId: booking.referralId,
          crn: booking.person.crn,
          arrivalDate: booking.arrivalDate,
          departureDate: booking.departureDate,
        },
      ],
    };
  });
}

// ---------- stay reductions ----------

export async function requestStayReduction(
  bookingId: string,
  body: { newDepartureDate: string; forReferralId: string; reason: string },
  principal: Principal,
): Promise<StayReduction> {
  const booking = await requireBooking(bookingId, principal);
  assertStatus(booking, BOOKING_RECORDS["stay-reduction"], "reduce the stay");
  if (body.newDepartureDate >= booking.departureDate) {
    throw invalidParam(
      "newDepartureDate",
      `must be before the current departure date ${booking.departureDate}`,
    );
  }
  if (body.newDepartureDate <= effectiveArrival(booking)) {
    throw invalidParam("newDepartureDate", `must be after the arrival ${effectiveArrival(booking)}`);
  }
  if (body.newDepartureDate < today()) throw invalidParam("newDepartureDate", "cannot be in the past");
  await requireReferral(body.forReferralId);
  const at = nowIso();
  const request: StayReduction = {
    requestId: ulid(),
    status: "pending",
    bookingId,
    premisesId: booking.premisesId,
    bedId: booking.bedId,
    crn: booking.person.crn,
    currentDepartureDate: booking.departureDate,
    newDepartureDate: body.newDepartureDate,
    forReferralId: body.forReferralId,
    reason: body.reason,
    requestedBy: actorOf(principal),
    createdAt: at,
    version: 1,
  };
  await store.createStayReduction(request, {
    kind: "stay-reduction-requested",
    premisesId: booking.premisesId,
    bookingId,
    referralId: body.forReferralId,
    requestId: request.requestId,
    crn: booking.person.crn,
    departureDate: body.newDepartureDate,
    detail: `request ${request.requestId}: depart ${body.newDepartureDate} instead of ${booking.departureDate}`,
  });
  return request;
}

async function requireStayReduction(requestId: string, principal: Principal) {
  const request = await store.getStayReduction(requestId);
  if (!request) throw notFound("Stay reduction request", requestId);
  assertPremisesScope(principal, request.premisesId, { what: "Stay reduction request", id: requestId });
  return request;
}

/**
 * Approval is the only way to shorten another resident's stay, and only once their move-on
 * is confirmed for a date on or before the new departure: nobody is made homeless to free a bed.
 */
export async function decideStayReduction(
  requestId: string,
  body: { decision: "approved" | "declined"; reason: string },
  principal: Principal,
): Promise<StayReduction> {
  const actor = actorOf(principal);
  const first = await requireStayReduction(requestId, principal);
  if (!principal.premises.includes(first.premisesId))
    throw forbidden(`Only the manager of ${first.premisesId} decides`);
  let decided: StayReduction | undefined;
  await withOptimisticRetry(async () => {
    const request = await requireStayReduction(requestId, principal);
    if (request.status !== "pending") {
      throw conflict(`Request ${requestId} was already ${request.status}`, [
        { kind: "already-decided", detail: request.status },
      ]);
    }
    const next: StayReduction = {
      ...request,
      status: body.decision,
      decision: { decision: body.decision, reason: body.reason, by: actor, at: nowIso() },
      version: request.version + 1,
    };
    const decisionItems = store.stayReductionDecisionItems(request, next, actor);
    if (body.decision === "declined") {
      try {
        await transact([
          ...decisionItems,
          notificationPut({
            kind: "stay-reduction-declined",
            premisesId: request.premisesId,
            bookingId: request.bookingId,
            referralId: request.forReferralId,
            requestId,
            departureDate: request.newDepartureDate,
          }).item,
        ]);
      } catch (err) {
        rethrowRace(err);
      }
      decided = next;
      return;
    }
    await changeBooking(request.bookingId, principal, undefined, async (booking, referral) => {
      assertStatus(booking, BOOKING_RECORDS["stay-reduction"], "shorten the stay");
      const moveOn = booking.moveOn;
      if (
        moveOn?.status !== "confirmed" ||
        !moveOn.availableFrom ||
        moveOn.availableFrom > request.newDepartureDate
      ) {
        throw conflict(
          `The resident's move-on is not confirmed for ${request.newDepartureDate} or earlier; a stay is only shortened when they have somewhere to go`,
          [
            {
              kind: "move-on-not-confirmed",
              bookingId: booking.bookingId,
              detail: moveOn?.status ?? "none",
              startDate: moveOn?.availableFrom,
            },
          ],
          "move-on-not-confirmed",
        );
      }
      if (
        request.newDepartureDate >= booking.departureDate ||
        request.newDepartureDate <= effectiveArrival(booking)
      ) {
        throw conflict(
          `The stay now runs ${effectiveArrival(booking)} to ${booking.departureDate}; ${request.newDepartureDate} no longer shortens it`,
          [{ kind: "stale-request", bookingId: booking.bookingId }],
        );
      }
      const placed = await refit(booking, effectiveArrival(booking), request.newDepartureDate, {
        allowBufferOverride: true,
        ownBufferMayShrink: true,
      });
      // The nights this frees are held for the referral the reduction was made for (#12.14).
      const own = placed.calendar.footprints.find(
        (fp) => fp.kind === "stay" && fp.bookingId === booking.bookingId,
      );
      const freed = own && freedNights(own, placed.fit.footprint, effectiveArrival(booking));
      const hold = freed && {
        holdId: requestId,
        startDate: freed.startDate,
        endDate: freed.endDate,
        holdUntil: holdUntilFrom(now()),
      };
      if (hold) next.hold = hold;
      const heldCalendar = hold
        ? [
            ...placed.fit.after,
            holdFootprint(booking.bedId, hold.holdId, request.forReferralId, hold, hold.holdUntil),
          ]
        : placed.fit.after;
      const change = refitted(
        booking,
        referral,
        placed,
        { departureDate: request.newDepartureDate },
        {},
        placedStatus(booking),
      );
      return {
        ...change,
        calendar: { bed: placed.calendar, footprints: heldCalendar },
        audit: {
          actor,
          action: "booking.stay-reduced",
          before: { departureDate: booking.departureDate },
          after: {
            departureDate: request.newDepartureDate,
            requestId,
            requestedBy: request.requestedBy,
            decidedBy: actor,
            reason: body.reason,
          },
        },
        // Rebuilt here: the request now carries the hold it made.
        extra: store.stayReductionDecisionItems(request, next, actor),
        notifications: [
          {
            kind: "stay-reduction-approved",
            premisesId: booking.premisesId,
            bookingId: booking.bookingId,
            referralId: request.forReferralId,
            requestId,
            departureDate: request.newDepartureDate,
          },
          {
            kind: "booking-changed",
            premisesId: booking.premisesId,
            bookingId: booking.bookingId,
            referralId: booking.referralId,
            crn: booking.person.crn,
            arrivalDate: effectiveArrival(booking),
            departureDate: request.newDepartureDate,
            detail: `shortened from ${booking.departureDate} (request ${requestId})`,
          },
        ],
      };
    });
    decided = next;
  });
  return decided!;
}

// ---------- reads ----------

export const getBooking = async (bookingId: string, principal: Principal) =>
  withReadiness(await requireBooking(bookingId, principal));

/** The booking (with readiness) and its audit events, oldest first: what a placement's timeline shows. */
export async function getBookingWithHistory(bookingId: string, principal: Principal) {
  const booking = await requireBooking(bookingId, principal);
  return { booking: withReadiness(booking), history: await store.bookingHistory(bookingId) };
}

export async function listPremisesBookings(
  premisesId: string,
  query: Omit<Parameters<typeof store.listBookings>[1], "from"> & { from?: string },
  principal: Principal,
) {
  assertPremisesScope(principal, premisesId);
  await requirePremises(premisesId);
  const page = await store.listBookings(premisesId, { ...query, from: query.from ?? today() });
  // Readiness beside risk and notice, from the plan each booking item carries: no extra read.
  const on = today();
  return { ...page, items: page.items.map((b) => withReadiness(b, on)) };
}

export const getStayReduction = requireStayReduction;

export async function listStayReductions(
  premisesId: string,
  query: Parameters<typeof store.listStayReductions>[1],
  principal: Principal,
) {
  assertPremisesScope(principal, premisesId);
  await requirePremises(premisesId);
  return store.listStayReductions(premisesId, query);
}
