import { beforeAll, describe, expect, it } from "vitest";
import { assertInvariants } from "../support/invariants.js";
import { useLocalApi } from "../support/local-api.js";
import { allocate, createPremises, cru, managerOf, NOW, putReferral } from "./allocation-fixtures.js";

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();
const manager = managerOf("p-dates");

async function booked(bedId: string, arrivalDate: string, departureDate: string) {
  const r = await putReferral(api);
  const made = await allocate(api, r.referralId, {
    premisesId: "p-dates",
    bedId,
    arrivalDate,
    departureDate,
  });
  expect(made.status).toBe(201);
  return { referral: r, booking: made.body };
}

const change = (bookingId: string, body: unknown, headers?: Record<string, string>) =>
  api.call("POST", `/bookings/${bookingId}/date-change`, { as: cru, body, ...(headers ? { headers } : {}) });

describe("date change before arrival (#12.12)", () => {
  beforeAll(async () => {
    await createPremises(api, "p-dates", { beds: 6, bufferDays: 2 });
  });

  it("moves a booked stay with its buffer; the referral follows; the audit has both dates; 409 names what is in the way", async () => {
    const { referral, booking } = await booked("b1", "2026-12-01", "2027-01-10");
    const blocker = await booked("b1", "2027-02-01", "2027-03-01");
    const id = booking.bookingId;

    const asManager = await api.call("POST", `/bookings/${id}/date-change`, {
      as: manager,
      body: { arrivalDate: "2026-12-03", departureDate: "2027-01-12", reason: "HDC date moved" },
    });
    expect(asManager.status).toBe(403);

    // Its 2-night buffer (31 Jan, 1 Feb) would run into the blocker's first night.
    const clash = await change(id, {
      arrivalDate: "2026-12-20",
      departureDate: "2027-01-31",
      reason: "HDC moved",
    });
    expect(clash.status).toBe(409);
    expect(clash.body.conflicts).toEqual([
      expect.objectContaining({ kind: "buffer", bookingId: blocker.booking.bookingId }),
    ]);
    const into = await change(id, { arrivalDate: "2027-02-10", departureDate: "2027-02-20", reason: "x" });
    expect(into.status).toBe(409);
    expect(into.body.conflicts[0]).toMatchObject({ kind: "occupied", bookingId: blocker.booking.bookingId });

    for (const [body, field] of [
      [{ arrivalDate: "2026-11-01", departureDate: "2027-01-12", reason: "x" }, "arrivalDate"],
      [{ arrivalDate: "2026-12-05", departureDate: "2026-12-05", reason: "x" }, "departureDate"],
      [{ arrivalDate: "2026-12-05", departureDate: "2027-01-12" }, "reason"],
      [{ arrivalDate: "2026-12-05", departureDate: "2027-01-12", reason: "x", bedId: "b2" }, "bedId"],
    ] as const) {
      const bad = await change(id, body);
      expect({ field, status: bad.status }).toEqual({ field, status: 400 });
      expect(bad.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    }
    const unchanged = await api.call("GET", `/bookings/${id}`, { as: cru });
    expect(unchanged.body).toMatchObject({
      arrivalDate: "2026-12-01",
      departureDate: "2027-01-10",
      version: 1,
    });

    const ok = await change(
      id,
      { arrivalDate: "2026-12-03", departureDate: "2027-01-29", reason: "HDC date moved" },
      { "if-match": '"1"' },
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      arrivalDate: "2026-12-03",
      departureDate: "2027-01-29",
      bufferNights: 2,
      version: 2,
    });
    expect(ok.headers.get("etag")).toBe('"2"');

    const after = await api.call("GET", `/referrals/${referral.referralId}`, { as: cru });
    expect(after.body).toMatchObject({
      status: "allocated",
      expectedArrivalDate: "2026-12-03",
      expectedDepartureDate: "2027-01-29",
      placement: { arrivalDate: "2026-12-03", departureDate: "2027-01-29" },
    });
    const audit = after.body.history.find((h: { action: string }) => h.action === "booking.dates-changed");
    expect(audit.before).toMatchObject({ arrivalDate: "2026-12-01", departureDate: "2027-01-10" });
    expect(audit.after).toMatchObject({
      arrivalDate: "2026-12-03",
      departureDate: "2027-01-29",
      reason: "HDC date moved",
    });

    const occupancy = await api.call("GET", "/premises/p-dates/occupancy?from=2026-12-01&to=2027-02-02", {
      as: cru,
    });
    const b1 = occupancy.body.beds.find((b: { bedId: string }) => b.bedId === "b1");
    expect(b1.segments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "occupied",
          startDate: "2026-12-03",
          endDate: "2027-01-28",
          bookingId: id,
        }),
        expect.objectContaining({
          kind: "buffer",
          startDate: "2027-01-29",
          endDate: "2027-01-30",
          bookingId: id,
        }),
      ]),
    );

    const stale = await change(
      id,
      { arrivalDate: "2026-12-04", departureDate: "2027-01-29", reason: "again" },
      { "if-match": '"1"' },
    );
    expect(stale.status).toBe(412);

    const arrived = await api.call("POST", `/bookings/${blocker.booking.bookingId}/cancellation`, {
      as: cru,
      body: { reason: "placed elsewhere" },
    });
    expect(arrived.status).toBe(200);
    const cancelled = await change(blocker.booking.bookingId, {
      arrivalDate: "2027-02-03",
      departureDate: "2027-03-01",
      reason: "x",
    });
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.detail).toMatch(/was cancelled; cannot change the dates/);
    expect(cancelled.body.conflicts).toEqual([
      { kind: "booking-status", bookingId: blocker.booking.bookingId, detail: "cancelled" },
    ]);
  });

  it("two date changes into the same nights, and a date change racing an allocation: one wins, never a double booking", async () => {
    const a = await booked("b2", "2026-12-01", "2026-12-10");
    const b = await booked("b2", "2026-12-20", "2026-12-30");
    const target = { arrivalDate: "2027-01-05", departureDate: "2027-01-20", reason: "release moved" };
    const both = await Promise.all([
      change(a.booking.bookingId, target),
      change(b.booking.bookingId, target),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);

    const c = await booked("b3", "2026-12-01", "2026-12-10");
    const rival = await putReferral(api);
    const [moved, allocated] = await Promise.all([
      change(c.booking.bookingId, target),
      allocate(api, rival.referralId, {
        premisesId: "p-dates",
        bedId: "b3",
        arrivalDate: "2027-01-10",
        departureDate: "2027-02-01",
      }),
    ]);
    // Exactly one of them has the nights; the other is told they are taken.
    expect([moved.status, allocated.status].filter((s) => s === 409)).toHaveLength(1);
    expect(Number(moved.status === 200) + Number(allocated.status === 201)).toBe(1);
    await assertInvariants(api.ddb, api.tableName);
  });
});
