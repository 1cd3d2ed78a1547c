import { ulid } from "ulid";
import { actorOf, type Principal } from "../domain/actor.js";
import { rankBedOptions, SEARCH_MARGIN_DAYS } from "../domain/bed-options.js";
import { nowIso, today } from "../domain/clock.js";
import { addDays, maxDate } from "../domain/dates.js";
import { conflict, invalidParam, notFound } from "../domain/errors.js";
import { bufferNightsOf } from "../domain/footprint.js";
import { footprintsFor } from "../domain/holds.js";
import { newPlan, summaryOf } from "../domain/pre-arrival.js";
import { overlappingPlacements, stayLengthProblem } from "../domain/stay-rules.js";
import type { AllocationInput, Booking } from "../schemas/bookings.js";
import type { RiskMixBody } from "../schemas/pre-arrival.js";
import type { Premises, PremisesWithBeds } from "../schemas/premises.js";
import type { Referral } from "../schemas/referrals.js";
import {
  loadBedCalendarAt,
  personPlacementUpdate,
  personVersionCondition,
  toFootprint,
} from "../store/allocation-store.js";
import { commitBookingChange } from "../store/bookings-store.js";
import { listPremisesInArea, loadPremises, queryFootprints } from "../store/premises-store.js";
import { getReferral, loadPerson } from "../store/referrals-store.js";
import { withOptimisticRetry } from "../store/transact.js";
import { checkPlacement } from "./placement-checks.js";
import { breachLines, premisesRiskMix } from "./risk-mix-service.js";

export const ACTIVE_PLACEMENT_STATUSES = new Set(["allocated", "arrived"]);

export async function requireReferral(referralId: string): Promise<Referral> {
  const referral = await getReferral(referralId);
  if (!referral) throw notFound("Referral", referralId);
  return referral;
}

/**
 * Places a referral in a bed: the booking, its footprint (clipping neighbours' buffers when
 * an override is recorded), the referral's placement, the person's placement copy, audit
 * events in both partitions and the manager's notification, in one transaction under the
 * bed's, the referral's and the person's versions. Lost races are retried from the reads.
 */
export async function allocate(
  referralId: string,
  input: AllocationInput,
  principal: Principal,
): Promise<Booking & { riskMix: RiskMixBody }> {
  const actor = actorOf(principal);
  const result = await withOptimisticRetry(async () => {
    const referral = await requireReferral(referralId);
    if (referral.status !== "submitted") {
      throw conflict(
        `Referral ${referralId} is ${referral.status}; only a submitted referral can be allocated`,
        [{ kind: "referral-status", referralId, detail: referral.status }],
      );
    }
    const arrivalDate = input.arrivalDate ?? referral.expectedArrivalDate;
    const departureDate = input.departureDate ?? referral.expectedDepartureDate;
    if (arrivalDate < today()) throw invalidParam("arrivalDate", `cannot be before today (${today()})`);
    const lengthProblem = stayLengthProblem(arrivalDate, departureDate);
    if (lengthProblem) throw invalidParam("departureDate", lengthProblem);

    // Premises (with each bed's calendar version, strongly consistent) and the person are
    // independent reads; the footprints are read only after the version, below.
    const [loaded, person] = await Promise.all([
      loadPremises(input.premisesId),
      loadPerson(referral.person.crn),
    ]);
    if (!loaded) throw notFound("Premises", input.premisesId);
    const bed = loaded.beds.find((b) => b.bedId === input.bedId);
    if (!bed) throw notFound("Bed", `${input.premisesId}/${input.bedId}`);
    const elsewhere = overlappingPlacements(
      person.stays.filter((p) => p.referralId !== referralId && ACTIVE_PLACEMENT_STATUSES.has(p.status)),
      arrivalDate,
      departureDate,
    );
    if (elsewhere.length > 0) {
      throw conflict(
        `${referral.person.crn} already has a placement for some of these nights; a person can be resident in only one AP at a time`,
        elsewhere.map((p) => ({
          kind: "person-already-placed",
          referralId: p.referralId,
          bookingId: p.bookingId ?? undefined,
          startDate: p.arrivalDate,
          endDate: addDays(p.departureDate, -1),
        })),
        "person-already-placed",
      );
    }

    const calendar = await loadBedCalendarAt(
      input.premisesId,
      input.bedId,
      bed.calendarVersion,
      arrivalDate,
      departureDate,
    );
    const bookingId = ulid();
    const bufferDays = loaded.premises.bufferDays;
    // Suitability, free nights with the buffer, holds and the risk mix: the checks a transfer makes too.
    const check = checkPlacement({
      referral,
      premises: loaded.premises,
      bed,
      calendar,
      bookingId,
      arrivalDate,
      departureDate,
      bufferOverrideReason: input.bufferOverrideReason,
      riskMixOverrideReason: input.riskMixOverrideReason,
    });
    const { fit, riskMix, bufferOverride: override, riskOverride } = check;

    const at = nowIso();
    const preArrival = newPlan(
      { arrivalDate, noticeType: referral.noticeType, startDate: today(), mappaLevel: referral.mappaLevel },
      at,
    );
    const booking: Booking = {
      bookingId,
      referralId,
      premisesId: input.premisesId,
      bedId: input.bedId,
      status: "booked",
      person: {
        crn: referral.person.crn,
        name: referral.person.name,
        ...(referral.person.nomsNumber ? { nomsNumber: referral.person.nomsNumber } : {}),
        gender: referral.person.gender,
      },
      riskOfSeriousHarm: referral.riskOfSeriousHarm,
      ...(referral.mappaLevel ? { mappaLevel: referral.mappaLevel } : {}),
      releaseType: referral.releaseType,
      noticeType: referral.noticeType,
      arrivalDate,
      departureDate,
      ...(referral.licenceEndDate ? { licenceEndDate: referral.licenceEndDate } : {}),
      ...(referral.hdcEndDate ? { hdcEndDate: referral.hdcEndDate } : {}),
      bufferDays,
      bufferNights: bufferNightsOf(fit.footprint),
      ...check.overrideRecords(actor, at),
      moveOn: { status: "not-started" },
      preArrival,
      version: 1,
      createdAt: at,
      createdBy: actor,
      updatedAt: at,
    };
    const nextReferral: Referral = {
      ...referral,
      status: "allocated",
      placement: {
        premisesId: input.premisesId,
        bedId: input.bedId,
        bookingId,
        arrivalDate,
        departureDate,
        allocatedAt: at,
        allocatedBy: actor,
        preArrival: summaryOf(preArrival),
      },
      version: referral.version + 1,
      updatedAt: at,
    };
    const committed = await commitBookingChange({
      after: booking,
      calendar: { bed: calendar, footprints: fit.after },
      referral: { before: referral, after: nextReferral },
      person: [
        personVersionCondition(referral.person.crn, person.version),
        personPlacementUpdate(nextReferral, "allocated", booking),
      ],
      audit: {
        actor,
        action: override ? "booking.allocated-with-buffer-override" : "booking.allocated",
        before: override ? { clippedBuffers: fit.overridden } : undefined,
        after: riskOverride ? { ...booking, riskMixBreaches: riskMix.breaches } : booking,
      },
      referralAudit: {
        actor,
        action: "referral.allocated",
        entityType: "referral",
        before: { status: referral.status },
        after: { status: "allocated", placement: nextReferral.placement },
      },
      notifications: [
        {
          kind: "booking-made",
          premisesId: input.premisesId,
          area: referral.area,
          bookingId,
          referralId,
          crn: referral.person.crn,
          arrivalDate: booking.arrivalDate,
          departureDate: booking.departureDate,
        },
        ...(override
          ? [
              {
                kind: "buffer-override",
                premisesId: input.premisesId,
                bookingId,
                referralId,
                detail: `buffer cut short for: ${fit.affectedBookingIds.join(", ") || "the new stay itself"}`,
              },
            ]
          : []),
      ],
    });
    return { booking, committed, riskMix };
  });
  // The outbox items committed with the booking; the stream publisher sends them, off this request.
  return { ...result.booking, riskMix: result.riskMix };
}

