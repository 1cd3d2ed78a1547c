import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates.js";
import { nightsHeld } from "../../shared/domain/footprint.js";
import { toFootprint } from "../../shared/store/allocation-store.js";
import { ddb } from "../../shared/store/client.js";
import type { FootprintItem } from "../../shared/store/premises-store.js";
import { useLocalApi } from "../support/local-api.js";
import {
  allocate,
  createPremises,
  cru,
  footprintsOf,
  itemsIn,
  managerOf,
  NOW,
  putReferral,
} from "./allocation-fixtures.js";

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();

const D = "2027-01-10";

async function assertNoDoubleHeldNight(premisesId: string) {
  const fps = (await footprintsOf(api, premisesId)) as FootprintItem[];
  const beds = new Set(fps.map((f) => f.bedId));
  for (const bed of beds)
    expect(() => nightsHeld(fps.filter((f) => f.bedId === bed).map(toFootprint))).not.toThrow();
  return fps;
}

describe("allocation at the buffer boundary (bufferDays 2)", () => {
  let stayA: { bookingId: string };
  beforeAll(async () => {
    await createPremises(api, "p-buf", { beds: 3, bufferDays: 2 });
    const a = await putReferral(api);
    const res = await allocate(api, a.referralId, {
      premisesId: "p-buf",
      bedId: "b1",
      arrivalDate: "2026-12-01",
      departureDate: D,
    });
    expect(res.status).toBe(201);
    stayA = res.body;
  });

  it("refuses arrival on the last buffer night with 409 kind buffer, and writes nothing", async () => {
    const b = await putReferral(api);
    const res = await allocate(api, b.referralId, {
      premisesId: "p-buf",
      bedId: "b1",
      arrivalDate: addDays(D, 1),
      departureDate: "2027-03-01",
    });
    expect(res.status).toBe(409);
    expect(res.body.conflicts).toEqual([
      expect.objectContaining({
        kind: "buffer",
        bookingId: stayA.bookingId,
        startDate: D,
        endDate: addDays(D, 1),
      }),
    ]);
    const referral = await itemsIn(api, `REFERRAL#${b.referralId}`);
    expect(referral).toHaveLength(1); // no audit event either
    expect(referral[0]!.status).toBe("submitted");
    expect((await footprintsOf(api, "p-buf")).filter((f) => f.bedId === "b1")).toHaveLength(1);
  });

  it("accepts arrival the night after the buffer (D+2) as an exact fit", async () => {
    const b = await putReferral(api);
    const res = await allocate(api, b.referralId, {
      premisesId: "p-buf",
      bedId: "b1",
      arrivalDate: addDays(D, 2),
      departureDate: "2027-03-01",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fit: "exact", status: "booked", bufferDays: 2, bufferNights: 2 });
    const referral = (await itemsIn(api, `REFERRAL#${b.referralId}`, "#REFERRAL"))[0]!;
    expect(referral).toMatchObject({ status: "allocated", version: 2, GSI3PK: "REFERRALS#PREMISES#p-buf" });
    expect(referral.placement.bookingId).toBe(res.body.bookingId);
    const bookingAudit = await itemsIn(api, `BOOKING#${res.body.bookingId}`, "AUDIT#");
    const referralAudit = await itemsIn(api, `REFERRAL#${b.referralId}`, "AUDIT#");
    expect(bookingAudit.map((a) => a.action)).toEqual(["booking.allocated"]);
    expect(referralAudit.map((a) => a.action)).toEqual(["referral.allocated"]);
    await assertNoDoubleHeldNight("p-buf");
  });

  it("with bufferOverrideReason, arrival on D+1 fits as buffer-override and cuts A's buffer to one night", async () => {
    const a2 = await putReferral(api);
    const first = await allocate(api, a2.referralId, {
      premisesId: "p-buf",
      bedId: "b2",
      arrivalDate: "2026-12-01",
      departureDate: D,
    });
    const b = await putReferral(api);
    const res = await allocate(api, b.referralId, {
      premisesId: "p-buf",
      bedId: "b2",
      arrivalDate: addDays(D, 1),
      departureDate: "2027-03-01",
      bufferOverrideReason: "Released tomorrow with nowhere else to go",
    });
    expect(res.status).toBe(201);
    expect(res.body.fit).toBe("buffer-override");
    expect(res.body.bufferOverride).toMatchObject({
      affectedBookingIds: [first.body.bookingId],
      by: "cru-user",
    });
    const a = await api.call("GET", `/bookings/${first.body.bookingId}`, { as: cru });
    expect(a.body.bufferNights).toBe(1);
    expect(a.body.bufferDays).toBe(2);
    const onBed = (await assertNoDoubleHeldNight("p-buf")).filter((f) => f.bedId === "b2");
    expect(onBed.find((f) => f.bookingId === first.body.bookingId)!.lastNight).toBe(D);
    const notices = await api.ddb.send(
      new (await import("@aws-sdk/lib-dynamodb")).QueryCommand({
        TableName: api.tableName,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": "NOTIFICATIONS#p-buf" },
      }),
    );
    expect(
      notices.Items!.some((n) => n.kind === "buffer-override" && n.bookingId === res.body.bookingId),
    ).toBe(true);

    // Cancelling B lets A's buffer grow back to its full two nights.
    const cancel = await api.call("POST", `/bookings/${res.body.bookingId}/cancellation`, {
      as: cru,
      body: { reason: "Release date moved" },
    });
    expect(cancel.status).toBe(200);
    const regrown = await api.call("GET", `/bookings/${first.body.bookingId}`, { as: cru });
    expect(regrown.body.bufferNights).toBe(2);
    const referralB = (await itemsIn(api, `REFERRAL#${b.referralId}`, "#REFERRAL"))[0]!;
    expect(referralB.status).toBe("submitted");
    expect(referralB.placement).toBeUndefined();
    await assertNoDoubleHeldNight("p-buf");
  });

  it("bufferDays 0 allows back-to-back: arrival on A's departure day", async () => {
    await createPremises(api, "p-zero", { beds: 1, bufferDays: 0 });
    const a = await putReferral(api);
    expect(
      (
        await allocate(api, a.referralId, {
          premisesId: "p-zero",
          bedId: "b1",
          arrivalDate: "2026-12-01",
          departureDate: D,
        })
      ).status,
    ).toBe(201);
    const b = await putReferral(api);
    const res = await allocate(api, b.referralId, {
      premisesId: "p-zero",
      bedId: "b1",
      arrivalDate: D,
      departureDate: "2027-02-01",
    });
    expect(res.status).toBe(201);
    expect(res.body.fit).toBe("exact");
    const overlap = await putReferral(api);
    const refused = await allocate(api, overlap.referralId, {
      premisesId: "p-zero",
      bedId: "b1",
      arrivalDate: addDays(D, -1),
      departureDate: "2027-03-01",
      bufferOverrideReason: "try anyway",
    });
    expect(refused.status).toBe(409);
    expect(refused.body.conflicts.map((c: { kind: string }) => c.kind)).toContain("occupied");
  });
});

