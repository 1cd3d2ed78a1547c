import { describe, expect, it } from "vitest";
import { describeBookingState, lifecycleConflictDetail } from "../../shared/domain/booking-lifecycle.js";
import {
  departureCategoryProblem,
  MOVE_ON_DEPARTURE_REASONS,
  moveOnCategoryRequired,
} from "../../shared/domain/stay-rules.js";
import { DEPARTURE_REASONS } from "../../shared/domain/vocabulary.js";

describe("departure move-on category (#12.7)", () => {
  it("is asked only where the person moves on", () => {
    const required = Object.keys(DEPARTURE_REASONS).filter(moveOnCategoryRequired);
    expect(required.sort()).toEqual(["bed-withdrawn", "licence-expired", "planned-move-on"]);
    expect([...MOVE_ON_DEPARTURE_REASONS].every((r) => r in DEPARTURE_REASONS)).toBe(true);
  });

  it("names the reason when missing, and accepts it missing for died or absconded", () => {
    expect(departureCategoryProblem("planned-move-on", undefined)).toMatch(/required.*planned-move-on/);
    expect(departureCategoryProblem("planned-move-on", "private-rented")).toBeUndefined();
    expect(departureCategoryProblem("died", undefined)).toBeUndefined();
    expect(departureCategoryProblem("absconded", undefined)).toBeUndefined();
    expect(departureCategoryProblem("recalled", "custody")).toBeUndefined();
  });
});

describe("lifecycle conflicts say what state the booking is in (#12.8)", () => {
  const base = { bookingId: "B1", arrivalDate: "2026-11-01", departureDate: "2027-01-24" };

  it("a second departure says when it departed", () => {
    const detail = lifecycleConflictDetail(
      { ...base, status: "departed", actualArrivalDate: "2026-11-02", actualDepartureDate: "2026-11-20" },
      "record a departure",
    );
    expect(detail).toBe("Booking B1 has already departed on 2026-11-20; cannot record a departure");
    expect(detail).not.toMatch(/arrival first/);
  });

  it("a departure before arrival says it is booked and what to do first", () => {
    expect(lifecycleConflictDetail({ ...base, status: "booked" }, "record a departure")).toBe(
      "Booking B1 is booked to arrive on 2026-11-01 and has no arrival recorded; cannot record a departure (record the arrival first)",
    );
  });

  it("describes every status", () => {
    expect(describeBookingState({ ...base, status: "arrived", actualArrivalDate: "2026-11-03" })).toBe(
      "Booking B1 has already arrived on 2026-11-03",
    );
    expect(describeBookingState({ ...base, status: "cancelled" })).toBe("Booking B1 was cancelled");
    expect(describeBookingState({ ...base, status: "non-arrival" })).toBe(
      "Booking B1 was recorded as a non-arrival",
    );
    expect(lifecycleConflictDetail({ ...base, status: "arrived" }, "cancel")).toMatch(/departs instead/);
  });
});

// ---------- holds, transfers, archive, out-of-service changes ----------

import fc from "fast-check";
import {
  archiveConflicts,
  cancellationProblem,
  changedOutOfServiceConflicts,
  outOfServiceChangeProblems,
} from "../../shared/domain/bed-changes.js";
import { addDays } from "../../shared/domain/dates.js";
import { type Footprint, fitStay, nightsHeld } from "../../shared/domain/footprint.js";
import {
  footprintsFor,
  freedNights,
  holdFootprint,
  holdUntilFrom,
  isExpiredHold,
} from "../../shared/domain/holds.js";
import { transferProblems } from "../../shared/domain/transfer.js";

const stay = (id: string, start: string, departure: string, buffer = 2, bedId = "b1"): Footprint => ({
  kind: "stay",
  bedId,
  bookingId: id,
  startDate: start,
  departureDate: departure,
  bufferDays: buffer,
  lastNight: addDays(departure, buffer - 1),
});
const NOW_ISO = "2026-11-23T10:00:00.000Z";

