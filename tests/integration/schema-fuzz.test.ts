import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { handler as nightly } from "../../functions/nightly.js";
import { EXAMPLE_PREMISES_ID, EXAMPLE_TODAY, REQUEST_EXAMPLES } from "../../shared/api/examples.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import { PRE_ARRIVAL_ITEM_IDS } from "../../shared/domain/pre-arrival.js";
import { idempotencyKeyHeader, ifMatchHeader } from "../../shared/schemas/common.js";
import { type ContractFinding, createContractChecker, formatFindings } from "../support/contract.js";
import { useLocalApi } from "../support/local-api.js";
import { schemaArbitraries } from "../support/schema-arbitrary.js";

// Issue #14 "Done when": a fuzz of the served document, as schemathesis ran it, as a bounded
// property test. Requests are generated from the document alone (path, query and header
// parameters and bodies the document allows; ids of real resources offered beside made-up
// ones, so requests reach the handlers), sent per role and with no token to the local
// system, and judged:
// - rejected valid data: a request the document allows is refused for a reason the document
//   could have said. The route's own zod schemas must accept every part of it, field by
//   field; only a rule between two fields (departure after arrival), which the document
//   cannot say, may refuse it. A 400 must name, in invalidParams, a parameter or body field
//   the document has; 415 never (the body is JSON); 422 only for a reused Idempotency-Key.
//   Business rules (a date in the past, a bed that is not free) may refuse it with a 4xx the
//   document declares;
// - undeclared status: every answer is declared for its operation, with its schema and
//   headers (the contract checker); no 5xx; no token on a secured operation is 401;
// - a method the path does not have is 405 with an Allow listing the ones it has.
// Each property runs with a fixed seed (SCHEMA_FUZZ_SEED to change it; SCHEMA_FUZZ_SCALE=10
// for a longer hunt); a finding names the seed and the request, so it can be replayed.
const api = useLocalApi();
const SEED = Number(process.env.SCHEMA_FUZZ_SEED ?? 1402);
/**
 * Requests per operation and principal: more where the role may call the operation (those
 * reach the handlers), fewer where it is a 403 or 401 wall. About 850 requests in all.
 */
const SCALE = Number(process.env.SCHEMA_FUZZ_SCALE ?? 1);
const RUNS = { allowed: 8 * SCALE, refused: 2 * SCALE, noToken: 1 };
const PRINCIPALS = [
  { name: "cru", as: { role: "cru" } },
  { name: "ap-manager", as: { role: "ap-manager", premises: [EXAMPLE_PREMISES_ID] } },
  { name: "admin", as: { role: "admin" } },
  { name: "no token", as: undefined },
] as const;

type Doc = any;
let doc: Doc;
let check: ReturnType<typeof createContractChecker>["check"];
const tokens = new Map<string, string>();
/** Real values for parameters and body fields of these names, filled in as the seed data is made. */
const hints: Record<string, string[]> = {
  premisesId: [EXAMPLE_PREMISES_ID],
  bedId: ["b1", "b2", "b3"],
  itemId: [...PRE_ARRIVAL_ITEM_IDS],
  // The seed data's versions, as a client that read them sends them.
  "If-Match": ["1", '"1"', "2", '"2"', "3"],
};

/** Every string in the document's request examples, by property name: values that pass together. */
const exampleValues: Record<string, string[]> = {};
const collectExamples = (node: unknown) => {
  if (Array.isArray(node)) node.forEach(collectExamples);
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      if (typeof v !== "string") collectExamples(v);
      else if (!exampleValues[k]?.includes(v)) exampleValues[k] = [...(exampleValues[k] ?? []), v];
    }
};

const ajv = new Ajv2020({ strict: false, validateFormats: true, allErrors: true });
addFormats.default(ajv);

