import { Agent, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalServer } from "../../infra/local/http-adapter.js";
import type { RouteDef } from "../../shared/api/route.js";

const routes: RouteDef[] = [
  {
    operationId: "open",
    method: "GET",
    path: "/open",
    group: "public",
    roles: "public",
    tag: "t",
    summary: "s",
    responses: {},
  },
  {
    operationId: "thing",
    method: "POST",
    path: "/things/{thingId}/parts",
    group: "premises",
    roles: ["cru"],
    tag: "t",
    summary: "s",
    responses: {},
  },
];

const seen: any[] = [];
const capture = async (event: unknown) => {
  seen.push(event);
  return {
    statusCode: 201,
    headers: { "x-test": "1" },
    cookies: ["a=1", "b=2"],
    body: JSON.stringify({ ok: true }),
  };
};

const server = createLocalServer({
  routes,
  verify: async (token) => {
    if (token !== "good") throw new Error("bad signature");
    return { sub: "u1", "cognito:groups": "[cru]", exp: "9999999999" };
  },
  handlers: { public: async () => ({ hello: "world" }), premises: capture },
});
let base = "";

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("the local API Gateway (HTTP API, payload 2.0) stand-in", () => {
  it("builds a v2 event: routeKey, path parameters, joined query values, cookies, lower-case headers, claims", async () => {
    const res = await fetch(`${base}/things/a%20b/parts?x=1&x=2&y=%C3%A9`, {
      method: "POST",
      headers: {
        Authorization: "Bearer good",
        "Content-Type": "application/json",
        Cookie: "c1=v1; c2=v2",
        "X-Multi": "m",
      },
      body: JSON.stringify({ n: 1 }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-test")).toBe("1");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const event = seen.at(-1);
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "POST /things/{thingId}/parts",
      rawPath: "/things/a%20b/parts",
      rawQueryString: "x=1&x=2&y=%C3%A9",
      queryStringParameters: { x: "1,2", y: "é" },
      pathParameters: { thingId: "a b" },
      cookies: ["c1=v1", "c2=v2"],
      body: '{"n":1}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: "POST /things/{thingId}/parts",
        stage: "$default",
        http: { method: "POST", path: "/things/a%20b/parts" },
        authorizer: { jwt: { claims: { sub: "u1", "cognito:groups": "[cru]" } } },
      },
    });
    expect(event.headers["x-multi"]).toBe("m");
    expect(event.headers.cookie).toBeUndefined();
  });

  it("base64-encodes binary bodies and keeps text ones", async () => {
    await fetch(`${base}/things/t/parts`, {
      method: "POST",
      headers: { authorization: "Bearer good", "content-type": "application/octet-stream" },
      body: new Uint8Array([0, 1, 2, 255]),
    });
    expect(seen.at(-1)).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from([0, 1, 2, 255]).toString("base64"),
    });
  });

  it("refuses a missing or bad token before any handler runs", async () => {
    const before = seen.length;
    expect((await fetch(`${base}/things/t/parts`, { method: "POST" })).status).toBe(401);
    expect(
      (await fetch(`${base}/things/t/parts`, { method: "POST", headers: { authorization: "Bearer bad" } }))
        .status,
    ).toBe(401);
    expect(seen.length).toBe(before);
  });

  it("serves public routes without a token and infers 200 JSON from a bare result", async () => {
    const res = await fetch(`${base}/open`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: "world" });
  });

  it("answers an oversized URL as problem+json 431, as a gateway refuses it", async () => {
    const res = await fetch(`${base}/open?x=${"a".repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { status: number }).status).toBe(431);
  });

  it("answers 404 for unknown paths and 405 for a known path with another method", async () => {
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    expect((await fetch(`${base}/open`, { method: "DELETE" })).status).toBe(405);
  });
});

describe("the local gateway while starting, and its idle connections", () => {
  const health: RouteDef = {
    operationId: "health",
    method: "GET",
    path: "/health",
    group: "public",
    roles: "public",
    tag: "t",
    summary: "s",
    responses: {},
  };
  let starting = true;
  const local = createLocalServer({
    routes: [health],
    verify: async () => ({}),
    handlers: { public: async () => ({ status: "ok" }) },
    starting: () => starting,
  });
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((r) => local.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    local.closeAllConnections();
    return new Promise<void>((r) => local.close(() => r()));
  });

  it("answers /health 503 {status: starting} with Retry-After until ready, then the handler's 200", async () => {
    const early = await fetch(`${url}/health`);
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).toBe("1");
    expect(await early.json()).toEqual({ status: "starting" });
    starting = false;
    const later = await fetch(`${url}/health`);
    expect(later.status).toBe(200);
    expect(await later.json()).toEqual({ status: "ok" });
  });

  it("keeps an idle keep-alive connection open past Node's 5 s default (API Gateway keeps them far longer)", async () => {
    expect(local.keepAliveTimeout).toBeGreaterThanOrEqual(60_000);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ reused: boolean; status: number }>((ok, fail) => {
        const req = request(`${url}/health`, { agent }, (res) => {
          res.resume();
          res.on("end", () => ok({ reused: req.reusedSocket, status: res.statusCode ?? 0 }));
        });
        req.on("error", fail);
        req.end();
      });
    expect(await get()).toEqual({ reused: false, status: 200 });
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await get()).toEqual({ reused: true, status: 200 });
    agent.destroy();
  }, 15_000);
});
