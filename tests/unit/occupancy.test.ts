import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, maxDate, minDate } from "../../shared/domain/dates.js";
import {
  computeOccupancy,
  type OccupancyBed,
  type OccupancyFootprint,
  resolveWindow,
  summariseForAreaView,
} from "../../shared/domain/occupancy.js";
import { csvField, OCCUPANCY_CSV_HEADER, occupancyCsv } from "../../shared/domain/occupancy-csv.js";

const beds: OccupancyBed[] = [
  { bedId: "b1", room: "1", characteristics: ["single-room", "en-suite"] },
  { bedId: "b2", room: "2", characteristics: ["step-free"] },
  { bedId: "b3", room: "3", characteristics: [] },
];

const stay = (
  bedId: string,
  startDate: string,
  departureDate: string,
  bufferNights: number,
  extra: Partial<OccupancyFootprint> = {},
) =>
  ({
    kind: "stay",
    bedId,
    startDate,
    departureDate,
    lastNight: addDays(departureDate, bufferNights - 1),
    bookingId: `bk-${bedId}-${startDate}`,
    crn: "X123456",
    riskOfSeriousHarm: "high",
    noticeType: "emergency",
    status: "booked",
    ...extra,
  }) satisfies OccupancyFootprint;

const outOfService = (bedId: string, startDate: string, endDate: string): OccupancyFootprint => ({
  kind: "out-of-service",
  bedId,
  startDate,
  lastNight: endDate,
  outOfServiceId: `oos-${bedId}`,
  reason: "planned-works",
});

describe("occupancy from footprints", () => {
  it("counts occupied, buffer, out-of-service and free nights, arrivals and departures", () => {
    // b1: nights 1–3 Dec occupied, departs 4 Dec, buffer 4–5 Dec. b2: out of service 2–3 Dec.
    const occ = computeOccupancy(
      beds,
      [stay("b1", "2026-12-01", "2026-12-04", 2), outOfService("b2", "2026-12-02", "2026-12-03")],
      { from: "2026-12-01", to: "2026-12-06" },
    );
    const row = (date: string) => occ.days.find((d) => d.date === date)!;
    expect(occ.days).toHaveLength(6);
    expect(row("2026-12-01")).toMatchObject({
      occupied: 1,
      buffer: 0,
      outOfService: 0,
      free: 2,
      arrivals: 1,
      departures: 0,
    });
    expect(row("2026-12-02")).toMatchObject({ occupied: 1, outOfService: 1, free: 1 });
    expect(row("2026-12-04")).toMatchObject({ occupied: 0, buffer: 1, free: 2, departures: 1 });
    expect(row("2026-12-05")).toMatchObject({ buffer: 1, free: 2 });
    expect(row("2026-12-06")).toMatchObject({ buffer: 0, free: 3 });
    // Free by characteristic: on 2 Dec only b3 (none) is free; on 6 Dec all three.
    expect(row("2026-12-02").freeByCharacteristic).toMatchObject({
      "single-room": 0,
      "en-suite": 0,
      "step-free": 0,
    });
    expect(row("2026-12-06").freeByCharacteristic).toMatchObject({
      "single-room": 1,
      "en-suite": 1,
      "step-free": 1,
      "arson-suitable": 0,
    });
    expect(occ.beds[0]!.segments).toEqual([
      {
        kind: "occupied",
        startDate: "2026-12-01",
        endDate: "2026-12-03",
        bookingId: "bk-b1-2026-12-01",
        crn: "X123456",
        riskOfSeriousHarm: "high",
        noticeType: "emergency",
        arrivalDate: "2026-12-01",
        departureDate: "2026-12-04",
      },
      { kind: "buffer", startDate: "2026-12-04", endDate: "2026-12-05", bookingId: "bk-b1-2026-12-01" },
    ]);
    expect(occ.beds[1]!.segments).toEqual([
      {
        kind: "out-of-service",
        startDate: "2026-12-02",
        endDate: "2026-12-03",
        outOfServiceId: "oos-b2",
        reason: "planned-works",
      },
    ]);
    expect(occ.movements.map((m) => `${m.date} ${m.type} ${m.bedId}`)).toEqual([
      "2026-12-01 arrival b1",
      "2026-12-04 departure b1",
    ]);
  });

  it("clips segments to the window but keeps the stay's own dates", () => {
    const occ = computeOccupancy(beds, [stay("b3", "2026-11-01", "2027-01-10", 0)], {
      from: "2026-12-01",
      to: "2026-12-31",
    });
    expect(occ.beds[2]!.segments).toEqual([
      expect.objectContaining({
        kind: "occupied",
        startDate: "2026-12-01",
        endDate: "2026-12-31",
        arrivalDate: "2026-11-01",
        departureDate: "2027-01-10",
      }),
    ]);
    expect(occ.days.every((d) => d.arrivals === 0 && d.departures === 0 && d.occupied === 1)).toBe(true);
  });

  it("with zero buffer the departure day is free and still counts as a departure", () => {
    const occ = computeOccupancy(beds, [stay("b1", "2026-11-20", "2026-12-01", 0)], {
      from: "2026-12-01",
      to: "2026-12-02",
    });
    expect(occ.days[0]).toMatchObject({ occupied: 0, buffer: 0, free: 3, departures: 1 });
    expect(occ.beds[0]!.segments).toEqual([]);
  });

  it("ignores cancelled and non-arrival stays and footprints of unknown beds", () => {
    const occ = computeOccupancy(
      beds,
      [
        stay("b1", "2026-12-01", "2026-12-03", 2, { status: "cancelled" }),
        stay("b2", "2026-12-01", "2026-12-03", 2, { status: "non-arrival" }),
        stay("zz", "2026-12-01", "2026-12-03", 2),
      ],
      { from: "2026-12-01", to: "2026-12-05" },
    );
    expect(occ.days.every((d) => d.free === 3 && d.arrivals === 0)).toBe(true);
  });

  it("shows a clash rather than hiding a person when stored footprints overlap", () => {
    const occ = computeOccupancy(
      beds,
      [stay("b1", "2026-12-01", "2026-12-03", 2), outOfService("b1", "2026-12-02", "2026-12-04")],
      { from: "2026-12-01", to: "2026-12-05" },
    );
    expect(occ.days.map((d) => d.clashes)).toEqual([0, 1, 1, 1, 0]);
    expect(occ.beds[0]!.segments.map((s) => `${s.kind} ${s.startDate}…${s.endDate}`)).toEqual([
      "occupied 2026-12-01…2026-12-02",
      "out-of-service 2026-12-03…2026-12-04",
    ]);
    expect(occ.days[4]).toMatchObject({ free: 3, clashes: 0 });
  });

  it("summarises 28 nights for the area view with the earliest lowest night", () => {
    const occ = computeOccupancy(
      beds,
      [stay("b1", "2026-12-03", "2026-12-05", 1), stay("b2", "2026-12-04", "2026-12-10", 0)],
      {
        from: "2026-12-01",
        to: "2026-12-28",
      },
    );
    const s = summariseForAreaView(occ);
    expect(s.freeNext28).toHaveLength(28);
    expect(s.freeNext28.slice(0, 7)).toEqual([3, 3, 2, 1, 1, 2, 2]);
    expect(s.lowestFreeNext28).toEqual({ count: 1, date: "2026-12-04" });
    expect(s).toMatchObject({ beds: 3, occupied: 0, free: 3 });
  });
});

