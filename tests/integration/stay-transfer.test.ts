import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertInvariants } from "../support/invariants.js";
import { useLocalApi } from "../support/local-api.js";
import {
  allocate,
  createPremises,
  cru,
  itemsIn,
  managerOf,
  NOW,
  putReferral,
  TODAY,
} from "./allocation-fixtures.js";

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();
const MOVE_DAY = "2026-11-30";

async function arrivedStay(premisesId: string, bedId: string) {
  const r = await putReferral(api);
  const made = await allocate(api, r.referralId, {
    premisesId,
    bedId,
    arrivalDate: TODAY,
    departureDate: "2027-01-20",
  });
  expect(made.status).toBe(201);
  const arrived = await api.call("POST", `/bookings/${made.body.bookingId}/arrival`, {
    as: managerOf(premisesId),
    body: { arrivalDate: TODAY },
  });
  expect(arrived.status).toBe(200);
  return { referral: r, booking: arrived.body };
}

const transfer = (bookingId: string, body: unknown, as: object = cru) =>
  api.call("POST", `/bookings/${bookingId}/transfer`, { as: as as typeof cru, body });

const stays: Record<string, Awaited<ReturnType<typeof arrivedStay>>> = {};

beforeAll(async () => {
  await createPremises(api, "p-from", { beds: 4, bufferDays: 2 });
  await createPremises(api, "p-to", { beds: 3, bufferDays: 3 });
  stays.main = await arrivedStay("p-from", "b1");
  stays.racerA = await arrivedStay("p-from", "b2");
  stays.racerB = await arrivedStay("p-from", "b3");
  process.env.AP_FIXED_NOW = `${MOVE_DAY}T10:00:00Z`;
});
afterAll(() => {
  process.env.AP_FIXED_NOW = NOW;
});

