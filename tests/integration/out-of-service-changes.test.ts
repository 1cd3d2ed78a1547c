import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertInvariants } from "../support/invariants.js";
import { useLocalApi } from "../support/local-api.js";
import {
  admin,
  allocate,
  createPremises,
  cru,
  footprintsOf,
  itemsIn,
  managerOf,
  NOW,
  putReferral,
} from "./allocation-fixtures.js";

// Issue #12 item 15: out-of-service periods can be ended early, moved or cancelled, with
// conflict checks and revisions; beds can be archived from a date, never deleted.
process.env.AP_FIXED_NOW = NOW; // 2026-11-23
const api = useLocalApi();
const P = "p-oos";
const manager = managerOf(P);

afterAll(() => {
  delete process.env.AP_FIXED_NOW;
});

beforeAll(async () => {
  await createPremises(api, P, { beds: 8, bufferDays: 2 });
  await createPremises(api, "p-elsewhere", { beds: 1 });
});

async function takeOut(bedId: string, startDate: string, endDate: string) {
  const res = await api.call("POST", `/premises/${P}/beds/${bedId}/out-of-service`, {
    as: manager,
    body: { startDate, endDate, reason: "planned-works" },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.outOfServiceId as string;
}

const periodPath = (id: string) => `/premises/${P}/out-of-service/${id}`;
const change = (id: string, body: unknown, version?: number, as: object = manager) =>
  api.call("PATCH", periodPath(id), {
    as: as as typeof manager,
    body,
    headers: version === undefined ? {} : { "if-match": `"${version}"` },
  });
const cancel = (id: string, version?: number, as: object = manager) =>
  api.call("POST", `${periodPath(id)}/cancellation`, {
    as: as as typeof manager,
    body: { reason: "works moved to the summer" },
    headers: version === undefined ? {} : { "if-match": `"${version}"` },
  });

async function stay(bedId: string, arrivalDate: string, departureDate: string, extra = {}) {
  const r = await putReferral(api, {
    expectedArrivalDate: arrivalDate,
    expectedDepartureDate: departureDate,
  });
  return allocate(api, r.referralId, { premisesId: P, bedId, arrivalDate, departureDate, ...extra });
}

describe("changing an out-of-service period", () => {
  it("ends a period under way early, with If-Match, and keeps every revision", async () => {
    const id = await takeOut("b1", "2026-11-20", "2026-11-30");
    const read = await api.call("GET", periodPath(id), { as: cru });
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"1"');
    expect(read.body).toMatchObject({
      status: "active",
      version: 1,
      revisions: [{ action: "out-of-service.created" }],
    });

    const ended = await change(id, { endDate: "2026-11-25" }, 1);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ startDate: "2026-11-20", endDate: "2026-11-25", version: 2 });
    expect(ended.headers.get("etag")).toBe('"2"');

    // A stale version is refused and changes nothing.
    const stale = await change(id, { endDate: "2026-11-24" }, 1);
    expect(stale.status).toBe(412);

    const after = await api.call("GET", periodPath(id), { as: manager });
    expect(after.body.revisions.map((r: { action: string }) => r.action)).toEqual([
      "out-of-service.created",
      "out-of-service.changed",
    ]);
    expect(after.body.revisions[1]).toMatchObject({
      actor: expect.any(String),
      before: { endDate: "2026-11-30", version: 1 },
      after: { endDate: "2026-11-25", version: 2 },
    });
    // The footprint moved with it (its last night is in the key); the list says the same.
    const mine = (await footprintsOf(api, P)).filter((f) => f.outOfServiceId === id);
    expect(mine.map((f) => [f.startDate, f.lastNight])).toEqual([["2026-11-20", "2026-11-25"]]);
    const list = await api.call("GET", `/premises/${P}/out-of-service`, { as: cru });
    expect(list.body.items.find((o: { outOfServiceId: string }) => o.outOfServiceId === id)).toMatchObject({
      endDate: "2026-11-25",
      version: 2,
    });
  });

  it("keeps past nights: a period under way cannot move its first night, nor end before yesterday", async () => {
    const id = await takeOut("b1", "2026-12-20", "2026-12-22");
    const started = await takeOut("b8", "2026-11-21", "2026-11-28");
    const moved = await change(started, { startDate: "2026-11-24" });
    expect(moved.status).toBe(400);
    expect(moved.body.invalidParams.map((p: { name: string }) => p.name)).toContain("startDate");
    const tooEarly = await change(started, { endDate: "2026-11-21" });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.invalidParams[0].name).toBe("endDate");
    const backwards = await change(id, { startDate: "2026-12-23" });
    expect(backwards.status).toBe(400);
  });

  it("refuses new dates that touch a stay's nights or buffer, or another period, with 409 conflicts", async () => {
    const booked = await stay("b2", "2026-12-01", "2026-12-10");
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const id = await takeOut("b2", "2026-12-20", "2026-12-22");
    await takeOut("b2", "2026-12-28", "2026-12-30");

    const intoBuffer = await change(id, { startDate: "2026-12-11" });
    expect(intoBuffer.status).toBe(409);
    expect(intoBuffer.headers.get("content-type")).toContain("application/problem+json");
    expect(intoBuffer.body.type).toMatch(/bed-not-free$/);
    expect(intoBuffer.body.conflicts).toEqual([
      expect.objectContaining({ kind: "buffer", bookingId: booked.body.bookingId, startDate: "2026-12-10" }),
    ]);
    const intoOther = await change(id, { endDate: "2026-12-29" });
    expect(intoOther.status).toBe(409);
    expect(intoOther.body.conflicts[0]).toMatchObject({ kind: "out-of-service", startDate: "2026-12-28" });

    const fine = await change(id, {
      startDate: "2026-12-12",
      endDate: "2026-12-27",
      reason: "flood-or-fire",
    });
    expect(fine.status, JSON.stringify(fine.body)).toBe(200);
    expect(fine.body).toMatchObject({
      reason: "flood-or-fire",
      startDate: "2026-12-12",
      endDate: "2026-12-27",
    });
    await assertInvariants(api.ddb, api.tableName);
  });

  it("cancels a planned period: its nights are free, it stays readable; one under way is ended instead", async () => {
    const id = await takeOut("b3", "2027-01-05", "2027-01-09");
    const cancelled = await cancel(id, 1);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: "cancelled",
      version: 2,
      cancellation: { reason: "works moved to the summer" },
    });
    expect((await footprintsOf(api, P)).filter((f) => f.outOfServiceId === id)).toEqual([]);
    const list = await api.call("GET", `/premises/${P}/out-of-service`, { as: manager });
    expect(list.body.items.map((o: { outOfServiceId: string }) => o.outOfServiceId)).not.toContain(id);
    const read = await api.call("GET", periodPath(id), { as: manager });
    expect(read.body.revisions.map((r: { action: string }) => r.action)).toEqual([
      "out-of-service.created",
      "out-of-service.cancelled",
    ]);
    // The nights are free for a stay again.
    expect((await stay("b3", "2027-01-04", "2027-01-12")).status).toBe(201);

    const again = await change(id, { endDate: "2027-01-08" });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/out-of-service-cancelled$/);

    const underWay = await takeOut("b7", "2026-11-22", "2026-11-26");
    const refused = await cancel(underWay);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/out-of-service-begun$/);
  });

  it("gives a stay back the buffer nights the period had cut short", async () => {
    const id = await takeOut("b4", "2026-12-11", "2026-12-15");
    const booked = await stay("b4", "2026-12-01", "2026-12-10", { bufferOverrideReason: "needed at once" });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.bufferNights).toBe(1);
    expect((await cancel(id)).status).toBe(200);
    const b = await api.call("GET", `/bookings/${booked.body.bookingId}`, { as: cru });
    expect(b.body.bufferNights).toBe(2);
    const fp = (await footprintsOf(api, P)).find((f) => f.bookingId === booked.body.bookingId);
    expect(fp?.lastNight).toBe("2026-12-11");
    await assertInvariants(api.ddb, api.tableName);
  });

  it("is the premises' manager's or an admin's; CRU may read, another premises' manager finds nothing", async () => {
    const id = await takeOut("b5", "2027-02-01", "2027-02-03");
    expect((await change(id, { endDate: "2027-02-02" }, undefined, cru)).status).toBe(403);
    expect((await change(id, { endDate: "2027-02-02" }, undefined, managerOf("p-elsewhere"))).status).toBe(
      404,
    );
    const wrongPremises = await api.call("GET", `/premises/p-elsewhere/out-of-service/${id}`, { as: admin });
    expect(wrongPremises.status).toBe(404);
    expect((await change(id, { endDate: "2027-02-02" }, undefined, admin)).status).toBe(200);
  });
});

