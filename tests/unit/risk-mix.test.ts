import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "../../shared/domain/dates.js";
import {
  compressMix,
  limitBreaches,
  type ResidentStay,
  riskMixByNight,
  riskMixFor,
} from "../../shared/domain/risk-mix.js";

const stay = (
  startDate: string,
  departureDate: string,
  rosh: string,
  mappaLevel?: number,
  bookingId?: string,
): ResidentStay => ({
  startDate,
  departureDate,
  riskOfSeriousHarm: rosh,
  mappaLevel,
  bookingId,
});

describe("risk mix", () => {
  const stays = [
    stay("2026-11-01", "2026-12-05", "very-high", 3, "a"),
    stay("2026-12-03", "2027-02-01", "high", 2, "b"),
    stay("2026-12-04", "2026-12-06", "low", undefined, "c"),
  ];

  it("counts who occupies each night (departure day and buffer nights hold nobody)", () => {
    const nights = riskMixByNight(stays, "2026-12-02", "2026-12-07");
    expect(
      nights.map((n) => [n.date, n.residents, n.rosh.veryHigh, n.rosh.high, n.rosh.low, n.mappa.level3]),
    ).toEqual([
      ["2026-12-02", 1, 1, 0, 0, 1],
      ["2026-12-03", 2, 1, 1, 0, 1],
      ["2026-12-04", 3, 1, 1, 1, 1],
      ["2026-12-05", 2, 0, 1, 1, 0],
      ["2026-12-06", 1, 0, 1, 0, 0],
    ]);
  });

  it("leaves out the stay itself", () => {
    expect(riskMixByNight(stays, "2026-12-04", "2026-12-05", "a")[0]!.residents).toBe(2);
  });

  it("compresses equal nights into inclusive segments", () => {
    const segs = compressMix(riskMixByNight(stays, "2026-12-06", "2026-12-20"));
    expect(segs).toHaveLength(1);
    expect(segs[0]).toMatchObject({ startDate: "2026-12-06", endDate: "2026-12-19", residents: 1 });
  });

  it("a limit is breached only by a person who counts towards it", () => {
    const nights = riskMixByNight(stays, "2026-12-02", "2026-12-07");
    const limits = { veryHighRosh: 1, highOrAboveRosh: 2, mappaLevel3: 1 };
    expect(limitBreaches(nights, { riskOfSeriousHarm: "low" }, limits)).toEqual([]);
    expect(limitBreaches(nights, { riskOfSeriousHarm: "very-high", mappaLevel: 3 }, limits)).toEqual([
      { limit: "veryHighRosh", max: 1, peak: 2, startDate: "2026-12-02", endDate: "2026-12-04" },
      { limit: "highOrAboveRosh", max: 2, peak: 3, startDate: "2026-12-03", endDate: "2026-12-04" },
      { limit: "mappaLevel3", max: 1, peak: 2, startDate: "2026-12-02", endDate: "2026-12-04" },
    ]);
    expect(limitBreaches(nights, { riskOfSeriousHarm: "high" }, { highOrAboveRosh: 3 })).toEqual([]);
  });

  it("riskMixFor carries segments, peak, limits and breaches", () => {
    const mix = riskMixFor(
      stays,
      { arrivalDate: "2026-12-02", departureDate: "2026-12-07" },
      { riskOfSeriousHarm: "high" },
      { highOrAboveRosh: 2 },
    );
    expect(mix.peak).toMatchObject({ residents: 3, rosh: { veryHigh: 1, high: 1 } });
    expect(mix.limits).toEqual({ highOrAboveRosh: 2 });
    expect(mix.breaches).toHaveLength(1);
    expect(mix.nights.reduce((n, s) => n + daysBetween(s.startDate, s.endDate) + 1, 0)).toBe(5);
  });

  it("property: segments cover every night once, counts add up, breach iff a night reaches the limit", () => {
    const stayArb = fc
      .record({
        start: fc.integer({ min: 0, max: 60 }),
        len: fc.integer({ min: 1, max: 40 }),
        rosh: fc.constantFrom("low", "medium", "high", "very-high"),
        mappa: fc.option(fc.constantFrom(1, 2, 3), { nil: undefined }),
      })
      .map((s) =>
        stay(addDays("2026-12-01", s.start), addDays("2026-12-01", s.start + s.len), s.rosh, s.mappa),
      );
    fc.assert(
      fc.property(
        fc.array(stayArb, { maxLength: 25 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 5 }),
        (all, a, len, max) => {
          const arrivalDate = addDays("2026-12-01", a);
          const departureDate = addDays(arrivalDate, len);
          const nights = riskMixByNight(all, arrivalDate, departureDate);
          expect(nights).toHaveLength(len);
          for (const n of nights) {
            expect(n.rosh.low + n.rosh.medium + n.rosh.high + n.rosh.veryHigh).toBe(n.residents);
            expect(n.mappa.level1 + n.mappa.level2 + n.mappa.level3).toBeLessThanOrEqual(n.residents);
          }
          const segs = compressMix(nights);
          expect(segs[0]!.startDate).toBe(arrivalDate);
          expect(segs[segs.length - 1]!.endDate).toBe(addDays(departureDate, -1));
          for (let i = 1; i < segs.length; i++)
            expect(segs[i]!.startDate).toBe(addDays(segs[i - 1]!.endDate, 1));
          const breached =
            limitBreaches(nights, { riskOfSeriousHarm: "very-high" }, { veryHighRosh: max }).length > 0;
          expect(breached).toBe(nights.some((n) => n.rosh.veryHigh >= max));
        },
      ),
    );
  });
});
