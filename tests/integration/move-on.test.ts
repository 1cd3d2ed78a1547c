import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as nightly } from "../../functions/nightly.js";
import { bookingItem } from "../../shared/store/items.js";
import { useLocalApi } from "../support/local-api.js";
import { booking, put, putBooking } from "./alerts-fixtures.js";

const api = useLocalApi();
const manager = { role: "ap-manager", premises: ["p1"] } as const;
const otherManager = { role: "ap-manager", premises: ["p2"] } as const;
const cru = { role: "cru" } as const;
const confirmed = {
  status: "confirmed",
  category: "private-rented",
  address: "Flat 2, 10 High Street, Leeds",
  availableFrom: "2026-12-01",
  localAuthority: "Leeds",
};

beforeAll(async () => {
  process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";
  await put(api.ddb, api.tableName, {
    PK: "PREMISES#p1",
    SK: "#PREMISES",
    type: "premises",
    premisesId: "p1",
  });
});
afterAll(() => {
  delete process.env.AP_FIXED_NOW;
});

const stored = async (bookingId: string) =>
  (
    await api.ddb.send(
      new GetCommand({ TableName: api.tableName, Key: { PK: `BOOKING#${bookingId}`, SK: "#BOOKING" } }),
    )
  ).Item!;

async function partition(bookingId: string) {
  const out = await api.ddb.send(
    new QueryCommand({
      TableName: api.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": `BOOKING#${bookingId}` },
    }),
  );
  return out.Items ?? [];
}

describe("move-on plan", () => {
  it("records a plan, bumps the version without touching index keys, keeps history and audit", async () => {
    const b = booking({ bookingId: "mo-1", departureDate: "2026-12-01" });
    await putBooking(api.ddb, api.tableName, b);
    const first = await api.call("PUT", "/bookings/mo-1/move-on", {
      as: manager,
      body: {
        status: "in-progress",
        category: "cas3",
        dutyToReferDate: "2026-11-20",
        notes: "CAS3 referral made",
      },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      version: 2,
      moveOn: { status: "in-progress", category: "cas3", updatedBy: "ap-manager-user" },
    });
    const second = await api.call("PUT", "/bookings/mo-1/move-on", {
      as: cru,
      body: confirmed,
      headers: { "if-match": '"2"' },
    });
    expect(second.status).toBe(200);
    expect(second.headers.get("etag")).toBe('"3"');
    expect(second.body.history.map((h: { plan: { status: string } }) => h.plan.status)).toEqual([
      "confirmed",
      "in-progress",
    ]);

    const item = await stored("mo-1");
    const keysBefore = bookingItem(b);
    for (const k of ["GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"] as const) expect(item[k]).toBe(keysBefore[k]);
    expect(item).toMatchObject({ version: 3, moveOn: { status: "confirmed", address: confirmed.address } });
    const all = await partition("mo-1");
    expect(all.filter((i) => i.type === "move-on")).toHaveLength(2);
    const audits = all.filter((i) => i.type === "audit");
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({
      action: "booking.move-on-changed",
      before: { status: "in-progress" },
      after: { status: "confirmed" },
    });

    const got = await api.call("GET", "/bookings/mo-1/move-on", { as: manager });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      bookingId: "mo-1",
      version: 3,
      expectedDepartureDate: "2026-12-01",
      moveOn: { status: "confirmed" },
    });
    expect(got.body.history).toHaveLength(2);
  });

  it.each([
    [
      "confirmed without address",
      { status: "confirmed", category: "private-rented", availableFrom: "2026-12-01" },
      ["address"],
    ],
    ["confirmed with nothing", { status: "confirmed" }, ["category", "address", "availableFrom"]],
    ["no fixed abode as confirmed", { ...confirmed, category: "no-fixed-abode" }, ["category"]],
    ["unknown category", { status: "in-progress", category: "tent" }, ["category"]],
    ["impossible date", { ...confirmed, availableFrom: "2026-02-30" }, ["availableFrom"]],
    ["unknown field", { status: "none", colour: "blue" }, ["colour"]],
  ])("rejects %s with 400 naming the field and writes nothing", async (_label, body, fields) => {
    await putBooking(api.ddb, api.tableName, booking({ bookingId: "mo-bad" }));
    const res = await api.call("PUT", "/bookings/mo-bad/move-on", { as: manager, body });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual([...fields].sort());
    expect(await partition("mo-bad")).toHaveLength(1);
    expect((await stored("mo-bad")).version).toBe(1);
  });

  it("allows no-fixed-abode while in progress, so homelessness is recorded honestly", async () => {
    await putBooking(api.ddb, api.tableName, booking({ bookingId: "mo-nfa" }));
    const res = await api.call("PUT", "/bookings/mo-nfa/move-on", {
      as: manager,
      body: { status: "in-progress", category: "no-fixed-abode" },
    });
    expect(res.status).toBe(200);
  });

  it("refuses another premises' manager (404, hidden), unknown bookings (404), stale If-Match (412) and finished stays (409)", async () => {
    await putBooking(api.ddb, api.tableName, booking({ bookingId: "mo-2" }));
    expect(
      (await api.call("PUT", "/bookings/mo-2/move-on", { as: otherManager, body: confirmed })).status,
    ).toBe(404);
    expect((await api.call("GET", "/bookings/mo-2/move-on", { as: otherManager })).status).toBe(404);
    expect((await api.call("PUT", "/bookings/nope/move-on", { as: cru, body: confirmed })).status).toBe(404);
    expect(
      (await api.call("PUT", "/bookings/mo-2/move-on", { as: { role: "admin" }, body: confirmed })).status,
    ).toBe(403);
    const stale = await api.call("PUT", "/bookings/mo-2/move-on", {
      as: manager,
      body: confirmed,
      headers: { "if-match": "7" },
    });
    expect(stale.status).toBe(412);
    expect((await stored("mo-2")).version).toBe(1);
    await putBooking(
      api.ddb,
      api.tableName,
      booking({ bookingId: "mo-3", status: "departed", actualDepartureDate: "2026-11-20" }),
    );
    const done = await api.call("PUT", "/bookings/mo-3/move-on", { as: manager, body: confirmed });
    expect(done.status).toBe(409);
    expect(await partition("mo-3")).toHaveLength(1);
  });

  it("concurrent updates with the same If-Match: exactly one wins, the rest get 412", async () => {
    await putBooking(api.ddb, api.tableName, booking({ bookingId: "mo-race" }));
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.call("PUT", "/bookings/mo-race/move-on", {
          as: manager,
          body: { status: "in-progress", notes: `attempt ${i}` },
          headers: { "if-match": "1" },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(5);
    expect((await stored("mo-race")).version).toBe(2);
    expect((await partition("mo-race")).filter((i) => i.type === "move-on")).toHaveLength(1);
  });

  it("concurrent updates without If-Match all land, each on its own version", async () => {
    await putBooking(api.ddb, api.tableName, booking({ bookingId: "mo-many" }));
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        api.call("PUT", "/bookings/mo-many/move-on", {
          as: manager,
          body: { status: "in-progress", notes: `n${i}` },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await stored("mo-many")).version).toBe(6);
    expect((await partition("mo-many")).filter((i) => i.type === "move-on")).toHaveLength(5);
  });
});