describe("suitability and the one-AP rule", () => {
  beforeAll(async () => {
    await createPremises(api, "p-suit", {
      beds: 1,
      characteristics: ["catered"],
      bedCharacteristics: ["single-room"],
    });
    await createPremises(api, "p-women", { beds: 1, gender: "female", area: "womens" });
  });

  it("refuses a bed lacking a required room or premises characteristic, and a premises of the other gender", async () => {
    const needsLift = await putReferral(api, { requiredCharacteristics: ["single-room", "lift"] });
    const res = await allocate(api, needsLift.referralId, { premisesId: "p-suit", bedId: "b1" });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("lift");
    const man = await putReferral(api);
    expect((await allocate(api, man.referralId, { premisesId: "p-women", bedId: "b1" })).status).toBe(409);
  });

  it("refuses to place a person already placed elsewhere for overlapping nights", async () => {
    const first = await putReferral(api, {
      person: { crn: "Y111111", name: "Same Person", dateOfBirth: "1980-01-01", gender: "male" },
    });
    expect((await allocate(api, first.referralId, { premisesId: "p-suit", bedId: "b1" })).status).toBe(201);
    await createPremises(api, "p-other", { beds: 1 });
    const second = await putReferral(api, { person: first.person });
    const res = await allocate(api, second.referralId, { premisesId: "p-other", bedId: "b1" });
    expect(res.status).toBe(409);
    expect(res.body.conflicts[0]).toMatchObject({
      kind: "person-already-placed",
      referralId: first.referralId,
    });
    const again = await allocate(api, first.referralId, { premisesId: "p-other", bedId: "b1" });
    expect(again.status).toBe(409);
  });
});

