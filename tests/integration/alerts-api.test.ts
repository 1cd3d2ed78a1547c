import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as nightly } from "../../functions/nightly.js";
import { useLocalApi } from "../support/local-api.js";
import { booking, putBooking, putReferral, referral } from "./alerts-fixtures.js";

const api = useLocalApi();
const m1 = { role: "ap-manager", premises: ["p1"] } as const;
const m2 = { role: "ap-manager", premises: ["p2"] } as const;
const cru = { role: "cru" } as const;

type A = { alertId: string; kind: string; premisesId?: string; status: string; version: number };

beforeAll(async () => {
  process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";
  const t = api.tableName;
  for (let i = 0; i < 5; i++) {
    await putBooking(
      api.ddb,
      t,
      booking({ bookingId: `p1-${i}`, premisesId: "p1", bedId: `b${i}`, departureDate: "2026-12-01" }),
    );
  }
  await putBooking(
    api.ddb,
    t,
    booking({
      bookingId: "p1-hdc",
      premisesId: "p1",
      bedId: "b9",
      departureDate: "2026-12-01",
      hdcEndDate: "2027-02-01",
      // Confirmed, but B&B cannot hold the HDC curfew: a licence gap, and no departure alert.
      moveOn: {
        status: "confirmed",
        category: "temporary-accommodation",
        address: "x",
        availableFrom: "2026-12-01",
      },
    }),
  );
  // Booked to arrive on the 20th and never recorded: arrival overdue, to p1.
  await putBooking(
    api.ddb,
    t,
    booking({
      bookingId: "p1-late",
      premisesId: "p1",
      bedId: "b8",
      status: "booked",
      arrivalDate: "2026-11-20",
      departureDate: "2026-12-03",
    }),
  );
  await putBooking(api.ddb, t, booking({ bookingId: "p2-0", premisesId: "p2", departureDate: "2026-12-02" }));
  await putReferral(api.ddb, t, referral({ referralId: "rf-1", expectedArrivalDate: "2026-11-24" }));
  const summary = await nightly({ date: "2026-11-23" });
  expect(summary.raised).toBe(9);
});
afterAll(() => {
  delete process.env.AP_FIXED_NOW;
});

