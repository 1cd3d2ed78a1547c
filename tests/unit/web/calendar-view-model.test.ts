import { describe, expect, it } from "vitest";
import { computeOccupancy, type OccupancyFootprint } from "../../../shared/domain/occupancy.js";
import {
  calendarModel,
  calendarQuerySchema,
  dayModel,
  type PremisesOccupancy,
  type StayInfo,
  segmentState,
  windowOf,
} from "../../../shared/web/view-models/calendar.js";
import { premisesNav } from "../../../shared/web/view-models/premises-nav.js";

const TODAY = "2026-12-02";
const BEDS = [
  { bedId: "b01", room: "1", characteristics: ["single-room"] },
  { bedId: "b02", room: "2", characteristics: [] },
  { bedId: "b03", room: "3", characteristics: [] },
  { bedId: "b04", room: "4", characteristics: [] },
];
const FOOTPRINTS: OccupancyFootprint[] = [
  // Arrived: 1 to 5 December, two buffer nights.
  {
    kind: "stay",
    bedId: "b01",
    startDate: "2026-12-01",
    departureDate: "2026-12-05",
    lastNight: "2026-12-06",
    bookingId: "bk-in",
    crn: "X100001",
    status: "arrived",
  },
  // Booked, not arrived: from 4 December.
  {
    kind: "stay",
    bedId: "b02",
    startDate: "2026-12-04",
    departureDate: "2026-12-20",
    lastNight: "2026-12-21",
    bookingId: "bk-due",
    crn: "X100002",
    status: "booked",
  },
  {
    kind: "out-of-service",
    bedId: "b03",
    startDate: "2026-12-02",
    lastNight: "2026-12-03",
    outOfServiceId: "oos1",
    reason: "planned-works",
  },
  {
    kind: "out-of-service",
    bedId: "b04",
    startDate: "2026-12-05",
    lastNight: "2026-12-30",
    outOfServiceId: "oos2",
    reason: "bed-on-hold",
  },
];
const STAYS = new Map<string, StayInfo>([
  ["bk-in", { bookingId: "bk-in", status: "arrived", name: "Ann Example", crn: "X100001" }],
  ["bk-due", { bookingId: "bk-due", status: "booked", name: "Bob Example", crn: "X100002" }],
]);

const occupancyOf = (from: string, to: string): PremisesOccupancy => ({
  premisesId: "ldn-camberwell",
  name: "Camberwell Road AP",
  today: TODAY,
  ...computeOccupancy(BEDS, FOOTPRINTS, { from, to }),
});

describe("the calendar's window", () => {
  it("takes 7 to 364 nights, 28 by default, from today unless a first night is given", () => {
    expect(calendarQuerySchema.parse({}).nights).toBe(28);
    expect(calendarQuerySchema.safeParse({ nights: "6" }).success).toBe(false);
    expect(calendarQuerySchema.safeParse({ nights: "365" }).success).toBe(false);
    expect(calendarQuerySchema.parse({ nights: "364" }).nights).toBe(364);
    expect(calendarQuerySchema.safeParse({ from: "2026-02-30" }).success).toBe(false);
    expect(windowOf({ nights: 7 }, TODAY)).toEqual({ from: TODAY, to: "2026-12-08" });
    expect(windowOf({ from: "2027-01-01", nights: 364 }, TODAY)).toEqual({
      from: "2027-01-01",
      to: "2027-12-30",
    });
  });
});

describe("a night's state", () => {
  it("is booked before arrival, occupied after, on hold for a held bed, free with nothing", () => {
    const occ = occupancyOf("2026-12-05", "2026-12-05");
    const stateOf = (bedId: string) =>
      segmentState(occ.beds.find((b) => b.bedId === bedId)!.segments[0], STAYS);
    expect(stateOf("b01")).toBe("buffer");
    expect(stateOf("b02")).toBe("booked");
    expect(stateOf("b03")).toBe("free");
    expect(stateOf("b04")).toBe("on-hold");
    const before = occupancyOf("2026-12-02", "2026-12-02");
    expect(segmentState(before.beds[0]!.segments[0], STAYS)).toBe("occupied");
    expect(segmentState(before.beds[2]!.segments[0], STAYS)).toBe("out-of-service");
  });
});