describe("window", () => {
  it("defaults to today and 84 nights, refuses reversed windows and more than 366 nights", () => {
    expect(resolveWindow({}, "2026-11-23")).toEqual({ ok: true, from: "2026-11-23", to: "2027-02-14" });
    // Never past the last date the service holds (schema fuzz: `to` was 2201-03-13, a date the document refuses).
    expect(resolveWindow({ from: "2200-12-20" }, "2027-03-01")).toEqual({
      ok: true,
      from: "2200-12-20",
      to: "2200-12-31",
    });
    expect(daysBetween("2026-11-23", "2027-02-14") + 1).toBe(84);
    expect(resolveWindow({ from: "2026-12-01", to: addDays("2026-12-01", 365) }, "x").ok).toBe(true);
    expect(resolveWindow({ from: "2026-12-01", to: addDays("2026-12-01", 366) }, "x")).toMatchObject({
      ok: false,
    });
    expect(resolveWindow({ from: "2026-12-02", to: "2026-12-01" }, "x")).toMatchObject({
      ok: false,
      invalid: [{ name: "to" }],
    });
  });
});

describe("CSV", () => {
  it("quotes per RFC 4180 and defuses formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("line\r\nbreak")).toBe('"line\r\nbreak"');
    expect(csvField("=HYPERLINK()")).toBe("'=HYPERLINK()");
    expect(csvField(-1)).toBe("-1");
  });

  it("has a header and one CRLF row a night", () => {
    const occ = computeOccupancy(beds, [], { from: "2026-12-01", to: "2026-12-07" });
    const csv = occupancyCsv(occ.days);
    const lines = csv.split("\r\n");
    expect(lines).toHaveLength(9); // header + 7 nights + "" after the final CRLF
    expect(lines[0]).toBe(OCCUPANCY_CSV_HEADER.join(","));
    expect(lines[1]).toBe("2026-12-01,3,0,0,0,3,0,0,1,1,1,0,0,0,0");
    expect(csv.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });
});

// --- properties -------------------------------------------------------------------------

const BASE = "2026-10-01";
const bedsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc
          .subarray(["single-room", "en-suite", "step-free", "wheelchair-accessible", "arson-suitable"])
          .map((characteristics): OccupancyBed => ({ bedId: `b${id}`, room: String(id), characteristics })),
      ),
    ),
  );