describe("GET /alerts", () => {
  it("an ap-manager sees only its premises, by default its own, and gets 404 for another (hidden)", async () => {
    const own = await api.call("GET", "/alerts", { as: m1 });
    expect(own.status).toBe(200);
    expect(own.body.items).toHaveLength(7);
    expect(own.body.items.every((a: A) => a.premisesId === "p1" && a.status === "open")).toBe(true);
    expect((await api.call("GET", "/alerts?premisesId=p2", { as: m1 })).status).toBe(404);
    const both = { role: "ap-manager", premises: ["p1", "p2"] } as const;
    const ambiguous = await api.call("GET", "/alerts", { as: both });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.invalidParams[0].name).toBe("premisesId");
    expect((await api.call("GET", "/alerts?premisesId=p2", { as: both })).body.items).toHaveLength(1);
  });

  it("cru sees every premises and the unplaced-referral alerts; kind and status filter by key", async () => {
    const all = await api.call("GET", "/alerts", { as: cru });
    expect(all.body.items).toHaveLength(9);
    const release = await api.call("GET", "/alerts?kind=release-without-accommodation", { as: cru });
    expect(release.body.items.map((a: A & { referralId: string }) => a.referralId)).toEqual(["rf-1"]);
    expect(release.body.items[0].premisesId).toBeUndefined();
    const gap = await api.call("GET", "/alerts?premisesId=p1&kind=licence-gap", { as: m1 });
    expect(gap.body.items.map((a: A & { bookingId: string }) => a.bookingId)).toEqual(["p1-hdc"]);
    expect(gap.body.items[0].detail).toMatch(/temporary-accommodation cannot hold/);
    const late = await api.call("GET", "/alerts?kind=arrival-overdue", { as: cru });
    expect(late.body.items.map((a: A & { bookingId: string }) => [a.bookingId, a.premisesId])).toEqual([
      ["p1-late", "p1"],
    ]);
    const departures = await api.call("GET", "/alerts?premisesId=p1&kind=departure-without-move-on", {
      as: m1,
    });
    expect(departures.body.items.map((a: A & { bookingId: string }) => a.bookingId).sort()).toEqual([
      "p1-0",
      "p1-1",
      "p1-2",
      "p1-3",
      "p1-4",
    ]);
    for (const kind of ["placement-overdue", "pre-arrival-overdue"]) {
      const res = await api.call("GET", `/alerts?kind=${kind}`, { as: cru });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
    expect((await api.call("GET", "/alerts?status=resolved", { as: cru })).body.items).toEqual([]);
    expect((await api.call("GET", "/alerts?status=closed", { as: cru })).status).toBe(400);
    expect((await api.call("GET", "/alerts?kind=flood", { as: cru })).status).toBe(400);
    expect((await api.call("GET", "/alerts", { as: { role: "admin" } })).status).toBe(403);
  });

  it("pages with a cursor and refuses a cursor from another list", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call(
        "GET",
        `/alerts?premisesId=p1&limit=3${cursor ? `&cursor=${cursor}` : ""}`,
        { as: m1 },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((a: A) => a.alertId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const first = await api.call("GET", "/alerts?premisesId=p1&limit=3", { as: m1 });
    const foreign = await api.call("GET", `/alerts?limit=3&cursor=${first.body.nextCursor}`, { as: cru });
    expect(foreign.status).toBe(400);
  });
});

describe("POST /alerts/{alertId}/acknowledgement", () => {
  it("records who and when, moves it out of the open list, and keeps the occupancy count key", async () => {
    const [alert] = (await api.call("GET", "/alerts?kind=departure-without-move-on", { as: m1 })).body
      .items as A[];
    const res = await api.call("POST", `/alerts/${alert!.alertId}/acknowledgement`, {
      as: m1,
      body: { note: "Housing options appointment booked" },
      headers: { "if-match": String(alert!.version) },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "acknowledged",
      acknowledgedBy: "ap-manager-user",
      acknowledgedAt: "2026-11-23T10:00:00.000Z",
      acknowledgedNote: "Housing options appointment booked",
      version: 2,
    });
    expect((await api.call("GET", "/alerts", { as: m1 })).body.items).toHaveLength(6);
    expect((await api.call("GET", "/alerts?status=acknowledged", { as: m1 })).body.items).toHaveLength(1);
    const openKeys = await api.ddb.send(
      new QueryCommand({
        TableName: api.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk AND begins_with(GSI1SK, :open)",
        ExpressionAttributeValues: { ":pk": "ALERTS#PREMISES#p1", ":open": "open#" },
      }),
    );
    expect(openKeys.Items).toHaveLength(6);
    const again = await api.call("POST", `/alerts/${alert!.alertId}/acknowledgement`, { as: m1, body: {} });
    expect(again.status).toBe(409);
  });

  it("refuses another premises' manager, managers on unplaced referrals, stale If-Match and unknown ids", async () => {
    const p1 = (await api.call("GET", "/alerts", { as: m1 })).body.items as A[];
    expect(
      (await api.call("POST", `/alerts/${p1[0]!.alertId}/acknowledgement`, { as: m2, body: {} })).status,
    ).toBe(404);
    const stale = await api.call("POST", `/alerts/${p1[0]!.alertId}/acknowledgement`, {
      as: m1,
      body: {},
      headers: { "if-match": "9" },
    });
    expect(stale.status).toBe(412);
    const [release] = (await api.call("GET", "/alerts?kind=release-without-accommodation", { as: cru })).body
      .items as A[];
    expect(
      (await api.call("POST", `/alerts/${release!.alertId}/acknowledgement`, { as: m1, body: {} })).status,
    ).toBe(404);
    expect(
      (await api.call("POST", `/alerts/${release!.alertId}/acknowledgement`, { as: cru, body: {} })).status,
    ).toBe(200);
    expect(
      (await api.call("POST", `/alerts/${"0".repeat(32)}/acknowledgement`, { as: cru, body: {} })).status,
    ).toBe(404);
    expect((await api.call("POST", "/alerts/not-an-id/acknowledgement", { as: cru, body: {} })).status).toBe(
      404,
    );
    const tooLong = await api.call("POST", `/alerts/${p1[0]!.alertId}/acknowledgement`, {
      as: m1,
      body: { note: "x".repeat(1001) },
    });
    expect(tooLong.status).toBe(400);
  });

  it("concurrent acknowledgements of one alert: exactly one succeeds", async () => {
    const [alert] = (await api.call("GET", "/alerts", { as: m1 })).body.items as A[];
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.call("POST", `/alerts/${alert!.alertId}/acknowledgement`, { as: m1, body: {} }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(4);
  });
});