beforeAll(async () => {
  process.env.AP_FIXED_NOW = `${EXAMPLE_TODAY}T09:00:00Z`;
  doc = (await api.call("GET", "/openapi.json")).body;
  check = createContractChecker(doc).check;
  for (const ops of Object.values<Record<string, Doc>>(doc.paths))
    for (const op of Object.values(ops))
      collectExamples(op.requestBody?.content?.["application/json"]?.example);
  ajv.addSchema(doc, "openapi.json");
  for (const p of PRINCIPALS) if (p.as) tokens.set(p.name, await api.token(p.as.role, p.as as never));
  const as = (name: string) => ({ token: tokens.get(name)! });
  const made = async (method: string, path: string, who: string, body: unknown, status = 201) => {
    const res = await api.call(method, path, { ...as(who), body });
    expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
    return res.body;
  };
  // The document's own premises (beds b1–b3), two referrals, a booking, an out-of-service
  // period, a stay reduction request and an alert: something for each path id to find.
  await made("POST", "/premises", "admin", REQUEST_EXAMPLES.createPremises);
  const referral = await made("POST", "/referrals", "cru", REQUEST_EXAMPLES.createReferral);
  const another = (crn: string) =>
    made("POST", "/referrals", "cru", {
      ...REQUEST_EXAMPLES.createReferral,
      person: {
        ...REQUEST_EXAMPLES.createReferral.person,
        crn,
        nomsNumber: undefined,
        name: `Person ${crn}`,
      },
      mappaLevel: undefined,
      riskOfSeriousHarm: "medium",
      requiredCharacteristics: [],
    });
  const second = await another("Y410233");
  const other = await another("Z118004");
  const booking = await made(
    "POST",
    `/referrals/${referral.referralId}/allocation`,
    "cru",
    REQUEST_EXAMPLES.allocateBed,
  );
  const secondBooking = await made("POST", `/referrals/${second.referralId}/allocation`, "cru", {
    ...REQUEST_EXAMPLES.allocateBed,
    bedId: "b2",
  });
  await made("PUT", "/areas/london/mailbox", "admin", REQUEST_EXAMPLES.putAreaMailbox, 200);
  const period = await made(
    "POST",
    `/premises/${EXAMPLE_PREMISES_ID}/beds/b3/out-of-service`,
    "ap-manager",
    REQUEST_EXAMPLES.createOutOfService,
  );
  hints.referralId = [referral.referralId, second.referralId, other.referralId];
  hints.forReferralId = [other.referralId];
  hints.bookingId = [booking.bookingId, secondBooking.bookingId];
  hints.outOfServiceId = [period.outOfServiceId];
  const reduction = await made("POST", `/bookings/${booking.bookingId}/stay-reductions`, "cru", {
    ...REQUEST_EXAMPLES.requestStayReduction,
    forReferralId: other.referralId,
  });
  hints.requestId = [reduction.requestId];
  await nightly({ date: EXAMPLE_TODAY } as never);
  const alerts = await api.call("GET", "/alerts", as("cru"));
  hints.alertId = (alerts.body.items as { alertId: string }[]).map((a) => a.alertId).slice(0, 3);
  expect(hints.alertId.length, "the nightly job raised an alert to find").toBeGreaterThan(0);
});

afterAll(() => {
  delete process.env.AP_FIXED_NOW;
});

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: Doc;
}

interface Generated {
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}

interface Operation {
  path: string;
  method: string;
  op: Doc;
}

/**
 * Operations that end what the seed data made (a cancelled booking takes no arrival, review or
 * move-on plan): fuzzed last, so the others meet live resources rather than 409 after 409.
 */
const ENDINGS = [
  "cancelBooking",
  "recordNonArrival",
  "recordDeparture",
  "withdrawReferral",
  "cancelOutOfService",
  "archiveBed",
];

const operations = (): Operation[] =>
  Object.entries<Record<string, Doc>>(doc.paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    )
    .sort((a, b) => ENDINGS.indexOf(a.op.operationId) - ENDINGS.indexOf(b.op.operationId));

const bodySchemaOf = (op: Doc) => op.requestBody?.content?.["application/json"]?.schema;

