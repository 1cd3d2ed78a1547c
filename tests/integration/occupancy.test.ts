import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates.js";
import { keys } from "../../shared/store/keys.js";
import { useLocalApi } from "../support/local-api.js";

const api = useLocalApi();
const admin = { role: "admin" } as const;
const cru = { role: "cru" } as const;
const manager = { role: "ap-manager", premises: ["p-occ"] } as const;

const premises = (premisesId: string, area = "london") => ({
  premisesId,
  name: `AP ${premisesId}`,
  area,
  gender: "male",
  bufferDays: 2,
  characteristics: [],
  beds: [
    { bedId: "b1", room: "1", characteristics: ["single-room", "en-suite"] },
    { bedId: "b2", room: "2", characteristics: ["step-free", "wheelchair-accessible"] },
    { bedId: "b3", room: "3", characteristics: ["arson-suitable"] },
    { bedId: "b4", room: "4", characteristics: [] },
  ],
});

/** A stay footprint as the allocation store writes it: nights startDate…departure-1, buffer to lastNight. */
async function putStay(
  premisesId: string,
  bedId: string,
  startDate: string,
  departureDate: string,
  bufferNights: number,
  crn: string,
) {
  const bookingId = `bk-${premisesId}-${bedId}-${startDate}`;
  const lastNight = addDays(departureDate, bufferNights - 1);
  await api.ddb.send(
    new PutCommand({
      TableName: api.tableName,
      Item: {
        ...keys.stayFootprint(premisesId, lastNight, bedId, bookingId),
        type: "footprint",
        kind: "stay",
        premisesId,
        bedId,
        startDate,
        departureDate,
        lastNight,
        bookingId,
        crn,
        riskOfSeriousHarm: "high",
        noticeType: "short-notice",
        status: "booked",
      },
    }),
  );
  return bookingId;
}

async function putAlert(premisesId: string, status: string, n: number) {
  await api.ddb.send(
    new PutCommand({
      TableName: api.tableName,
      Item: {
        ...keys.alert(`al-${premisesId}-${n}`),
        type: "alert",
        GSI1PK: `ALERTS#PREMISES#${premisesId}`,
        GSI1SK: `${status}#2026-11-2${n}T02:00:00.000Z#al-${premisesId}-${n}`,
        status,
      },
    }),
  );
}

let previousNow: string | undefined;
let b1Booking = "";

beforeAll(async () => {
  previousNow = process.env.AP_FIXED_NOW;
  process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";
  for (const [id, area] of [
    ["p-occ", "london"],
    ["p-occ2", "london"],
    ["p-wales", "wales"],
  ] as const) {
    expect((await api.call("POST", "/premises", { as: admin, body: premises(id, area) })).status).toBe(201);
  }
  // p-occ: b1 resident until 26 Nov (+2 buffer nights), b2 out of service 25–27 Nov,
  // b3 arrives 24 Nov and departs 1 Dec, b4 had a zero-buffer stay that departs today and a long-past stay.
  b1Booking = await putStay("p-occ", "b1", "2026-11-20", "2026-11-26", 2, "A111111");
  await putStay("p-occ", "b3", "2026-11-24", "2026-12-01", 2, "B222222");
  await putStay("p-occ", "b4", "2026-11-10", "2026-11-23", 0, "C333333");
  await putStay("p-occ", "b4", "2026-08-01", "2026-09-01", 2, "D444444");
  const oos = await api.call("POST", "/premises/p-occ/beds/b2/out-of-service", {
    as: manager,
    body: { startDate: "2026-11-25", endDate: "2026-11-27", reason: "unplanned-repair" },
  });
  expect(oos.status).toBe(201);
  await putAlert("p-occ", "open", 1);
  await putAlert("p-occ", "open", 2);
  await putAlert("p-occ", "acknowledged", 3);
  await putAlert("p-occ2", "resolved", 4);
});

afterAll(() => {
  if (previousNow === undefined) delete process.env.AP_FIXED_NOW;
  else process.env.AP_FIXED_NOW = previousNow;
});

const counts = (d: Record<string, unknown>) =>
  [d.date, d.beds, d.occupied, d.buffer, d.outOfService, d.free, d.arrivals, d.departures].join(" ");

