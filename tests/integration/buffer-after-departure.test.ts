import { describe, expect, it } from "vitest";
import { checkInvariants, readTable } from "../support/invariants.js";
import { useLocalApi } from "../support/local-api.js";

process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";
const TODAY = "2026-11-23";
const api = useLocalApi();
const cru = { role: "cru" } as const;
const manager = { role: "ap-manager", premises: ["p-buffer"] } as const;

const referral = (crn: string) => ({
  person: { crn, name: "Sam Example", dateOfBirth: "1980-01-01", gender: "male" },
  riskOfSeriousHarm: "medium",
  releaseType: "licence",
  expectedArrivalDate: TODAY,
  area: "wales",
  preferredPremisesIds: ["p-buffer"],
  homelessIfNotPlaced: false,
});

describe("the buffer after a departure on the arrival day", () => {
  it("is held, can be overridden by the next arrival, and then the departed booking holds nothing", async () => {
    await api.call("POST", "/premises", {
      as: { role: "admin" },
      body: {
        premisesId: "p-buffer",
        name: "Buffer AP",
        area: "wales",
        gender: "male",
        bufferDays: 2,
        beds: [{ bedId: "b1", room: "1" }],
      },
    });
    const first = await api.call("POST", "/referrals", { as: cru, body: referral("B200001") });
    const a = await api.call("POST", `/referrals/${first.body.referralId}/allocation`, {
      as: cru,
      body: { premisesId: "p-buffer", bedId: "b1" },
    });
    expect(a.status).toBe(201);
    expect(
      (
        await api.call("POST", `/bookings/${a.body.bookingId}/arrival`, {
          as: manager,
          body: { arrivalDate: TODAY },
        })
      ).status,
    ).toBe(200);
    const departed = await api.call("POST", `/bookings/${a.body.bookingId}/departure`, {
      as: manager,
      body: { departureDate: TODAY, reason: "recalled", moveOnCategory: "custody" },
    });
    expect(departed.status).toBe(200);
    expect(departed.body.bufferNights).toBe(2);

    const second = await api.call("POST", "/referrals", { as: cru, body: referral("B200002") });
    const refused = await api.call("POST", `/referrals/${second.body.referralId}/allocation`, {
      as: cru,
      body: { premisesId: "p-buffer", bedId: "b1" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.conflicts[0]).toMatchObject({ kind: "buffer", bookingId: a.body.bookingId });

    const overridden = await api.call("POST", `/referrals/${second.body.referralId}/allocation`, {
      as: cru,
      body: {
        premisesId: "p-buffer",
        bedId: "b1",
        bufferOverrideReason: "Emergency ECSL release, room checked and ready",
      },
    });
    expect(overridden.status).toBe(201);

    const after = await api.call("GET", `/bookings/${a.body.bookingId}`, { as: cru });
    expect(after.body.bufferNights).toBe(0);
    const report = checkInvariants(await readTable(api.ddb, api.tableName));
    expect(report.violations).toEqual([]);
  });
});
