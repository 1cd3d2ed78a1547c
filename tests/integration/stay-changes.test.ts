import { beforeAll, describe, expect, it } from "vitest";
import { useLocalApi } from "../support/local-api.js";
import { allocate, createPremises, cru, managerOf, NOW, putReferral, TODAY } from "./allocation-fixtures.js";

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();
const manager = managerOf("p-stay");

async function arrivedStay(bedId: string, premisesId = "p-stay") {
  const r = await putReferral(api);
  const res = await allocate(api, r.referralId, {
    premisesId,
    bedId,
    arrivalDate: TODAY,
    departureDate: "2027-01-20",
  });
  expect(res.status).toBe(201);
  const arrived = await api.call("POST", `/bookings/${res.body.bookingId}/arrival`, {
    as: manager,
    body: { arrivalDate: TODAY },
  });
  expect(arrived.status).toBe(200);
  return { referral: r, booking: arrived.body };
}

describe("departures", () => {
  beforeAll(async () => {
    await createPremises(api, "p-stay", { beds: 6, bufferDays: 2 });
  });

  it("asks for a move-on category only where the person moves on (#12.7)", async () => {
    const { booking } = await arrivedStay("b1");
    const missing = await api.call("POST", `/bookings/${booking.bookingId}/departure`, {
      as: manager,
      body: { departureDate: TODAY, reason: "licence-expired" },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.invalidParams).toEqual([
      { name: "moveOnCategory", reason: expect.stringMatching(/licence-expired/) },
    ]);
    const died = await api.call("POST", `/bookings/${booking.bookingId}/departure`, {
      as: manager,
      body: { departureDate: TODAY, reason: "died" },
    });
    expect(died.status).toBe(200);
    expect(died.body.departure).toEqual({ date: TODAY, reason: "died" });

    const { booking: other } = await arrivedStay("b2");
    const absconded = await api.call("POST", `/bookings/${other.bookingId}/departure`, {
      as: manager,
      body: { departureDate: TODAY, reason: "absconded", moveOnCategory: "no-fixed-abode" },
    });
    expect(absconded.status).toBe(200);
    expect(absconded.body.departure.moveOnCategory).toBe("no-fixed-abode");
  });

  it("a second departure says the booking has already departed, and when (#12.8)", async () => {
    const { booking } = await arrivedStay("b3");
    const body = { departureDate: TODAY, reason: "planned-move-on", moveOnCategory: "private-rented" };
    const first = await api.call("POST", `/bookings/${booking.bookingId}/departure`, { as: manager, body });
    expect(first.status).toBe(200);
    const second = await api.call("POST", `/bookings/${booking.bookingId}/departure`, { as: manager, body });
    expect(second.status).toBe(409);
    expect(second.body.detail).toBe(
      `Booking ${booking.bookingId} has already departed on ${TODAY}; cannot record a departure`,
    );
    expect(second.body.conflicts).toEqual([
      { kind: "booking-status", bookingId: booking.bookingId, detail: "departed" },
    ]);
    const cancel = await api.call("POST", `/bookings/${booking.bookingId}/cancellation`, {
      as: cru,
      body: { reason: "x" },
    });
    expect(cancel.status).toBe(409);
    expect(cancel.body.detail).toMatch(/has already departed on 2026-11-23; cannot cancel/);
  });
});
