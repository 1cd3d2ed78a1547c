import { connect } from "node:net";
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
            // "." and ".." are dot segments: every URL parser (WHATWG, so fetch and API
            // Gateway's clients) resolves them away, `%2E` included, so such an "id" would
            // address another route (POST /bookings/./placement-review is POST
            // /bookings/placement-review) and be judged against the wrong operation.
            ids: fc.array(
              nasty.filter((s) => s !== "." && s !== ".."),
              {
                minLength: paramNames(route).length,
                maxLength: paramNames(route).length,
              },
            ),
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

// ---------- issue #14, item by item, through the local gateway ----------

/** The request as bytes, for what fetch would not send (bad UTF-8, a body that never comes). */
function rawRequest(
  lines: string[],
  body: Buffer = Buffer.alloc(0),
  opts: { waitMs?: number; headOnly?: boolean } = {},
): Promise<{ status: number; head: string; body: string; closed: boolean }> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    let data = "";
    let closed = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${opts.waitMs ?? 10_000} ms: ${data.slice(0, 200)}`));
    }, opts.waitMs ?? 10_000);
    const finish = () => {
      clearTimeout(timer);
      const [head = "", rest = ""] = data.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), head: head.toLowerCase(), body: rest, closed });
    };
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      // The status line and headers are the answer; its body matters less than that it came.
      if (opts.headOnly && data.includes("\r\n\r\n")) {
        socket.destroy();
        return finish();
      }
      // One answer is all we want: stop once its body (content-length) is in.
      const end = data.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(data)?.[1];
      if (end >= 0 && length !== undefined && data.length >= end + 4 + Number(length)) {
        socket.end();
        finish();
      }
    });
    socket.on("close", () => {
      closed = true;
      // An answer without a length (or a cut connection) ends at the close.
      if (data) finish();
    });
    socket.on("error", reject);
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (body.length) socket.write(body);
  });
}

const reasonsOf = (res: { body: { invalidParams?: { name: string; reason: string }[] } }) =>
  Object.fromEntries((res.body.invalidParams ?? []).map((p) => [p.name, p.reason]));

const errorHeadersOf = (headers: Headers) => ({
  nosniff: headers.get("x-content-type-options"),
  cache: headers.get("cache-control"),
  type: headers.get("content-type")?.split(";")[0],
});
const ERROR_HEADERS = { nosniff: "nosniff", cache: "no-store", type: "application/problem+json" };

describe("issue #14, each item through the local gateway", () => {
  const adminAs = { role: "admin" } as const;
  const premises = (over: Record<string, unknown> = {}) => ({
    premisesId: "p-hostile",
    name: "Hostile House",
    area: "london",
    gender: "male",
    beds: [{ bedId: "b1", room: "1" }],
    ...over,
  });

  it("1. a body that is not UTF-8 is 400 and nothing is stored (Latin-1 Renée)", async () => {
    const before = await itemCount();
    const token = await api.token("admin");
    const json = Buffer.concat([
      Buffer.from('{"premisesId":"p-latin","name":"Ren'),
      Buffer.from([0xe9]),
      Buffer.from('e","area":"london","gender":"male"}'),
    ]);
    const res = await rawRequest(
      [
        "POST /premises HTTP/1.1",
        "host: 127.0.0.1",
        `authorization: Bearer ${token}`,
        "content-type: application/json",
        `content-length: ${json.length}`,
      ],
      json,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/UTF-8/);
    expect(await itemCount()).toBe(before);
  });

  it("1. C0, C1 and bidi controls are refused in names, ids, addresses and reasons, naming the field", async () => {
    const before = await itemCount();
    const cases: [string, string, string, unknown, string][] = [
      ["POST", "/premises", "name", premises({ name: "Ren\u202Ee" }), "bidirectional"],
      ["POST", "/premises", "name", premises({ name: "A\u0000B" }), "control"],
      ["POST", "/premises", "beds.0.room", premises({ beds: [{ bedId: "b1", room: "R\u0085" }] }), "control"],
      ["POST", "/premises", "premisesId", premises({ premisesId: "p\u2066x" }), "letters, digits"],
      [
        "PUT",
        "/bookings/bk-x/move-on",
        "address",
        { status: "in-progress", address: "1 High St\u0013" },
        "control",
      ],
      [
        "PUT",
        "/bookings/bk-x/move-on",
        "address",
        { status: "in-progress", address: "1 High\nSt" },
        "one line",
      ],
      ["POST", "/bookings/bk-x/cancellation", "reason", { reason: "Æ\u008aå…\u0013" }, "control"],
      ["POST", "/bookings/bk-x/cancellation", "reason", { reason: "see \u2067note\u2069" }, "bidirectional"],
      ["POST", "/bookings/bk-x/cancellation", "reason", { reason: "broken \uFFFD" }, "U+FFFD"],
    ];
    for (const [method, path, field, body, words] of cases) {
      const as = path === "/premises" ? adminAs : ({ role: "cru" } as const);
      const answer = await api.call(method, path, { as, body });
      expect({ path, field, status: answer.status }).toEqual({ path, field, status: 400 });
      expect(reasonsOf(answer)[field], JSON.stringify(answer.body)).toContain(words);
    }
    // Notes may hold tab and line breaks: the body passes validation (404: no such booking).
    const notes = await api.call("POST", "/bookings/bk-x/non-arrival", {
      as: { role: "cru" },
      body: { reason: "other", notes: "Line one\n\tLine two\r\n" },
    });
    expect(notes.status).toBe(404);
    expect(await itemCount()).toBe(before);
  });

  it("2. dates outside 1900-2200 say so; an impossible date is not a real calendar date", async () => {
    await api.call("POST", "/premises", { as: adminAs, body: premises() });
    for (const [value, reason] of [
      ["1899-12-31", "must be between 1900-01-01 and 2200-12-31"],
      ["2201-01-01", "must be between 1900-01-01 and 2200-12-31"],
      ["2027-02-29", "is not a real calendar date"],
      ["27-02-01", "must be a date YYYY-MM-DD"],
    ]) {
      const res = await api.call("GET", `/premises/p-hostile/bookings?from=${value}`, {
        as: { role: "cru" },
      });
      expect({ value, status: res.status, reason: reasonsOf(res).from }).toEqual({
        value,
        status: 400,
        reason,
      });
    }
  });

  it("2/6. If-Match is the version or its quoted form; weak tags and other strings are 400", async () => {
    const current = await api.call("GET", "/premises/p-hostile", { as: adminAs });
    const version = current.body.version as number;
    for (const [ifMatch, words] of [
      [`W/"${version}"`, "weak entity tag"],
      ["abc", "must be the version number"],
      [`"${version}`, "must be the version number"],
      ["*", "must be the version number"],
    ] as const) {
      const res = await api.call("PATCH", "/premises/p-hostile", {
        as: adminAs,
        body: { bufferDays: 3 },
        headers: { "if-match": ifMatch },
      });
      expect({ ifMatch, status: res.status }).toEqual({ ifMatch, status: 400 });
      expect(reasonsOf(res)["If-Match"]).toContain(words);
    }
    const strong = await api.call("PATCH", "/premises/p-hostile", {
      as: adminAs,
      body: { bufferDays: 3 },
      headers: { "if-match": `"${version}"` },
    });
    expect(strong.status).toBe(200);
  });

  it("2. characteristics are unique, a PATCH names a field, trimmed strings are checked after the trim", async () => {
    const repeated = await api.call("POST", "/premises", {
      as: adminAs,
      body: premises({ premisesId: "p-rep", characteristics: ["catered", "catered"] }),
    });
    expect(repeated.status).toBe(400);
    expect(reasonsOf(repeated).characteristics).toContain("must not repeat");
    const empty = await api.call("PATCH", "/premises/p-hostile", { as: adminAs, body: {} });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain("at least one field");
    const blank = await api.call("POST", "/premises", {
      as: adminAs,
      body: premises({ premisesId: "p-blank", name: "   " }),
    });
    expect(blank.status).toBe(400);
    expect(reasonsOf(blank).name).toBe("must not be blank");
    // The document says the same: characteristics uniqueItems, PATCH minProperties 1, name not blank.
    const doc = (await api.call("GET", "/openapi.json")).body;
    const s = doc.components.schemas;
    const create = s.NewPremises ?? s.CreatePremises;
    expect(create.properties.characteristics.uniqueItems).toBe(true);
    expect(new RegExp(create.properties.name.pattern).test("   ")).toBe(false);
    const ref = doc.paths["/premises/{premisesId}"].patch.requestBody.content["application/json"].schema.$ref;
    expect(s[ref.split("/").pop()].minProperties).toBe(1);
  });

  it("2. a cursor the API did not issue is 400, and the document declares that 400", async () => {
    for (const cursor of ["abc", "eyJQSyI6IlBSRU1JU0VTIn0"]) {
      const res = await api.call("GET", `/premises?cursor=${cursor}`, { as: adminAs });
      expect({ cursor, status: res.status }).toEqual({ cursor, status: 400 });
      expect(Object.keys(reasonsOf(res))).toContain("cursor");
    }
    const doc = (await api.call("GET", "/openapi.json")).body;
    const op = doc.paths["/premises"].get;
    expect(op.parameters.find((p: { name: string }) => p.name === "cursor").description).toMatch(/opaque/i);
    expect(op.responses["400"]).toBeDefined();
  });

  it("4. headers over 16 KB are 431; a method a path lacks is 405 with Allow; both declared", async () => {
    const big = await api.call("GET", "/premises", {
      as: adminAs,
      headers: { "x-padding": "a".repeat(17_000) },
    });
    expect(big.status).toBe(431);
    expect(errorHeadersOf(big.headers)).toEqual(ERROR_HEADERS);
    const wrong = await api.call("DELETE", "/premises", { as: adminAs });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")?.split(/,\s*/).sort()).toEqual(["GET", "POST"]);
    const doc = (await api.call("GET", "/openapi.json")).body;
    expect(doc.paths["/premises"].get.responses["431"]).toBeDefined();
    expect(doc.paths["/premises"].get.responses["405"]).toBeDefined();
  });

  it("5. a 401 never echoes why the verifier refused the token", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ sub: "x", "cognito:groups": ["admin"] })).toString(
      "base64url",
    );
    for (const token of [`${header}.${payload}.`, "not-a-jwt", `${header}.${payload}.c2ln`]) {
      const res = await api.call("GET", "/premises", { token });
      expect(res.status).toBe(401);
      expect(res.text).not.toMatch(/alg|signature|JWS|JWT|expired|claim/i);
      expect(errorHeadersOf(res.headers)).toEqual(ERROR_HEADERS);
    }
  });

  it("5. every error, the gateway's own and the Lambda's, is nosniff and no-store", async () => {
    const cru = { role: "cru" } as const;
    const answers = [
      await api.call("GET", "/nowhere", { as: cru }), // gateway 404
      await api.call("DELETE", "/referrals", { as: cru }), // gateway 405
      await api.call("GET", "/referrals"), // gateway 401
      await api.call("GET", "/referrals?nope=1", { as: cru }), // Lambda 400
      await api.call("GET", "/referrals/ref-none", { as: cru }), // Lambda 404
      await api.call("POST", "/premises", { as: cru, body: premises() }), // Lambda 403
      await api.call("POST", "/bookings/bk-x/cancellation", {
        as: cru,
        rawBody: "x",
        headers: { "content-type": "text/plain" },
      }), // 415
      await api.call("POST", "/bookings/bk-x/cancellation", {
        as: cru,
        rawBody: `{"reason":"${"a".repeat(70_000)}"}`,
      }), // 413
    ];
    for (const res of answers) {
      expect({ status: res.status, ...errorHeadersOf(res.headers) }).toEqual({
        status: res.status,
        ...ERROR_HEADERS,
      });
    }
    expect(answers.map((r) => r.status)).toEqual([404, 405, 401, 400, 404, 403, 415, 413]);
  });

  it("5. an anonymous body over 64 KiB is not read: 401 at once, and the connection closes", async () => {
    // Headers only, announcing 1 MiB that is never sent: an answer proves nothing waited for it.
    const res = await rawRequest(
      [
        "POST /premises HTTP/1.1",
        "host: 127.0.0.1",
        "content-type: application/json",
        `content-length: ${1024 * 1024}`,
      ],
      Buffer.alloc(0),
      { waitMs: 5_000, headOnly: true },
    );
    expect(res.status).toBe(401);
    expect(res.head).toContain("connection: close");
    expect(res.head).toContain("x-content-type-options: nosniff");
  });

  it("6. repeated JSON keys are 400 naming the key; only application/json (any case, charset) is a body", async () => {
    const dup = await api.call("POST", "/premises", {
      as: adminAs,
      rawBody: '{"premisesId":"p-dup","name":"A","name":"B","area":"london","gender":"male"}',
      headers: { "content-type": "application/json" },
    });
    expect(dup.status).toBe(400);
    expect(JSON.stringify(dup.body)).toContain("name");
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/json-patch+json",
      "application/json; charset=utf-16",
    ]) {
      const res = await api.call("POST", "/premises", {
        as: adminAs,
        rawBody: JSON.stringify(premises({ premisesId: "p-type" })),
        headers: { "content-type": type },
      });
      expect({ type, status: res.status }).toEqual({ type, status: 415 });
    }
    const fine = await api.call("POST", "/premises", {
      as: adminAs,
      rawBody: JSON.stringify(premises({ premisesId: "p-case" })),
      headers: { "content-type": "Application/JSON; Charset=UTF-8" },
    });
    expect(fine.status).toBe(201);
  });

  it("control characters and invalid UTF-8 never reached the table", async () => {
    const page = await api.ddb.send(new ScanCommand({ TableName: api.tableName }));
    const text = JSON.stringify(page.Items ?? []);
    expect(text).not.toMatch(/\\u00[01][0-9a-f]|\\u007f|[\u0080-\u009f\u202a-\u202e\u2066-\u2069\ufffd]/i);
  });
});
