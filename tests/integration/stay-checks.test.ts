import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants, readTable } from "../support/invariants.js";
import { useLocalApi } from "../support/local-api.js";
import {
  admin,
  allocate,
  createPremises,
  cru,
  itemsIn,
  managerOf,
  NOW,
  putReferral,
  TODAY,
} from "./allocation-fixtures.js";

// The stay changes make the same checks as an allocation (#12.12–13): a transfer goes through
// the placement check (suitability, archived beds, the risk mix counting the mover once), a
// date change replans the pre-arrival checklist, and a changed risk reaches the placed stay.
process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();
const MOVE_DAY = "2026-11-30";

async function arrivedStay(premisesId: string, bedId: string, risk: "medium" | "very-high") {
  const r = await putReferral(api, { riskOfSeriousHarm: risk });
  const made = await allocate(api, r.referralId, {
    premisesId,
    bedId,
    arrivalDate: TODAY,
    departureDate: "2027-01-20",
  });
  expect(made.status, made.text).toBe(201);
  const arrived = await api.call("POST", `/bookings/${made.body.bookingId}/arrival`, {
    as: managerOf(premisesId),
    body: { arrivalDate: TODAY },
  });
  expect(arrived.status).toBe(200);
  return arrived.body as { bookingId: string; version: number };
}

const transfer = (bookingId: string, body: Record<string, unknown>) =>
  api.call("POST", `/bookings/${bookingId}/transfer`, {
    as: cru,
    body: { date: MOVE_DAY, reason: "risk management", emergency: false, ...body },
  });

const stays: Record<string, { bookingId: string; version: number }> = {};

beforeAll(async () => {
  await createPremises(api, "p-src", { beds: 3, bufferDays: 0 });
  await createPremises(api, "p-lim", { beds: 3, bufferDays: 0 });
  await createPremises(api, "p-women", { beds: 2, bufferDays: 0, gender: "female" });
  stays.inLimited = await arrivedStay("p-lim", "b1", "very-high");
  stays.mover = await arrivedStay("p-src", "b1", "very-high");
  const limit = await api.call("PATCH", "/premises/p-lim", {
    as: admin,
    body: { riskLimits: { veryHighRosh: 1 } },
  });
  expect(limit.status, limit.text).toBe(200);
  process.env.AP_FIXED_NOW = `${MOVE_DAY}T10:00:00Z`;
});
afterAll(() => {
  process.env.AP_FIXED_NOW = NOW;
});

describe("a transfer makes the allocation's placement checks", () => {
  it("counts the mover once on a move within a premises at its risk limit", async () => {
    const moved = await transfer(stays.inLimited!.bookingId, { premisesId: "p-lim", bedId: "b3" });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.to).toMatchObject({ premisesId: "p-lim", bedId: "b3", status: "arrived" });
    expect(moved.body.to.riskMixOverride).toBeUndefined();
  });

  it("refuses an unsuitable bed and a bed archived before the planned departure, changing nothing", async () => {
    const women = await transfer(stays.mover!.bookingId, { premisesId: "p-women", bedId: "b1" });
    expect(women.status).toBe(409);
    expect(women.body.type).toMatch(/unsuitable-bed$/);
    expect(women.body.conflicts[0]).toMatchObject({ kind: "unsuitable", bedId: "b1" });

    const archived = await api.call("PUT", "/premises/p-src/beds/b3/archive", {
      as: managerOf("p-src"),
      body: { archivedFrom: "2026-12-20", reason: "the room becomes an office" },
    });
    expect(archived.status, archived.text).toBe(200);
    const closed = await transfer(stays.mover!.bookingId, { premisesId: "p-src", bedId: "b3" });
    expect(closed.status).toBe(409);
    expect(closed.body.type).toMatch(/bed-not-free$/);

    const still = await api.call("GET", `/bookings/${stays.mover!.bookingId}`, { as: cru });
    expect(still.body).toMatchObject({ status: "arrived", bedId: "b1", version: stays.mover!.version });
  });

  it("refuses a move past the target's risk limit with 409 risk-mix, and records the override when a reason is given", async () => {
    const refused = await transfer(stays.mover!.bookingId, { premisesId: "p-lim", bedId: "b2" });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/risk-mix$/);
    expect(refused.body.conflicts).toEqual([
      expect.objectContaining({ kind: "risk-mix", startDate: MOVE_DAY, endDate: "2027-01-19" }),
    ]);
    expect((await api.call("GET", `/bookings/${stays.mover!.bookingId}`, { as: cru })).body.status).toBe(
      "arrived",
    );

    const overridden = await transfer(stays.mover!.bookingId, {
      premisesId: "p-lim",
      bedId: "b2",
      riskMixOverrideReason: "agreed at MAPPA; waking night cover added",
    });
    expect(overridden.status, overridden.text).toBe(200);
    expect(overridden.body.to.riskMixOverride).toMatchObject({
      reason: "agreed at MAPPA; waking night cover added",
      by: expect.any(String),
    });
    const audit = await itemsIn(api, `BOOKING#${overridden.body.to.bookingId}`, "AUDIT#");
    expect(audit.map((a) => a.after)).toContainEqual(
      expect.objectContaining({
        riskMixOverrideReason: "agreed at MAPPA; waking night cover added",
        riskMixBreaches: [expect.objectContaining({ limit: "veryHighRosh", max: 1, peak: 2 })],
      }),
    );
  });
});

