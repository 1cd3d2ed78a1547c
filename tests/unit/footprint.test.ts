import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates.js";
import {
  bufferNightsOf,
  effectiveLastNight,
  type Footprint,
  fitStay,
  footprintId,
  hardSegment,
  nightsHeld,
  outOfServiceConflicts,
  removeStay,
} from "../../shared/domain/footprint.js";
import { recordedDateProblem, unmetCharacteristics, unsuitability } from "../../shared/domain/stay-rules.js";

const D = "2027-03-10";
const stayA = (bufferDays: number): Footprint => ({
  kind: "stay",
  bedId: "b1",
  bookingId: "A",
  startDate: "2027-02-01",
  departureDate: D,
  bufferDays,
  lastNight: addDays(D, bufferDays - 1),
});
const propose = (arrivalDate: string, departureDate: string, bufferDays = 2, bookingId = "B") => ({
  bookingId,
  bedId: "b1",
  arrivalDate,
  departureDate,
  bufferDays,
});

describe("footprint rule at the buffer boundary", () => {
  it("refuses arrival on the last buffer night without an override, naming the buffer", () => {
    const res = fitStay([stayA(2)], propose(addDays(D, 1), addDays(D, 30)), { allowBufferOverride: false });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.needsOverrideOnly).toBe(true);
    expect(res.conflicts).toEqual([
      expect.objectContaining({ kind: "buffer", bookingId: "A", startDate: D, endDate: addDays(D, 1) }),
    ]);
  });

  it("accepts arrival the night after the buffer as an exact fit", () => {
    const res = fitStay([stayA(2)], propose(addDays(D, 2), addDays(D, 30)), { allowBufferOverride: false });
    expect(res.ok && res.fit).toBe("exact");
  });

  it("with an override, clips the earlier stay's buffer to end the night before arrival", () => {
    const res = fitStay([stayA(2)], propose(addDays(D, 1), addDays(D, 30)), { allowBufferOverride: true });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.fit).toBe("buffer-override");
    expect(res.affectedBookingIds).toEqual(["A"]);
    const a = res.after.find((f) => f.bookingId === "A")!;
    expect(a.lastNight).toBe(D);
    expect(bufferNightsOf(a)).toBe(1);
    expect(() => nightsHeld(res.after)).not.toThrow();
  });

  it("allows back-to-back stays when bufferDays is 0", () => {
    const res = fitStay([stayA(0)], propose(D, addDays(D, 30), 0), { allowBufferOverride: false });
    expect(res.ok && res.fit).toBe("exact");
  });

  it("never allows occupied nights to overlap, override or not", () => {
    const res = fitStay([stayA(2)], propose(addDays(D, -1), addDays(D, 30)), { allowBufferOverride: true });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.needsOverrideOnly).toBe(false);
    expect(res.conflicts[0]).toMatchObject({ kind: "occupied", bookingId: "A", endDate: addDays(D, -1) });
  });

  it("a new stay whose own buffer runs into the next stay needs an override and gets a clipped buffer", () => {
    const next: Footprint = {
      ...stayA(2),
      bookingId: "C",
      startDate: "2027-05-01",
      departureDate: "2027-06-01",
      lastNight: "2027-06-02",
    };
    const refused = fitStay([next], propose("2027-04-01", "2027-04-30", 3), { allowBufferOverride: false });
    expect(refused.ok).toBe(false);
    const res = fitStay([next], propose("2027-04-01", "2027-04-30", 3), { allowBufferOverride: true });
    expect(res.ok && res.footprint.lastNight).toBe("2027-04-30");
  });

  it("cancelling the later stay lets the clipped buffer grow back", () => {
    const res = fitStay([stayA(2)], propose(addDays(D, 1), addDays(D, 30)), { allowBufferOverride: true });
    if (!res.ok) throw new Error("expected fit");
    const after = removeStay(res.after, "B");
    expect(after.find((f) => f.bookingId === "A")!.lastNight).toBe(addDays(D, 1));
  });

  it("an extension may eat its own buffer but never the next stay's nights", () => {
    const next: Footprint = {
      ...stayA(2),
      bookingId: "C",
      startDate: addDays(D, 2),
      departureDate: addDays(D, 20),
      lastNight: addDays(D, 21),
    };
    const intoBuffer = fitStay([stayA(2), next], propose("2027-02-01", addDays(D, 2), 2, "A"), {
      allowBufferOverride: false,
      ownBufferMayShrink: true,
    });
    expect(intoBuffer.ok).toBe(true);
    if (intoBuffer.ok) expect(bufferNightsOf(intoBuffer.footprint)).toBe(0);
    const intoNext = fitStay([stayA(2), next], propose("2027-02-01", addDays(D, 3), 2, "A"), {
      allowBufferOverride: false,
      ownBufferMayShrink: true,
    });
    expect(intoNext.ok).toBe(false);
    if (!intoNext.ok) expect(intoNext.conflicts[0]).toMatchObject({ kind: "occupied", bookingId: "C" });
  });

  it("out-of-service may not touch a buffer night", () => {
    expect(
      outOfServiceConflicts([stayA(2)], { bedId: "b1", startDate: addDays(D, 1), endDate: addDays(D, 5) }),
    ).toEqual([expect.objectContaining({ kind: "buffer", bookingId: "A" })]);
    expect(
      outOfServiceConflicts([stayA(2)], { bedId: "b1", startDate: addDays(D, 2), endDate: addDays(D, 5) }),
    ).toEqual([]);
  });
});

