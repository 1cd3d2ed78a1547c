import { beforeAll, describe, expect, it } from "vitest";
import { useLocalApi } from "../support/local-api.js";
import { allocate, createPremises, cru, managerOf, NOW, putReferral } from "./allocation-fixtures.js";

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();

const patch = (referralId: string, body: unknown, headers?: Record<string, string>) =>
  api.call("PATCH", `/referrals/${referralId}`, { as: cru, body, ...(headers ? { headers } : {}) });

beforeAll(async () => {
  await createPremises(api, "p-ref", { beds: 2, bufferDays: 2 });
});

describe("PATCH /referrals/{referralId} (#12.12)", () => {
  it("changes the release date (departure and notice follow), risk and notes with history; bad input changes nothing", async () => {
    const r = await putReferral(api);
    for (const [body, field] of [
      [{}, undefined],
      [{ hdcEndDate: "2027-01-01" }, "hdcEndDate"],
      [{ expectedArrivalDate: "2026-11-01" }, "expectedArrivalDate"],
      [{ riskOfSeriousHarm: "extreme" }, "riskOfSeriousHarm"],
      [{ releaseType: "hdc" }, "releaseType"],
    ] as const) {
      const bad = await patch(r.referralId, body);
      expect({ body, status: bad.status }).toEqual({ body, status: 400 });
      if (field) expect(bad.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    }
    expect(
      (
        await api.call("PATCH", `/referrals/${r.referralId}`, {
          as: managerOf("p-ref"),
          body: { notes: "x" },
        })
      ).status,
    ).toBe(403);
    const same = await api.call("GET", `/referrals/${r.referralId}`, { as: cru });
    expect(same.body.version).toBe(1);

    const ok = await patch(
      r.referralId,
      { expectedArrivalDate: "2026-11-28", riskOfSeriousHarm: "high", notes: "HDC moved" },
      { "if-match": '"1"' },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.referral).toMatchObject({
      expectedArrivalDate: "2026-11-28",
      expectedDepartureDate: "2027-02-20",
      riskOfSeriousHarm: "high",
      noticeType: "emergency",
      version: 2,
    });
    expect(ok.body.bookingFit).toBeUndefined();
    expect(ok.headers.get("etag")).toBe('"2"');
    const after = await api.call("GET", `/referrals/${r.referralId}`, { as: cru });
    const event = after.body.history.find((h: { action: string }) => h.action === "referral.changed");
    expect(event.before).toMatchObject({ expectedArrivalDate: "2026-12-01", riskOfSeriousHarm: "medium" });
    expect(event.after).toMatchObject({ expectedArrivalDate: "2026-11-28", riskOfSeriousHarm: "high" });
    expect((await patch(r.referralId, { notes: "again" }, { "if-match": '"1"' })).status).toBe(412);
  });

  it("says whether an allocated booking still fits a moved release; two racing changes with one If-Match: one wins", async () => {
    const r = await putReferral(api);
    const made = await allocate(api, r.referralId, {
      premisesId: "p-ref",
      bedId: "b1",
      arrivalDate: "2026-12-01",
      departureDate: "2027-02-23",
    });
    expect(made.status).toBe(201);
    const v = (await api.call("GET", `/referrals/${r.referralId}`, { as: cru })).body.version;
    const moved = await patch(r.referralId, { expectedArrivalDate: "2026-12-08" });
    expect(moved.status).toBe(200);
    expect(moved.body.bookingFit).toMatchObject({ bookingId: made.body.bookingId, fits: false });
    expect(moved.body.bookingFit.detail).toMatch(/7 days before the release on 2026-12-08/);
    const back = await patch(r.referralId, { expectedArrivalDate: "2026-12-01" });
    expect(back.body.bookingFit).toMatchObject({ fits: true });
    const booking = await api.call("GET", `/bookings/${made.body.bookingId}`, { as: cru });
    expect(booking.body.arrivalDate).toBe("2026-12-01");

    const current = `"${v + 2}"`;
    const racing = await Promise.all([
      patch(r.referralId, { notes: "first" }, { "if-match": current }),
      patch(r.referralId, { notes: "second" }, { "if-match": current }),
    ]);
    expect(racing.map((x) => x.status).sort()).toEqual([200, 412]);
  });
});