describe("GET /premises/{id}/occupancy", () => {
  it("counts a constructed week exactly", async () => {
    const res = await api.call("GET", "/premises/p-occ/occupancy?from=2026-11-23&to=2026-11-29", {
      as: manager,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      premisesId: "p-occ",
      from: "2026-11-23",
      to: "2026-11-29",
      today: "2026-11-23",
    });
    // date beds occupied buffer outOfService free arrivals departures
    expect(res.body.days.map(counts)).toEqual([
      "2026-11-23 4 1 0 0 3 0 1",
      "2026-11-24 4 2 0 0 2 1 0",
      "2026-11-25 4 2 0 1 1 0 0",
      "2026-11-26 4 1 1 1 1 0 1",
      "2026-11-27 4 1 1 1 1 0 0",
      "2026-11-28 4 1 0 0 3 0 0",
      "2026-11-29 4 1 0 0 3 0 0",
    ]);
    expect(res.body.days[0].freeByCharacteristic).toEqual({
      "single-room": 0,
      "en-suite": 0,
      "step-free": 1,
      "wheelchair-accessible": 1,
      "ground-floor": 0,
      "arson-suitable": 1,
      "sexual-offence-suitable": 0,
    });
    expect(res.body.days[2].freeByCharacteristic["step-free"]).toBe(0);
    const segments = Object.fromEntries(res.body.beds.map((b: any) => [b.bedId, b.segments]));
    expect(segments.b1).toEqual([
      {
        kind: "occupied",
        startDate: "2026-11-23",
        endDate: "2026-11-25",
        bookingId: b1Booking,
        crn: "A111111",
        riskOfSeriousHarm: "high",
        noticeType: "short-notice",
        arrivalDate: "2026-11-20",
        departureDate: "2026-11-26",
      },
      { kind: "buffer", startDate: "2026-11-26", endDate: "2026-11-27", bookingId: b1Booking },
    ]);
    expect(segments.b2).toEqual([
      expect.objectContaining({
        kind: "out-of-service",
        startDate: "2026-11-25",
        endDate: "2026-11-27",
        reason: "unplanned-repair",
      }),
    ]);
    expect(segments.b3.map((s: any) => `${s.kind} ${s.startDate} ${s.endDate}`)).toEqual([
      "occupied 2026-11-24 2026-11-29",
    ]);
    expect(segments.b4).toEqual([]);
    expect(res.body.beds[0]).toMatchObject({
      bedId: "b1",
      room: "1",
      characteristics: ["single-room", "en-suite"],
    });
    expect(res.body.movements.map((m: any) => `${m.date} ${m.type} ${m.crn}`)).toEqual([
      "2026-11-23 departure C333333",
      "2026-11-24 arrival B222222",
      "2026-11-26 departure A111111",
    ]);
  });

  it("defaults to 84 nights from today, and allows 366", async () => {
    const res = await api.call("GET", "/premises/p-occ/occupancy", { as: cru });
    expect(res.status).toBe(200);
    expect(res.body.from).toBe("2026-11-23");
    expect(res.body.to).toBe("2027-02-14");
    expect(res.body.days).toHaveLength(84);
    const year = await api.call(
      "GET",
      `/premises/p-occ/occupancy?from=2026-11-23&to=${addDays("2026-11-23", 365)}`,
      { as: admin },
    );
    expect(year.status).toBe(200);
    expect(year.body.days).toHaveLength(366);
  });

  it.each([
    ["367 nights", "from=2026-11-23&to=2027-11-24", "to"],
    ["an impossible date", "from=2026-02-30&to=2026-03-05", "from"],
    ["from after to", "from=2026-12-05&to=2026-12-01", "to"],
    ["an unknown parameter", "from=2026-12-01&nights=7", "nights"],
    ["a malformed date", "to=1-12-2026", "to"],
  ])("refuses %s with 400 naming the parameter", async (_label, qs, name) => {
    for (const path of ["occupancy", "occupancy.csv"]) {
      const res = await api.call("GET", `/premises/p-occ/${path}?${qs}`, { as: cru });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.invalidParams.map((p: any) => p.name)).toContain(name);
    }
  });

  it("scopes to the ap-manager's own premises and needs a token", async () => {
    const other = await api.call("GET", "/premises/p-occ/occupancy", {
      as: { role: "ap-manager", premises: ["p-occ2"] },
    });
    expect(other.status).toBe(404);
    const otherCsv = await api.call("GET", "/premises/p-occ/occupancy.csv", {
      as: { role: "ap-manager", premises: ["p-occ2"] },
    });
    expect(otherCsv.status).toBe(404);
    // Another premises and no premises answer alike, so a manager cannot probe for premises ids.
    expect((await api.call("GET", "/premises/nowhere/occupancy", { as: manager })).status).toBe(404);
    expect((await api.call("GET", "/premises/nowhere/occupancy", { as: cru })).status).toBe(404);
    expect((await api.call("GET", "/premises/p-occ/occupancy")).status).toBe(401);
  });

  it("shows exactly one of several racing out-of-service requests for the same nights", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.call("POST", "/premises/p-occ2/beds/b4/out-of-service", {
          as: admin,
          body: { startDate: "2026-12-10", endDate: `2026-12-1${2 + (i % 3)}`, reason: "planned-works" },
        }),
      ),
    );
    expect(attempts.filter((r) => r.status === 201)).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 409)).toHaveLength(5);
    const winner = attempts.find((r) => r.status === 201)!.body;
    const occ = await api.call("GET", "/premises/p-occ2/occupancy?from=2026-12-01&to=2026-12-31", {
      as: cru,
    });
    const b4 = occ.body.beds.find((b: any) => b.bedId === "b4");
    expect(b4.segments).toEqual([
      expect.objectContaining({ kind: "out-of-service", startDate: "2026-12-10", endDate: winner.endDate }),
    ]);
    expect(occ.body.days.filter((d: any) => d.outOfService === 1)).toHaveLength(
      Number(winner.endDate.slice(8)) - 9,
    );
  });
});