describe("concurrent changes on one bed", () => {
  it("two periods moved into the same free nights at once: one wins, the other is 409", async () => {
    for (const [round, base] of [
      [1, "2027-03"],
      [2, "2027-04"],
      [3, "2027-05"],
    ] as const) {
      const a = await takeOut("b6", `${base}-01`, `${base}-02`);
      const b = await takeOut("b6", `${base}-25`, `${base}-26`);
      const [ra, rb] = await Promise.all([
        change(a, { startDate: `${base}-10`, endDate: `${base}-12` }),
        change(b, { startDate: `${base}-11`, endDate: `${base}-13` }),
      ]);
      expect({ round, statuses: [ra.status, rb.status].sort() }).toEqual({ round, statuses: [200, 409] });
    }
    await assertInvariants(api.ddb, api.tableName);
  });

  it("a period moved onto nights an allocation takes at the same moment: never both", async () => {
    for (const month of ["06", "07", "08"]) {
      const id = await takeOut("b6", `2027-${month}-20`, `2027-${month}-21`);
      const r = await putReferral(api, {
        expectedArrivalDate: `2027-${month}-03`,
        expectedDepartureDate: `2027-${month}-10`,
      });
      const [moved, booked] = await Promise.all([
        change(id, { startDate: `2027-${month}-05`, endDate: `2027-${month}-06` }),
        allocate(api, r.referralId, {
          premisesId: P,
          bedId: "b6",
          arrivalDate: `2027-${month}-03`,
          departureDate: `2027-${month}-10`,
        }),
      ]);
      const won = [moved.status === 200, booked.status === 201].filter(Boolean).length;
      expect({ month, won, statuses: [moved.status, booked.status] }).toMatchObject({ month, won: 1 });
    }
    await assertInvariants(api.ddb, api.tableName);
  });
});

