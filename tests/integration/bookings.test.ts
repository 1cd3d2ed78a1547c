import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { handler as nightly } from "../../functions/nightly.js";
import { nightsHeld } from "../../shared/domain/footprint.js";
import { getBookingWithHistory } from "../../shared/services/bookings-service.js";
import { toFootprint } from "../../shared/store/allocation-store.js";
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
const manager = managerOf("p-life");
const stranger = managerOf("p-elsewhere");

async function book(arrivalDate: string, departureDate: string, bedId = "b1", premisesId = "p-life") {
  const r = await putReferral(api);
  const res = await allocate(api, r.referralId, { premisesId, bedId, arrivalDate, departureDate });
  expect(res.status).toBe(201);
  return { referral: r, booking: res.body };
}

describe("the stay lifecycle", () => {
  beforeAll(async () => {
    await createPremises(api, "p-life", { beds: 4, bufferDays: 2 });
    await createPremises(api, "p-elsewhere", { beds: 1 });
  });

  it("arrival (today or 7 days back) then early departure frees the rest of the stay", async () => {
    const { referral, booking } = await book("2026-11-23", "2027-01-20", "b1");
    const future = await api.call("POST", `/bookings/${booking.bookingId}/arrival`, {
      as: manager,
      body: { arrivalDate: "2026-11-24" },
    });
    expect(future.status).toBe(400);
    expect(future.body.invalidParams[0].name).toBe("arrivalDate");
    const tooOld = await api.call("POST", `/bookings/${booking.bookingId}/arrival`, {
      as: manager,
      body: { arrivalDate: "2026-11-15" },
    });
    expect(tooOld.status).toBe(400);
    const stale = await api.call("POST", `/bookings/${booking.bookingId}/arrival`, {
      as: manager,
      body: { arrivalDate: "2026-11-21" },
      headers: { "if-match": '"7"' },
    });
    expect(stale.status).toBe(412);
    const got = await api.call("GET", `/bookings/${booking.bookingId}`, { as: manager });
    expect(got.headers.get("etag")).toBe('"1"');
    const arrived = await api.call("POST", `/bookings/${booking.bookingId}/arrival`, {
      as: manager,
      body: { arrivalDate: "2026-11-21" },
      headers: { "if-match": got.headers.get("etag")! },
    });
    expect(arrived.status).toBe(200);
    expect(arrived.body).toMatchObject({ status: "arrived", actualArrivalDate: "2026-11-21", version: 2 });
    expect((await itemsIn(api, `REFERRAL#${referral.referralId}`, "#REFERRAL"))[0]!.status).toBe("arrived");

    const noCategory = await api.call("POST", `/bookings/${booking.bookingId}/departure`, {
      as: manager,
      body: { departureDate: "2026-11-23", reason: "planned-move-on" },
    });
    expect(noCategory.status).toBe(400);
    const beforeArrival = await api.call("POST", `/bookings/${booking.bookingId}/departure`, {
      as: manager,
      body: { departureDate: "2026-11-20", reason: "planned-move-on", moveOnCategory: "private-rented" },
    });
    expect(beforeArrival.status).toBe(400);
    const departed = await api.call("POST", `/bookings/${booking.bookingId}/departure`, {
      as: manager,
      body: { departureDate: "2026-11-23", reason: "planned-move-on", moveOnCategory: "private-rented" },
    });
    expect(departed.status).toBe(200);
    expect(departed.body).toMatchObject({
      status: "departed",
      actualDepartureDate: "2026-11-23",
      bufferNights: 2,
    });
    const fp = (await footprintsOf(api, "p-life")).find((f) => f.bookingId === booking.bookingId)!;
    expect(fp).toMatchObject({
      startDate: "2026-11-21",
      departureDate: "2026-11-23",
      lastNight: "2026-11-24",
      status: "departed",
    });
    expect((await itemsIn(api, `REFERRAL#${referral.referralId}`, "#REFERRAL"))[0]!.status).toBe("departed");
    // The freed nights can be booked again straight after the buffer.
    await book("2026-11-25", "2027-01-01", "b1");
  });

  it("non-arrival frees the bed and puts the referral back in the CRU queue, with the non-arrival in its history", async () => {
    const { referral, booking } = await book("2026-11-23", "2027-01-01", "b2");
    const res = await api.call("POST", `/bookings/${booking.bookingId}/non-arrival`, {
      as: manager,
      body: { reason: "no-such-reason" },
    });
    expect(res.status).toBe(400);
    const ok = await api.call("POST", `/bookings/${booking.bookingId}/non-arrival`, {
      as: manager,
      body: { reason: "failed-to-arrive" },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe("non-arrival");
    expect((await footprintsOf(api, "p-life")).some((f) => f.bookingId === booking.bookingId)).toBe(false);
    const got = await api.call("GET", `/referrals/${referral.referralId}`, { as: cru });
    expect(got.status).toBe(200);
    expect(got.body.status).toBe("submitted");
    expect(got.body.placement).toBeUndefined();
    // A new deadline counted from the non-arrival (10:00 on Monday 23 Nov, 8 days' notice left: 5 working days).
    expect(got.body.placementDeadline).toBe("2026-11-30T23:59:59.999Z");
    expect(got.body.history.map((e: { action: string }) => e.action)).toContain("referral.non-arrival");
    const queue = await api.call("GET", "/referrals?status=submitted&area=london&limit=200", { as: cru });
    expect(queue.body.items.map((r: { referralId: string }) => r.referralId)).toContain(referral.referralId);
    const person = (
      await itemsIn(api, `PERSON#${referral.person.crn}`, `REFERRAL#${referral.referralId}`)
    )[0]!;
    expect(person.status).toBe("submitted");
    const again = await api.call("POST", `/bookings/${booking.bookingId}/arrival`, {
      as: manager,
      body: { arrivalDate: "2026-11-23" },
    });
    expect(again.status).toBe(409);
    // Back in the queue and homeless if not placed: the release ladder applies again.
    await nightly({ date: "2026-11-23" });
    const release = await api.call("GET", "/alerts?kind=release-without-accommodation", { as: cru });
    expect(
      release.body.items
        .filter((a: { referralId?: string }) => a.referralId === referral.referralId)
        .map((a: { threshold: unknown }) => a.threshold),
    ).toEqual([14]);
  });

  it.each(["arrested-or-recalled", "parole-not-granted"])(
    "a non-arrival because %s needs no bed: the referral stays with the booking record",
    async (reason) => {
      const { referral, booking } = await book("2026-11-23", "2027-01-01", "b4");
      const ok = await api.call("POST", `/bookings/${booking.bookingId}/non-arrival`, {
        as: manager,
        body: { reason },
      });
      expect(ok.status).toBe(200);
      const ref = (await itemsIn(api, `REFERRAL#${referral.referralId}`, "#REFERRAL"))[0]!;
      expect(ref.status).toBe("allocated");
      expect(ref.placement.bookingId).toBe(booking.bookingId);
      expect(ref.GSI2PK).toBe("REFERRALS#STATUS#allocated");
    },
  );

  it("an extension may use its own buffer (bufferConsumedDays) but not the next stay's nights", async () => {
    const first = await book("2026-12-01", "2027-01-10", "b3");
    await book("2027-01-12", "2027-02-10", "b3");
    const into = await api.call("POST", `/bookings/${first.booking.bookingId}/extension`, {
      as: cru,
      body: { departureDate: "2027-01-13", reason: "Move-on fell through" },
    });
    expect(into.status).toBe(409);
    expect(into.body.conflicts[0].kind).toBe("occupied");
    const ok = await api.call("POST", `/bookings/${first.booking.bookingId}/extension`, {
      as: cru,
      body: { departureDate: "2027-01-12", reason: "Move-on fell through" },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ departureDate: "2027-01-12", bufferNights: 0, bufferConsumedDays: 2 });
    const shorter = await api.call("POST", `/bookings/${first.booking.bookingId}/extension`, {
      as: cru,
      body: { departureDate: "2027-01-05", reason: "x" },
    });
    expect(shorter.status).toBe(400);
  });

  it("reads a stay's history (what the placement page's timeline shows), oldest first, only within scope", async () => {
    const { booking } = await book("2026-11-23", "2027-01-05", "b4");
    const as = (premises: string[]) => ({
      sub: "s",
      username: "sam",
      roles: ["ap-manager" as const],
      premises,
    });
    expect(
      (
        await api.call("POST", `/bookings/${booking.bookingId}/arrival`, {
          as: manager,
          body: { arrivalDate: "2026-11-23" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.call("POST", `/bookings/${booking.bookingId}/extension`, {
          as: manager,
          body: { departureDate: "2027-01-08", reason: "Move-on starts later" },
        })
      ).status,
    ).toBe(200);
    const read = await getBookingWithHistory(booking.bookingId, as(["p-life"]));
    expect(read.booking).toMatchObject({ status: "arrived", departureDate: "2027-01-08" });
    expect(read.history.map((e) => e.action)).toEqual([
      "booking.allocated",
      "booking.arrived",
      "booking.extended",
    ]);
    expect(read.history[2]).toMatchObject({
      entityType: "booking",
      entityId: booking.bookingId,
      after: { departureDate: "2027-01-08", reason: "Move-on starts later" },
    });
    await expect(getBookingWithHistory(booking.bookingId, as(["p-elsewhere"]))).rejects.toMatchObject({
      kind: "not-found",
    });
  });

  it("lists a premises' bookings by window and status", async () => {
    const list = await api.call("GET", "/premises/p-life/bookings?from=2026-11-01&status=booked", {
      as: manager,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((b: { status: string }) => b.status === "booked")).toBe(true);
    const reversed = await api.call("GET", "/premises/p-life/bookings?from=2027-01-01&to=2026-01-01", {
      as: manager,
    });
    expect(reversed.status).toBe(400);
  });

  it("an ap-manager of another premises gets 404 on every booking route (403 only where the role may never call it)", async () => {
    const { booking } = await book("2027-03-01", "2027-04-01", "b4");
    const id = booking.bookingId;
    const calls: [string, string, unknown?, number?][] = [
      ["GET", "/premises/p-life/bookings"],
      ["GET", `/bookings/${id}`],
      ["POST", `/bookings/${id}/arrival`, { arrivalDate: "2026-11-23" }],
      ["POST", `/bookings/${id}/non-arrival`, { reason: "failed-to-arrive" }],
      ["POST", `/bookings/${id}/extension`, { departureDate: "2027-04-05", reason: "x" }],
      [
        "POST",
        `/bookings/${id}/departure`,
        { departureDate: "2026-11-23", reason: "other", moveOnCategory: "custody" },
      ],
      ["POST", `/bookings/${id}/cancellation`, { reason: "x" }],
      [
        "POST",
        `/bookings/${id}/stay-reductions`,
        { newDepartureDate: "2027-03-20", forReferralId: "r", reason: "x" },
        403,
      ],
      ["GET", "/premises/p-life/stay-reductions"],
    ];
    for (const [method, path, body, status = 404] of calls) {
      const res = await api.call(method, path, { as: stranger, ...(body ? { body } : {}) });
      expect([path, res.status]).toEqual([path, status]);
    }
    const unchanged = await api.call("GET", `/bookings/${id}`, { as: cru });
    expect(unchanged.body).toMatchObject({ status: "booked", version: 1 });
  });
});

describe("extensions racing an allocation", () => {
  it("20 concurrent extensions and one allocation into the same gap: never both", async () => {
    await createPremises(api, "p-gap", { beds: 1, bufferDays: 0 });
    const first = await book("2026-12-01", "2027-01-01", "b1", "p-gap");
    await book("2027-01-20", "2027-03-01", "b1", "p-gap");
    const newcomer = await putReferral(api);
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        api.call("POST", `/bookings/${first.booking.bookingId}/extension`, {
          as: cru,
          body: {
            departureDate: `2027-01-${String(10 + (i % 10)).padStart(2, "0")}`,
            reason: "Move-on delayed",
          },
        }),
      ),
      allocate(api, newcomer.referralId, {
        premisesId: "p-gap",
        bedId: "b1",
        arrivalDate: "2027-01-05",
        departureDate: "2027-01-20",
      }),
    ]);
    const allocation = results[20]!;
    const extended = results.slice(0, 20).filter((r) => r.status === 200);
    expect(allocation.status === 201 && extended.length > 0).toBe(false);
    expect(allocation.status === 201 || extended.length > 0).toBe(true);
    for (const r of results) expect([200, 201, 400, 409, 503]).toContain(r.status);
    const fps = (await footprintsOf(api, "p-gap")) as FootprintItem[];
    expect(() => nightsHeld(fps.map(toFootprint))).not.toThrow();
  });
});

describe("stay reductions", () => {
  beforeAll(async () => {
    await createPremises(api, "p-red", { beds: 1, bufferDays: 2 });
  });

  it("is refused without a confirmed move-on, accepted with one, and audited", async () => {
    const { booking } = await book("2026-12-01", "2027-03-01", "b1", "p-red");
    const waiting = await putReferral(api);
    const redManager = managerOf("p-red");
    const asked = await api.call("POST", `/bookings/${booking.bookingId}/stay-reductions`, {
      as: cru,
      body: {
        newDepartureDate: "2027-02-01",
        forReferralId: waiting.referralId,
        reason: "Emergency release needs this bed",
      },
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: "pending", requestId: expect.any(String) });
    const requestId = asked.body.requestId;
    expect(
      (
        await api.call("POST", `/bookings/${booking.bookingId}/stay-reductions`, {
          as: redManager,
          body: asked.body,
        })
      ).status,
    ).toBe(403);
    const pending = await api.call("GET", "/premises/p-red/stay-reductions?status=pending", {
      as: redManager,
    });
    expect(pending.body.items.map((r: { requestId: string }) => r.requestId)).toEqual([requestId]);
    expect(
      (
        await api.call("POST", `/stay-reductions/${requestId}/decision`, {
          as: cru,
          body: { decision: "approved", reason: "x" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.call("POST", `/stay-reductions/${requestId}/decision`, {
          as: managerOf("p-life"),
          body: { decision: "approved", reason: "x" },
        })
      ).status,
    ).toBe(404);

    const refused = await api.call("POST", `/stay-reductions/${requestId}/decision`, {
      as: redManager,
      body: { decision: "approved", reason: "Agreed" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.conflicts[0].kind).toBe("move-on-not-confirmed");

    // Move-on confirmed but only from after the new date: still refused.
    const setMoveOn = (availableFrom: string) =>
      api.ddb.send(
        new UpdateCommand({
          TableName: api.tableName,
          Key: { PK: `BOOKING#${booking.bookingId}`, SK: "#BOOKING" },
          UpdateExpression: "SET moveOn = :m, version = version + :one",
          ExpressionAttributeValues: {
            ":m": { status: "confirmed", category: "private-rented", availableFrom },
            ":one": 1,
          },
        }),
      );
    await setMoveOn("2027-02-05");
    expect(
      (
        await api.call("POST", `/stay-reductions/${requestId}/decision`, {
          as: redManager,
          body: { decision: "approved", reason: "Agreed" },
        })
      ).status,
    ).toBe(409);
    await setMoveOn("2027-01-28");
    const approved = await api.call("POST", `/stay-reductions/${requestId}/decision`, {
      as: redManager,
      body: { decision: "approved", reason: "Flat confirmed from 28 January" },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", decision: { by: "ap-manager-user" } });
    const shortened = await api.call("GET", `/bookings/${booking.bookingId}`, { as: cru });
    expect(shortened.body).toMatchObject({ departureDate: "2027-02-01", bufferNights: 2 });
    const fp = (await footprintsOf(api, "p-red")).find((f) => f.bookingId === booking.bookingId)!;
    expect(fp.lastNight).toBe("2027-02-02");
    const audit = await itemsIn(api, `BOOKING#${booking.bookingId}`, "AUDIT#");
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["stay-reduction.requested", "booking.stay-reduced"]),
    );
    const reduced = audit.find((a) => a.action === "booking.stay-reduced")!;
    expect(reduced.after).toMatchObject({ requestedBy: "cru-user", decidedBy: "ap-manager-user" });
    const again = await api.call("POST", `/stay-reductions/${requestId}/decision`, {
      as: redManager,
      body: { decision: "declined", reason: "x" },
    });
    expect(again.status).toBe(409);
    const got = await api.call("GET", `/stay-reductions/${requestId}`, { as: cru });
    expect(got.body.status).toBe("approved");
    // The freed nights now take the waiting referral.
    const placed = await allocate(api, waiting.referralId, {
      premisesId: "p-red",
      bedId: "b1",
      arrivalDate: "2027-02-03",
      departureDate: "2027-04-01",
    });
    expect(placed.status).toBe(201);
  });
});