describe("GET /premises/{id}/occupancy.csv", () => {
  it("is RFC 4180 CSV with a header and one CRLF row a night", async () => {
    const res = await api.call("GET", "/premises/p-occ/occupancy.csv?from=2026-11-23&to=2026-11-29", {
      as: manager,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="occupancy-p-occ-2026-11-23-2026-11-29.csv"',
    );
    expect(res.text.endsWith("\r\n")).toBe(true);
    const lines = res.text.slice(0, -2).split("\r\n");
    expect(lines).toHaveLength(1 + 7);
    expect(res.text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(lines[0]).toBe(
      "date,beds,occupied,buffer,out_of_service,free,arrivals,departures,free_single_room,free_en_suite,free_step_free,free_wheelchair_accessible,free_ground_floor,free_arson_suitable,free_sexual_offence_suitable",
    );
    expect(lines[1]).toBe("2026-11-23,4,1,0,0,3,0,1,0,0,1,1,0,1,0");
    expect(lines[4]).toBe("2026-11-26,4,1,1,1,1,0,1,0,0,0,0,0,0,0");
    const defaulted = await api.call("GET", "/premises/p-occ/occupancy.csv", { as: cru });
    expect(defaulted.text.slice(0, -2).split("\r\n")).toHaveLength(85);
  });
});

describe("GET /occupancy (area view)", () => {
  it("summarises each premises of an area on a date with 28 nights of free beds and open alerts", async () => {
    const res = await api.call("GET", "/occupancy?area=london&date=2026-11-25", { as: cru });
    expect(res.status).toBe(200);
    expect(res.body.date).toBe("2026-11-25");
    expect(res.body.items.map((i: any) => i.premisesId)).toEqual(["p-occ", "p-occ2"]);
    const occ = res.body.items[0];
    expect(occ).toMatchObject({
      premisesId: "p-occ",
      name: "AP p-occ",
      area: "london",
      beds: 4,
      occupied: 2,
      buffer: 0,
      outOfService: 1,
      free: 1,
      lowestFreeNext28: { count: 1, date: "2026-11-25" },
      openAlerts: 2,
    });
    expect(occ.freeNext28).toHaveLength(28);
    // 25–27 Nov: 1 free; 28–30 Nov: 3; 1–2 Dec: b3's buffer, 3; from 3 Dec all 4.
    expect(occ.freeNext28.slice(0, 9)).toEqual([1, 1, 1, 3, 3, 3, 3, 3, 4]);
    expect(res.body.items[1]).toMatchObject({ premisesId: "p-occ2", beds: 4, free: 4, openAlerts: 0 });
  });

  it("covers every area when none is named, and defaults the date to today", async () => {
    const res = await api.call("GET", "/occupancy", { as: admin });
    expect(res.status).toBe(200);
    expect(res.body.date).toBe("2026-11-23");
    expect(res.body.items.map((i: any) => i.premisesId).sort()).toEqual(["p-occ", "p-occ2", "p-wales"]);
    const pOcc = res.body.items.find((i: any) => i.premisesId === "p-occ");
    expect(pOcc).toMatchObject({ occupied: 1, free: 3, lowestFreeNext28: { count: 1, date: "2026-11-25" } });
  });

  it("pages with a cursor", async () => {
    const first = await api.call("GET", "/occupancy?limit=2", { as: cru });
    expect(first.body.items).toHaveLength(2);
    const second = await api.call("GET", `/occupancy?limit=2&cursor=${first.body.nextCursor}`, { as: cru });
    expect(second.body.items).toHaveLength(1);
    expect((await api.call("GET", "/occupancy?cursor=bm90LWEtY3Vyc29y", { as: cru })).status).toBe(400);
  });

  it("shows an ap-manager only its own premises", async () => {
    const res = await api.call("GET", "/occupancy", {
      as: { role: "ap-manager", premises: ["p-occ2", "gone"] },
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.premisesId)).toEqual(["p-occ2"]);
    const elsewhere = await api.call("GET", "/occupancy?area=wales", {
      as: { role: "ap-manager", premises: ["p-occ2"] },
    });
    expect(elsewhere.body.items).toEqual([]);
  });

  it("refuses an unknown area or impossible date with 400", async () => {
    expect((await api.call("GET", "/occupancy?area=mars", { as: cru })).status).toBe(400);
    expect((await api.call("GET", "/occupancy?date=2026-02-30", { as: cru })).status).toBe(400);
  });

  it("reads footprints by window, never the past: the August stay is not in the query", async () => {
    // The same key condition the store uses, to prove history stays out of the read.
    const out = await api.ddb.send(
      new QueryCommand({
        TableName: api.tableName,
        KeyConditionExpression: "PK = :pk AND SK BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": "PREMISES#p-occ",
          ":from": "FOOTPRINT#2026-11-22",
          ":to": "FOOTPRINT#~",
        },
      }),
    );
    expect(out.Items!.some((i) => i.crn === "D444444")).toBe(false);
    expect(out.Items!.some((i) => i.crn === "C333333")).toBe(true);
  });
});