/** A request for one operation, from the document's parameters and request body only. */
function requestArbitrary(op: Doc): fc.Arbitrary<Generated> {
  const { arbitraryFor } = schemaArbitraries(doc, { hints, examples: exampleValues, near: EXAMPLE_TODAY });
  const parameters = (op.parameters ?? []) as Parameter[];
  const part = (where: Parameter["in"]) => {
    const shape: Record<string, fc.Arbitrary<string>> = {};
    const required: string[] = [];
    for (const p of parameters.filter((x) => x.in === where)) {
      // A cursor the API did not issue is a declared 400 (the document says it is opaque).
      if (p.name === "cursor") continue;
      shape[p.name] = arbitraryFor(p.schema, p.name).map(String);
      if (p.required) required.push(p.name);
    }
    return fc.record(shape, { requiredKeys: required }) as fc.Arbitrary<Record<string, string>>;
  };
  const schema = bodySchemaOf(op);
  const body = schema ? arbitraryFor(schema) : fc.constant(undefined);
  return fc.record({
    params: part("path"),
    query: part("query"),
    headers: part("header"),
    body: schema && !op.requestBody.required ? fc.option(body, { nil: undefined }) : body,
  });
}

/** The zod schema inside optional/default/pipe/readonly wrappers, at a path of keys and indexes. */
function schemaAt(schema: z.ZodType | undefined, path: readonly PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    const def = (s as any)._zod.def;
    if (["optional", "default", "prefault", "nullable", "readonly", "catch"].includes(def.type))
      return unwrap(def.innerType);
    if (def.type === "pipe") return unwrap(def.in);
    return s;
  };
  for (const key of path) {
    if (!node) return undefined;
    const def = (unwrap(node) as any)._zod.def;
    if (def.type === "object") node = def.shape[key as string];
    else if (def.type === "array") node = def.element;
    else if (def.type === "union") return undefined;
    else return undefined;
  }
  return node;
}

const zodTypeOf = (s: z.ZodType): string => {
  const def = (s as any)._zod.def;
  return ["optional", "default", "prefault", "nullable", "readonly", "catch"].includes(def.type)
    ? zodTypeOf(def.innerType)
    : def.type === "pipe"
      ? zodTypeOf(def.in)
      : def.type;
};

const valueAt = (value: unknown, path: readonly PropertyKey[]) =>
  path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], value);

/**
 * What the route's own zod schemas refuse in a request the document allows, in the fields'
 * own rules. A refusal only of the whole (a rule between two fields) is left to the server.
 */
function rejectedValidData(operationId: string, g: Generated): string[] {
  const route = ROUTES.find((r) => r.operationId === operationId)!;
  const found: string[] = [];
  const parts: [string, z.ZodType | undefined, unknown][] = [
    ["path", route.params, g.params],
    ["query", route.query ?? z.strictObject({}), g.query],
    ["body", route.body, g.body],
  ];
  if (g.headers["If-Match"] !== undefined) parts.push(["If-Match", ifMatchHeader, g.headers["If-Match"]]);
  if (g.headers["Idempotency-Key"] !== undefined)
    parts.push(["Idempotency-Key", idempotencyKeyHeader, g.headers["Idempotency-Key"]]);
  for (const [where, schema, value] of parts) {
    if (!schema || value === undefined) continue;
    const result = schema.safeParse(value);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      const leaf = issue.path.length > 0 ? schemaAt(schema, issue.path) : schema;
      // The field alone is fine: the refusal is of the combination (to before from).
      if (issue.path.length > 0 && leaf?.safeParse(valueAt(value, issue.path)).success) continue;
      // A rule relating the parts of an object or list (bedIds unique within the beds): JSON
      // Schema has no word for it. Rules it has (uniqueItems, minProperties) are in the
      // document, and the generator keeps to them, so they never land here.
      if (issue.code === "custom" && leaf && ["object", "array"].includes(zodTypeOf(leaf))) continue;
      found.push(
        `${where} ${issue.path.join(".") || "(whole)"} ${JSON.stringify(valueAt(value, issue.path))?.slice(0, 120)}: ${issue.message}`,
      );
    }
  }
  return found;
}