/**
 * Beds for a referral in its preferred premises and the premises of its area. Per candidate
 * premises: one query for the premises and its beds, one footprint window query around the
 * dates (wide enough for near misses). Nothing proportional to history is read.
 */
export async function bedOptions(referralId: string) {
  const referral = await requireReferral(referralId);
  const preferred = referral.preferredPremisesIds ?? [];
  const inArea = (await listPremisesInArea(referral.area)).filter((p) => p.gender === referral.person.gender);
  const ids = [...new Set([...preferred, ...inArea.map((p) => p.premisesId)])];
  const from = addDays(referral.expectedArrivalDate, -SEARCH_MARGIN_DAYS);
  const to = addDays(referral.expectedDepartureDate, SEARCH_MARGIN_DAYS);
  const candidates = (
    await Promise.all(
      ids.map(async (premisesId) => {
        const loaded: { premises: Premises; beds: PremisesWithBeds["beds"] } | undefined =
          await loadPremises(premisesId);
        if (!loaded || loaded.premises.gender !== referral.person.gender) return undefined;
        const items = await queryFootprints(premisesId, from, to);
        // Its own holds are free to this referral; expired ones to anyone.
        const footprints = footprintsFor(items.map(toFootprint), referral.referralId, nowIso()).binding;
        return {
          items,
          riskLimits: loaded.premises.riskLimits,
          premisesId,
          preferred: preferred.includes(premisesId),
          gender: loaded.premises.gender,
          bufferDays: loaded.premises.bufferDays,
          characteristics: loaded.premises.characteristics,
          beds: loaded.beds,
          footprints,
        };
      }),
    )
  ).filter((c) => c !== undefined);
  // An overdue referral is searched from today: a bed in the past is no use to anyone.
  const arrivalDate = maxDate(referral.expectedArrivalDate, today());
  const departureDate =
    referral.expectedDepartureDate > arrivalDate ? referral.expectedDepartureDate : addDays(arrivalDate, 84);
  const options = rankBedOptions(candidates, {
    person: referral.person,
    requiredCharacteristics: referral.requiredCharacteristics ?? [],
    arrivalDate,
    departureDate,
    today: today(),
  });
  // The mix of each premises on the asked-for nights, from the footprints read above.
  const riskMix = candidates.map((c) =>
    premisesRiskMix(c.premisesId, c.riskLimits, c.items, { arrivalDate, departureDate }, referral),
  );
  const exceeded = new Map(riskMix.map((m) => [m.premisesId, breachLines(m)]));
  return {
    searched: { arrivalDate, departureDate },
    options: options.map((o) => {
      const lines = exceeded.get(o.premisesId) ?? [];
      return lines.length > 0 ? { ...o, riskLimitsExceeded: lines } : o;
    }),
    riskMix,
  };
}
