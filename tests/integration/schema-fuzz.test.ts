import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { EXAMPLE_PREMISES_ID, EXAMPLE_TODAY, REQUEST_EXAMPLES } from "../../shared/api/examples.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import { idempotencyKeyHeader, ifMatchHeader } from "../../shared/schemas/common.js";
import { type ContractFinding, createContractChecker, formatFindings } from "../support/contract.js";
import { useLocalApi } from "../support/local-api.js";
import { arbitraryFor } from "../support/schema-arbitrary.js";

// Issue #14 "Done when": a fuzz of the served document, as schemathesis ran it, as a bounded
// property test. Requests are generated from the document alone (parameters, headers and
// bodies the document allows), sent once per role and once with no token to the local system,
// and judged three ways:
// - rejected valid data: the server's own schemas refuse what the document allows (the
//   document is looser than the server). Business rules (a date in the past, a bed that is
//   not free) may still refuse a request; those are 4xx the document declares;
// - every answer is declared for its operation, with its schema and headers (contract checker);
// - a method the path does not have is 405 with an Allow listing the ones it has.
const api = useLocalApi();
const RUNS_PER_ROLE = 3;
const PRINCIPALS = [
  { name: "cru", as: { role: "cru" } },
  { name: "ap-manager", as: { role: "ap-manager", premises: [EXAMPLE_PREMISES_ID] } },
  { name: "admin", as: { role: "admin" } },
  { name: "no token", as: undefined },
] as const;

type Doc = any;
let doc: Doc;
let check: (r: Parameters<ReturnType<typeof createContractChecker>["check"]>[0]) => ContractFinding[];
const known: Record<string, string[]> = { premisesId: [EXAMPLE_PREMISES_ID], bedId: ["b1", "b2"] };

beforeAll(async () => {
  process.env.AP_FIXED_NOW = `${EXAMPLE_TODAY}T09:00:00Z`;
  doc = (await api.call("GET", "/openapi.json")).body;
  check = createContractChecker(doc).check;
  ajv.addSchema(doc, "openapi.json");
  // Something for generated ids to find: the document's own premises, referral and booking.
  const admin = { role: "admin" } as const;
  expect(
    (await api.call("POST", "/premises", { as: admin, body: REQUEST_EXAMPLES.createPremises })).status,
  ).toBe(201);
  const referral = await api.call("POST", "/referrals", {
    as: { role: "cru" },
    body: REQUEST_EXAMPLES.createReferral,
  });
  expect(referral.status).toBe(201);
  const booking = await api.call("POST", `/referrals/${referral.body.referralId}/allocation`, {
    as: { role: "cru" },
    body: REQUEST_EXAMPLES.allocateBed,
  });
  expect(booking.status).toBe(201);
  known.referralId = [referral.body.referralId];
  known.bookingId = [booking.body.bookingId];
  known.itemId = ["risk-information", "key-worker"];
});

afterAll(() => {
  delete process.env.AP_FIXED_NOW;
});

const ajv = new Ajv2020({ strict: false, validateFormats: true });
addFormats.default(ajv);

interface Generated {
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}

/** A request for one operation, from the document's parameters and request body only. */
function requestArbitrary(op: Doc): fc.Arbitrary<Generated> {
  const parameters = (op.parameters ?? []) as { name: string; in: string; required?: boolean; schema: Doc }[];
  const part = (where: string, withKnown: boolean) => {
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const p of parameters.filter((x) => x.in === where)) {
      // A cursor the API did not issue is a declared 400; generating one tests nothing more.
      if (p.name === "cursor") continue;
      const generated = arbitraryFor(doc, p.schema).map(String);
      shape[p.name] =
        withKnown && known[p.name] ? fc.oneof(fc.constantFrom(...known[p.name]!), generated) : generated;
      if (p.required) required.push(p.name);
    }
    return fc.record(shape, { requiredKeys: required }) as fc.Arbitrary<Record<string, string>>;
  };
  const schema = op.requestBody?.content?.["application/json"]?.schema;
  return fc.record({
    params: part("path", true),
    query: part("query", false),
    headers: part("header", false),
    body: schema ? arbitraryFor(doc, schema) : fc.constant(undefined),
  });
}