describe("archiving a bed", () => {
  const archive = (bedId: string, archivedFrom: string, as: object = manager) =>
    api.call("PUT", `/premises/${P}/beds/${bedId}/archive`, {
      as: as as typeof manager,
      body: { archivedFrom, reason: "the room becomes an office" },
    });

  it("is refused while a stay runs on or past the date; a stay departing that morning is no obstacle", async () => {
    const booked = await stay("b7", "2026-12-01", "2026-12-10");
    expect(booked.status).toBe(201);
    const early = await archive("b7", "2026-12-05");
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/bed-in-use$/);
    expect(early.body.conflicts).toEqual([
      expect.objectContaining({ kind: "occupied", bookingId: booked.body.bookingId, endDate: "2026-12-09" }),
    ]);
    expect((await archive("b7", "2026-11-22")).status).toBe(400);
    const ok = await archive("b7", "2026-12-10");
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({
      bedId: "b7",
      archivedFrom: "2026-12-10",
      archive: { reason: expect.any(String) },
    });
    const premises = await api.call("GET", `/premises/${P}`, { as: cru });
    expect(premises.body.beds.find((b: { bedId: string }) => b.bedId === "b7").archivedFrom).toBe(
      "2026-12-10",
    );
    const audit = (await itemsIn(api, `PREMISES#${P}`, "AUDIT#")).filter((a) => a.action === "bed.archived");
    expect(audit).toHaveLength(1);
  });

  it("allocation refuses the archived nights (kind archived) and bed options stop offering the bed", async () => {
    const refused = await stay("b7", "2026-12-20", "2027-01-10");
    expect(refused.status).toBe(409);
    expect(refused.body.conflicts).toEqual([
      expect.objectContaining({ kind: "archived", startDate: "2026-12-20", endDate: "2027-01-09" }),
    ]);
    const r = await putReferral(api, {
      expectedArrivalDate: "2026-12-20",
      expectedDepartureDate: "2027-01-10",
      preferredPremisesIds: [P],
    });
    const options = await api.call("GET", `/referrals/${r.referralId}/bed-options`, { as: cru });
    expect(options.status).toBe(200);
    const offered = (options.body.options as { premisesId: string; bedId: string }[])
      .filter((o) => o.premisesId === P)
      .map((o) => o.bedId);
    expect(offered).not.toContain("b7");
    expect(offered.length).toBeGreaterThan(0);

    // Taken off again, the bed takes stays and is offered.
    const back = await api.call("DELETE", `/premises/${P}/beds/b7/archive`, { as: manager });
    expect(back.status).toBe(200);
    expect(back.body.archivedFrom).toBeUndefined();
    const again = await api.call("GET", `/referrals/${r.referralId}/bed-options`, { as: cru });
    expect(again.body.options.map((o: { bedId: string }) => o.bedId)).toContain("b7");
  });

  it("an archive and an allocation over its date at the same moment: never both", async () => {
    await createPremises(api, "p-race", { beds: 3 });
    for (const bedId of ["b1", "b2", "b3"]) {
      const r = await putReferral(api);
      const [archived, booked] = await Promise.all([
        api.call("PUT", `/premises/p-race/beds/${bedId}/archive`, {
          as: admin,
          body: { archivedFrom: "2026-12-15", reason: "closing the wing" },
        }),
        allocate(api, r.referralId, {
          premisesId: "p-race",
          bedId,
          arrivalDate: "2026-12-01",
          departureDate: "2027-01-20",
        }),
      ]);
      const won = [archived.status === 200, booked.status === 201].filter(Boolean).length;
      expect({ bedId, won, statuses: [archived.status, booked.status] }).toMatchObject({ bedId, won: 1 });
    }
    await assertInvariants(api.ddb, api.tableName);
  });
});
