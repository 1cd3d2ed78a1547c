import { PutCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import type { Referral } from "../../shared/schemas/referrals.js";
import { referralItem } from "../../shared/store/items.js";
import { keys } from "../../shared/store/keys.js";
import { useLocalApi } from "../support/local-api.js";

process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";

const api = useLocalApi();
const cru = { role: "cru" } as const;
const admin = { role: "admin" } as const;

let crnSeq = 100000;
const nextCrn = () => `X${crnSeq++}`;

const referral = (extra: Record<string, unknown> = {}, person: Record<string, unknown> = {}) => ({
  person: { crn: nextCrn(), name: "Sam Example", dateOfBirth: "1985-04-12", gender: "male", ...person },
  riskOfSeriousHarm: "high",
  mappaLevel: 2,
  releaseType: "licence",
  expectedArrivalDate: "2027-01-11",
  area: "london",
  homelessIfNotPlaced: true,
  ...extra,
});

const premises = (id: string, area: string, gender: string) => ({
  premisesId: id,
  name: `AP ${id}`,
  area,
  gender,
  characteristics: [],
  beds: [{ bedId: "b1", room: "1", characteristics: [] }],
});

async function referralItems(): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await api.ddb.send(
      new ScanCommand({
        TableName: api.tableName,
        FilterExpression: "#t = :t",
        ExpressionAttributeNames: { "#t": "type" },
        ExpressionAttributeValues: { ":t": "referral" },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

async function partition(pk: string) {
  const out = await api.ddb.send(
    new QueryCommand({
      TableName: api.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": pk },
    }),
  );
  return out.Items ?? [];
}

/** Allocation is another feature; a placed referral is written the way it will write one. */
async function placeAt(r: Referral, premisesId: string, arrivalDate = r.expectedArrivalDate) {
  const placed: Referral = {
    ...r,
    status: "allocated",
    placement: {
      premisesId,
      bedId: "b1",
      bookingId: `bk-${r.referralId}`,
      arrivalDate,
      departureDate: r.expectedDepartureDate,
      allocatedAt: "2026-11-23T11:00:00.000Z",
      allocatedBy: "cru-lead",
    },
    version: r.version + 1,
  };
  await api.ddb.send(new PutCommand({ TableName: api.tableName, Item: referralItem(placed) }));
  return placed;
}

beforeAll(async () => {
  for (const p of [
    premises("p-ldn", "london", "male"),
    premises("p-ldn2", "london", "male"),
    premises("p-wmn", "womens", "female"),
  ]) {
    const res = await api.call("POST", "/premises", { as: admin, body: p });
    expect(res.status).toBe(201);
  }
});

describe("submitting a referral", () => {
  it("creates a submitted referral with notice, default departure, person copy and audit", async () => {
    const body = referral({
      releaseType: "ecsl",
      expectedArrivalDate: "2026-11-26",
      preferredPremisesIds: ["p-ldn"],
    });
    const res = await api.call("POST", "/referrals", { as: cru, body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "submitted",
      noticeType: "emergency",
      noticeDays: 3,
      earlyRelease: true,
      expectedDepartureDate: "2027-02-18",
      submittedBy: "cru-user",
      version: 1,
    });
    expect(res.headers.get("location")).toBe(`/referrals/${res.body.referralId}`);
    const copy = await partition(`PERSON#${body.person.crn}`);
    expect(copy.map((i) => i.SK).sort()).toEqual(["#PERSON", `REFERRAL#${res.body.referralId}`]);
    const got = await api.call("GET", `/referrals/${res.body.referralId}`, { as: cru });
    expect(got.status).toBe(200);
    expect(got.body.history).toHaveLength(1);
    expect(got.body.history[0]).toMatchObject({
      action: "referral.submitted",
      actor: "cru-user",
      entityType: "referral",
    });
  });

  it.each([
    ["2026-11-30", "emergency", 7],
    ["2026-12-01", "short-notice", 8],
    ["2026-12-21", "short-notice", 28],
    ["2026-12-22", "standard", 29],
  ])("arrival %s is %s with %i days' notice", async (arrival, type, days) => {
    const res = await api.call("POST", "/referrals", {
      as: cru,
      body: referral({ expectedArrivalDate: arrival }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ noticeType: type, noticeDays: days, earlyRelease: false });
  });

  it.each([
    ["a short CRN", {}, { crn: "X12345" }, "person.crn"],
    ["a malformed NOMS number", {}, { nomsNumber: "A123BC" }, "person.nomsNumber"],
    ["an impossible arrival date", { expectedArrivalDate: "2027-02-30" }, {}, "expectedArrivalDate"],
    ["departure on the arrival day", { expectedDepartureDate: "2027-01-11" }, {}, "expectedDepartureDate"],
    ["departure before arrival", { expectedDepartureDate: "2027-01-01" }, {}, "expectedDepartureDate"],
    ["an HDC end before arrival", { hdcEndDate: "2027-01-10" }, {}, "hdcEndDate"],
    ["a licence end before arrival", { licenceEndDate: "2026-12-01" }, {}, "licenceEndDate"],
    ["an unknown area", { area: "mars" }, {}, "area"],
    ["an unknown preferred premises", { preferredPremisesIds: ["nowhere"] }, {}, "preferredPremisesIds.0"],
    [
      "a second unknown preferred premises",
      { preferredPremisesIds: ["p-ldn", "nowhere"] },
      {},
      "preferredPremisesIds.1",
    ],
    ["an unknown characteristic", { requiredCharacteristics: ["jacuzzi"] }, {}, "requiredCharacteristics.0"],
    ["a man preferring a women's AP", { preferredPremisesIds: ["p-wmn"] }, {}, "preferredPremisesIds.0"],
    [
      "a woman preferring a men's AP",
      { area: "womens", preferredPremisesIds: ["p-ldn"] },
      { gender: "female" },
      "preferredPremisesIds.0",
    ],
    ["a date of birth in the future", {}, { dateOfBirth: "2027-01-01" }, "person.dateOfBirth"],
    ["an arrival a month ago", { expectedArrivalDate: "2026-10-20" }, {}, "expectedArrivalDate"],
    ["an unknown field", { colour: "blue" }, {}, "colour"],
    ["MAPPA level 4", { mappaLevel: 4 }, {}, "mappaLevel"],
    ["a missing homelessIfNotPlaced", { homelessIfNotPlaced: undefined }, {}, "homelessIfNotPlaced"],
  ])("rejects %s with 400 naming the field and writes nothing", async (_label, extra, person, field) => {
    const before = (await referralItems()).length;
    const body = referral(extra, person);
    const res = await api.call("POST", "/referrals", {
      as: cru,
      body,
      headers: { "idempotency-key": `bad-${field}` },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    expect((await referralItems()).length).toBe(before);
    expect(await partition(`PERSON#${body.person.crn}`)).toHaveLength(0);
    expect(await partition(`IDEMPOTENCY#local-cru-user#bad-${field}`)).toHaveLength(0);
  });

  it("only cru may submit", async () => {
    for (const as of [admin, { role: "ap-manager", premises: ["p-ldn"] }]) {
      const res = await api.call("POST", "/referrals", { as, body: referral() });
      expect(res.status).toBe(403);
    }
  });
});

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and body, and refuses another body with 422", async () => {
    const body = referral();
    const headers = { "idempotency-key": "retry-1" };
    const first = await api.call("POST", "/referrals", { as: cru, body, headers });
    const again = await api.call("POST", "/referrals", {
      as: cru,
      body: { ...body, notes: undefined },
      headers,
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await api.call("POST", "/referrals", {
      as: cru,
      body: { ...body, riskOfSeriousHarm: "low" },
      headers,
    });
    expect(other.status).toBe(422);
    const mine = (await referralItems()).filter((i) => (i.person as { crn: string }).crn === body.person.crn);
    expect(mine).toHaveLength(1);
  });

  it("20 concurrent POSTs with one key create exactly one referral and all answer with it", async () => {
    const body = referral();
    const headers = { "idempotency-key": "storm-1" };
    const token = await api.token("cru");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api.call("POST", "/referrals", { token, body, headers })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = new Set(results.map((r) => r.body.referralId));
    expect(ids.size).toBe(1);
    const mine = (await referralItems()).filter((i) => (i.person as { crn: string }).crn === body.person.crn);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.referralId).toBe([...ids][0]);
    expect(
      (await partition(`PERSON#${body.person.crn}`)).filter((i) => i.type === "person-referral"),
    ).toHaveLength(1);
  });

  it("treats a key past its 24 hours as unused even before TTL deletes it", async () => {
    const stale = await api.call("POST", "/referrals", {
      as: cru,
      body: referral(),
      headers: { "idempotency-key": "old-1" },
    });
    expect(stale.status).toBe(201);
    const record = (await partition("IDEMPOTENCY#local-cru-user#old-1"))[0]!;
    expect(record.expiresAt).toBe(Math.floor(Date.parse("2026-11-23T10:00:00Z") / 1000) + 86_400);
    await api.ddb.send(
      new PutCommand({ TableName: api.tableName, Item: { ...record, expiresAt: record.expiresAt - 86_401 } }),
    );
    const fresh = await api.call("POST", "/referrals", {
      as: cru,
      body: referral(),
      headers: { "idempotency-key": "old-1" },
    });
    expect(fresh.status).toBe(201);
    expect(fresh.body.referralId).not.toBe(stale.body.referralId);
  });

  it("scopes keys to the caller: another user's same key is a different request", async () => {
    const a = await api.call("POST", "/referrals", {
      as: { role: "cru", user: "alice" },
      body: referral(),
      headers: { "idempotency-key": "k" },
    });
    const b = await api.call("POST", "/referrals", {
      as: { role: "cru", user: "bob" },
      body: referral(),
      headers: { "idempotency-key": "k" },
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.referralId).not.toBe(b.body.referralId);
  });
});

describe("one open referral per person for any night", () => {
  it("refuses an overlapping stay with 409 naming the existing referral, allows the next stay from departure day", async () => {
    const crn = nextCrn();
    const first = await api.call("POST", "/referrals", {
      as: cru,
      body: referral({ expectedArrivalDate: "2027-01-11", expectedDepartureDate: "2027-02-01" }, { crn }),
    });
    expect(first.status).toBe(201);
    const clash = await api.call("POST", "/referrals", {
      as: cru,
      body: referral({ expectedArrivalDate: "2027-01-31", expectedDepartureDate: "2027-03-01" }, { crn }),
    });
    expect(clash.status).toBe(409);
    expect(clash.body.conflicts).toEqual([
      expect.objectContaining({
        kind: "referral",
        referralId: first.body.referralId,
        startDate: "2027-01-11",
        endDate: "2027-01-31",
      }),
    ]);
    const after = await api.call("POST", "/referrals", {
      as: cru,
      body: referral({ expectedArrivalDate: "2027-02-01", expectedDepartureDate: "2027-03-01" }, { crn }),
    });
    expect(after.status).toBe(201);
  });

  it("lets exactly one of 10 racing overlapping submissions for one CRN through", async () => {
    const crn = nextCrn();
    const token = await api.token("cru");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.call("POST", "/referrals", {
          token,
          body: referral({ expectedArrivalDate: `2027-01-${String(10 + i).padStart(2, "0")}` }, { crn }),
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const stored = (await referralItems()).filter((i) => (i.person as { crn: string }).crn === crn);
    expect(stored).toHaveLength(1);
  });

  it("a withdrawn referral no longer blocks a new one", async () => {
    const crn = nextCrn();
    const first = await api.call("POST", "/referrals", { as: cru, body: referral({}, { crn }) });
    expect((await api.call("POST", "/referrals", { as: cru, body: referral({}, { crn }) })).status).toBe(409);
    const w = await api.call("POST", `/referrals/${first.body.referralId}/withdrawal`, {
      as: cru,
      body: { reason: "duplicate" },
    });
    expect(w.status).toBe(200);
    expect((await api.call("POST", "/referrals", { as: cru, body: referral({}, { crn }) })).status).toBe(201);
  });
});

describe("withdrawal", () => {
  it("withdraws a submitted referral, audits it and keeps the person copy in step; twice is 409", async () => {
    const created = await api.call("POST", "/referrals", { as: cru, body: referral() });
    const id = created.body.referralId as string;
    const stale = await api.call("POST", `/referrals/${id}/withdrawal`, {
      as: cru,
      body: { reason: "alternative-accommodation" },
      headers: { "if-match": '"7"' },
    });
    expect(stale.status).toBe(412);
    const res = await api.call("POST", `/referrals/${id}/withdrawal`, {
      as: cru,
      body: { reason: "alternative-accommodation", notes: "Family address approved" },
      headers: { "if-match": '"1"' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "withdrawn",
      version: 2,
      withdrawal: { reason: "alternative-accommodation", by: "cru-user" },
    });
    const copy = await partition(`PERSON#${created.body.person.crn}`);
    expect(copy.find((i) => i.type === "person-referral")).toMatchObject({ status: "withdrawn" });
    const got = await api.call("GET", `/referrals/${id}`, { as: admin });
    expect(got.body.history.map((h: { action: string }) => h.action)).toEqual([
      "referral.submitted",
      "referral.withdrawn",
    ]);
    const again = await api.call("POST", `/referrals/${id}/withdrawal`, {
      as: cru,
      body: { reason: "duplicate" },
    });
    expect(again.status).toBe(409);
    expect(again.body.conflicts[0]).toMatchObject({ kind: "invalid-transition", referralId: id });
  });

  it("two racing withdrawals: one 200, one 409", async () => {
    const created = await api.call("POST", "/referrals", { as: cru, body: referral() });
    const token = await api.token("cru");
    const results = await Promise.all(
      [0, 1].map(() =>
        api.call("POST", `/referrals/${created.body.referralId}/withdrawal`, {
          token,
          body: { reason: "error" },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it("an allocated referral goes through the booking release; an arrived one cannot be withdrawn", async () => {
    const created = (await api.call("POST", "/referrals", { as: cru, body: referral() })).body as Referral;
    // Placed without a booking to release: whatever the release does, it must refuse and change nothing.
    const placed = await placeAt(created, "p-ldn");
    const res = await api.call("POST", `/referrals/${placed.referralId}/withdrawal`, {
      as: cru,
      body: { reason: "error" },
    });
    expect(res.status).toBe(409);
    expect((await api.call("GET", `/referrals/${placed.referralId}`, { as: cru })).body.status).toBe(
      "allocated",
    );
    await api.ddb.send(
      new PutCommand({ TableName: api.tableName, Item: referralItem({ ...placed, status: "arrived" }) }),
    );
    const arrived = await api.call("POST", `/referrals/${placed.referralId}/withdrawal`, {
      as: cru,
      body: { reason: "error" },
    });
    expect(arrived.status).toBe(409);
    expect(arrived.body.conflicts[0]).toMatchObject({
      kind: "invalid-transition",
      detail: "status is arrived",
    });
  });

  it("refuses an unknown reason, an unknown referral and other roles", async () => {
    const created = await api.call("POST", "/referrals", { as: cru, body: referral() });
    const bad = await api.call("POST", `/referrals/${created.body.referralId}/withdrawal`, {
      as: cru,
      body: { reason: "bored" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams[0].name).toBe("reason");
    expect(
      (await api.call("POST", "/referrals/01NOPE/withdrawal", { as: cru, body: { reason: "error" } })).status,
    ).toBe(404);
    const manager = await api.call("POST", `/referrals/${created.body.referralId}/withdrawal`, {
      as: { role: "ap-manager", premises: ["p-ldn"] },
      body: { reason: "error" },
    });
    expect(manager.status).toBe(403);
    expect((await api.call("GET", `/referrals/${created.body.referralId}`, { as: cru })).body.status).toBe(
      "submitted",
    );
  });
});

describe("who sees what", () => {
  let atLdn: Referral;
  let atLdn2: Referral;
  let unplaced: Referral;

  beforeAll(async () => {
    const make = async () =>
      (
        await api.call("POST", "/referrals", {
          as: cru,
          body: referral({ area: "midlands", notes: "Needs ground floor" }),
        })
      ).body as Referral;
    atLdn = await placeAt(await make(), "p-ldn");
    atLdn2 = await placeAt(await make(), "p-ldn2");
    unplaced = await make();
  });

  it("an ap-manager lists and reads only referrals placed at its premises, with what it needs before arrival", async () => {
    const manager = { role: "ap-manager", premises: ["p-ldn"] } as const;
    const list = await api.call("GET", "/referrals", { as: manager });
    expect(list.status).toBe(200);
    const ids = list.body.items.map((r: Referral) => r.referralId);
    expect(ids).toContain(atLdn.referralId);
    expect(ids).not.toContain(atLdn2.referralId);
    expect(ids).not.toContain(unplaced.referralId);
    expect(list.body.items.every((r: Referral) => r.placement?.premisesId === "p-ldn")).toBe(true);
    const mine = list.body.items.find((r: Referral) => r.referralId === atLdn.referralId);
    expect(mine).toMatchObject({
      riskOfSeriousHarm: "high",
      mappaLevel: 2,
      releaseType: "licence",
      noticeType: "standard",
      notes: "Needs ground floor",
      placement: { allocatedBy: "cru-lead", allocatedAt: "2026-11-23T11:00:00.000Z" },
    });
    expect((await api.call("GET", `/referrals/${atLdn.referralId}`, { as: manager })).status).toBe(200);
  });

  it("an ap-manager of another AP gets 404 for that AP's list and never its people", async () => {
    const other = { role: "ap-manager", premises: ["p-ldn2"] } as const;
    expect((await api.call("GET", "/referrals?premisesId=p-ldn", { as: other })).status).toBe(404);
    const own = await api.call("GET", "/referrals", { as: other });
    expect(own.body.items.map((r: Referral) => r.referralId)).toEqual([atLdn2.referralId]);
    const read = await api.call("GET", `/referrals/${atLdn.referralId}`, { as: other });
    expect(read.status).toBe(404);
    expect(read.text).not.toContain(atLdn.person.crn);
    const unplacedRead = await api.call("GET", `/referrals/${unplaced.referralId}`, { as: other });
    expect([403, 404]).toContain(unplacedRead.status);
    const newest = await api.call("GET", "/referrals?sort=newest&status=allocated", { as: other });
    expect(newest.body.items.map((r: Referral) => r.referralId)).toEqual([atLdn2.referralId]);
    const managerless = await api.call("GET", "/referrals", { as: { role: "ap-manager" } });
    expect(managerless.body.items).toEqual([]);
  });

  it("cru and admin see every referral", async () => {
    for (const as of [cru, admin]) {
      const res = await api.call("GET", "/referrals?status=allocated&area=midlands", { as });
      const ids = res.body.items.map((r: Referral) => r.referralId);
      expect(ids).toEqual(expect.arrayContaining([atLdn.referralId, atLdn2.referralId]));
      expect((await api.call("GET", `/referrals/${unplaced.referralId}`, { as })).status).toBe(200);
    }
  });

  it("the premises list follows status, so an arrived resident is not 'coming'", async () => {
    const arrived = await placeAt(
      (await api.call("POST", "/referrals", { as: cru, body: referral() })).body,
      "p-ldn",
    );
    await api.ddb.send(
      new PutCommand({ TableName: api.tableName, Item: referralItem({ ...arrived, status: "arrived" }) }),
    );
    const manager = { role: "ap-manager", premises: ["p-ldn"] } as const;
    const coming = await api.call("GET", "/referrals", { as: manager });
    expect(coming.body.items.map((r: Referral) => r.referralId)).not.toContain(arrived.referralId);
    const resident = await api.call("GET", "/referrals?status=arrived", { as: manager });
    expect(resident.body.items.map((r: Referral) => r.referralId)).toContain(arrived.referralId);
    expect(resident.body.items.every((r: Referral) => r.status === "arrived")).toBe(true);
  });
});

describe("a manager of two premises", () => {
  const arrivals: [string, string][] = [
    ["p-two-a", "2027-01-03"],
    ["p-two-b", "2027-01-01"],
    ["p-two-a", "2027-01-05"],
    ["p-two-b", "2027-01-05"],
    ["p-two-b", "2027-01-09"],
    ["p-two-a", "2027-01-10"],
    ["p-two-b", "2027-01-12"],
  ];
  const expected: string[] = [];

  beforeAll(async () => {
    for (const id of ["p-two-a", "p-two-b"]) {
      expect(
        (await api.call("POST", "/premises", { as: admin, body: premises(id, "london", "male") })).status,
      ).toBe(201);
    }
    const placed: Referral[] = [];
    for (const [premisesId, arrival] of arrivals) {
      const r = (
        await api.call("POST", "/referrals", { as: cru, body: referral({ expectedArrivalDate: arrival }) })
      ).body as Referral;
      placed.push(await placeAt(r, premisesId));
    }
    const elsewhere = (
      await api.call("POST", "/referrals", { as: cru, body: referral({ expectedArrivalDate: "2027-01-04" }) })
    ).body;
    await placeAt(elsewhere, "p-ldn2");
    expected.push(
      ...placed
        .slice()
        .sort((a, b) =>
          `${a.expectedArrivalDate}#${a.referralId}`.localeCompare(
            `${b.expectedArrivalDate}#${b.referralId}`,
          ),
        )
        .map((r) => r.referralId),
    );
  });

  it.each([1, 2, 3, 50])(
    "sees both premises merged in arrival order, paging by %i, and nobody else's",
    async (limit) => {
      const manager = { role: "ap-manager", premises: ["p-two-a", "p-two-b"] } as const;
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await api.call("GET", `/referrals?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, {
          as: manager,
        });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...res.body.items.map((r: Referral) => r.referralId));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(seen).toEqual(expected);
    },
  );

  it("cannot steer the merged cursor to another premises", async () => {
    const manager = { role: "ap-manager", premises: ["p-two-a", "p-two-b"] } as const;
    const forged = Buffer.from(JSON.stringify({ "p-ldn2": null })).toString("base64url");
    expect((await api.call("GET", `/referrals?cursor=${forged}`, { as: manager })).status).toBe(400);
    const stolen = Buffer.from(
      JSON.stringify({
        "p-two-a": { PK: "x", SK: "y", GSI3PK: "REFERRALS#PREMISES#p-ldn2", GSI3SK: "allocated#" },
      }),
    ).toString("base64url");
    expect((await api.call("GET", `/referrals?cursor=${stolen}`, { as: manager })).status).toBe(400);
  });
});

describe("listing referrals", () => {
  const area = "wales";
  const arrivals = ["2026-11-25", "2026-12-10", "2027-01-05", "2027-02-01", "2027-03-01"];
  let created: Referral[] = [];

  beforeAll(async () => {
    created = [];
    for (const a of arrivals) {
      const res = await api.call("POST", "/referrals", {
        as: cru,
        body: referral({ area, expectedArrivalDate: a }),
      });
      created.push(res.body);
    }
  });

  it("by area, in arrival order, paged by cursor", async () => {
    const first = await api.call("GET", `/referrals?area=${area}&limit=2`, { as: cru });
    expect(first.body.items.map((r: Referral) => r.expectedArrivalDate)).toEqual(arrivals.slice(0, 2));
    const rest: string[] = [];
    let cursor = first.body.nextCursor as string | undefined;
    while (cursor) {
      const page = await api.call("GET", `/referrals?area=${area}&limit=2&cursor=${cursor}`, { as: cru });
      expect(page.status).toBe(200);
      rest.push(...page.body.items.map((r: Referral) => r.expectedArrivalDate));
      cursor = page.body.nextCursor;
    }
    expect(rest).toEqual(arrivals.slice(2));
  });

  it("by notice type and arrival window", async () => {
    const emergency = await api.call("GET", `/referrals?area=${area}&noticeType=emergency`, { as: cru });
    expect(emergency.body.items.map((r: Referral) => r.referralId)).toEqual([created[0]!.referralId]);
    const window = await api.call(
      "GET",
      `/referrals?area=${area}&arrivalFrom=2026-12-10&arrivalTo=2027-02-01`,
      { as: cru },
    );
    expect(window.body.items.map((r: Referral) => r.expectedArrivalDate)).toEqual(arrivals.slice(1, 4));
    const byStatus = await api.call(
      "GET",
      "/referrals?status=submitted&arrivalFrom=2027-03-01&arrivalTo=2027-03-01",
      { as: cru },
    );
    expect(byStatus.body.items.map((r: Referral) => r.referralId)).toContain(created[4]!.referralId);
    expect(
      byStatus.body.items.every(
        (r: Referral) => r.expectedArrivalDate === "2027-03-01" && r.status === "submitted",
      ),
    ).toBe(true);
  });

  it("newest first", async () => {
    const res = await api.call("GET", `/referrals?sort=newest&area=${area}&limit=5`, { as: cru });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: Referral) => r.referralId)).toEqual(
      [...created].reverse().map((r) => r.referralId),
    );
  });

  it("rejects bad filters and forged cursors with 400", async () => {
    const cases: [string, string][] = [
      ["/referrals?status=lost", "status"],
      ["/referrals?limit=201", "limit"],
      ["/referrals?arrivalFrom=2027-02-30", "arrivalFrom"],
      ["/referrals?arrivalFrom=2027-02-01&arrivalTo=2027-01-01", "arrivalTo"],
      ["/referrals?sort=oldest", "sort"],
      ["/referrals?cursor=eyJQSyI6IlgifQ", "cursor"],
      [
        `/referrals?cursor=${Buffer.from(JSON.stringify({ m: "1999-01" })).toString("base64url")}&sort=newest`,
        "cursor",
      ],
    ];
    for (const [path, field] of cases) {
      const res = await api.call("GET", path, { as: cru });
      expect(res.status, path).toBe(400);
      expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    }
    const first = await api.call("GET", `/referrals?area=${area}&limit=1`, { as: cru });
    const reused = await api.call(
      "GET",
      `/referrals?area=north-east&limit=1&cursor=${first.body.nextCursor}`,
      { as: cru },
    );
    expect(reused.status).toBe(400);
  });
});

describe("OpenAPI", () => {
  it("documents the referral routes from the same schemas", async () => {
    const doc = await api.call("GET", "/openapi.json");
    const paths = doc.body.paths;
    expect(paths["/referrals"].post.parameters.map((p: { name: string }) => p.name)).toContain(
      "Idempotency-Key",
    );
    expect(Object.keys(paths["/referrals"].post.responses)).toEqual(
      expect.arrayContaining(["201", "400", "409", "422"]),
    );
    expect(paths["/referrals"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining([
        "status",
        "area",
        "premisesId",
        "noticeType",
        "arrivalFrom",
        "arrivalTo",
        "sort",
        "limit",
        "cursor",
      ]),
    );
    expect(paths["/referrals/{referralId}"].get.responses["200"]).toBeDefined();
    expect(paths["/referrals/{referralId}/withdrawal"].post.responses["412"]).toBeDefined();
  });
});

describe("stored shape", () => {
  it("keeps index keys derived from the record", async () => {
    const res = await api.call("POST", "/referrals", {
      as: cru,
      body: referral({ area: "north-west", expectedArrivalDate: "2027-01-20" }),
    });
    const item = (await partition(keys.referral(res.body.referralId).PK)).find((i) => i.SK === "#REFERRAL")!;
    expect(item).toMatchObject({
      GSI1PK: "REFERRALS#AREA#north-west",
      GSI1SK: `submitted#2027-01-20#${res.body.referralId}`,
      GSI2PK: "REFERRALS#STATUS#submitted",
      GSI4PK: "REFERRALS#CREATED#2026-11",
    });
    // A submitted referral waits in the sparse placement-deadline index until it is placed.
    expect(item.GSI3PK).toBe("PLACEMENT-DEADLINES");
  });
});
