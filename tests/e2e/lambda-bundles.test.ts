import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app.js";
import type { LambdaHandler } from "../../infra/local/handlers.js";
import { mintToken } from "../../infra/local/local-auth.js";
import { type Runtime, startRuntime } from "../../infra/local/runtime.js";
import { addDays } from "../../shared/domain/dates.js";
import { PRECOMPILED_TEMPLATES } from "../../shared/web/paths.js";
import { csrfOf } from "../unit/web/support.js";

/** The contract's ceiling for a deployed function's code. */
const MAX_BUNDLE_BYTES = 500 * 1024;

interface SynthesizedFunction {
  name: string;
  file: string;
  bytes: number;
}

/**
 * `cdk synth` with real esbuild bundling into a fresh cloud assembly: the artefacts a deploy
 * would upload, found through each function's `Code.S3Key` (the asset hash) and named by its
 * `POWERTOOLS_SERVICE_NAME`.
 */
function synthesizeBundles(outdir: string): SynthesizedFunction[] {
  const { app } = buildApp({ outdir });
  const assembly = app.synth();
  const template = JSON.parse(
    readFileSync(join(assembly.directory, "ApBedManager.template.json"), "utf8"),
  ) as { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
  const out: SynthesizedFunction[] = [];
  for (const r of Object.values(template.Resources)) {
    if (r.Type !== "AWS::Lambda::Function") continue;
    const service = r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME as string | undefined;
    const key = r.Properties.Code?.S3Key as string | undefined;
    if (!service?.startsWith("ap-bed-manager-") || !key) continue;
    const file = join(assembly.directory, `asset.${key.replace(/\.zip$/, "")}`, "index.mjs");
    if (!existsSync(file)) throw new Error(`no bundle for ${service} at ${file}`);
    out.push({ name: service.slice("ap-bed-manager-".length), file, bytes: statSync(file).size });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

describe("the deployable artefacts: cdk synth's esbuild bundles behind the local gateway", () => {
  const outdir = mkdtempSync(join(tmpdir(), "ap-cdk-out-"));
  let bundles: SynthesizedFunction[] = [];
  let runtime: Runtime;
  const handlers: Record<string, LambdaHandler> = {};

  beforeAll(async () => {
    bundles = synthesizeBundles(outdir);
    for (const b of bundles) {
      handlers[b.name] = ((await import(pathToFileURL(b.file).href)) as { handler: LambdaHandler }).handler;
    }
    runtime = await startRuntime({ port: 0, handlers });
  }, 300_000);

  afterAll(async () => {
    await runtime?.stop();
    rmSync(outdir, { recursive: true, force: true });
  });

  it("bundles every function, each at most 500 KB, without the SDK's unused credential chain", () => {
    console.log(bundles.map((b) => `${b.name} ${(b.bytes / 1024).toFixed(0)} KB`).join(", "));
    expect(bundles.map((b) => b.name)).toEqual(
      expect.arrayContaining([
        "alerts",
        "bookings",
        "nightly",
        "occupancy",
        "premises",
        "public",
        "referrals",
        "web",
        "web-cru",
        "web-cru-changes",
        "web-placement",
      ]),
    );
    for (const b of bundles) expect(b.bytes, b.name).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    const bookings = readFileSync(bundles.find((b) => b.name === "bookings")!.file, "utf8");
    // The SSO and web-identity links of the default chain are what the alias leaves out.
    expect(bookings).not.toContain("AWS_WEB_IDENTITY_TOKEN_FILE");
    expect(bookings).toContain("AWS_SECRET_ACCESS_KEY");
    for (const page of bundles.filter((b) => b.name.startsWith("web"))) {
      const code = readFileSync(page.file, "utf8");
      // nunjucks' slim runtime: no lexer or parser, the templates come precompiled beside it.
      expect(code, page.name).not.toContain("parseFilterStatement");
      expect(existsSync(join(dirname(page.file), PRECOMPILED_TEMPLATES)), page.name).toBe(true);
      // Secrets come through the Parameters and Secrets extension, not the SDK client.
      expect(code, page.name).not.toContain("GetSecretValue");
    }
  });

  /** A cookie jar signed in through the local sign-in form, as a browser without JavaScript would be. */
  async function signedInBrowser(role: string, premises: string[]) {
    const jar = new Map<string, string>();
    const browse = async (method: string, path: string, form?: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form ?? {})) for (const one of [v].flat()) body.append(k, one);
      const res = await fetch(`${runtime.url}${path}`, {
        method,
        redirect: "manual",
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
          ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        body: form ? body.toString() : undefined,
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair = ""] = c.split(";");
        const at = pair.indexOf("=");
        jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return { status: res.status, location: res.headers.get("location"), text: await res.text() };
    };
    const form = await browse("GET", "/sign-in");
    const csrf = csrfOf(form.text);
    expect(csrf).toBeDefined();
    const signedIn = await browse("POST", "/sign-in", {
      role,
      user: `${role}-pages`,
      premises,
      _csrf: csrf!,
    });
    expect(signedIn.status, signedIn.text.slice(0, 300)).toBe(303);
    return browse;
  }

  it("serves a whole placement through the bundles: premises, referral, allocation, arrival, departure, occupancy, nightly", async () => {
    const call = async (method: string, path: string, role: string, body?: unknown, premises?: string[]) => {
      const token = await mintToken({ role: role as never, user: `${role}-bundles`, premises });
      const res = await fetch(`${runtime.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text.startsWith("{") ? JSON.parse(text) : text };
    };
    expect((await fetch(`${runtime.url}/health`)).status).toBe(200);
    // The web bundle renders from the templates and assets CDK copies beside it.
    const signIn = await fetch(`${runtime.url}/sign-in`);
    expect(signIn.status).toBe(200);
    const css = /href="(\/assets\/govuk\.[0-9a-f]+\.css)"/.exec(await signIn.text())?.[1];
    expect((await fetch(`${runtime.url}${css}`)).headers.get("cache-control")).toContain("immutable");
    const doc = await fetch(`${runtime.url}/openapi.json`);
    expect(((await doc.json()) as { openapi: string }).openapi).toMatch(/^3\./);

    const premisesId = "bundle-ap";
    const created = await call("POST", "/premises", "admin", {
      premisesId,
      name: "Bundle Road AP",
      area: "london",
      gender: "male",
      bufferDays: 2,
      characteristics: [],
      beds: [{ bedId: "b1", room: "1", characteristics: [] }],
    });
    expect(created.status).toBe(201);

    const today = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
    const referral = await call("POST", "/referrals", "cru", {
      person: { crn: "X123456", name: "Test Person", dateOfBirth: "1990-01-01", gender: "male" },
      riskOfSeriousHarm: "medium",
      releaseType: "licence",
      expectedArrivalDate: today,
      expectedDepartureDate: addDays(today, 84),
      area: "london",
      preferredPremisesIds: [premisesId],
      homelessIfNotPlaced: true,
    });
    expect(referral.status).toBe(201);
    const referralId = referral.body.referralId as string;

    const options = await call("GET", `/referrals/${referralId}/bed-options`, "cru");
    expect(options.status).toBe(200);
    expect(options.body.options[0]).toMatchObject({ premisesId, bedId: "b1", fit: "exact" });

    const booking = await call("POST", `/referrals/${referralId}/allocation`, "cru", {
      premisesId,
      bedId: "b1",
    });
    expect(booking.status).toBe(201);
    const bookingId = booking.body.bookingId as string;

    const manager = (method: string, path: string, body?: unknown) =>
      call(method, path, "ap-manager", body, [premisesId]);
    expect((await manager("POST", `/bookings/${bookingId}/arrival`, { arrivalDate: today })).status).toBe(
      200,
    );
    const occupancy = await manager("GET", `/premises/${premisesId}/occupancy?from=${today}&to=${today}`);
    expect(occupancy.status).toBe(200);
    expect(occupancy.body.days[0]).toMatchObject({ date: today, occupied: 1, free: 0 });
    // Each page function renders from its precompiled templates: the manager's calendar
    // (web) and placement page (web-placement), the CRU's referral page (web-cru).
    const managerPages = await signedInBrowser("ap-manager", [premisesId]);
    const calendar = await managerPages("GET", `/premises/${premisesId}/calendar`);
    expect(calendar.status).toBe(200);
    expect(calendar.text).toContain("Bundle Road AP");
    const placementPage = await managerPages("GET", `/premises/${premisesId}/placements/${bookingId}`);
    expect(placementPage.status).toBe(200);
    expect(placementPage.text).toContain("X123456");
    const cruPages = await signedInBrowser("cru", []);
    const referralPage = await cruPages("GET", `/cru/referrals/${referralId}`);
    expect(referralPage.status).toBe(200);
    expect(referralPage.text).toContain("X123456");

    const departed = await manager("POST", `/bookings/${bookingId}/departure`, {
      departureDate: today,
      reason: "planned-move-on",
      moveOnCategory: "private-rented",
    });
    expect(departed.status).toBe(200);
    expect(departed.body.status).toBe("departed");

    const alerts = await call("GET", `/alerts?premisesId=${premisesId}`, "ap-manager", undefined, [
      premisesId,
    ]);
    expect(alerts.status).toBe(200);

    const summary = (await handlers.nightly!({ date: today }, {})) as { date: string; raised: number };
    expect(summary.date).toBe(today);
    expect(summary.raised).toBeGreaterThanOrEqual(0);
  });
});
