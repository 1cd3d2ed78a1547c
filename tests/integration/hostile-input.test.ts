import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../shared/api/routes/index.js";
import { useLocalApi } from "../support/local-api.js";
import { fillPath, paramNames } from "../support/route-paths.js";

const api = useLocalApi();

// Test-only full read of this file's private table: the point is to count every item.
async function itemCount(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await api.ddb.send(
      new ScanCommand({ TableName: api.tableName, Select: "COUNT", ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "#a = :b OR",
    "attribute_exists(PK)",
    "PK = :pk",
    "__proto__",
    "constructor",
    "../../etc/passwd",
    "%00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "2026-02-30",
    "9999-99-99",
    "-1",
    "1e309",
    "NaN",
    "\u0000",
    "🏠",
    "ldn-camberwell",
  ),
  fc.string({ minLength: 2000, maxLength: 5000 }),
);

const deep = (depth: number): unknown => (depth === 0 ? "x" : { a: deep(depth - 1) });

const hostileBody = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: false, withObjectString: true }),
  fc.dictionary(nasty, fc.oneof(nasty, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 6 }),
  fc.constant(JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}')),
  fc.integer({ min: 50, max: 400 }).map(deep),
  fc.array(nasty, { maxLength: 5 }),
);

const hostileQuery = fc.dictionary(
  fc.oneof(
    fc.constantFrom("from", "to", "status", "area", "cursor", "limit", "date", "premisesId", "sort", "kind"),
    nasty,
  ),
  nasty,
  { maxKeys: 4 },
);

describe("hostile input on every route in the route table", () => {
  let baseline = 0;
  beforeAll(async () => {
    await api.call("POST", "/premises", {
      as: { role: "admin" },
      body: {
        premisesId: "ldn-camberwell",
        name: "Camberwell",
        area: "london",
        gender: "male",
        beds: [{ bedId: "b1", room: "1" }],
      },
    });
    baseline = await itemCount();
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}: only 4xx (or 2xx for reads), never 5xx, nothing written`, async () => {
      const statuses: number[] = [];
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            ids: fc.array(nasty, {
              minLength: paramNames(route).length,
              maxLength: paramNames(route).length,
            }),
            query: hostileQuery,
            body: hostileBody,
            rawBody: fc.option(nasty, { nil: undefined }),
            ifMatch: fc.option(nasty, { nil: undefined }),
            idempotencyKey: fc.option(nasty, { nil: undefined }),
            contentType: fc.constantFrom(
              "application/json",
              "text/plain",
              "application/x-www-form-urlencoded",
              "application/json; charset=utf-16",
            ),
            role: fc.constantFrom("admin", "cru", "ap-manager"),
          }),
          async (c) => {
            const values = Object.fromEntries(paramNames(route).map((n, i) => [n, c.ids[i] || "x"]));
            const qs = new URLSearchParams(c.query).toString();
            const headers: Record<string, string> = { "content-type": c.contentType };
            const safeHeader = (v: string | undefined) =>
              v === undefined ? undefined : v.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
            if (c.ifMatch !== undefined) headers["if-match"] = safeHeader(c.ifMatch)!;
            if (c.idempotencyKey !== undefined) headers["idempotency-key"] = safeHeader(c.idempotencyKey)!;
            const withBody = ["POST", "PUT", "PATCH"].includes(route.method);
            const res = await api.call(route.method, `${fillPath(route, values)}${qs ? `?${qs}` : ""}`, {
              as: { role: c.role as "admin", premises: ["ldn-camberwell"] },
              headers,
              rawBody: withBody ? (c.rawBody ?? JSON.stringify(c.body) ?? "null") : undefined,
            });
            statuses.push(res.status);
            expect(
              res.status,
              `${route.method} ${route.path} answered ${res.status}: ${res.text.slice(0, 300)}`,
            ).toBeLessThan(500);
            if (res.status >= 400)
              expect(res.headers.get("content-type")).toContain("application/problem+json");
          },
        ),
        // A failing case is reported as found: shrinking HTTP round trips can take minutes.
        { numRuns: 12, endOnFailure: true },
      );
      if (route.method !== "GET" && statuses.every((s) => s >= 400)) {
        expect(await itemCount()).toBe(baseline);
      }
      baseline = await itemCount();
    }, 180_000);
  }
});
