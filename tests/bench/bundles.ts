import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build, type Metafile } from "esbuild";
import {
  CREDENTIAL_CHAIN,
  ENV_CREDENTIALS,
  EVENT_STREAMS,
  EVENT_STREAMS_STUB,
  FORM_DATA,
  FORM_DATA_STUB,
  NUNJUCKS_RUNTIME,
} from "../../infra/app-function.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import { PAGE_FUNCTION_ROUTES, type PageFunction } from "../../shared/web/page-functions.js";
import { median } from "./measure.js";

/** The esbuild options CDK's NodejsFunction passes for infra/app-function.ts's `bundling` block. */
export const CDK_LIKE_OPTIONS: BuildOptions & { metafile: true } = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ["module", "main"],
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  outExtension: { ".js": ".mjs" },
  alias: {
    [CREDENTIAL_CHAIN]: ENV_CREDENTIALS,
    [FORM_DATA]: FORM_DATA_STUB,
    [EVENT_STREAMS]: EVENT_STREAMS_STUB,
  },
  metafile: true,
  logLevel: "silent",
};

export interface BundleResult {
  name: string;
  bytes: number;
  gzipBytes: number;
  /** Median wall time of a fresh `node` importing the bundle and making one handler call. */
  coldInitMs: number;
  coldInitSamples: number[];
  coldInitMultiple: number;
  probe: string;
  top: { module: string; bytes: number }[];
}

/** Groups output bytes by npm package (or first-party folder), largest first. */
export function topContributors(meta: Metafile, n = 6) {
  const out = Object.values(meta.outputs).find((o) => o.entryPoint);
  const byModule = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(out?.inputs ?? {})) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const module = m ? m[1]! : path.split("/").slice(0, 2).join("/");
    byModule.set(module, (byModule.get(module) ?? 0) + bytesInOutput);
  }
  return [...byModule.entries()]
    .map(([module, bytes]) => ({ module, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, n);
}

function timeNode(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; stdout: string }> {
  return new Promise((ok, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("exit", (code) => {
      const ms = performance.now() - started;
      if (code !== 0) fail(new Error(`node ${args.join(" ").slice(0, 80)} exited ${code}: ${stderr}`));
      else ok({ ms, stdout });
    });
  });
}

/** An API Gateway v2 event for a route of the function: public health, or no claims (401). */
function probeEvent(name: string) {
  if (name === "nightly")
    return { event: { date: "not-a-date" }, probe: "invalid date → throws before any I/O" };
  if (name === "publisher") return { event: { Records: [] }, probe: "an empty stream batch" };
  const pages = PAGE_FUNCTION_ROUTES[name as PageFunction];
  if (pages) {
    // A signed-in page without a session: the handler opens the (absent) session and redirects.
    const page = pages.find((r) => r.method === "GET" && r.access !== "public");
    if (!page) throw new Error(`no page to probe the ${name} function with`);
    return { probe: `GET ${page.path} without a session → 303`, event: apiEvent("GET", page.path) };
  }
  const route =
    name === "public"
      ? ROUTES.find((r) => r.path === "/health")
      : ROUTES.find((r) => r.group === name && r.method === "GET");
  if (!route) throw new Error(`no route to probe the ${name} function with`);
  return {
    probe: name === "public" ? "GET /health → 200" : `${route.method} ${route.path} without claims → 401`,
    event: apiEvent(route.method, route.path),
  };
}

function apiEvent(method: string, routePath: string) {
  const route = { method, path: routePath };
  const path = route.path.replace(/\{(\w+)\}/g, "x1");
  return {
    version: "2.0",
    routeKey: `${route.method} ${route.path}`,
    rawPath: path,
    rawQueryString: "",
    headers: { accept: "application/json" },
    pathParameters: Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], "x1"])),
    requestContext: {
      accountId: "000000000000",
      apiId: "bench",
      domainName: "bench.local",
      http: { method: route.method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
      requestId: "bench-cold-init",
      routeKey: `${route.method} ${route.path}`,
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

export async function measureBundles(opts: { runs?: number; functionsDir?: string } = {}) {
  const runs = opts.runs ?? 10;
  const functionsDir = resolve(opts.functionsDir ?? "functions");
  const names = readdirSync(functionsDir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => basename(f, ".ts"))
    .sort();
  const dir = mkdtempSync(join(tmpdir(), "ap-bench-bundles-"));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: "Europe/London",
    TABLE_NAME: "bench",
    AWS_REGION: "eu-west-2",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    POWERTOOLS_LOG_LEVEL: "ERROR",
    LOG_LEVEL: "ERROR",
    AP_LOCAL: "1",
    WEB_SESSION_KEY: Buffer.alloc(32, 7).toString("base64"),
  };
  try {
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) bare.push((await timeNode(["-e", "0"], env)).ms);
    const bareMs = median(bare);
    const results: BundleResult[] = [];
    for (const name of names) {
      const outdir = join(dir, name);
      const built = await build({
        ...CDK_LIKE_OPTIONS,
        entryPoints: { index: join(functionsDir, `${name}.ts`) },
        outdir,
        // The page functions get nunjucks' slim runtime, as infra/app-function.ts bundles them.
        ...(name in PAGE_FUNCTION_ROUTES
          ? { alias: { ...CDK_LIKE_OPTIONS.alias, nunjucks: NUNJUCKS_RUNTIME } }
          : {}),
      });
      const file = join(outdir, "index.mjs");
      const bytes = statSync(file).size;
      const gzipBytes = gzipSync(readFileSync(file), { level: 9 }).length;
      const { event, probe } = probeEvent(name);
      const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)});
let out; try { out = await m.handler(${JSON.stringify(event)}, { awsRequestId: "bench", functionName: "${name}", getRemainingTimeInMillis: () => 10000 }); } catch (e) { out = { threw: String(e.message).slice(0, 80) }; }
process.stdout.write(JSON.stringify({ statusCode: out?.statusCode, threw: out?.threw }));`;
      const samples: number[] = [];
      let answer = "";
      for (let i = 0; i < runs; i++) {
        const { ms, stdout } = await timeNode(["--input-type=module", "-e", script], env);
        samples.push(ms);
        answer = stdout;
      }
      const coldInitMs = median(samples);
      results.push({
        name,
        bytes,
        gzipBytes,
        coldInitMs,
        coldInitSamples: samples.map((x) => Math.round(x)),
        coldInitMultiple: Math.round((coldInitMs / bareMs) * 100) / 100,
        probe: `${probe} (got ${answer})`,
        top: topContributors(built.metafile!),
      });
    }
    return { bareNodeMs: bareMs, bareNodeSamples: bare.map((x) => Math.round(x)), runs, bundles: results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