/** What the server's own schemas say of a request the document allows. */
function serverRefusal(operationId: string, g: Generated): string | undefined {
  const route = ROUTES.find((r) => r.operationId === operationId)!;
  const parts: [string, z.ZodType | undefined, unknown][] = [
    ["path", route.params, g.params],
    ["query", route.query ?? z.strictObject({}), g.query],
    ["body", route.body, g.body],
    ["If-Match", g.headers["If-Match"] !== undefined ? ifMatchHeader : undefined, g.headers["If-Match"]],
    [
      "Idempotency-Key",
      g.headers["Idempotency-Key"] !== undefined ? idempotencyKeyHeader : undefined,
      g.headers["Idempotency-Key"],
    ],
  ];
  for (const [where, schema, value] of parts) {
    if (!schema) continue;
    const result = schema.safeParse(value);
    if (!result.success)
      return `${where} ${JSON.stringify(value)?.slice(0, 300)}: ${result.error.issues
        .map((i) => `${i.path.join(".")} ${i.message}`)
        .join("; ")}`;
  }
  return undefined;
}

const operations = () =>
  Object.entries<Record<string, Doc>>(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

describe("schema fuzz of the served document (per role and with no token)", () => {
  it("finds no rejected valid data, no undeclared status and no 5xx", async () => {
    const rejected: string[] = [];
    const findings: ContractFinding[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const { path, method, op } of operations()) {
      if (op.operationId === "openapi") continue;
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      const pointer = [
        "paths",
        path,
        method.toLowerCase(),
        "requestBody",
        "content",
        "application/json",
        "schema",
      ]
        .map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1"))
        .join("/");
      const validBody = bodySchema ? ajv.compile({ $ref: `openapi.json#/${pointer}` }) : undefined;
      for (const principal of PRINCIPALS) {
        await fc.assert(
          fc.asyncProperty(requestArbitrary(op), async (g) => {
            // The generator's own check: what it made is what the document allows.
            if (validBody && !validBody(g.body))
              throw new Error(`generated an invalid body: ${ajv.errorsText(validBody.errors)}`);
            const refusal = serverRefusal(op.operationId, g);
            if (refusal) rejected.push(`${op.operationId}: ${refusal}`);
            const url =
              path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(g.params[n] ?? "x")) +
              (Object.keys(g.query).length ? `?${new URLSearchParams(g.query)}` : "");
            const res = await api.call(method, url, {
              as: principal.as as never,
              headers: g.headers,
              body: g.body,
            });
            sent++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const headers = Object.fromEntries([...(res.headers as unknown as Iterable<[string, string]>)]);
            findings.push(
              ...check({
                method,
                path: url.split("?")[0]!,
                status: res.status,
                headers,
                body: res.body,
                origin: `${op.operationId} as ${principal.name}`,
              }),
            );
            expect(
              res.status,
              `${method} ${url} as ${principal.name}: ${res.text.slice(0, 300)}`,
            ).toBeLessThan(500);
            if (!principal.as && (op.security ?? []).length > 0) expect(res.status).toBe(401);
          }),
          { numRuns: RUNS_PER_ROLE, endOnFailure: true },
        );
      }
    }
    expect(rejected, "the server refused what the document allows").toEqual([]);
    expect(findings, formatFindings(findings)).toEqual([]);
    // It reached past authentication and validation, not only into 4xx walls.
    expect(sent).toBeGreaterThan(operations().length * PRINCIPALS.length * RUNS_PER_ROLE * 0.9);
    expect(
      [...statuses.keys()].some((s) => s >= 200 && s < 300),
      JSON.stringify([...statuses]),
    ).toBe(true);
  }, 180_000);

  it("answers a method a path does not have with 405 and an Allow naming the ones it has", async () => {
    const findings: ContractFinding[] = [];
    for (const [path, ops] of Object.entries<Record<string, Doc>>(doc.paths)) {
      const concrete = path.replace(/\{(\w+)\}/g, (_, n: string) => known[n]?.[0] ?? "x");
      const has = Object.keys(ops).map((m) => m.toUpperCase());
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !has.includes(m))) {
        const res = await api.call(method, concrete, { as: { role: "admin" } });
        expect({ path, method, status: res.status }).toEqual({ path, method, status: 405 });
        expect(res.headers.get("allow")?.split(/,\s*/).sort()).toEqual([...has].sort());
        const headers = Object.fromEntries([...(res.headers as unknown as Iterable<[string, string]>)]);
        findings.push(...check({ method, path: concrete, status: 405, headers, body: res.body }));
      }
    }
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
