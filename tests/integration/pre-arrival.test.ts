import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { runNightly } from "../../shared/services/nightly-job.js";
import { checkInvariants, describeReport, readTable } from "../support/invariants.js";
import { useLocalApi } from "../support/local-api.js";
import {
  admin,
  allocate,
  createPremises,
  cru,
  footprintsOf,
  itemsIn,
  managerOf,
  NOW,
  putReferral,
} from "./allocation-fixtures.js";

process.env.AP_FIXED_NOW = NOW; // today is 2026-11-23
const api = useLocalApi();
const manager = managerOf("p-pre");

const openAlerts = async (kind: string) =>
  (
    await api.ddb.send(
      new QueryCommand({
        TableName: api.tableName,
        IndexName: "GSI3",
        KeyConditionExpression: "GSI3PK = :k",
        ExpressionAttributeValues: { ":k": `ALERTS#KIND#${kind}#open` },
      }),
    )
  ).Items ?? [];

async function place(overrides: Parameters<typeof putReferral>[1], body: Record<string, unknown>) {
  const referral = await putReferral(api, overrides);
  const res = await allocate(api, referral.referralId, { premisesId: "p-pre", ...body });
  expect(res.status, res.text).toBe(201);
  return { referral, booking: res.body };
}

describe("pre-arrival plan", () => {
  let standard: { referral: { referralId: string }; booking: { bookingId: string } };
  let emergency: { referral: { referralId: string }; booking: { bookingId: string } };

  beforeAll(async () => {
    await createPremises(api, "p-pre", { beds: 6, bufferDays: 2 });
    standard = await place(
      { expectedArrivalDate: "2026-12-31", expectedDepartureDate: "2027-03-25", mappaLevel: 2 },
      { bedId: "b1" },
    );
    emergency = await place(
      {
        expectedArrivalDate: "2026-11-26",
        expectedDepartureDate: "2027-02-18",
        noticeType: "emergency",
        noticeDays: 3,
      },
      { bedId: "b2" },
    );
  });

  it("is created with the allocation: due dates follow the notice; the list and the referral show readiness", async () => {
    const res = await api.call("GET", `/bookings/${standard.booking.bookingId}/pre-arrival`, { as: manager });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.body).toMatchObject({
      stored: true,
      compressed: false,
      readiness: "on-track",
      noticeDays: 38,
    });
    expect(res.body.items.map((i: { itemId: string; dueDate: string }) => [i.itemId, i.dueDate])).toEqual([
      ["risk-information", "2026-12-17"],
      ["licence-conditions", "2026-12-21"],
      ["mappa-meeting", "2026-12-21"],
      ["key-worker", "2026-12-24"],
      ["medication-and-gp", "2026-12-26"],
      ["induction-planned", "2026-12-28"],
      ["room-prepared", "2026-12-29"],
      ["travel-arranged", "2026-12-30"],
    ]);

    const em = await api.call("GET", `/bookings/${emergency.booking.bookingId}/pre-arrival`, { as: cru });
    expect(em.body).toMatchObject({ compressed: true, readiness: "compressed", noticeDays: 3 });
    expect(em.body.items.find((i: { itemId: string }) => i.itemId === "risk-information")).toMatchObject({
      dueDate: "2026-11-26",
      compressed: true,
    });

    const list = await api.call("GET", "/premises/p-pre/bookings", { as: manager });
    const byId = new Map(list.body.items.map((b: { bookingId: string }) => [b.bookingId, b]));
    expect(byId.get(standard.booking.bookingId)).toMatchObject({
      readiness: "on-track",
      riskOfSeriousHarm: "medium",
    });
    expect(byId.get(emergency.booking.bookingId)).toMatchObject({
      readiness: "compressed",
      noticeType: "emergency",
    });

    const placed = await api.call("GET", "/referrals?premisesId=p-pre", { as: manager });
    expect(placed.status).toBe(200);
    const ref = placed.body.items.find(
      (r: { referralId: string }) => r.referralId === emergency.referral.referralId,
    );
    expect(ref.placement).toMatchObject({ readiness: "compressed" });
  });

  it("only that premises' manager updates an item, on the plan's version; the key worker needs a name", async () => {
    const path = `/bookings/${standard.booking.bookingId}/pre-arrival/items/key-worker`;
    expect((await api.call("PUT", path, { as: cru, body: { status: "done", keyWorker: "Jo" } })).status).toBe(
      403,
    );
    expect(
      (await api.call("PUT", path, { as: managerOf("elsewhere"), body: { status: "done", keyWorker: "Jo" } }))
        .status,
    ).toBe(404); // another premises' booking is hidden, as every premises-bound resource is
    const stale = await api.call("PUT", path, {
      as: manager,
      headers: { "if-match": '"7"' },
      body: { status: "done", keyWorker: "Jo" },
    });
    expect(stale.status).toBe(412);
    const noName = await api.call("PUT", path, { as: manager, body: { status: "done" } });
    expect(noName.status).toBe(400);
    expect(noName.body.invalidParams).toEqual([expect.objectContaining({ name: "keyWorker" })]);
    const unknown = await api.call(
      "PUT",
      `/bookings/${emergency.booking.bookingId}/pre-arrival/items/mappa-meeting`,
      {
        as: manager,
        body: { status: "done" },
      },
    );
    expect(unknown.status).toBe(404);

    const ok = await api.call("PUT", path, {
      as: manager,
      headers: { "if-match": '"1"' },
      body: { status: "done", keyWorker: "Jo Keyworker", note: "met on video" },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.headers.get("etag")).toBe('"2"');
    expect(ok.body).toMatchObject({ version: 2, keyWorker: "Jo Keyworker" });
    const history = await itemsIn(api, `BOOKING#${standard.booking.bookingId}`, "AUDIT#");
    expect(history.map((h) => h.action)).toContain("booking.pre-arrival-item-updated");
  });

  it("nightly: one pre-arrival-overdue alert per booking naming the items, none for an emergency, resolved when done", async () => {
    // 18 Dec: risk information (due 17 Dec) is overdue.
    const first = await runNightly("2026-12-18");
    expect(first.byKind["pre-arrival-overdue"]).toEqual({ raised: 1, resolved: 0 });
    let open = await openAlerts("pre-arrival-overdue");
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      bookingId: standard.booking.bookingId,
      premisesId: "p-pre",
      items: ["risk-information"],
      threshold: "overdue",
    });
    expect((await runNightly("2026-12-18")).byKind["pre-arrival-overdue"]).toEqual({
      raised: 0,
      resolved: 0,
    });
    expect((await runNightly("2026-12-19")).byKind["pre-arrival-overdue"]).toEqual({
      raised: 0,
      resolved: 0,
    });

    // 22 Dec: licence conditions and MAPPA join: one new alert supersedes the old one.
    const later = await runNightly("2026-12-22");
    expect(later.byKind["pre-arrival-overdue"]).toEqual({ raised: 1, resolved: 1 });
    open = await openAlerts("pre-arrival-overdue");
    expect(open.map((a) => a.items)).toEqual([["licence-conditions", "mappa-meeting", "risk-information"]]);

    for (const item of ["risk-information", "licence-conditions", "mappa-meeting"]) {
      const res = await api.call("PUT", `/bookings/${standard.booking.bookingId}/pre-arrival/items/${item}`, {
        as: manager,
        body: { status: item === "mappa-meeting" ? "not-needed" : "done" },
      });
      expect(res.status).toBe(200);
    }
    const done = await runNightly("2026-12-23");
    expect(done.byKind["pre-arrival-overdue"]).toEqual({ raised: 0, resolved: 1 });
    expect(await openAlerts("pre-arrival-overdue")).toHaveLength(0);
    // The sparse index now keys the booking by its next open item (medication, 26 Dec).
    const item = await api.ddb.send(
      new GetCommand({
        TableName: api.tableName,
        Key: { PK: `BOOKING#${standard.booking.bookingId}`, SK: "#BOOKING" },
      }),
    );
    expect(item.Item?.GSI3SK).toBe(`2026-12-26#${standard.booking.bookingId}`);
    const emergencyItem = await api.ddb.send(
      new GetCommand({
        TableName: api.tableName,
        Key: { PK: `BOOKING#${emergency.booking.bookingId}`, SK: "#BOOKING" },
      }),
    );
    expect(emergencyItem.Item?.GSI3PK).toBeUndefined();
  });

  it("a booking made before plans existed answers with a derived plan, stored on first update", async () => {
    const { booking } = await place(
      { expectedArrivalDate: "2027-01-20", expectedDepartureDate: "2027-04-14" },
      { bedId: "b3" },
    );
    // Older data: strip the plan from the stored item.
    const raw = await api.ddb.send(
      new GetCommand({
        TableName: api.tableName,
        Key: { PK: `BOOKING#${booking.bookingId}`, SK: "#BOOKING" },
      }),
    );
    const { preArrival: _p, GSI3PK: _a, GSI3SK: _b, ...older } = raw.Item!;
    const { PutCommand } = await import("@aws-sdk/lib-dynamodb");
    await api.ddb.send(new PutCommand({ TableName: api.tableName, Item: older }));
    const derived = await api.call("GET", `/bookings/${booking.bookingId}/pre-arrival`, { as: manager });
    expect(derived.body).toMatchObject({ stored: false, version: 1, readiness: "on-track" });
    const list = await api.call("GET", "/premises/p-pre/bookings", { as: manager });
    expect(
      list.body.items.find((b: { bookingId: string }) => b.bookingId === booking.bookingId).readiness,
    ).toBe("on-track");
    const put = await api.call("PUT", `/bookings/${booking.bookingId}/pre-arrival/items/room-prepared`, {
      as: manager,
      headers: { "if-match": '"1"' },
      body: { status: "done" },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ stored: true, version: 2 });
  });
});

