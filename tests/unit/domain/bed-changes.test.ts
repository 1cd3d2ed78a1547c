import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  archiveConflicts,
  archiveDateProblem,
  bedWithOutOfService,
  cancellationProblem,
  changedOutOfServiceConflicts,
  changedPeriod,
  outOfServiceChangeProblems,
} from "../../../shared/domain/bed-changes.js";
import { addDays, type CalendarDate } from "../../../shared/domain/dates.js";
import {
  closedNights,
  type Footprint,
  fitStay,
  hardSegment,
  layoutBed,
  nightsHeld,
  segmentsOf,
} from "../../../shared/domain/footprint.js";

/**
 * The rules for changing a bed (shared/domain/bed-changes.ts): ending an out-of-service period
 * early, moving it, cancelling it, archiving the bed. Examples for each rule, then properties
 * over random beds: a change never makes a period share a night with a stay, its buffer or a
 * hold; no change rewrites a night already past; an archive leaves nothing on or after its date.
 */

const BASE = "2027-01-01";
const day = (n: number): CalendarDate => addDays(BASE, n);
const TODAY = day(30);

const stay = (id: string, arrival: CalendarDate, departure: CalendarDate, bufferDays = 2): Footprint => ({
  kind: "stay",
  bedId: "b1",
  bookingId: id,
  startDate: arrival,
  departureDate: departure,
  bufferDays,
  lastNight: addDays(departure, bufferDays - 1),
});
const oos = (id: string, start: CalendarDate, end: CalendarDate): Footprint => ({
  kind: "out-of-service",
  bedId: "b1",
  outOfServiceId: id,
  startDate: start,
  lastNight: end,
});
const hold = (id: string, start: CalendarDate, end: CalendarDate): Footprint => ({
  kind: "hold",
  bedId: "b1",
  holdId: id,
  forReferralId: `R-${id}`,
  holdUntil: "2099-01-01T00:00:00.000Z",
  startDate: start,
  lastNight: end,
});

