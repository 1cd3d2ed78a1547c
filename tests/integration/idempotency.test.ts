import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PREMISES_ID, EXAMPLE_TODAY, REQUEST_EXAMPLES } from "../../shared/api/examples.js";
import { acceptsIdempotencyKey } from "../../shared/api/idempotency.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import { ddb } from "../../shared/store/client.js";
import { useLocalApi } from "../support/local-api.js";

// Issue #12 item 6: Idempotency-Key worked on POST /referrals only. Every POST now takes it,
// once, in the API middleware: per user and key, the first success is replayed with
// Idempotent-Replayed: true, another body is 422, and of concurrent requests with one key
// exactly one has an effect (a conditional put claims the key before the change runs).
process.env.AP_FIXED_NOW = `${EXAMPLE_TODAY}T09:00:00Z`;
const api = useLocalApi();
const cru = { role: "cru", user: "cru-one" } as const;
const otherCru = { role: "cru", user: "cru-two" } as const;
const manager = { role: "ap-manager", premises: [EXAMPLE_PREMISES_ID] } as const;
let referralId = "";
let bookingId = "";
let forReferralId = "";

async function stayReductions() {
  const res = await api.call("GET", `/premises/${EXAMPLE_PREMISES_ID}/stay-reductions`, { as: manager });
  expect(res.status).toBe(200);
  return res.body.items as { requestId: string }[];
}

beforeAll(async () => {
  expect(
    (await api.call("POST", "/premises", { as: { role: "admin" }, body: REQUEST_EXAMPLES.createPremises }))
      .status,
  ).toBe(201);
  const referral = await api.call("POST", "/referrals", { as: cru, body: REQUEST_EXAMPLES.createReferral });
  expect(referral.status).toBe(201);
  referralId = referral.body.referralId;
  const other = await api.call("POST", "/referrals", {
    as: cru,
    body: {
      ...REQUEST_EXAMPLES.createReferral,
      person: { ...REQUEST_EXAMPLES.createReferral.person, crn: "Y410233", nomsNumber: undefined },
      expectedArrivalDate: "2027-05-31",
      expectedDepartureDate: "2027-08-30",
      licenceEndDate: "2027-11-30",
    },
  });
  expect(other.status, JSON.stringify(other.body)).toBe(201);
  forReferralId = other.body.referralId;
});

