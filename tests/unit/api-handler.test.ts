import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createApiHandler, implement } from "../../shared/api/api-handler.js";
import type { RouteDef } from "../../shared/api/route.js";

const echo = {
  operationId: "echo",
  method: "POST",
  path: "/echo/{thing}",
  group: "public",
  roles: ["cru"],
  tag: "Test",
  summary: "echo",
  params: z.strictObject({ thing: z.string().regex(/^[a-z]+$/) }),
  body: z.strictObject({ n: z.int() }),
  ifMatch: true,
  responses: { 200: { description: "ok" } },
} as const satisfies RouteDef;

const handler = createApiHandler([
  implement(echo, async (req) => ({
    status: 200,
    body: { thing: req.params.thing, n: req.body.n, ifMatch: req.ifMatch },
  })),
]);

const event = (over: Record<string, unknown> = {}) =>
  ({
    version: "2.0",
    routeKey: "POST /echo/{thing}",
    rawPath: "/echo/abc",
    headers: { "Content-Type": "application/json", "If-Match": '"3"' },
    pathParameters: { thing: "abc" },
    requestContext: {
      requestId: "r1",
      authorizer: { jwt: { claims: { sub: "u", "cognito:groups": "[cru]" } } },
    },
    body: JSON.stringify({ n: 1 }),
    isBase64Encoded: false,
    ...over,
  }) as never;

const call = async (over?: Record<string, unknown>) => {
  const res = (await handler(event(over), {} as never)) as {
    statusCode: number;
    body: string;
    headers: Record<string, string>;
  };
  return { ...res, json: JSON.parse(res.body || "null") };
};

describe("the middy stack", () => {
  it("normalises headers, parses If-Match and validates path and body", async () => {
    const res = await call();
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ thing: "abc", n: 1, ifMatch: 3 });
  });

  it("decodes base64 bodies as API Gateway sends them", async () => {
    const res = await call({
      body: Buffer.from(JSON.stringify({ n: 7 })).toString("base64"),
      isBase64Encoded: true,
    });
    expect(res.json.n).toBe(7);
  });

  it("answers problem+json for each kind of bad input, never a 500", async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ body: "{" }, 400],
      [{ body: JSON.stringify({ n: "1" }) }, 400],
      [{ body: JSON.stringify({ n: 1, extra: true }) }, 400],
      [
        {
          body: JSON.stringify({ __proto__: { admin: true }, n: 1 }).replace(
            '"n"',
            '"__proto__":{"a":1},"n"',
          ),
        },
        400,
      ],
      [{ body: "x".repeat(70_000) }, 413],
      [{ headers: { "content-type": "text/plain" } }, 415],
      [{ pathParameters: { thing: "ABC" } }, 404],
      [{ headers: { "content-type": "application/json", "if-match": "abc" } }, 400],
      [
        {
          requestContext: {
            requestId: "r",
            authorizer: { jwt: { claims: { sub: "u", "cognito:groups": "[admin]" } } },
          },
        },
        403,
      ],
      [{ requestContext: { requestId: "r" } }, 401],
      [{ routeKey: "GET /nowhere" }, 404],
    ];
    for (const [over, status] of cases) {
      const res = await call(over);
      expect({ over, status: res.statusCode }).toEqual({ over, status });
      expect(res.headers["content-type"]).toBe("application/problem+json");
      expect(res.json).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it("refuses bad bytes, repeated keys, other media types and weak If-Match (#14)", async () => {
    const cases: [Record<string, unknown>, number, string?][] = [
      [
        { body: Buffer.from('{"n":1,"s":"Ren\xe9e"}', "latin1").toString("base64"), isBase64Encoded: true },
        400,
        "body",
      ],
      [{ body: '{"n":1,"n":2}' }, 400, "n"],
      [{ headers: { "content-type": "application/vnd.x+json" } }, 415],
      [{ headers: { "content-type": "application/json; charset=utf-16" } }, 415],
      [{ headers: { "content-type": "application/json", "if-match": 'W/"3"' } }, 400, "If-Match"],
    ];
    for (const [over, status, param] of cases) {
      const res = await call(over);
      expect({ over, status: res.statusCode }).toEqual({ over, status });
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["cache-control"]).toBe("no-store");
      if (param) expect(res.json.invalidParams?.[0]?.name).toBe(param);
    }
    const ok = await call({
      headers: { "Content-Type": "Application/JSON; Charset=UTF-8", "If-Match": "3" },
    });
    expect(ok.statusCode).toBe(200);
  });

  it("names every invalid field", async () => {
    const res = await call({ body: JSON.stringify({ n: 1.5, colour: "red" }) });
    expect(res.json.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(["colour", "n"]);
  });

  it("turns DynamoDB throttling into 503 with Retry-After", async () => {
    const throttled = createApiHandler([
      implement(echo, async () => {
        throw Object.assign(new Error("slow down"), { name: "ProvisionedThroughputExceededException" });
      }),
    ]);
    const res = (await throttled(event(), {} as never)) as {
      statusCode: number;
      headers: Record<string, string>;
    };
    expect(res.statusCode).toBe(503);
    expect(res.headers["Retry-After"] ?? res.headers["retry-after"]).toBe("1");
  });

  it("hides unexpected errors behind a 500 without details", async () => {
    const broken = createApiHandler([
      implement(echo, async () => {
        throw new Error("secret internals at /var/task/index.mjs");
      }),
    ]);
    const res = (await broken(event(), {} as never)) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("secret internals");
  });
});