describe("a date change replans the pre-arrival checklist", () => {
  it("moves every due date with the new arrival, compressed where the notice no longer allows, keeping what was done", async () => {
    process.env.AP_FIXED_NOW = NOW;
    await createPremises(api, "p-dates", { beds: 1, bufferDays: 0 });
    const r = await putReferral(api, {
      expectedArrivalDate: "2026-12-20",
      expectedDepartureDate: "2027-02-01",
    });
    const made = await allocate(api, r.referralId, { premisesId: "p-dates", bedId: "b1" });
    expect(made.status, made.text).toBe(201);
    const id = made.body.bookingId;
    const path = `/bookings/${id}/pre-arrival`;
    const before = await api.call("GET", path, { as: cru });
    expect(before.body.items.find((i: { itemId: string }) => i.itemId === "risk-information")).toMatchObject({
      dueDate: "2026-12-06",
      compressed: false,
    });
    expect(before.body.compressed).toBe(false);
    const done = await api.call("PUT", `${path}/items/room-prepared`, {
      as: managerOf("p-dates"),
      body: { status: "done", note: "bedding in" },
    });
    expect(done.status, done.text).toBe(200);

    const changed = await api.call("POST", `/bookings/${id}/date-change`, {
      as: cru,
      body: { arrivalDate: "2026-12-01", departureDate: "2027-01-10", reason: "HDC granted early" },
    });
    expect(changed.status, changed.text).toBe(200);
    const after = await api.call("GET", path, { as: cru });
    expect(after.body).toMatchObject({ arrivalDate: "2026-12-01", compressed: true });
    const due = Object.fromEntries(
      after.body.items.map((i: { itemId: string; dueDate: string; compressed: boolean; status: string }) => [
        i.itemId,
        [i.dueDate, i.compressed, i.status],
      ]),
    );
    // Eight days' notice from today (23 Nov): the 14- and 10-day items are due on arrival day.
    expect(due).toMatchObject({
      "risk-information": ["2026-12-01", true, "to-do"],
      "licence-conditions": ["2026-12-01", true, "to-do"],
      "key-worker": ["2026-11-24", false, "to-do"],
      "room-prepared": ["2026-11-29", false, "done"],
    });
    expect(after.body.items.find((i: { itemId: string }) => i.itemId === "room-prepared").note).toBe(
      "bedding in",
    );
  });
});

describe("a changed risk reaches the placed stay", () => {
  it("copies RoSH and MAPPA to the booking and to the risk mix others are counted against", async () => {
    process.env.AP_FIXED_NOW = NOW;
    await createPremises(api, "p-risk2", { beds: 2, bufferDays: 0 });
    const r = await putReferral(api, {
      expectedArrivalDate: "2026-12-01",
      expectedDepartureDate: "2027-01-10",
    });
    const made = await allocate(api, r.referralId, { premisesId: "p-risk2", bedId: "b1" });
    expect(made.status, made.text).toBe(201);

    const patched = await api.call("PATCH", `/referrals/${r.referralId}`, {
      as: cru,
      body: { riskOfSeriousHarm: "very-high", mappaLevel: 2 },
    });
    expect(patched.status, patched.text).toBe(200);
    const booking = await api.call("GET", `/bookings/${made.body.bookingId}`, { as: cru });
    expect(booking.body).toMatchObject({ riskOfSeriousHarm: "very-high", mappaLevel: 2 });

    const next = await putReferral(api, {
      expectedArrivalDate: "2026-12-05",
      expectedDepartureDate: "2026-12-20",
      preferredPremisesIds: ["p-risk2"],
    });
    const options = await api.call("GET", `/referrals/${next.referralId}/bed-options`, { as: cru });
    expect(options.status).toBe(200);
    const mix = options.body.riskMix.find((m: { premisesId: string }) => m.premisesId === "p-risk2");
    expect(mix.nights).toEqual([
      expect.objectContaining({
        startDate: "2026-12-05",
        endDate: "2026-12-19",
        residents: 1,
        rosh: expect.objectContaining({ veryHigh: 1, medium: 0 }),
        mappa: expect.objectContaining({ level2: 1 }),
      }),
    ]);
  });
});

describe("invariants", () => {
  it("the invariant checker finds no violation after all of the above", async () => {
    expect(checkInvariants(await readTable(api.ddb, api.tableName)).violations).toEqual([]);
  });
});