const footprintArb = (bedIds: string[]) =>
  fc.oneof(
    fc
      .record({
        bed: fc.constantFrom(...bedIds, "unknown"),
        start: fc.integer({ min: -60, max: 120 }),
        nights: fc.integer({ min: 1, max: 120 }),
        buffer: fc.integer({ min: 0, max: 14 }),
        status: fc.constantFrom("booked", "arrived", "departed", "cancelled"),
        id: fc.nat(),
      })
      .map(({ bed, start, nights, buffer, status, id }): OccupancyFootprint => {
        const startDate = addDays(BASE, start);
        const departureDate = addDays(startDate, nights);
        return {
          kind: "stay",
          bedId: bed,
          startDate,
          departureDate,
          lastNight: addDays(departureDate, buffer - 1),
          bookingId: `bk${id}`,
          status,
        };
      }),
    fc
      .record({
        bed: fc.constantFrom(...bedIds),
        start: fc.integer({ min: -60, max: 120 }),
        nights: fc.integer({ min: 1, max: 60 }),
        id: fc.nat(),
      })
      .map(
        ({ bed, start, nights, id }): OccupancyFootprint => ({
          kind: "out-of-service",
          bedId: bed,
          startDate: addDays(BASE, start),
          lastNight: addDays(BASE, start + nights - 1),
          outOfServiceId: `oos${id}`,
        }),
      ),
  );

const scenarioArb = bedsArb.chain((bs) =>
  fc.record({
    beds: fc.constant(bs),
    footprints: fc.array(footprintArb(bs.map((b) => b.bedId)), { maxLength: 25 }),
    from: fc.integer({ min: -30, max: 90 }),
    nights: fc.integer({ min: 1, max: 120 }),
  }),
);

describe("occupancy properties", () => {
  it("every night: occupied + buffer + outOfService + free = beds, and free by characteristic never exceeds free", () => {
    fc.assert(
      fc.property(scenarioArb, ({ beds: bs, footprints, from, nights }) => {
        const window = { from: addDays(BASE, from), to: addDays(BASE, from + nights - 1) };
        const occ = computeOccupancy(bs, footprints, window);
        expect(occ.days).toHaveLength(nights);
        for (const d of occ.days) {
          expect(d.occupied + d.buffer + d.outOfService + d.free).toBe(bs.length);
          for (const n of Object.values(d.freeByCharacteristic)) expect(n).toBeLessThanOrEqual(d.free);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("segments on a bed never overlap, stay in the window, and agree with the nightly counts", () => {
    fc.assert(
      fc.property(scenarioArb, ({ beds: bs, footprints, from, nights }) => {
        const window = { from: addDays(BASE, from), to: addDays(BASE, from + nights - 1) };
        const occ = computeOccupancy(bs, footprints, window);
        const perNight = occ.days.map(() => ({ occupied: 0, buffer: 0, "out-of-service": 0 }));
        for (const bed of occ.beds) {
          let lastEnd = "";
          for (const s of bed.segments) {
            expect(s.startDate <= s.endDate).toBe(true);
            expect(s.startDate >= window.from && s.endDate <= window.to).toBe(true);
            expect(s.startDate > lastEnd).toBe(true);
            lastEnd = s.endDate;
            for (
              let n = daysBetween(window.from, s.startDate);
              n <= daysBetween(window.from, s.endDate);
              n++
            ) {
              perNight[n]![s.kind]++;
            }
          }
        }
        occ.days.forEach((d, n) => {
          expect(perNight[n]).toEqual({
            occupied: d.occupied,
            buffer: d.buffer,
            "out-of-service": d.outOfService,
          });
        });
      }),
      { numRuns: 300 },
    );
  });

  it("without overlapping footprints, each stay's nights in the window are counted exactly once", () => {
    fc.assert(
      fc.property(scenarioArb, ({ beds: bs, footprints, from, nights }) => {
        // Keep only footprints that do not overlap an earlier one on the same bed, as the write path guarantees.
        const kept: OccupancyFootprint[] = [];
        for (const f of footprints) {
          if (f.status === "cancelled" || !bs.some((b) => b.bedId === f.bedId)) continue;
          if (
            kept.some((k) => k.bedId === f.bedId && k.startDate <= f.lastNight && f.startDate <= k.lastNight)
          )
            continue;
          kept.push(f);
        }
        const window = { from: addDays(BASE, from), to: addDays(BASE, from + nights - 1) };
        const occ = computeOccupancy(bs, kept, window);
        expect(occ.days.every((d) => d.clashes === 0)).toBe(true);
        const held = kept.reduce((sum, f) => {
          const first = maxDate(f.startDate, window.from);
          const last = minDate(f.lastNight, window.to);
          return sum + Math.max(0, daysBetween(first, last) + 1);
        }, 0);
        expect(occ.days.reduce((sum, d) => sum + d.occupied + d.buffer + d.outOfService, 0)).toBe(held);
      }),
      { numRuns: 300 },
    );
  });
});