describe("Idempotency-Key on every POST (per user, in the API middleware)", () => {
  it("the document offers it on every POST, with its scope, and declares the replay header", async () => {
    const doc = (await api.call("GET", "/openapi.json")).body;
    const posts = ROUTES.filter((r) => r.method === "POST");
    expect(posts.length).toBeGreaterThan(12);
    for (const route of posts) {
      expect(acceptsIdempotencyKey(route), route.operationId).toBe(true);
      const op = doc.paths[route.path].post;
      const param = op.parameters.find((p: { name: string }) => p.name === "Idempotency-Key");
      expect(param?.description, route.operationId).toMatch(/per user/i);
      expect(op.responses["422"], route.operationId).toBeDefined();
      const success = Object.entries<any>(op.responses).find(([s]) => s.startsWith("2"))![1];
      expect(success.headers?.["Idempotent-Replayed"], route.operationId).toBeDefined();
    }
  });

  it("a retried allocation gets the first answer again and books once", async () => {
    const headers = { "idempotency-key": "alloc-1" };
    const path = `/referrals/${referralId}/allocation`;
    const first = await api.call("POST", path, { as: cru, body: REQUEST_EXAMPLES.allocateBed, headers });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    bookingId = first.body.bookingId;
    const again = await api.call("POST", path, { as: cru, body: REQUEST_EXAMPLES.allocateBed, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    // Another user's same key is another request: it runs, and the bed is taken (409).
    const theirs = await api.call("POST", path, {
      as: otherCru,
      body: REQUEST_EXAMPLES.allocateBed,
      headers,
    });
    expect(theirs.status).toBe(409);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    const list = await api.call("GET", `/premises/${EXAMPLE_PREMISES_ID}/bookings`, { as: manager });
    expect(list.body.items.map((b: { bookingId: string }) => b.bookingId)).toEqual([bookingId]);
  });

  it("the same key with another body, or on another route or booking, is 422 and changes nothing", async () => {
    const headers = { "idempotency-key": "alloc-1" };
    const other = await api.call("POST", `/referrals/${referralId}/allocation`, {
      as: cru,
      body: { ...REQUEST_EXAMPLES.allocateBed, bedId: "b2" },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.type).toMatch(/idempotency-key-reused$/);
    const elsewhere = await api.call("POST", `/bookings/${bookingId}/stay-reductions`, {
      as: cru,
      body: { ...REQUEST_EXAMPLES.requestStayReduction, forReferralId },
      headers,
    });
    expect(elsewhere.status).toBe(422);
    // POST /referrals keeps its own (transactional) records in the same key space: also 422.
    const referral = await api.call("POST", "/referrals", {
      as: cru,
      body: REQUEST_EXAMPLES.createReferral,
      headers,
    });
    expect(referral.status).toBe(422);
    expect(await stayReductions()).toEqual([]);
  });

  it("a refusal is not stored: the retry is judged afresh", async () => {
    const headers = { "idempotency-key": "reduce-bad" };
    const path = `/bookings/${bookingId}/stay-reductions`;
    const bad = { ...REQUEST_EXAMPLES.requestStayReduction, forReferralId: "ref-unknown" };
    const first = await api.call("POST", path, { as: cru, body: bad, headers });
    expect(first.status).toBe(404);
    const again = await api.call("POST", path, { as: cru, body: bad, headers });
    expect(again.status).toBe(404);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
  });

  it("concurrent requests with one key make one stay reduction request; every success is the same answer", async () => {
    const body = { ...REQUEST_EXAMPLES.requestStayReduction, forReferralId };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        api.call("POST", `/bookings/${bookingId}/stay-reductions`, {
          as: cru,
          body,
          headers: { "idempotency-key": "reduce-once" },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    const succeeded = answers.filter((a) => a.status === 201);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      JSON.stringify(statuses),
    ).toBe(true);
    expect(succeeded.length).toBeGreaterThan(0);
    expect(new Set(succeeded.map((a) => a.body.requestId)).size).toBe(1);
    expect(
      answers.filter((a) => a.headers.get("idempotent-replayed") === null && a.status === 201),
    ).toHaveLength(1);
    for (const a of answers.filter((x) => x.status === 409))
      expect(a.body.type).toMatch(/idempotency-key-in-use$/);
    expect((await stayReductions()).map((r) => r.requestId)).toEqual([succeeded[0]!.body.requestId]);
    // Without a key the same request is a second request: the service decides it afresh.
    const unkeyed = await api.call("POST", `/bookings/${bookingId}/stay-reductions`, { as: cru, body });
    expect(unkeyed.headers.get("idempotent-replayed")).toBeNull();
    if (unkeyed.status === 201) expect(unkeyed.body.requestId).not.toBe(succeeded[0]!.body.requestId);
    else expect(unkeyed.body.type).not.toMatch(/idempotency-key/);
  });

  it("a lifecycle change (arrival) retried with its key is replayed, not refused as already arrived", async () => {
    process.env.AP_FIXED_NOW = "2027-03-15T09:00:00Z";
    try {
      const headers = { "idempotency-key": "arrive-1" };
      const path = `/bookings/${bookingId}/arrival`;
      const [a, b] = await Promise.all([
        api.call("POST", path, { as: manager, body: REQUEST_EXAMPLES.recordArrival, headers }),
        api.call("POST", path, { as: manager, body: REQUEST_EXAMPLES.recordArrival, headers }),
      ]);
      // The second waits for the first's answer (or, on a slow machine, is told the key is in use).
      const fresh = [a, b].filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === null);
      expect(fresh, JSON.stringify([a.body, b.body])).toHaveLength(1);
      const second = [a, b].find((r) => r !== fresh[0])!;
      if (second.status === 200) expect(second.headers.get("idempotent-replayed")).toBe("true");
      else
        expect({ status: second.status, type: second.body.type }).toMatchObject({
          status: 409,
          type: expect.stringMatching(/idempotency-key-in-use$/),
        });
      const retry = await api.call("POST", path, {
        as: manager,
        body: REQUEST_EXAMPLES.recordArrival,
        headers,
      });
      expect(retry.status).toBe(200);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      const audit = await api.ddb.send(
        new QueryCommand({
          TableName: api.tableName,
          KeyConditionExpression: "PK = :pk AND begins_with(SK, :sk)",
          ExpressionAttributeValues: { ":pk": `BOOKING#${bookingId}`, ":sk": "AUDIT#" },
        }),
      );
      expect((audit.Items ?? []).filter((i) => i.action === "booking.arrived")).toHaveLength(1);
    } finally {
      process.env.AP_FIXED_NOW = `${EXAMPLE_TODAY}T09:00:00Z`;
    }
  });

  it("a failure after the change committed keeps the key claimed: the retry is not run a second time", async () => {
    // The answer is lost after the transaction commits (a timeout on the response, say).
    let armed = true;
    ddb().middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        if (armed && (args.input as { TransactItems?: unknown }).TransactItems) {
          armed = false;
          throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
        }
        return out;
      },
      { step: "initialize", name: "loseTheAnswerOnce" },
    );
    const path = `/premises/${EXAMPLE_PREMISES_ID}/beds/b3/out-of-service`;
    const headers = { "idempotency-key": "works-once" };
    const body = REQUEST_EXAMPLES.createOutOfService;
    const first = await api.call("POST", path, { as: manager, body, headers });
    expect(armed).toBe(false);
    expect(first.status).toBeGreaterThanOrEqual(500);
    const retry = await api.call("POST", path, { as: manager, body, headers });
    expect({ status: retry.status, type: retry.body.type }).toMatchObject({
      status: 409,
      type: expect.stringMatching(/idempotency-key-in-use$/),
    });
    const periods = await api.call("GET", `/premises/${EXAMPLE_PREMISES_ID}/out-of-service`, { as: manager });
    expect(periods.status).toBe(200);
    expect(periods.body.items.filter((p: { bedId: string }) => p.bedId === "b3")).toHaveLength(1);
  });
});