describe("the calendar", () => {
  const model = calendarModel({
    occupancy: occupancyOf("2026-11-30", "2026-12-06"),
    stays: STAYS,
    nights: 7,
  });

  it("has a column a night, each linking to its day view, the month named where the window starts and where a month starts", () => {
    expect(model.columns.map((c) => c.date)).toEqual([
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
    ]);
    expect(model.columns[2]).toMatchObject({
      href: "/premises/ldn-camberwell/calendar/2026-12-02",
      weekday: "Wed",
      day: "2",
      today: true,
      label: "Wednesday 2 December 2026",
    });
    expect(model.columns.map((c) => c.month)).toEqual(["Nov", "Dec", "", "", "", "", ""]);
  });

  it("spans every night of the window in each bed's row, the stay linking to its placement page", () => {
    for (const row of model.rows) expect(row.cells.reduce((n, c) => n + c.colspan, 0)).toBe(7);
    const b01 = model.rows[0]!.cells;
    expect(b01.map((c) => [c.state, c.colspan, c.text])).toEqual([
      ["free", 1, ""],
      ["occupied", 4, "X100001"],
      ["buffer", 2, "Buffer"],
    ]);
    expect(b01[1]!.href).toBe("/premises/ldn-camberwell/placements/bk-in");
    expect(b01[1]!.title).toBe("Occupied by X100001, 1 December 2026 to 4 December 2026");
    expect(model.rows[1]!.cells.map((c) => c.state)).toEqual(["free", "booked"]);
    expect(model.rows[3]!.cells.map((c) => [c.state, c.text])).toEqual([
      ["free", ""],
      ["on-hold", "On hold"],
    ]);
    expect(model.free).toEqual([4, 3, 2, 2, 2, 1, 1]);
  });

  it("steps a window back and forward and downloads the same window", () => {
    expect(model.earlier).toBe("/premises/ldn-camberwell/calendar?from=2026-11-23&nights=7");
    expect(model.later).toBe("/premises/ldn-camberwell/calendar?from=2026-12-07&nights=7");
    expect(model.csvHref).toBe("/premises/ldn-camberwell/calendar.csv?from=2026-11-30&nights=7");
    expect(model.windowOptions.find((o) => o.selected)?.value).toBe("7");
    expect(model.range).toBe("30 November 2026 to 6 December 2026");
  });
});

describe("the day view", () => {
  it("lists each bed with its state, who is in it and until when", () => {
    const model = dayModel({
      occupancy: occupancyOf("2026-12-04", "2026-12-04"),
      stays: STAYS,
      outOfService: [],
    });
    expect(model.heading).toBe("Friday 4 December 2026");
    expect(model.beds.map((b) => [b.bedId, b.stateText, b.person?.name, b.detail])).toEqual([
      ["b01", "Occupied", "Ann Example", "Arrived 1 Dec 2026, departs 5 Dec 2026"],
      ["b02", "Booked", "Bob Example", "Arrives 4 Dec 2026, departs 20 Dec 2026"],
      ["b03", "Free", undefined, undefined],
      ["b04", "Free", undefined, undefined],
    ]);
    expect(model.beds[1]!.person?.href).toBe("/premises/ldn-camberwell/placements/bk-due");
    expect(model.previous.href).toBe("/premises/ldn-camberwell/calendar/2026-12-03");
    expect(model.next.href).toBe("/premises/ldn-camberwell/calendar/2026-12-05");
    expect(Object.fromEntries(model.summary.map((r) => [r.key.text, r.value.text]))).toMatchObject({
      Beds: "4",
      Occupied: "1",
      Booked: "1",
      Free: "2",
      Arrivals: "1",
    });
  });

  it("describes an out-of-service bed from its own record, not the one night shown", () => {
    const model = dayModel({
      occupancy: occupancyOf("2026-12-03", "2026-12-03"),
      stays: STAYS,
      outOfService: [
        {
          outOfServiceId: "oos1",
          premisesId: "ldn-camberwell",
          bedId: "b03",
          startDate: "2026-12-02",
          endDate: "2026-12-03",
          reason: "planned-works",
          status: "active",
          version: 1,
          createdAt: "",
          createdBy: "",
        },
      ],
    });
    expect(model.beds[2]).toMatchObject({
      state: "out-of-service",
      detail: "Planned works, until 3 December 2026",
    });
  });
});

describe("a held bed", () => {
  it("is on hold in the day view until the hold lapses", () => {
    const occupancy: PremisesOccupancy = {
      premisesId: "ldn-camberwell",
      name: "Camberwell Road AP",
      today: TODAY,
      ...computeOccupancy(
        [BEDS[0]!],
        [
          {
            kind: "hold",
            bedId: "b01",
            startDate: "2026-12-02",
            lastNight: "2026-12-04",
            holdId: "h1",
            holdUntil: "2026-12-04T10:00:00Z",
          } as OccupancyFootprint,
        ],
        { from: "2026-12-03", to: "2026-12-03" },
      ),
    };
    const model = dayModel({ occupancy, stays: STAYS, outOfService: [] });
    expect(model.beds[0]).toMatchObject({
      state: "on-hold",
      stateText: "On hold",
      detail: "Bed on hold for a named person, held until 4 December 2026 at 10:00am",
    });
  });
});

describe("the premises pages' sub navigation", () => {
  it("offers the same pages everywhere and marks the current one", () => {
    const nav = premisesNav("ldn-camberwell", "calendar");
    expect(nav.items.map((i) => i.text)).toEqual([
      "Placements",
      "Calendar",
      "Out of service beds",
      "Alerts",
      "Move-on",
    ]);
    expect(nav.items.filter((i) => i.active).map((i) => i.href)).toEqual([
      "/premises/ldn-camberwell/calendar",
    ]);
  });
});
