/**
 * npm run bench: the national estate on DynamoDB Local, measured over the local HTTP adapter.
 * Writes the "Benchmarks" section of docs/performance.md and the raw JSON in docs/bench-raw/.
 *
 *   npm run bench [-- --runs 200 --capacity-runs 10 --phases x0,x1,x10 --skip-bundles]
 */
import "./env.js";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mintToken } from "../../infra/local/local-auth.js";
import { startRuntime } from "../../infra/local/runtime.js";
import { addDays } from "../../shared/domain/dates.js";
import { measureBundles } from "./bundles.js";
import { type CurrentStay, NOW } from "./estate.js";
import { loadAverage } from "./measure.js";
import { MEASURED_PREMISES, type OperationContext, SEARCH_AREA } from "./operations.js";
import {
  dropTable,
  type OperationResult,
  type PhaseName,
  runPass,
  type SeedReport,
  seedPhase,
  useTable,
} from "./phase.js";
import { summarise, writeReport } from "./report.js";
import { documentClient } from "./seed.js";
import { allocationThroughput } from "./throughput.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "200" },
    "slow-runs": { type: "string", default: "30" },
    "capacity-runs": { type: "string", default: "10" },
    phases: { type: "string", default: "x0,x1,x10" },
    "latency-phase": { type: "string", default: "x1" },
    "seed-width": { type: "string", default: "16" },
    "skip-bundles": { type: "boolean", default: false },
    "skip-throughput": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    /** Rewrites the section and summary from docs/bench-raw/bench.json without measuring. */
    "from-raw": { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const SLOW_RUNS = Number(values["slow-runs"]);
const CAPACITY_RUNS = Number(values["capacity-runs"]);
const PHASES = values.phases.split(",") as PhaseName[];
/** The national view and the nightly job take ~1 s each; they get fewer runs. */
const SLOW = new Set(["area-occupancy", "nightly"]);
const HISTORY_NOTE = `**History ×10 where it is measured.** ×1 is 3 years on every premises. ×10 gives the 12
north-east premises 30 years of finished stays (the area the bed search covers, where the allocations and extensions land,
and ne-01, whose occupancy and move-on board are measured) and keeps 3 years on the other 88: ×10 nationally would be
~960,000 items, ~16 minutes of seeding at the ~1,000 items/s DynamoDB Local manages on this shared 2-core machine. So
for the national occupancy view and the nightly job, ×10 means ×10 in one area and ×1 elsewhere. Each history size
is its own table on one DynamoDB Local (created from the synthesized template, dropped after its phase); the handlers
are pointed at it through TABLE_NAME and \`resetClient()\`. The clock is pinned to ${process.env.AP_FIXED_NOW}.`;
const log = (s: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

/** stdout and stderr together: `java -version` answers on stderr. */
function sh(cmd: string, args: string[]): string {
  const out = spawnSync(cmd, args, { encoding: "utf8" });
  return `${out.stdout ?? ""}${out.stderr ?? ""}`.trim() || String(out.error ?? "");
}

if (values["from-raw"]) {
  const raw = JSON.parse(readFileSync("docs/bench-raw/bench.json", "utf8"));
  console.log(summarise(raw));
  writeReport("docs/performance.md", raw, HISTORY_NOTE);
  process.exit(0);
}

const recorded = { count: 0, failures: 0 };

/**
 * Consecutive nights are only realistic if residents leave: without it every unrecorded
 * departure becomes a nightly overdue alert and the job's work grows night by night. The
 * day before each night the clock moves to that day and every stay due to have left by then
 * is recorded as departed (untimed); the night then runs with the clock at 02:00.
 */
function departuresBefore(ctx: OperationContext, stays: CurrentStay[]) {
  return async (night: string) => {
    const day = addDays(night, -1);
    process.env.AP_FIXED_NOW = `${day}T16:00:00.000Z`;
    for (const stay of stays) {
      const departure = stay.departure;
      if (departure > day || departed.has(stay.bookingId)) continue;
      const res = await ctx.http.call("POST", `/bookings/${stay.bookingId}/departure`, {
        token: ctx.tokens.cru,
        body: { departureDate: departure, reason: "planned-move-on", moveOnCategory: "private-rented" },
      });
      departed.add(stay.bookingId);
      if (res.status === 200) recorded.count++;
      else recorded.failures++;
    }
    process.env.AP_FIXED_NOW = `${night}T02:00:00.000Z`;
  };
}
const departed = new Set<string>();

const startedAt = new Date();
const machine = {
  date: startedAt.toISOString(),
  nproc: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  java: sh("java", ["-version"]).split("\n")[0],
  commit: sh("git", ["rev-parse", "--short", "HEAD"]),
  commitAtEnd: "",
  /** Uncommitted changes to measured code when the run started (other engineers share the tree). */
  uncommittedAtStart: sh("git", ["status", "--porcelain", "--", "shared", "functions", "infra"]),
  loadAverageAtStart: loadAverage(),
  loadAverageAtEnd: [] as number[],
  command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
};
log(`machine ${JSON.stringify(machine)}`);

// Without the stream publisher: its DynamoDB calls would be counted against the requests measured.
const runtime = await startRuntime({ port: 0, publisher: false });
const raw: {
  machine: typeof machine;
  settings: Record<string, unknown>;
  phases: Partial<Record<PhaseName, { seed: SeedReport; capacity: OperationResult[] }>>;
  latency?: {
    phase: PhaseName;
    floorOnly: number[];
    operations: OperationResult[];
    departuresRecorded: number;
    departureFailures: number;
  };
  throughput?: unknown[];
  bundles?: Awaited<ReturnType<typeof measureBundles>>;
  seconds?: number;
} = {
  machine,
  settings: {
    runs: RUNS,
    slowRuns: SLOW_RUNS,
    capacityRuns: CAPACITY_RUNS,
    phases: PHASES,
    latencyPhase: values["latency-phase"],
    measuredPremises: MEASURED_PREMISES,
    searchArea: SEARCH_AREA,
    today: process.env.AP_FIXED_NOW,
  },
  phases: {},
};
try {
  const client = new DynamoDBClient({
    endpoint: runtime.dynamoEndpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const doc = documentClient(runtime.dynamoEndpoint);
  const { http } = await import("./measure.js").then((m) => ({ http: m.httpClient(runtime.url) }));
  const tokens = {
    cru: await mintToken({ role: "cru", user: "bench-cru" }),
    manager: await mintToken({ role: "ap-manager", user: "bench-manager", premises: [MEASURED_PREMISES] }),
  };
  const { handler: nightly } = await import("../../functions/nightly.js");

  for (const phase of PHASES) {
    log(`phase ${phase}: seeding`);
    const { seed, current } = await seedPhase(client, doc, phase, Number(values["seed-width"]));
    log(`phase ${phase}: ${seed.items} items in ${seed.seconds} s (${seed.finishedStays} finished stays)`);
    useTable(seed.table);
    const ctx: OperationContext = {
      http,
      tokens,
      submitted: [],
      // North-east first: the extensions land in the area the bench measures.
      extendable: [
        ...current.stays.filter((s) => s.premisesId.startsWith("ne-")),
        ...current.stays.filter((s) => s.premisesId.startsWith("nw-")),
      ],
      nightly: (date) => nightly({ date }),
    };
    const capacityRuns = (key: string) => (SLOW.has(key) ? Math.min(3, CAPACITY_RUNS) : CAPACITY_RUNS);
    log(`phase ${phase}: capacity pass`);
    const capacity = await runPass(
      ctx,
      (op) => capacityRuns(op.key),
      () => 0,
      { log },
    );
    raw.phases[phase] = { seed, capacity };

    if (phase === values["latency-phase"]) {
      log(
        `phase ${phase}: latency pass, ${RUNS} runs (${SLOW_RUNS} for the national view and the nightly job)`,
      );
      const floorOnly: number[] = [];
      const { getItemMs } = await import("./measure.js");
      const { keys } = await import("../../shared/store/keys.js");
      for (let i = 0; i < 20; i++) await getItemMs(doc, seed.table, keys.premises(MEASURED_PREMISES));
      for (let i = 0; i < RUNS; i++)
        floorOnly.push(await getItemMs(doc, seed.table, keys.premises(MEASURED_PREMISES)));
      ctx.beforeNight = departuresBefore(ctx, current.stays);
      const operations = await runPass(
        ctx,
        (op) => (SLOW.has(op.key) ? SLOW_RUNS : RUNS),
        (op) => capacityRuns(op.key),
        { floor: { doc, table: seed.table }, warmUp: 5, log },
      );
      process.env.AP_FIXED_NOW = NOW;
      ctx.beforeNight = undefined;
      raw.latency = {
        phase,
        floorOnly,
        operations,
        departuresRecorded: recorded.count,
        departureFailures: recorded.failures,
      };
      if (!values["skip-throughput"]) {
        raw.throughput = [];
        for (const scenario of ["one-premises", "twenty-premises"] as const) {
          log(`throughput: ${scenario}`);
          const result = await allocationThroughput(http, tokens.cru, doc, seed.table, scenario);
          log(`  ${JSON.stringify(result)}`);
          raw.throughput.push(result);
        }
      }
    }
    await dropTable(client, seed.table);
  }
  client.destroy();
} finally {
  await runtime.stop();
}

if (!values["skip-bundles"]) {
  log("bundles: esbuild as CDK does, size, gzip, cold init (10 fresh node processes each)");
  raw.bundles = await measureBundles({ runs: 10 });
}
machine.loadAverageAtEnd = loadAverage();
machine.commitAtEnd = sh("git", ["rev-parse", "--short", "HEAD"]);
raw.seconds = Math.round((Date.now() - startedAt.getTime()) / 1000);

console.log(summarise(raw));
if (!values["no-write"]) {
  mkdirSync("docs/bench-raw", { recursive: true });
  // Compact: per-run call lists of the nightly job make an indented file megabytes long.
  writeFileSync("docs/bench-raw/bench.json", `${JSON.stringify(raw)}\n`);
  writeReport("docs/performance.md", raw, HISTORY_NOTE);
  log("wrote docs/performance.md (Benchmarks) and docs/bench-raw/bench.json");
}
