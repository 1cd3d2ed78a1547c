import { describe, expect, it } from "vitest";
import { useLocalApi } from "../support/local-api.js";
import { NOW } from "./allocation-fixtures.js";

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();
const cru = { role: "cru" } as const;

const referral = (crn: string) => ({
  person: { crn, name: "Alex Example", dateOfBirth: "1985-04-02", gender: "male" },
  riskOfSeriousHarm: "high",
  releaseType: "licence",
  expectedArrivalDate: "2026-12-07",
  area: "wales",
  preferredPremisesIds: ["p-release"],
  homelessIfNotPlaced: true,
});

describe("withdrawing an allocated referral releases its bed (API end to end)", () => {
  it("cancels the booking, frees every footprint night, and the bed can be allocated again", async () => {
    const created = await api.call("POST", "/premises", {
      as: { role: "admin" },
      body: {
        premisesId: "p-release",
        name: "Release AP",
        area: "wales",
        gender: "male",
        beds: [{ bedId: "b1", room: "1" }],
      },
    });
    expect(created.status).toBe(201);

    const first = await api.call("POST", "/referrals", { as: cru, body: referral("A100001") });
    expect(first.status).toBe(201);
    const booked = await api.call("POST", `/referrals/${first.body.referralId}/allocation`, {
      as: cru,
      body: { premisesId: "p-release", bedId: "b1" },
    });
    expect(booked.status).toBe(201);
    const bookingId = booked.body.bookingId as string;

    // The single bed is now held: a second person is refused for the same nights.
    const second = await api.call("POST", "/referrals", { as: cru, body: referral("A100002") });
    const refused = await api.call("POST", `/referrals/${second.body.referralId}/allocation`, {
      as: cru,
      body: { premisesId: "p-release", bedId: "b1" },
    });
    expect(refused.status).toBe(409);

    const withdrawn = await api.call("POST", `/referrals/${first.body.referralId}/withdrawal`, {
      as: cru,
      body: { reason: "release-decision-changed", notes: "Parole board deferred" },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe("withdrawn");

    const booking = await api.call("GET", `/bookings/${bookingId}`, { as: cru });
    expect(booking.body.status).toBe("cancelled");

    const occupancy = await api.call("GET", "/premises/p-release/occupancy?from=2026-12-07&to=2027-03-05", {
      as: cru,
    });
    expect(occupancy.status).toBe(200);
    expect(occupancy.body.days.every((d: { free: number }) => d.free === 1)).toBe(true);

    const history = await api.call("GET", `/referrals/${first.body.referralId}`, { as: cru });
    expect(history.body.history.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["referral.withdrawn"]),
    );

    const retry = await api.call("POST", `/referrals/${second.body.referralId}/allocation`, {
      as: cru,
      body: { premisesId: "p-release", bedId: "b1" },
    });
    expect(retry.status).toBe(201);
  });
});