describe("placement review", () => {
  it("a concern reaches the CRU's concerns view; reallocate frees the bed and requeues the referral", async () => {
    const { referral, booking } = await place(
      { expectedArrivalDate: "2027-01-05", expectedDepartureDate: "2027-03-30", riskOfSeriousHarm: "high" },
      { bedId: "b4" },
    );
    const path = `/bookings/${booking.bookingId}/placement-review`;
    const noReason = await api.call("POST", path, { as: manager, body: { decision: "concern", note: "x" } });
    expect(noReason.status).toBe(400);
    expect(
      (await api.call("POST", path, { as: cru, body: { decision: "accepted", note: "ok" } })).status,
    ).toBe(403);
    const concern = await api.call("POST", path, {
      as: manager,
      body: {
        decision: "concern",
        reasons: ["risk-mix", "victim-or-associates-nearby"],
        note: "victim lives 2 streets away",
      },
    });
    expect(concern.status, concern.text).toBe(200);
    expect(concern.body.placementReview).toMatchObject({
      decision: "concern",
      reasons: ["risk-mix", "victim-or-associates-nearby"],
    });

    const view = await api.call("GET", "/referrals?review=concern", { as: cru });
    expect(view.status).toBe(200);
    const listed = view.body.items.find((r: { referralId: string }) => r.referralId === referral.referralId);
    expect(listed.placement.review).toMatchObject({
      decision: "concern",
      note: "victim lives 2 streets away",
    });
    expect((await api.call("GET", "/referrals?review=concern", { as: manager })).status).toBe(403);

    const answer = await api.call("POST", `${path}/response`, {
      as: cru,
      body: { action: "reallocate", note: "find another AP" },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({
      status: "cancelled",
      placementReview: { response: { action: "reallocate" } },
    });
    const after = await api.call("GET", `/referrals/${referral.referralId}`, { as: cru });
    expect(after.body.status).toBe("submitted");
    expect(after.body.placement).toBeUndefined();
    const actions = after.body.history.map((h: { action: string }) => h.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "referral.allocated",
        "placement-review.concern",
        "placement-review.reallocated",
      ]),
    );
    expect((await footprintsOf(api, "p-pre")).filter((f) => f.bookingId === booking.bookingId)).toHaveLength(
      0,
    );
    const gone = await api.call("GET", "/referrals?review=concern", { as: cru });
    expect(gone.body.items.map((r: { referralId: string }) => r.referralId)).not.toContain(
      referral.referralId,
    );
    const again = await api.call("POST", `${path}/response`, {
      as: cru,
      body: { action: "keep", note: "x" },
    });
    expect(again.status).toBe(409);
  });

  it("keep records the answer; the CRU sees unreviewed placements arriving within 2 days", async () => {
    const soon = await place(
      { expectedArrivalDate: "2026-11-25", expectedDepartureDate: "2027-02-17" },
      { bedId: "b5" },
    );
    const view = await api.call("GET", "/referrals?review=unreviewed-soon", { as: cru });
    const ids = view.body.items.map((r: { referralId: string }) => r.referralId);
    expect(ids).toContain(soon.referral.referralId);
    expect(ids).not.toContain("never"); // standard (31 Dec) is not within 2 days
    const path = `/bookings/${soon.booking.bookingId}/placement-review`;
    await api.call("POST", path, {
      as: manager,
      body: { decision: "concern", reasons: ["other"], note: "staffing" },
    });
    const kept = await api.call("POST", `${path}/response`, {
      as: cru,
      body: { action: "keep", note: "agency staff booked" },
    });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body).toMatchObject({ status: "booked", placementReview: { response: { action: "keep" } } });
    const after = await api.call("GET", "/referrals?review=unreviewed-soon", { as: cru });
    expect(after.body.items.map((r: { referralId: string }) => r.referralId)).not.toContain(
      soon.referral.referralId,
    );
  });
});

