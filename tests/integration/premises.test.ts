import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { useLocalApi } from "../support/local-api.js";

const api = useLocalApi();
const admin = { role: "admin" } as const;

const premises = (id: string, extra: Record<string, unknown> = {}) => ({
  premisesId: id,
  name: `AP ${id}`,
  area: "london",
  gender: "male",
  characteristics: ["catered"],
  beds: [
    { bedId: "b1", room: "1", characteristics: ["single-room", "en-suite"] },
    { bedId: "b2", room: "2", characteristics: [] },
  ],
  ...extra,
});

async function itemsIn(pk: string) {
  const out = await api.ddb.send(
    new QueryCommand({
      TableName: api.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": pk },
    }),
  );
  return out.Items ?? [];
}

describe("premises and beds", () => {
  it("creates a premises with beds, defaults bufferDays to 2 and audits it", async () => {
    const res = await api.call("POST", "/premises", { as: admin, body: premises("p-create") });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ premisesId: "p-create", bufferDays: 2, bedCount: 2, version: 1 });
    const got = await api.call("GET", "/premises/p-create", { as: { role: "cru" } });
    expect(got.status).toBe(200);
    expect(got.body.beds.map((b: { bedId: string }) => b.bedId)).toEqual(["b1", "b2"]);
    const audit = (await itemsIn("PREMISES#p-create")).filter((i) => i.type === "audit");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "premises.created", actor: "admin-user" });
  });

  it("refuses a duplicate premisesId with 409 and leaves the first untouched", async () => {
    await api.call("POST", "/premises", { as: admin, body: premises("p-dup") });
    const res = await api.call("POST", "/premises", {
      as: admin,
      body: premises("p-dup", { name: "Other" }),
    });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const got = await api.call("GET", "/premises/p-dup", { as: admin });
    expect(got.body.name).toBe("AP p-dup");
  });

  it.each([
    ["bufferDays 15", { bufferDays: 15 }, "bufferDays"],
    ["unknown field", { colour: "blue" }, "colour"],
    ["wrong type", { name: 42 }, "name"],
    ["unknown area", { area: "mars" }, "area"],
    ["unknown characteristic", { characteristics: ["jacuzzi"] }, "characteristics.0"],
    [
      "duplicate bedId",
      {
        beds: [
          { bedId: "x", room: "1", characteristics: [] },
          { bedId: "x", room: "2", characteristics: [] },
        ],
      },
      "beds",
    ],
  ])("rejects %s with 400 naming the field and writes nothing", async (_label, change, field) => {
    const id = `p-bad-${field.replace(/\W/g, "")}`;
    const res = await api.call("POST", "/premises", { as: admin, body: premises(id, change) });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    expect(await itemsIn(`PREMISES#${id}`)).toHaveLength(0);
  });

  it("rejects malformed JSON and a 1 MB body", async () => {
    const bad = await api.call("POST", "/premises", {
      as: admin,
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    const huge = await api.call("POST", "/premises", {
      as: admin,
      body: premises("p-huge", { name: "x".repeat(1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(await itemsIn("PREMISES#p-huge")).toHaveLength(0);
  });

  it("lists premises by area and pages with a cursor", async () => {
    for (const id of ["p-w1", "p-w2", "p-w3"]) {
      await api.call("POST", "/premises", { as: admin, body: premises(id, { area: "wales" }) });
    }
    const first = await api.call("GET", "/premises?area=wales&limit=2", { as: { role: "cru" } });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBeTypeOf("string");
    const second = await api.call("GET", `/premises?area=wales&limit=2&cursor=${first.body.nextCursor}`, {
      as: { role: "cru" },
    });
    expect(second.body.items.map((p: { premisesId: string }) => p.premisesId)).toEqual(["p-w3"]);
    const forged = await api.call("GET", "/premises?cursor=eyJQSyI6IlgifQ", { as: { role: "cru" } });
    expect(forged.status).toBe(400);
  });

  it("patches with If-Match and answers 412 when stale", async () => {
    await api.call("POST", "/premises", { as: admin, body: premises("p-patch") });
    const ok = await api.call("PATCH", "/premises/p-patch", {
      as: admin,
      body: { bufferDays: 0 },
      headers: { "if-match": '"1"' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ bufferDays: 0, version: 2 });
    const stale = await api.call("PATCH", "/premises/p-patch", {
      as: admin,
      body: { bufferDays: 3 },
      headers: { "if-match": "1" },
    });
    expect(stale.status).toBe(412);
    const unknown = await api.call("PATCH", "/premises/nope", { as: admin, body: { bufferDays: 3 } });
    expect(unknown.status).toBe(404);
  });

  it("adds beds: 201, duplicate 409, unknown premises 404", async () => {
    await api.call("POST", "/premises", { as: admin, body: premises("p-beds") });
    const add = await api.call("POST", "/premises/p-beds/beds", {
      as: admin,
      body: { bedId: "b3", room: "3", characteristics: ["step-free"] },
    });
    expect(add.status).toBe(201);
    expect(
      (
        await api.call("POST", "/premises/p-beds/beds", {
          as: admin,
          body: { bedId: "b3", room: "3", characteristics: [] },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api.call("POST", "/premises/none/beds", {
          as: admin,
          body: { bedId: "b9", room: "9", characteristics: [] },
        })
      ).status,
    ).toBe(404);
    const got = await api.call("GET", "/premises/p-beds", { as: admin });
    expect(got.body.bedCount).toBe(3);
  });

  it("records out-of-service periods, validates dates and refuses overlaps", async () => {
    await api.call("POST", "/premises", { as: admin, body: premises("p-oos") });
    const manager = { role: "ap-manager", premises: ["p-oos"] } as const;
    const ok = await api.call("POST", "/premises/p-oos/beds/b1/out-of-service", {
      as: manager,
      body: { startDate: "2027-01-10", endDate: "2027-01-12", reason: "planned-works" },
    });
    expect(ok.status).toBe(201);
    const overlap = await api.call("POST", "/premises/p-oos/beds/b1/out-of-service", {
      as: admin,
      body: { startDate: "2027-01-12", endDate: "2027-01-20", reason: "flood-or-fire" },
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.conflicts[0]).toMatchObject({
      kind: "out-of-service",
      startDate: "2027-01-10",
      endDate: "2027-01-12",
    });
    const invalidDate = await api.call("POST", "/premises/p-oos/beds/b1/out-of-service", {
      as: admin,
      body: { startDate: "2026-02-30", endDate: "2026-03-02", reason: "planned-works" },
    });
    expect(invalidDate.status).toBe(400);
    expect(invalidDate.body.invalidParams[0].name).toBe("startDate");
    const reversed = await api.call("POST", "/premises/p-oos/beds/b2/out-of-service", {
      as: admin,
      body: { startDate: "2027-02-10", endDate: "2027-02-01", reason: "planned-works" },
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.invalidParams[0].name).toBe("endDate");
    const otherManager = await api.call("POST", "/premises/p-oos/beds/b2/out-of-service", {
      as: { role: "ap-manager", premises: ["elsewhere"] },
      body: { startDate: "2027-03-01", endDate: "2027-03-02", reason: "planned-works" },
    });
    expect(otherManager.status).toBe(404);
    const unknownBed = await api.call("POST", "/premises/p-oos/beds/zz/out-of-service", {
      as: admin,
      body: { startDate: "2027-03-01", endDate: "2027-03-02", reason: "planned-works" },
    });
    expect(unknownBed.status).toBe(404);
  });
});

describe("authentication and authorisation", () => {
  it("refuses missing, expired, foreign-key and alg:none tokens", async () => {
    expect((await api.call("GET", "/premises")).status).toBe(401);
    const expired = await api.token("cru", { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect((await api.call("GET", "/premises", { token: expired })).status).toBe(401);
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ sub: "x", "cognito:groups": ["admin"], exp: Math.floor(Date.now() / 1000) + 600 }),
    ).toString("base64url");
    expect((await api.call("GET", "/premises", { token: `${header}.${payload}.` })).status).toBe(401);
    const { SignJWT, generateKeyPair } = await import("jose");
    const { privateKey } = await generateKeyPair("ES256");
    const foreign = await new SignJWT({ "cognito:groups": ["admin"] })
      .setProtectedHeader({ alg: "ES256" })
      .setSubject("intruder")
      .setIssuer("https://local-issuer.ap-bed-manager.invalid")
      .setAudience("ap-bed-manager-local")
      .setExpirationTime("1h")
      .sign(privateKey);
    expect((await api.call("GET", "/premises", { token: foreign })).status).toBe(401);
  });

  it("gives 403 to roles the route does not allow", async () => {
    const res = await api.call("POST", "/premises", { as: { role: "cru" }, body: premises("p-cru") });
    expect(res.status).toBe(403);
    expect(res.body.title).toBe("Forbidden");
  });

  it("serves health and the OpenAPI document without a token", async () => {
    expect((await api.call("GET", "/health")).body).toEqual({ status: "ok" });
    const doc = await api.call("GET", "/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(doc.body.paths["/premises"].post.requestBody).toBeDefined();
    expect(doc.body.components.securitySchemes.cognito.type).toBe("http");
  });
});