describe("move-on board", () => {
  it("lists current and booked residents by urgency with open alerts, scoped to the premises", async () => {
    const rows = [
      booking({
        bookingId: "bd-secured",
        premisesId: "p1",
        bedId: "b1",
        departureDate: "2026-11-26",
        moveOn: {
          status: "confirmed",
          category: "family-or-friends",
          address: "x",
          availableFrom: "2026-11-26",
        },
      }),
      booking({ bookingId: "bd-overdue", premisesId: "p1", bedId: "b2", departureDate: "2026-11-20" }),
      booking({
        bookingId: "bd-soon",
        premisesId: "p1",
        bedId: "b3",
        departureDate: "2026-11-30",
        hdcEndDate: "2027-03-01",
      }),
      booking({
        bookingId: "bd-booked",
        premisesId: "p1",
        bedId: "b4",
        status: "booked",
        arrivalDate: "2026-12-01",
        departureDate: "2027-02-23",
      }),
      booking({
        bookingId: "bd-departed",
        premisesId: "p1",
        bedId: "b5",
        status: "departed",
        departureDate: "2026-11-25",
        actualDepartureDate: "2026-11-21",
      }),
      booking({
        bookingId: "bd-old",
        premisesId: "p1",
        bedId: "b6",
        status: "departed",
        departureDate: "2025-01-01",
      }),
      booking({ bookingId: "bd-elsewhere", premisesId: "p2", bedId: "b1", departureDate: "2026-11-28" }),
    ];
    for (const b of rows) await putBooking(api.ddb, api.tableName, b);
    await nightly({ date: "2026-11-23" });

    const res = await api.call("GET", "/premises/p1/move-on", { as: manager });
    expect(res.status).toBe(200);
    const board = res.body.items.filter((i: { bookingId: string }) => i.bookingId.startsWith("bd-"));
    expect(board.map((i: { bookingId: string }) => i.bookingId)).toEqual([
      "bd-overdue",
      "bd-soon",
      "bd-booked",
      "bd-secured",
    ]);
    const soon = board[1];
    expect(soon).toMatchObject({
      daysLeft: 7,
      overdue: false,
      hdcEndDate: "2027-03-01",
      moveOn: { status: "not-started", secured: false },
      // Move-on not confirmed while the HDC outlasts the stay: one departure alert that says so,
      // not a licence-gap beside it (licence-gap is for a confirmed move-on that does not cover it).
      openAlerts: { count: 1, kinds: ["departure-without-move-on"] },
    });
    expect(board[0]).toMatchObject({ overdue: true, daysLeft: -3, openAlerts: { count: 1 } });
    expect(board[3]).toMatchObject({
      moveOn: { secured: true, category: "family-or-friends" },
      openAlerts: { count: 0, kinds: [] },
    });

    expect((await api.call("GET", "/premises/p1/move-on", { as: otherManager })).status).toBe(404);
    expect((await api.call("GET", "/premises/p1/move-on", { as: cru })).status).toBe(200);
    expect((await api.call("GET", "/premises/nowhere/move-on", { as: cru })).status).toBe(404);
  });
});