describe("stay rules", () => {
  it("records arrival/departure dates today or up to 7 days back", () => {
    expect(recordedDateProblem("2026-11-23", "2026-11-23")).toBeUndefined();
    expect(recordedDateProblem("2026-11-16", "2026-11-23")).toBeUndefined();
    expect(recordedDateProblem("2026-11-15", "2026-11-23")).toMatch(/7 days/);
    expect(recordedDateProblem("2026-11-24", "2026-11-23")).toMatch(/future/);
  });

  it("splits required characteristics between the room and the premises", () => {
    expect(unmetCharacteristics(["en-suite", "catered"], ["catered"], ["en-suite"])).toEqual([]);
    expect(unmetCharacteristics(["en-suite", "catered"], ["en-suite"], ["catered"])).toEqual([
      "en-suite",
      "catered",
    ]);
    expect(
      unsuitability(
        { gender: "female" },
        [],
        { gender: "male", characteristics: [] },
        { characteristics: [] },
      ),
    ).toHaveLength(1);
  });
});

// ---------- property: random histories on one premises ----------

type Op =
  | { op: "allocate"; bed: number; start: number; nights: number; override: boolean }
  | { op: "extend"; pick: number; extra: number }
  | { op: "cancel"; pick: number }
  | { op: "depart"; pick: number; earlier: number }
  | { op: "oos"; bed: number; start: number; nights: number };

const BASE = "2027-01-01";
const BEDS = ["b1", "b2", "b3"];
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("allocate" as const),
    bed: fc.nat(2),
    start: fc.nat(120),
    nights: fc.integer({ min: 1, max: 40 }),
    override: fc.boolean(),
  }),
  fc.record({ op: fc.constant("extend" as const), pick: fc.nat(), extra: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("depart" as const), pick: fc.nat(), earlier: fc.integer({ min: 0, max: 20 }) }),
  fc.record({
    op: fc.constant("oos" as const),
    bed: fc.nat(2),
    start: fc.nat(120),
    nights: fc.integer({ min: 1, max: 10 }),
  }),
);

/** Per bed, what nights are held by whom; fails the property on any double-held night. */
function assertInvariant(all: Footprint[]) {
  for (const bed of BEDS) nightsHeld(all.filter((f) => f.bedId === bed));
  // Buffers are as large as the hard nights allow: none is left clipped after a neighbour goes.
  for (const fp of all.filter((f) => f.kind === "stay")) {
    const others = all.filter((o) => o.bedId === fp.bedId && footprintId(o) !== footprintId(fp));
    expect(fp.lastNight).toBe(effectiveLastNight(fp, others));
  }
}

describe("footprint invariant (property)", () => {
  it("no bed-night ever holds two footprints, and every accepted allocation fitted when made", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(opArb, { maxLength: 40 }), (bufferDays, ops) => {
        let all: Footprint[] = [];
        let seq = 0;
        const stays = () => all.filter((f) => f.kind === "stay");
        const replaceBed = (bedId: string, after: Footprint[]) => {
          all = [...all.filter((f) => f.bedId !== bedId), ...after];
        };
        for (const o of ops) {
          if (o.op === "allocate") {
            const bedId = BEDS[o.bed]!;
            const arrivalDate = addDays(BASE, o.start);
            const departureDate = addDays(arrivalDate, o.nights);
            const onBed = all.filter((f) => f.bedId === bedId);
            const res = fitStay(
              onBed,
              { bookingId: `s${++seq}`, bedId, arrivalDate, departureDate, bufferDays },
              {
                allowBufferOverride: o.override,
              },
            );
            if (res.ok) {
              // The new occupied nights were free of everyone's occupied/out-of-service nights,
              // and of buffers too unless an override was given.
              const held = nightsHeld(onBed);
              for (let d = arrivalDate; d < departureDate; d = addDays(d, 1)) {
                const h = held.get(d);
                if (h) {
                  expect(o.override).toBe(true);
                  expect(h.kind).toBe("buffer");
                }
              }
              if (!o.override) expect(res.fit).toBe("exact");
              replaceBed(bedId, res.after);
            }
          } else if (o.op === "oos") {
            const bedId = BEDS[o.bed]!;
            const startDate = addDays(BASE, o.start);
            const endDate = addDays(startDate, o.nights - 1);
            if (outOfServiceConflicts(all, { bedId, startDate, endDate }).length === 0) {
              all.push({
                kind: "out-of-service",
                bedId,
                outOfServiceId: `o${++seq}`,
                startDate,
                lastNight: endDate,
              });
            }
          } else {
            const list = stays();
            if (list.length === 0) continue;
            const target = list[o.pick % list.length]!;
            const onBed = all.filter((f) => f.bedId === target.bedId);
            if (o.op === "cancel") {
              replaceBed(target.bedId, removeStay(onBed, target.bookingId!));
              continue;
            }
            const departureDate =
              o.op === "extend"
                ? addDays(target.departureDate!, o.extra)
                : addDays(target.departureDate!, -Math.min(o.earlier, Math.max(0, daysIn(target) - 1)));
            const before = hardSegment(target);
            const res = fitStay(
              onBed,
              {
                bookingId: target.bookingId!,
                bedId: target.bedId,
                arrivalDate: target.startDate,
                departureDate,
                bufferDays,
              },
              { allowBufferOverride: false, ownBufferMayShrink: true },
            );
            if (o.op === "depart") expect(res.ok).toBe(true);
            if (res.ok) replaceBed(target.bedId, res.after);
            else expect(before).toBeDefined();
          }
          assertInvariant(all);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function daysIn(fp: Footprint) {
  const h = hardSegment(fp);
  if (!h) return 0;
  let n = 0;
  for (let d = h.startDate; d <= h.endDate; d = addDays(d, 1)) n++;
  return n;
}