describe("transfer (#12.13)", () => {
  it("departs with move-on another-ap and arrives at the target bed the same day, in one write; both premises see it", async () => {
    const { booking, referral } = stays.main!;
    const id = booking.bookingId;
    // The new stay's 3-night buffer (20–22 Jan) would run into this stay's first night.
    const blocker = await putReferral(api);
    expect(
      (
        await allocate(api, blocker.referralId, {
          premisesId: "p-to",
          bedId: "b1",
          arrivalDate: "2027-01-21",
          departureDate: "2027-02-10",
        })
      ).status,
    ).toBe(201);
    const good = {
      premisesId: "p-to",
      bedId: "b2",
      date: MOVE_DAY,
      reason: "closer to family",
      emergency: false,
    };

    expect((await transfer(id, good, managerOf("p-from"))).status).toBe(403);
    const clash = await transfer(id, { ...good, bedId: "b1" });
    expect(clash.status).toBe(409);
    expect(clash.body.conflicts).toEqual([expect.objectContaining({ kind: "buffer" })]);

    for (const [body, field] of [
      [{ ...good, emergency: undefined }, "emergency"],
      [{ ...good, date: TODAY }, "date"],
      [{ ...good, date: "2026-12-05" }, "date"],
      [{ ...good, premisesId: "p-from", bedId: "b1" }, "bedId"],
      [{ ...good, premisesId: "p-nowhere" }, "premisesId"],
      [{ ...good, bedId: "b99" }, "bedId"],
    ] as const) {
      const bad = await transfer(id, body);
      expect({ field, status: bad.status }).toEqual({ field, status: 400 });
      expect(bad.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    }
    const unchanged = await api.call("GET", `/bookings/${id}`, { as: cru });
    expect(unchanged.body).toMatchObject({ status: "arrived", version: booking.version });

    const moved = await transfer(id, good);
    expect(moved.status).toBe(200);
    expect(moved.body.from).toMatchObject({
      bookingId: id,
      status: "departed",
      actualDepartureDate: MOVE_DAY,
      departure: { date: MOVE_DAY, reason: "planned-move-on", moveOnCategory: "another-ap" },
      transfer: { premisesId: "p-to", bedId: "b2", date: MOVE_DAY, emergency: false },
    });
    const to = moved.body.to;
    expect(to).toMatchObject({
      status: "arrived",
      premisesId: "p-to",
      bedId: "b2",
      arrivalDate: MOVE_DAY,
      actualArrivalDate: MOVE_DAY,
      departureDate: "2027-01-20",
      bufferDays: 3,
      bufferNights: 3,
      referralId: referral.referralId,
      transferredFrom: { bookingId: id, premisesId: "p-from", bedId: "b1" },
    });
    expect(moved.headers.get("location")).toBe(`/bookings/${to.bookingId}`);

    const placed = await api.call("GET", `/referrals/${referral.referralId}`, { as: cru });
    expect(placed.body).toMatchObject({
      status: "arrived",
      placement: { premisesId: "p-to", bedId: "b2", bookingId: to.bookingId, arrivalDate: MOVE_DAY },
    });
    expect(placed.body.history.map((h: { action: string }) => h.action)).toContain("booking.transferred");

    // Never resident in two APs: the old stay's last night is the day before the move.
    const fromOcc = await api.call("GET", "/premises/p-from/occupancy?from=2026-11-23&to=2026-12-05", {
      as: cru,
    });
    const b1 = fromOcc.body.beds.find((b: { bedId: string }) => b.bedId === "b1");
    expect(b1.segments).toEqual([
      expect.objectContaining({ kind: "occupied", startDate: TODAY, endDate: "2026-11-29", bookingId: id }),
      expect.objectContaining({ kind: "buffer", startDate: MOVE_DAY, endDate: "2026-12-01", bookingId: id }),
    ]);
    const toOcc = await api.call("GET", "/premises/p-to/occupancy?from=2026-11-23&to=2027-01-25", {
      as: cru,
    });
    const b2 = toOcc.body.beds.find((b: { bedId: string }) => b.bedId === "b2");
    expect(b2.segments[0]).toMatchObject({
      kind: "occupied",
      startDate: MOVE_DAY,
      endDate: "2027-01-19",
      bookingId: to.bookingId,
    });
    for (const premisesId of ["p-from", "p-to"]) {
      const audit = await itemsIn(api, `PREMISES#${premisesId}`, "AUDIT#");
      expect(audit.map((a) => a.action)).toContain("booking.transferred");
    }
    const person = await itemsIn(api, `PERSON#${booking.person.crn}`, "REFERRAL#");
    expect(person).toEqual([
      expect.objectContaining({ premisesId: "p-to", bookingId: to.bookingId, arrivalDate: MOVE_DAY }),
    ]);

    const again = await transfer(id, { ...good, bedId: "b3" });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/has already departed on 2026-11-30; cannot transfer/);
  });

  it("a booked stay is not transferred; two transfers racing for one bed: one lands, never a double booking", async () => {
    const future = await putReferral(api);
    const booked = await allocate(api, future.referralId, {
      premisesId: "p-from",
      bedId: "b4",
      arrivalDate: "2026-12-10",
      departureDate: "2027-01-10",
    });
    const notYet = await transfer(booked.body.bookingId, {
      premisesId: "p-to",
      bedId: "b3",
      date: MOVE_DAY,
      reason: "x",
      emergency: true,
    });
    expect(notYet.status).toBe(409);
    expect(notYet.body.conflicts).toEqual([
      { kind: "booking-status", bookingId: booked.body.bookingId, detail: "booked" },
    ]);

    const body = {
      premisesId: "p-to",
      bedId: "b3",
      date: MOVE_DAY,
      reason: "emergency move",
      emergency: true,
    };
    const results = await Promise.all([
      transfer(stays.racerA!.booking.bookingId, body),
      transfer(stays.racerB!.booking.bookingId, body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expect(winner.body.from.departure).toMatchObject({ reason: "other", moveOnCategory: "another-ap" });
    const loser = results.find((r) => r.status === 409)!;
    const untouched =
      stays.racerA!.booking.bookingId === winner.body.from.bookingId ? stays.racerB! : stays.racerA!;
    const still = await api.call("GET", `/bookings/${untouched.booking.bookingId}`, { as: cru });
    expect(still.body.status).toBe("arrived");
    expect(loser.body.conflicts[0]).toMatchObject({ kind: "occupied", bookingId: winner.body.to.bookingId });
    await assertInvariants(api.ddb, api.tableName);
  });
});