/** Whether the document has a body field at this dotted path (array indexes included). */
function bodyHasField(schema: Doc, path: readonly string[]): boolean {
  if (!schema) return false;
  if (schema.$ref) {
    const target = schema.$ref
      .slice(2)
      .split("/")
      .reduce((n: Doc, k: string) => n?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    return bodyHasField(target, path);
  }
  if (path.length === 0) return true;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.some((b: Doc) => bodyHasField(b, path));
  const [head, ...rest] = path as [string, ...string[]];
  if (schema.type === "array" && /^\d+$/.test(head)) return bodyHasField(schema.items, rest);
  if (schema.properties?.[head]) return bodyHasField(schema.properties[head], rest);
  return false;
}

describe("schema fuzz of the served document (per role and with no token)", () => {
  it(
    "finds no rejected valid data, no undeclared status and no 5xx",
    async () => {
      const findings: string[] = [];
      const contract: ContractFinding[] = [];
      const statuses = new Map<string, number>();
      const reached = new Set<string>();
      const keysUsed = new Set<string>();
      let sent = 0;
      let planned = 0;
      let offset = 0;
      for (const { path, method, op } of operations()) {
        if (op.operationId === "openapi") continue;
        const bodySchema = bodySchemaOf(op);
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
        const parameters = (op.parameters ?? []) as Parameter[];
        const secured = (op.security ?? doc.security ?? []).length > 0;
        const arbitrary = requestArbitrary(op);
        const route = ROUTES.find((r) => r.operationId === op.operationId)!;
        for (const principal of PRINCIPALS) {
          const seed = SEED + offset++;
          const numRuns = !principal.as
            ? RUNS.noToken
            : route.roles === "public" || route.roles.includes(principal.as.role)
              ? RUNS.allowed
              : RUNS.refused;
          planned += numRuns;
          const where = `${op.operationId} as ${principal.name} (seed ${seed})`;
          await fc.assert(
            fc.asyncProperty(arbitrary, async (g) => {
              // The generator's own check: what it made is what the document allows.
              if (validBody && g.body !== undefined && !validBody(g.body))
                throw new Error(
                  `generated a body the document refuses: ${ajv.errorsText(validBody.errors)} in ${JSON.stringify(g.body)}`,
                );
              const request = `${method} ${JSON.stringify(g).slice(0, 600)}`;
              const finding = (what: string) => findings.push(`${where}: ${what}\n    request: ${request}`);
              for (const refusal of rejectedValidData(op.operationId, g))
                finding(`the server's schema refuses what the document allows: ${refusal}`);

              const url =
                path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(g.params[n]!)) +
                (Object.keys(g.query).length ? `?${new URLSearchParams(g.query)}` : "");
              const key = g.headers["Idempotency-Key"];
              const reusedKey = key !== undefined && keysUsed.has(`${principal.name} ${key}`);
              if (key !== undefined) keysUsed.add(`${principal.name} ${key}`);
              const res = await api.call(method, url, {
                token: principal.as ? tokens.get(principal.name) : undefined,
                headers: g.headers,
                body: g.body,
              });
              sent++;
              statuses.set(`${res.status}`, (statuses.get(`${res.status}`) ?? 0) + 1);
              if (res.status < 300) reached.add(op.operationId);
              const headers = Object.fromEntries([...(res.headers as unknown as Iterable<[string, string]>)]);
              contract.push(
                ...check({
                  method,
                  path: url.split("?")[0]!,
                  status: res.status,
                  headers,
                  body: res.body,
                  origin: `${where}\n    request: ${request}`,
                }),
              );
              if (res.status >= 500) finding(`${res.status}: ${res.text.slice(0, 300)}`);
              if (!principal.as && secured && res.status !== 401) finding(`${res.status} with no token`);
              if (res.status === 415) finding(`415 for a JSON body: ${res.text.slice(0, 300)}`);
              if (res.status === 422 && !reusedKey)
                finding(`422 for a key not used before: ${res.text.slice(0, 300)}`);
              if (res.status === 400) {
                const named = ((res.body?.invalidParams ?? []) as { name: string; reason: string }[]).filter(
                  (p) =>
                    !parameters.some((x) => x.name.toLowerCase() === p.name.toLowerCase()) &&
                    !bodyHasField(bodySchema, p.name.split(".")),
                );
                if (!res.body?.invalidParams?.length)
                  finding(`400 naming nothing: ${res.text.slice(0, 300)}`);
                for (const p of named)
                  finding(`400 names ${p.name} (${p.reason}), which the document does not have`);
              }
            }),
            {
              numRuns,
              seed,
              endOnFailure: true,
            },
          );
        }
      }
      const summary = `${sent} requests; statuses ${JSON.stringify(Object.fromEntries(statuses))}`;
      expect(findings, `${summary}\n${findings.join("\n")}`).toEqual([]);
      expect(contract, formatFindings(contract)).toEqual([]);
      // It reached past authentication, the ids and validation, not only into 4xx walls.
      const ops = operations()
        .filter((o) => o.op.operationId !== "openapi")
        .map((o) => o.op.operationId);
      expect(sent).toBe(planned);
      console.log(
        summary,
        `\nreached ${reached.size}/${ops.length}; not: ${ops.filter((o) => !reached.has(o))}`,
      );
      expect(reached.size, `operations answered 2xx: ${[...reached]}`).toBeGreaterThan(ops.length / 2);
    },
    120_000 * SCALE,
  );

  it("what it found stays fixed: a reversed arrival window on the review views is a 400, not a 500", async () => {
    for (const review of ["concern", "unreviewed-soon"]) {
      const res = await api.call(
        "GET",
        `/referrals?review=${review}&arrivalFrom=2027-09-30&arrivalTo=2027-09-17`,
        { token: tokens.get("cru") },
      );
      expect({ review, status: res.status, invalidParams: res.body.invalidParams }).toEqual({
        review,
        status: 400,
        invalidParams: [{ name: "arrivalTo", reason: "must be on or after arrivalFrom" }],
      });
    }
  });

  it("what it found stays fixed: the default occupancy window ends by the last date the document allows", async () => {
    for (const path of ["occupancy", "occupancy.csv"]) {
      const res = await api.call("GET", `/premises/${EXAMPLE_PREMISES_ID}/${path}?from=2200-12-20`, {
        token: tokens.get("admin"),
      });
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      if (path === "occupancy") {
        expect(res.body.to).toBe("2200-12-31");
        expect(res.body.days.at(-1).date).toBe("2200-12-31");
      } else expect(res.text.trim().split("\n").at(-1)).toMatch(/^2200-12-31/);
    }
  });

  it("answers a method a path does not have with 405 and an Allow naming the ones it has", async () => {
    const findings: ContractFinding[] = [];
    for (const [path, ops] of Object.entries<Record<string, Doc>>(doc.paths)) {
      const concrete = path.replace(/\{(\w+)\}/g, (_, n: string) => hints[n]?.[0] ?? "x");
      const has = Object.keys(ops).map((m) => m.toUpperCase());
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !has.includes(m))) {
        for (const who of ["admin", undefined]) {
          const res = await api.call(method, concrete, { token: who ? tokens.get(who) : undefined });
          expect({ path, method, status: res.status }).toEqual({ path, method, status: 405 });
          expect(res.headers.get("allow")?.split(/,\s*/).sort()).toEqual([...has].sort());
          const headers = Object.fromEntries([...(res.headers as unknown as Iterable<[string, string]>)]);
          findings.push(...check({ method, path: concrete, status: 405, headers, body: res.body }));
        }
      }
    }
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
