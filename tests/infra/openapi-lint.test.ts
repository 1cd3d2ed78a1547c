import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { buildOpenApi } from "../../shared/api/openapi.js";
import { ROUTES } from "../../shared/api/routes/index.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);

const doc: any = buildOpenApi(ROUTES, {
  title: "Approved Premises bed and referral manager",
  version: "1.0.0",
});
const file = join(mkdtempSync(join(tmpdir(), "openapi-")), "openapi.json");

beforeAll(() => {
  writeFileSync(file, JSON.stringify(doc, null, 2));
});

/** Runs a CLI that exits non-zero when it finds something; its JSON report is what we judge. */
async function report(cmd: string, args: string[]): Promise<string> {
  try {
    return (await run(cmd, args, { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 })).stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    if (e.stdout) return e.stdout;
    throw new Error(`${cmd} failed: ${e.stderr}`);
  }
}

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops as Record<string, any>).map(([method, op]) => ({ path, method, op })),
  );

describe("the served OpenAPI document", () => {
  it("passes Spectral's spectral:oas ruleset with no warnings", async () => {
    const output = `${file}.spectral.json`;
    await report(bin("spectral"), [
      "lint",
      "-r",
      join(ROOT, ".spectral.yaml"),
      "-f",
      "json",
      "-o",
      output,
      file,
    ]);
    // Spectral adds a sentence to its report when there is nothing in it.
    const raw = readFileSync(output, "utf8");
    const results = JSON.parse(raw.slice(raw.indexOf("["), raw.lastIndexOf("]") + 1)) as {
      code: string;
      message: string;
      path: string[];
    }[];
    expect(results.map((r) => `${r.code}: ${r.message} at ${r.path.join(".")}`)).toEqual([]);
  });

  it("passes Redocly's recommended rules with no warnings", async () => {
    const out = await report(bin("redocly"), [
      "lint",
      file,
      "--format=json",
      "--config",
      join(ROOT, "redocly.yaml"),
    ]);
    const result = JSON.parse(out.slice(out.indexOf("{"))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    expect(result.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(result.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("generates client types where request fields with defaults are optional", async () => {
    const types = astToString(await openapiTS(doc));
    const block = (name: string) => {
      const start = types.indexOf(`        ${name}: {`);
      expect(start, `${name} in the generated types`).toBeGreaterThan(-1);
      return types.slice(start, types.indexOf("\n        };", start));
    };
    expect(block("NewPremises")).toMatch(/\bbufferDays\?: number;/);
    expect(block("NewPremises")).toMatch(/\bbeds\?: /);
    expect(block("NewBed")).toMatch(/\bcharacteristics\?: /);
    expect(block("NewReferral")).toMatch(/\bexpectedDepartureDate\?: string;/);
    // ...while the responses say what is always there.
    expect(block("Premises")).toMatch(/\bbufferDays: number;/);
  });

  it("describes every operation and declares 405 (with Allow) and 431 on each", () => {
    for (const { path, method, op } of operations()) {
      const name = `${method.toUpperCase()} ${path}`;
      expect(op.description?.length, `${name} description`).toBeGreaterThan(10);
      expect(op.responses["405"], `${name} 405`).toBeDefined();
      expect(op.responses["431"], `${name} 431`).toBeDefined();
    }
    expect(doc.components.responses.MethodNotAllowed.headers.Allow).toBeDefined();
    expect(doc.components.responses.Busy.headers["Retry-After"]).toBeDefined();
    expect(doc.components.responses.Unauthorised.headers["WWW-Authenticate"]).toBeDefined();
  });

  it("declares 404 only where a path id or a premises filter can name nothing", () => {
    for (const { path, method, op } of operations()) {
      const premisesFilter = (op.parameters ?? []).some(
        (p: { in: string; name: string }) => p.in === "query" && p.name === "premisesId",
      );
      expect({ op: `${method} ${path}`, has404: "404" in op.responses }).toEqual({
        op: `${method} ${path}`,
        has404: path.includes("{") || premisesFilter,
      });
    }
  });

  it("marks instants as date-time and lists every conflict kind and problem type", () => {
    const s = doc.components.schemas;
    expect(s.Booking.properties.createdAt.format).toBe("date-time");
    expect(s.Referral.properties.submittedAt.format).toBe("date-time");
    expect(s.Alert.properties.raisedAt.format).toBe("date-time");
    const kinds = JSON.stringify(s);
    expect(JSON.stringify(s.Problem)).toContain("#/components/schemas/Conflict");
    for (const kind of ["occupied", "buffer", "out-of-service", "booking-status", "person-already-placed"])
      expect(kinds).toContain(`"${kind}"`);
    for (const kind of ["move-on-not-confirmed", "stale-request", "already-decided", "not-yet-due"])
      expect(kinds).toContain(`"${kind}"`);
    expect(s.Problem.properties.type.examples).toContain(
      "https://ap-bed-manager.service.justice.gov.uk/problems/bed-not-free",
    );
    expect(doc.info.description).toContain("| `bed-not-free` | 409 |");
  });

  it("says how a client gets a token and where the API is", () => {
    expect(doc.servers[0].url).toMatch(/^https?:\/\//);
    const { cognito, cognitoHostedUi } = doc.components.securitySchemes;
    expect(cognito).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(cognitoHostedUi.flows.authorizationCode.tokenUrl).toMatch(/\.amazoncognito\.com\/oauth2\/token$/);
  });
});