const nightsOf = (from: CalendarDate, to: CalendarDate): CalendarDate[] => {
  const out: CalendarDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

// ---------- examples ----------

describe("ending an out-of-service period early", () => {
  const current = { startDate: day(20), endDate: day(40) };

  it("accepts any last night from yesterday to the current one for a period under way", () => {
    for (const end of [addDays(TODAY, -1), TODAY, day(35), day(40)])
      expect(outOfServiceChangeProblems(current, changedPeriod(current, { endDate: end }), TODAY)).toEqual(
        [],
      );
  });

  it("refuses a last night before yesterday: those nights are history", () => {
    expect(
      outOfServiceChangeProblems(current, changedPeriod(current, { endDate: addDays(TODAY, -2) }), TODAY),
    ).toEqual([{ name: "endDate", reason: `cannot end before yesterday (${addDays(TODAY, -1)})` }]);
  });

  it("refuses a last night before the first", () => {
    const planned = { startDate: day(40), endDate: day(45) };
    expect(
      outOfServiceChangeProblems(planned, changedPeriod(planned, { endDate: day(39) }), TODAY).map(
        (p) => p.name,
      ),
    ).toEqual(["endDate"]);
  });

  it("refuses any change once the period is over", () => {
    const over = { startDate: day(10), endDate: day(20) };
    expect(outOfServiceChangeProblems(over, changedPeriod(over, { endDate: day(15) }), TODAY)).toEqual([
      { name: "endDate", reason: `the period ended on ${day(20)}; it can no longer change` },
    ]);
  });
});

describe("changing an out-of-service period's dates", () => {
  it("moves a planned period to any dates from today on", () => {
    const planned = { startDate: day(40), endDate: day(45) };
    expect(outOfServiceChangeProblems(planned, { startDate: TODAY, endDate: day(50) }, TODAY)).toEqual([]);
    expect(
      outOfServiceChangeProblems(planned, { startDate: addDays(TODAY, -1), endDate: day(50) }, TODAY),
    ).toEqual([{ name: "startDate", reason: "cannot be in the past" }]);
  });

  it("keeps the first night of a period under way", () => {
    const begun = { startDate: day(20), endDate: day(40) };
    expect(
      outOfServiceChangeProblems(begun, { startDate: day(21), endDate: day(40) }, TODAY).map((p) => p.name),
    ).toContain("startDate");
    // Stretching it on is a change of the last night only.
    expect(outOfServiceChangeProblems(begun, changedPeriod(begun, { endDate: day(60) }), TODAY)).toEqual([]);
  });

  it("takes the fields a change names and keeps the rest", () => {
    expect(changedPeriod({ startDate: day(1), endDate: day(5) }, { endDate: day(3) })).toEqual({
      startDate: day(1),
      endDate: day(3),
    });
    expect(changedPeriod({ startDate: day(1), endDate: day(5) }, {})).toEqual({
      startDate: day(1),
      endDate: day(5),
    });
  });

  it("is checked against every footprint on the bed but the period's own", () => {
    const bed = layoutBed([
      stay("A", day(31), day(40)),
      oos("O1", day(50), day(55)),
      hold("H", day(60), day(62)),
    ]);
    expect(changedOutOfServiceConflicts(bed, "O1", "b1", { startDate: day(45), endDate: day(56) })).toEqual(
      [],
    );
    expect(
      changedOutOfServiceConflicts(bed, "O1", "b1", { startDate: day(41), endDate: day(55) }),
    ).toMatchObject([{ kind: "buffer", bookingId: "A" }]);
    expect(
      changedOutOfServiceConflicts(bed, "O1", "b1", { startDate: day(50), endDate: day(60) }),
    ).toMatchObject([{ kind: "held" }]);
    expect(
      changedOutOfServiceConflicts(bed, "O1", "b1", { startDate: day(35), endDate: day(36) }),
    ).toMatchObject([{ kind: "occupied", bookingId: "A" }]);
  });

  it("gives back the buffer nights a period clipped when it moves away", () => {
    // A stay departing day 40 with a 2-night buffer, clipped by a period starting day 41.
    const bed = layoutBed([stay("A", day(31), day(40)), oos("O1", day(41), day(45))]);
    expect(bed.find((f) => f.kind === "stay")!.lastNight).toBe(day(40));
    const after = bedWithOutOfService(bed, "O1", "b1", { startDate: day(50), endDate: day(55) });
    expect(after.find((f) => f.kind === "stay")!.lastNight).toBe(day(41));
    expect(after.find((f) => f.kind === "out-of-service")).toMatchObject({
      startDate: day(50),
      lastNight: day(55),
    });
  });
});

describe("cancelling an out-of-service period", () => {
  it("is allowed until its first night, and from then on only ending it early is", () => {
    expect(cancellationProblem({ startDate: TODAY, endDate: day(40) }, TODAY)).toBeUndefined();
    expect(cancellationProblem({ startDate: day(29), endDate: day(40) }, TODAY)).toMatch(/end it early/);
    expect(cancellationProblem({ startDate: day(10), endDate: day(29) }, TODAY)).toMatch(/can no longer/);
  });

  it("takes the period off the bed and gives back the buffer it clipped", () => {
    const bed = layoutBed([stay("A", day(31), day(40)), oos("O1", day(40), day(45))]);
    expect(bed.find((f) => f.kind === "stay")!.lastNight).toBe(day(39));
    const after = bedWithOutOfService(bed, "O1", "b1", undefined);
    expect(after.map((f) => f.kind)).toEqual(["stay"]);
    expect(after[0]!.lastNight).toBe(day(41));
  });
});

describe("archiving a bed", () => {
  it("is refused for a date in the past, not for today", () => {
    expect(archiveDateProblem(addDays(TODAY, -1), TODAY)).toEqual({
      name: "archivedFrom",
      reason: `must be today (${TODAY}) or later`,
    });
    expect(archiveDateProblem(TODAY, TODAY)).toBeUndefined();
  });

  it("is refused while a stay or held nights run on or past the date; buffers and out-of-service are no obstacle", () => {
    const bed = layoutBed([
      stay("A", day(31), day(40)),
      oos("O1", day(50), day(55)),
      hold("H", day(60), day(62)),
    ]);
    expect(archiveConflicts(bed, day(40))).toMatchObject([{ kind: "held" }]);
    expect(archiveConflicts(bed, day(63))).toEqual([]);
    const conflicts = archiveConflicts(bed, day(39));
    expect(conflicts.map((c) => c.kind)).toEqual(["occupied", "held"]);
    expect(conflicts[0]!.detail).toBe(`booking A occupies the bed until ${day(39)}`);
    expect(conflicts[1]!.detail).toBe(`nights held for referral R-H run to ${day(62)}`);
  });

  it("closes every night from the date to new stays, and none before it", () => {
    expect(closedNights(day(40), day(31), day(40))).toBeUndefined(); // leaves that morning
    expect(closedNights(day(40), day(31), day(45))).toEqual({
      kind: "archived",
      startDate: day(40),
      endDate: day(44),
      detail: `the bed is archived from ${day(40)}`,
    });
    expect(closedNights(undefined, day(31), day(45))).toBeUndefined();
  });
});

// ---------- properties ----------

/** A bed laid out as the stores keep it: stays one after another (gaps random), a hold, an out-of-service period. */
const bedArb = fc
  .record({
    gaps: fc.array(
      fc.record({ gap: fc.nat(10), nights: fc.integer({ min: 1, max: 20 }), buffer: fc.nat(3) }),
      {
        maxLength: 5,
      },
    ),
    holdGap: fc.option(
      fc.record({ gap: fc.integer({ min: 4, max: 10 }), nights: fc.integer({ min: 1, max: 7 }) }),
    ),
  })
  .map(({ gaps, holdGap }) => {
    const fps: Footprint[] = [];
    let at = 0;
    gaps.forEach((g, i) => {
      const arrival = day(at + g.gap);
      const departure = addDays(arrival, g.nights);
      fps.push(stay(`S${i}`, arrival, departure, g.buffer));
      at += g.gap + g.nights + g.buffer;
    });
    if (holdGap) fps.push(hold("H", day(at + holdGap.gap), day(at + holdGap.gap + holdGap.nights - 1)));
    return { fps: layoutBed(fps), end: at + 20 };
  });

const periodArb = (span: number) =>
  fc
    .record({ start: fc.nat(span), nights: fc.integer({ min: 1, max: 15 }) })
    .map(({ start, nights }) => ({ startDate: day(start), endDate: day(start + nights - 1) }));

describe("properties of bed changes", () => {
  it("property: a change that passes the conflict check never makes a period share a night with a stay, a buffer or a hold", () => {
    fc.assert(
      fc.property(bedArb, periodArb(120), periodArb(120), ({ fps }, first, next) => {
        // The period as it stands must itself fit (the store would have refused it otherwise).
        fc.pre(changedOutOfServiceConflicts(fps, "O1", "b1", first).length === 0);
        const bed = [...fps, oos("O1", first.startDate, first.endDate)];
        const conflicts = changedOutOfServiceConflicts(bed, "O1", "b1", next);
        const othersNights = new Set(
          fps.flatMap(segmentsOf).flatMap((s) => nightsOf(s.startDate, s.endDate)),
        );
        const clashes = nightsOf(next.startDate, next.endDate).some((n) => othersNights.has(n));
        // The check finds a clash exactly when there is one.
        expect(conflicts.length > 0).toBe(clashes);
        if (conflicts.length > 0) return;
        const after = bedWithOutOfService(bed, "O1", "b1", next);
        // No night is held twice (nightsHeld throws if one is), and the period holds just its nights.
        const held = nightsHeld(after);
        for (const n of nightsOf(next.startDate, next.endDate))
          expect(held.get(n)).toEqual({ kind: "out-of-service", id: "OOS#O1" });
        // Every stay keeps every night it occupies.
        for (const s of fps.filter((f) => f.kind === "stay")) {
          const occupied = hardSegment(s);
          if (!occupied) continue;
          for (const n of nightsOf(occupied.startDate, occupied.endDate))
            expect(held.get(n)).toEqual({ kind: "occupied", id: `STAY#${s.bookingId}` });
        }
      }),
    );
  });

  it("property: cancelling a period frees exactly its nights and never shrinks another footprint", () => {
    fc.assert(
      fc.property(bedArb, periodArb(120), ({ fps }, period) => {
        fc.pre(changedOutOfServiceConflicts(fps, "O1", "b1", period).length === 0);
        const bed = layoutBed([...fps, oos("O1", period.startDate, period.endDate)]);
        const after = bedWithOutOfService(bed, "O1", "b1", undefined);
        expect(after.some((f) => f.kind === "out-of-service")).toBe(false);
        nightsHeld(after);
        for (const before of bed.filter((f) => f.kind !== "out-of-service")) {
          const now = after.find((f) => f.bookingId === before.bookingId && f.holdId === before.holdId)!;
          expect(now.startDate).toBe(before.startDate);
          expect(now.lastNight >= before.lastNight).toBe(true);
        }
      }),
    );
  });

  it("property: an accepted change (end early, new dates) rewrites no night already past", () => {
    // Dates a few nights either side of today, where the rules bite.
    const near = fc.integer({ min: -6, max: 8 });
    fc.assert(
      fc.property(fc.nat(60), near, fc.nat(6), near, fc.nat(6), (t, s0, n0, s1, n1) => {
        const today = day(t);
        const current = { startDate: addDays(today, s0), endDate: addDays(today, s0 + n0) };
        const next = { startDate: addDays(today, s1), endDate: addDays(today, s1 + n1) };
        if (outOfServiceChangeProblems(current, next, today).length > 0) return;
        expect(next.endDate >= next.startDate).toBe(true);
        const inPeriod = (p: { startDate: string; endDate: string }, n: string) =>
          n >= p.startDate && n <= p.endDate;
        for (const n of nightsOf(addDays(today, -10), addDays(today, -1)))
          expect(inPeriod(next, n), `night ${n}, today ${today}`).toBe(inPeriod(current, n));
      }),
      { numRuns: 500 },
    );
  });

  it("property: a period under way can always be ended on any night from yesterday to its last", () => {
    fc.assert(
      fc.property(periodArb(60), fc.nat(60), fc.nat(60), (current, t, k) => {
        const today = day(t);
        fc.pre(current.startDate <= today && current.endDate >= today);
        const earliest = addDays(today, -1) < current.startDate ? current.startDate : addDays(today, -1);
        const end = addDays(earliest, k);
        fc.pre(end <= current.endDate);
        expect(outOfServiceChangeProblems(current, changedPeriod(current, { endDate: end }), today)).toEqual(
          [],
        );
      }),
    );
  });

  it("property: a cancellation the rules allow frees no night already past", () => {
    fc.assert(
      fc.property(periodArb(60), fc.nat(60), (period, t) => {
        const today = day(t);
        if (cancellationProblem(period, today) === undefined) expect(period.startDate >= today).toBe(true);
        else expect(period.startDate < today).toBe(true);
      }),
    );
  });

  it("property: an archive the rules allow leaves no stay or held night on or after archivedFrom", () => {
    fc.assert(
      // The date is often a footprint's own first or last night, or the night after: the edges.
      fc.property(
        bedArb.chain(({ fps }) => {
          const edges = fps
            .flatMap(segmentsOf)
            .flatMap((s) => [s.startDate, s.endDate, addDays(s.endDate, 1)]);
          return fc.tuple(
            fc.constant(fps),
            edges.length ? fc.oneof(fc.constantFrom(...edges), fc.nat(120).map(day)) : fc.nat(120).map(day),
          );
        }),
        ([fps, archivedFrom]) => {
          const conflicts = archiveConflicts(fps, archivedFrom);
          const lateNights = fps
            .filter((f) => f.kind !== "out-of-service")
            .map(hardSegment)
            .filter((s) => s !== undefined)
            .some((s) => s.endDate >= archivedFrom);
          expect(conflicts.length > 0).toBe(lateNights);
          for (const c of conflicts) expect(c.endDate >= archivedFrom).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("property: archivedFrom excludes every later night from a new stay, and no earlier one", () => {
    fc.assert(
      fc.property(fc.nat(60), fc.nat(60), fc.integer({ min: 1, max: 30 }), (from, arrive, nights) => {
        const closedFrom = day(from);
        const arrivalDate = day(arrive);
        const departureDate = addDays(arrivalDate, nights);
        const res = fitStay(
          [],
          { bookingId: "N", bedId: "b1", arrivalDate, departureDate, bufferDays: 0 },
          { allowBufferOverride: true, closedFrom },
        );
        // A stay fits exactly when its last occupied night is before the archive date.
        expect(res.ok).toBe(addDays(departureDate, -1) < closedFrom);
        if (!res.ok) {
          const archived = res.conflicts.find((c) => c.kind === "archived")!;
          expect(archived.startDate >= closedFrom).toBe(true);
          expect(archived.startDate).toBe(arrivalDate > closedFrom ? arrivalDate : closedFrom);
          expect(archived.endDate).toBe(addDays(departureDate, -1));
        }
      }),
    );
  });
});