describe("risk mix", () => {
  let r: { referralId: string };
  beforeAll(async () => {
    await createPremises(api, "p-risk", { beds: 4, bufferDays: 0 });
    const a = await putReferral(api, {
      riskOfSeriousHarm: "very-high",
      mappaLevel: 3,
      expectedArrivalDate: "2026-12-01",
      expectedDepartureDate: "2027-01-10",
    });
    expect((await allocate(api, a.referralId, { premisesId: "p-risk", bedId: "b1" })).status).toBe(201);
    const b = await putReferral(api, {
      riskOfSeriousHarm: "high",
      expectedArrivalDate: "2026-12-20",
      expectedDepartureDate: "2027-03-01",
    });
    expect((await allocate(api, b.referralId, { premisesId: "p-risk", bedId: "b2" })).status).toBe(201);
  });

  it("bed options carry the mix for every night of the asked-for stay", async () => {
    r = await putReferral(api, {
      riskOfSeriousHarm: "very-high",
      expectedArrivalDate: "2026-12-15",
      expectedDepartureDate: "2027-01-20",
      preferredPremisesIds: ["p-risk"],
    });
    const res = await api.call("GET", `/referrals/${r.referralId}/bed-options`, { as: cru });
    expect(res.status, res.text).toBe(200);
    const mix = res.body.riskMix.find((m: { premisesId: string }) => m.premisesId === "p-risk");
    expect(mix.nights).toEqual([
      expect.objectContaining({
        startDate: "2026-12-15",
        endDate: "2026-12-19",
        residents: 1,
        rosh: expect.objectContaining({ veryHigh: 1, high: 0 }),
        mappa: expect.objectContaining({ level3: 1 }),
      }),
      expect.objectContaining({
        startDate: "2026-12-20",
        endDate: "2027-01-09",
        residents: 2,
        rosh: expect.objectContaining({ veryHigh: 1, high: 1 }),
      }),
      expect.objectContaining({
        startDate: "2027-01-10",
        endDate: "2027-01-19",
        residents: 1,
        rosh: expect.objectContaining({ veryHigh: 0, high: 1 }),
      }),
    ]);
    expect(mix.peak).toMatchObject({ residents: 2 });
    expect(mix.breaches).toEqual([]);
  });

  it("an admin's limit refuses an allocation with 409 risk-mix unless a reason is recorded", async () => {
    const patch = await api.call("PATCH", "/premises/p-risk", {
      as: admin,
      body: { riskLimits: { veryHighRosh: 1 } },
    });
    expect(patch.status, patch.text).toBe(200);
    expect(patch.body.riskLimits).toEqual({ veryHighRosh: 1 });
    // The same very-high referral as above, now against the limit.
    const options = await api.call("GET", `/referrals/${r.referralId}/bed-options`, { as: cru });
    const opt = options.body.options.find((o: { premisesId: string }) => o.premisesId === "p-risk");
    expect(opt.riskLimitsExceeded).toEqual([expect.stringContaining("veryHighRosh")]);

    const refused = await allocate(api, r.referralId, { premisesId: "p-risk", bedId: "b3" });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/risk-mix/);
    expect(refused.body.conflicts).toEqual([
      expect.objectContaining({ kind: "risk-mix", startDate: "2026-12-15", endDate: "2027-01-09" }),
    ]);
    expect((await itemsIn(api, `REFERRAL#${r.referralId}`))[0]!.status).toBe("submitted");

    const low = await putReferral(api, {
      riskOfSeriousHarm: "low",
      expectedArrivalDate: "2026-12-15",
      expectedDepartureDate: "2027-01-20",
    });
    expect((await allocate(api, low.referralId, { premisesId: "p-risk", bedId: "b4" })).status).toBe(201);

    const overridden = await allocate(api, r.referralId, {
      premisesId: "p-risk",
      bedId: "b3",
      riskMixOverrideReason: "both reviewed at MAPPA; staffing increased",
    });
    expect(overridden.status, overridden.text).toBe(201);
    expect(overridden.body.riskMixOverride).toMatchObject({
      reason: "both reviewed at MAPPA; staffing increased",
    });
    expect(overridden.body.riskMix.breaches).toHaveLength(1);
    const audit = await itemsIn(api, `BOOKING#${overridden.body.bookingId}`, "AUDIT#");
    expect(audit[0]!.after).toMatchObject({
      riskMixOverride: expect.anything(),
      riskMixBreaches: expect.any(Array),
    });
  });
});

describe("invariants", () => {
  it("the invariant checker finds no violation after all of the above", async () => {
    const report = checkInvariants(await readTable(api.ddb, api.tableName));
    expect(report.violations, describeReport(report)).toEqual([]);
  });
});