describe("validation and authorisation", () => {
  beforeAll(async () => {
    await createPremises(api, "p-val", { beds: 1 });
  });

  it.each([
    ["an impossible date", { arrivalDate: "2026-02-30" }, "arrivalDate"],
    ["a reversed range", { arrivalDate: "2027-01-10", departureDate: "2027-01-01" }, "departureDate"],
    ["an arrival in the past", { arrivalDate: "2026-11-01", departureDate: "2027-01-01" }, "arrivalDate"],
    ["an unknown field", { colour: "red" }, "colour"],
    ["an empty override reason", { bufferOverrideReason: "" }, "bufferOverrideReason"],
  ])("rejects %s with 400 and writes nothing", async (_label, extra, field) => {
    const r = await putReferral(api);
    const res = await allocate(api, r.referralId, { premisesId: "p-val", bedId: "b1", ...extra });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    expect(await footprintsOf(api, "p-val")).toHaveLength(0);
  });

  it("answers 404 for unknown referral, premises and bed; 403 for an ap-manager", async () => {
    const r = await putReferral(api);
    expect((await allocate(api, "nope", { premisesId: "p-val", bedId: "b1" })).status).toBe(404);
    expect((await allocate(api, r.referralId, { premisesId: "nowhere", bedId: "b1" })).status).toBe(404);
    expect((await allocate(api, r.referralId, { premisesId: "p-val", bedId: "b9" })).status).toBe(404);
    expect(
      (await allocate(api, r.referralId, { premisesId: "p-val", bedId: "b1" }, managerOf("p-val"))).status,
    ).toBe(403);
    expect(
      (await api.call("GET", `/referrals/${r.referralId}/bed-options`, { as: managerOf("p-val") })).status,
    ).toBe(403);
  });
});

describe("no double booking under concurrency", () => {
  it("50 concurrent allocations of the same dates to a 5-bed AP: exactly 5 succeed, the rest 409", async () => {
    await createPremises(api, "p-race", { beds: 5 });
    const referrals = await Promise.all(Array.from({ length: 50 }, () => putReferral(api)));
    const results = await Promise.all(
      referrals.map((r, i) =>
        allocate(api, r.referralId, {
          premisesId: "p-race",
          bedId: `b${(i % 5) + 1}`,
          arrivalDate: "2026-12-01",
          departureDate: "2027-02-23",
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(45);
    const winners = results.filter((r) => r.status === 201).map((r) => r.body.bedId);
    expect(new Set(winners).size).toBe(5);
    const fps = await assertNoDoubleHeldNight("p-race");
    expect(fps).toHaveLength(5);
    const bookings = await api.call("GET", "/premises/p-race/bookings", { as: cru });
    expect(bookings.body.items).toHaveLength(5);
  });
});

describe("DynamoDB transaction conflicts", () => {
  const conflictError = () =>
    new TransactionCanceledException({
      message: "Transaction cancelled",
      $metadata: {},
      CancellationReasons: [{ Code: "TransactionConflict" }],
    });

  it("retries a TransactionConflict and then succeeds (201)", async () => {
    await createPremises(api, "p-tc", { beds: 2 });
    const r = await putReferral(api);
    const client = ddb();
    const realSend = client.send.bind(client) as (cmd: unknown) => Promise<unknown>;
    const mock = mockClient(client);
    let thrown = 0;
    // The sinon stub behind the mock sees the command itself, so everything else goes to DynamoDB Local.
    mock.send.callsFake((async (command: unknown) => {
      if (command instanceof TransactWriteCommand && thrown++ === 0) throw conflictError();
      return realSend(command);
    }) as never);
    try {
      const res = await allocate(api, r.referralId, { premisesId: "p-tc", bedId: "b1" });
      expect(res.status).toBe(201);
      expect(thrown).toBe(2);
    } finally {
      mock.restore();
    }
  });

  it("answers 503 with Retry-After when conflicts never clear, and writes nothing", async () => {
    const r = await putReferral(api);
    const client = ddb();
    const realSend = client.send.bind(client) as (cmd: unknown) => Promise<unknown>;
    const mock = mockClient(client);
    let attempts = 0;
    mock.send.callsFake((async (command: unknown) => {
      if (command instanceof TransactWriteCommand) {
        attempts++;
        throw conflictError();
      }
      return realSend(command);
    }) as never);
    try {
      const res = await allocate(api, r.referralId, { premisesId: "p-tc", bedId: "b2" });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(attempts).toBeGreaterThan(1);
    } finally {
      mock.restore();
    }
    expect((await footprintsOf(api, "p-tc")).filter((f) => f.bedId === "b2")).toHaveLength(0);
    expect((await itemsIn(api, `REFERRAL#${r.referralId}`))[0]!.status).toBe("submitted");
  });
});
