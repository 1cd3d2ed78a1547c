import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as nightly } from "../../functions/nightly.js";
import { checkInvariants, readTable } from "../support/invariants.js";
import { useLocalApi } from "../support/local-api.js";
import {
  allocate,
  createPremises,
  cru,
  footprintsOf,
  managerOf,
  NOW,
  putReferral,
  TODAY,
} from "./allocation-fixtures.js";

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();
const manager = managerOf("p-hold");

async function residentWithConfirmedMoveOn(bedId: string) {
  const r = await putReferral(api);
  const made = await allocate(api, r.referralId, {
    premisesId: "p-hold",
    bedId,
    arrivalDate: TODAY,
    departureDate: "2027-02-23",
  });
  expect(made.status).toBe(201);
  const id = made.body.bookingId;
  expect(
    (await api.call("POST", `/bookings/${id}/arrival`, { as: manager, body: { arrivalDate: TODAY } })).status,
  ).toBe(200);
  await api.ddb.send(
    new UpdateCommand({
      TableName: api.tableName,
      Key: { PK: `BOOKING#${id}`, SK: "#BOOKING" },
      UpdateExpression: "SET moveOn = :m, version = version + :one",
      ExpressionAttributeValues: {
        ":m": { status: "confirmed", category: "private-rented", availableFrom: "2026-12-15" },
        ":one": 1,
      },
    }),
  );
  return id;
}

/** A reduction of the stay to 20 Dec, made for `forReferralId`, approved by the manager. */
async function approvedReduction(bookingId: string, forReferralId: string) {
  const asked = await api.call("POST", `/bookings/${bookingId}/stay-reductions`, {
    as: cru,
    body: { newDepartureDate: "2026-12-20", forReferralId, reason: "a bed for an emergency release" },
  });
  expect(asked.status).toBe(201);
  const decided = await api.call("POST", `/stay-reductions/${asked.body.requestId}/decision`, {
    as: manager,
    body: { decision: "approved", reason: "Move-on is ready" },
  });
  expect(decided.status).toBe(200);
  return decided.body;
}

/** Every invariant the checker knows. */
async function expectInvariants() {
  expect(checkInvariants(await readTable(api.ddb, api.tableName)).violations).toEqual([]);
}

const held = { arrivalDate: "2026-12-22", departureDate: "2027-02-01" };

beforeAll(async () => {
  await createPremises(api, "p-hold", { beds: 3, bufferDays: 2 });
});
afterAll(() => {
  process.env.AP_FIXED_NOW = NOW;
});

describe("freed nights are held for the referral they were freed for (#12.14)", () => {
  it("holds the freed nights (bed-on-hold in occupancy); another allocation is 409 held; the referral's own allocation consumes the hold", async () => {
    const stay = await residentWithConfirmedMoveOn("b1");
    const forReferral = await putReferral(api);
    const other = await putReferral(api);
    const decided = await approvedReduction(stay, forReferral.referralId);
    // The stay's footprint now ends with its buffer on 21 Dec; it held nights to 24 Feb.
    expect(decided.hold).toEqual({
      holdId: decided.requestId,
      startDate: "2026-12-22",
      endDate: "2027-02-24",
      holdUntil: "2026-11-25T10:00:00.000Z",
    });

    const occupancy = await api.call("GET", "/premises/p-hold/occupancy?from=2026-12-15&to=2027-03-01", {
      as: cru,
    });
    const b1 = occupancy.body.beds.find((b: { bedId: string }) => b.bedId === "b1");
    expect(b1.segments).toContainEqual(
      expect.objectContaining({
        kind: "out-of-service",
        reason: "bed-on-hold",
        startDate: "2026-12-22",
        endDate: "2027-02-24",
        forReferralId: forReferral.referralId,
        holdUntil: "2026-11-25T10:00:00.000Z",
      }),
    );

    const taken = await allocate(api, other.referralId, { premisesId: "p-hold", bedId: "b1", ...held });
    expect(taken.status).toBe(409);
    expect(taken.body.type).toMatch(/held$/);
    expect(taken.body.conflicts).toContainEqual(
      expect.objectContaining({ kind: "held", referralId: forReferral.referralId, startDate: "2026-12-22" }),
    );

    const options = await api.call("GET", `/referrals/${forReferral.referralId}/bed-options`, { as: cru });
    expect(options.status).toBe(200);

    const mine = await allocate(api, forReferral.referralId, { premisesId: "p-hold", bedId: "b1", ...held });
    expect(mine.status).toBe(201);
    const footprints = await footprintsOf(api, "p-hold");
    expect(footprints.filter((f) => f.kind === "hold")).toEqual([]);
    await expectInvariants();
  });

  it("an expired hold binds nobody; the nightly job ends it from the sparse index; racing allocations after expiry: one wins", async () => {
    const stay = await residentWithConfirmedMoveOn("b2");
    const forReferral = await putReferral(api);
    const decided = await approvedReduction(stay, forReferral.referralId);
    expect(decided.hold.holdUntil).toBe("2026-11-25T10:00:00.000Z");

    // Before expiry the nightly job leaves it alone.
    const early = await nightly({ date: "2026-11-24" });
    expect(early.holdsEnded).toBe(0);
    expect((await footprintsOf(api, "p-hold")).filter((f) => f.kind === "hold")).toHaveLength(1);

    process.env.AP_FIXED_NOW = "2026-11-26T10:00:00Z";
    const ended = await nightly({ date: "2026-11-26" });
    expect(ended.holdsEnded).toBe(1);
    expect((await footprintsOf(api, "p-hold")).filter((f) => f.kind === "hold")).toEqual([]);
    const again = await nightly({ date: "2026-11-26" });
    expect(again.holdsEnded).toBe(0);

    const a = await putReferral(api);
    const results = await Promise.all([
      allocate(api, a.referralId, { premisesId: "p-hold", bedId: "b2", ...held }),
      allocate(api, forReferral.referralId, { premisesId: "p-hold", bedId: "b2", ...held }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    await expectInvariants();
  });
});