describe("holds (#12.14)", () => {
  const hold = holdFootprint(
    "b1",
    "H1",
    "R-for",
    { startDate: "2027-01-03", endDate: "2027-01-12" },
    holdUntilFrom(new Date(NOW_ISO)),
  );

  it("expire 48 hours after approval by default", () => {
    expect(hold.holdUntil).toBe("2026-11-25T10:00:00.000Z");
    expect(isExpiredHold(hold, NOW_ISO)).toBe(false);
    expect(isExpiredHold(hold, "2026-11-25T10:00:00.000Z")).toBe(true);
  });

  it("are the nights the reduction freed: old last night back to the night after the new one", () => {
    expect(freedNights({ lastNight: "2027-01-12" }, { lastNight: "2027-01-02" }, "2026-11-01")).toEqual({
      startDate: "2027-01-03",
      endDate: "2027-01-12",
    });
    expect(
      freedNights({ lastNight: "2027-01-12" }, { lastNight: "2027-01-12" }, "2026-11-01"),
    ).toBeUndefined();
  });

  it("refuse any other allocation with conflict kind held, and let the held referral in", () => {
    const other = fitStay(
      [hold],
      { bookingId: "X", bedId: "b1", arrivalDate: "2027-01-05", departureDate: "2027-02-01", bufferDays: 2 },
      { allowBufferOverride: true },
    );
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.conflicts[0]).toMatchObject({ kind: "held", referralId: "R-for" });
    const { binding, consumed } = footprintsFor([hold], "R-for", NOW_ISO);
    expect(consumed).toEqual([hold]);
    expect(
      fitStay(
        binding,
        {
          bookingId: "Y",
          bedId: "b1",
          arrivalDate: "2027-01-05",
          departureDate: "2027-02-01",
          bufferDays: 2,
        },
        { allowBufferOverride: false },
      ).ok,
    ).toBe(true);
    // Once expired it binds nobody.
    expect(footprintsFor([hold], "someone-else", "2026-11-26T00:00:00.000Z").binding).toEqual([]);
  });

  it("property: holds, stays and out-of-service never share a bed-night; held nights go only to their referral", () => {
    type Op =
      | { op: "allocate"; ref: number; start: number; nights: number; override: boolean }
      | { op: "reduce"; pick: number; by: number; ref: number }
      | { op: "oos"; start: number; nights: number }
      | { op: "expire" };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        op: fc.constant("allocate" as const),
        ref: fc.nat(3),
        start: fc.nat(90),
        nights: fc.integer({ min: 1, max: 30 }),
        override: fc.boolean(),
      }),
      fc.record({
        op: fc.constant("reduce" as const),
        pick: fc.nat(),
        by: fc.integer({ min: 1, max: 20 }),
        ref: fc.nat(3),
      }),
      fc.record({
        op: fc.constant("oos" as const),
        start: fc.nat(90),
        nights: fc.integer({ min: 1, max: 8 }),
      }),
      fc.record({ op: fc.constant("expire" as const) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(opArb, { maxLength: 30 }), (bufferDays, ops) => {
        let bed: Footprint[] = [];
        let seq = 0;
        let now = NOW_ISO;
        const base = "2027-01-01";
        for (const o of ops) {
          if (o.op === "allocate") {
            const referralId = `R${o.ref}`;
            const arrivalDate = addDays(base, o.start);
            const departureDate = addDays(arrivalDate, o.nights);
            const { binding } = footprintsFor(bed, referralId, now);
            const res = fitStay(
              binding,
              { bookingId: `s${++seq}`, bedId: "b1", arrivalDate, departureDate, bufferDays },
              { allowBufferOverride: o.override },
            );
            if (res.ok) {
              // No live hold of another referral lies under the new occupied nights.
              for (const h of binding.filter((f) => f.kind === "hold")) {
                expect(h.lastNight < arrivalDate || h.startDate >= departureDate).toBe(true);
              }
              bed = res.after;
            }
          } else if (o.op === "reduce") {
            const stays = bed.filter((f) => f.kind === "stay");
            if (stays.length === 0) continue;
            const target = stays[o.pick % stays.length]!;
            const departureDate = addDays(target.departureDate!, -o.by);
            if (departureDate <= target.startDate) continue;
            const res = fitStay(
              bed,
              {
                bookingId: target.bookingId!,
                bedId: "b1",
                arrivalDate: target.startDate,
                departureDate,
                bufferDays: target.bufferDays!,
              },
              { allowBufferOverride: true, ownBufferMayShrink: true },
            );
            expect(res.ok).toBe(true);
            if (!res.ok) continue;
            const freed = freedNights(target, res.footprint, target.startDate);
            bed = freed
              ? [
                  ...res.after,
                  holdFootprint("b1", `h${++seq}`, `R${o.ref}`, freed, holdUntilFrom(new Date(now))),
                ]
              : res.after;
          } else if (o.op === "oos") {
            const startDate = addDays(base, o.start);
            const endDate = addDays(startDate, o.nights - 1);
            const live = footprintsFor(bed, "", now).binding;
            if (changedOutOfServiceConflicts(live, "new", "b1", { startDate, endDate }).length === 0) {
              bed = [
                ...live,
                {
                  kind: "out-of-service",
                  bedId: "b1",
                  outOfServiceId: `o${++seq}`,
                  startDate,
                  lastNight: endDate,
                },
              ];
            }
          } else {
            now = new Date(new Date(now).getTime() + 49 * 3_600_000).toISOString();
          }
          nightsHeld(bed);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("transfer validity (#12.13)", () => {
  const resident = {
    status: "arrived",
    premisesId: "p1",
    bedId: "b1",
    arrivalDate: "2026-11-01",
    actualArrivalDate: "2026-11-02",
    departureDate: "2027-01-24",
  };

  it("accepts a recorded date between arrival and planned departure to another bed", () => {
    expect(
      transferProblems(resident, { premisesId: "p2", bedId: "b1", date: "2026-11-23" }, "2026-11-23"),
    ).toEqual([]);
    expect(
      transferProblems(resident, { premisesId: "p1", bedId: "b2", date: "2026-11-20" }, "2026-11-23"),
    ).toEqual([]);
  });

  it("names the field for a future date, a date on arrival, after the departure, or the same bed", () => {
    const names = (t: { premisesId: string; bedId: string; date: string }, today = "2026-11-23") =>
      transferProblems(resident, t, today).map((p) => p.name);
    expect(names({ premisesId: "p2", bedId: "b1", date: "2026-11-24" })).toEqual(["date"]);
    expect(names({ premisesId: "p2", bedId: "b1", date: "2026-11-02" }, "2026-11-05")).toEqual(["date"]);
    expect(names({ premisesId: "p2", bedId: "b1", date: "2027-01-24" }, "2027-01-25")).toEqual(["date"]);
    expect(names({ premisesId: "p1", bedId: "b1", date: "2026-11-23" })).toEqual(["bedId"]);
  });
});

describe("bed archive and out-of-service changes (#12.15)", () => {
  it("an archive date is refused while a stay or hold runs on or past it, not for a stay that ends before", () => {
    const bed = [stay("A", "2026-12-01", "2027-01-10")];
    expect(archiveConflicts(bed, "2027-01-10")).toEqual([]); // departs that morning; buffer does not count
    expect(archiveConflicts(bed, "2027-01-09")).toMatchObject([
      { kind: "occupied", bookingId: "A", endDate: "2027-01-09" },
    ]);
  });

  it("after archiving, nothing may occupy a night on or after the date", () => {
    const res = fitStay(
      [],
      { bookingId: "N", bedId: "b1", arrivalDate: "2027-02-01", departureDate: "2027-03-01", bufferDays: 2 },
      { allowBufferOverride: true, closedFrom: "2027-02-20" },
    );
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.conflicts[0]).toMatchObject({
        kind: "archived",
        startDate: "2027-02-20",
        endDate: "2027-02-28",
      });
    expect(
      fitStay(
        [],
        {
          bookingId: "N",
          bedId: "b1",
          arrivalDate: "2027-02-01",
          departureDate: "2027-02-20",
          bufferDays: 2,
        },
        { allowBufferOverride: false, closedFrom: "2027-02-20" },
      ).ok,
    ).toBe(true);
  });

  it("moving an out-of-service period checks every other footprint but itself", () => {
    const oos: Footprint = {
      kind: "out-of-service",
      bedId: "b1",
      outOfServiceId: "O1",
      startDate: "2027-01-20",
      lastNight: "2027-01-25",
    };
    const bed = [stay("A", "2026-12-01", "2027-01-10"), oos];
    expect(
      changedOutOfServiceConflicts(bed, "O1", "b1", { startDate: "2027-01-20", endDate: "2027-01-30" }),
    ).toEqual([]);
    expect(
      changedOutOfServiceConflicts(bed, "O1", "b1", { startDate: "2027-01-11", endDate: "2027-01-25" }),
    ).toMatchObject([{ kind: "buffer", bookingId: "A" }]);
  });

  it("a period under way may end early but not move its start; one over cannot change or be cancelled", () => {
    const current = { startDate: "2026-11-20", endDate: "2026-11-30" };
    expect(
      outOfServiceChangeProblems(current, { startDate: "2026-11-20", endDate: "2026-11-24" }, "2026-11-23"),
    ).toEqual([]);
    expect(
      outOfServiceChangeProblems(
        current,
        { startDate: "2026-11-21", endDate: "2026-11-30" },
        "2026-11-23",
      ).map((p) => p.name),
    ).toContain("startDate");
    expect(
      outOfServiceChangeProblems(
        current,
        { startDate: "2026-11-20", endDate: "2026-11-30" },
        "2026-12-05",
      ).map((p) => p.name),
    ).toEqual(["endDate"]);
    expect(cancellationProblem(current, "2026-11-23")).toMatch(/end it early/);
    expect(
      cancellationProblem({ startDate: "2026-12-01", endDate: "2026-12-03" }, "2026-11-23"),
    ).toBeUndefined();
  });
});
