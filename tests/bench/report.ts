import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { percentiles } from "./measure.js";
import type { OperationResult } from "./phase.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = any;

const START = "<!-- bench:start (written by npm run bench; edit tests/bench/report.ts instead) -->";
const END = "<!-- bench:end -->";

/** Latency goals as a multiple of the GetItem floor (p50). */
export const GOALS: Record<string, number> = { allocation: 8, "bed-options": 15, "premises-occupancy": 10 };

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const r2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number | undefined, digits = 1) =>
  x === undefined || Number.isNaN(x)
    ? "–"
    : x.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function cost(result: OperationResult | undefined) {
  if (!result) return undefined;
  const runs = result.runs;
  return {
    requests: r2(mean(runs.map((r) => r.capacity.requests))),
    units: r2(mean(runs.map((r) => r.capacity.units))),
    readUnits: r2(mean(runs.map((r) => r.capacity.readUnits))),
    writeUnits: r2(mean(runs.map((r) => r.capacity.writeUnits))),
    perRun: runs.map((r) => `${r.capacity.requests}/${r2(r.capacity.units)}`),
    failures: result.failures.length,
  };
}

export function capacityRows(raw: Raw) {
  const phases = ["x0", "x1", "x10"].filter((p) => raw.phases[p]);
  const keys: string[] = (raw.phases[phases[0]!]?.capacity ?? []).map((o: OperationResult) => o.key);
  return keys.map((key) => {
    const by = Object.fromEntries(
      phases.map((p) => [p, cost(raw.phases[p].capacity.find((o: OperationResult) => o.key === key))]),
    );
    const label = raw.phases[phases[0]!].capacity.find((o: OperationResult) => o.key === key).label;
    const base = by.x0;
    const ratio = (p: string) => (base && by[p] && base.units > 0 ? r2(by[p].units / base.units) : undefined);
    const reqRatio = (p: string) =>
      base && by[p] && base.requests > 0 ? r2(by[p].requests / base.requests) : undefined;
    const ratio10to1 = by.x1 && by.x10 && by.x1.units > 0 ? r2(by.x10.units / by.x1.units) : undefined;
    const same = (a?: { perRun: string[] }, b?: { perRun: string[] }) =>
      a && b ? (JSON.stringify(a.perRun) === JSON.stringify(b.perRun) ? "yes" : "no") : "–";
    const identical = `${same(by.x1, base)} / ${same(by.x10, by.x1)}`;
    return {
      key,
      label,
      by,
      ratio1: ratio("x1"),
      ratio10: ratio("x10"),
      reqRatio1: reqRatio("x1"),
      reqRatio10: reqRatio("x10"),
      ratio10to1,
      identical,
    };
  });
}

export function latencyRows(raw: Raw) {
  if (!raw.latency) return [];
  return raw.latency.operations.map((o: OperationResult) => {
    const ms = percentiles(o.runs.map((r) => r.ms));
    const floor = percentiles(o.runs.map((r) => r.floorMs ?? Number.NaN));
    const dynamo = percentiles(o.runs.map((r) => r.dynamoMs));
    const calls = o.runs[0]?.dynamoCalls ?? [];
    const goal = GOALS[o.key];
    const standalone = percentiles(raw.latency.floorOnly).p50;
    const multiple = r2(ms.p50 / floor.p50);
    return {
      key: o.key,
      label: o.label,
      runs: o.runs.length,
      failures: o.failures.length,
      ms,
      floor,
      dynamo,
      calls: calls.length > 12 ? `${calls.length} calls` : calls.join(", "),
      multiple,
      p95Multiple: r2(ms.p95 / floor.p50),
      standaloneMultiple: r2(ms.p50 / standalone),
      goal,
      met: goal === undefined ? undefined : multiple <= goal,
    };
  });
}

export function capacityTable(raw: Raw): string {
  const rows = capacityRows(raw);
  const lines = [
    "| operation | ×0 requests / units | ×1 requests / units | ×10 requests / units | units ×1/×0 (requests) | units ×10/×0 (requests) | units ×10/×1 | every run identical: ×1 = ×0 / ×10 = ×1 |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const cell = (p: string) => (r.by[p] ? `${fmt(r.by[p].requests)} / ${fmt(r.by[p].units)}` : "–");
    lines.push(
      `| ${r.label} | ${cell("x0")} | ${cell("x1")} | ${cell("x10")} | ${fmt(r.ratio1, 2)} (req ${fmt(r.reqRatio1, 2)}) | ${fmt(r.ratio10, 2)} (req ${fmt(r.reqRatio10, 2)}) | ${fmt(r.ratio10to1, 2)} | ${r.identical} |`,
    );
  }
  return lines.join("\n");
}

export function latencyTable(raw: Raw): string {
  const rows = latencyRows(raw);
  const lines = [
    "| operation | runs | failed | p50 ms | p95 ms | p99 ms | floor p50 ms | p50 ÷ floor | p95 ÷ floor | p50 ÷ standalone floor | goal (p50 ÷ floor) | time in DynamoDB calls (summed; parallel calls overlap), p50 ms | calls (in order) |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${r.runs} | ${r.failures} | ${fmt(r.ms.p50)} | ${fmt(r.ms.p95)} | ${fmt(r.ms.p99)} | ${fmt(r.floor.p50, 2)} | ${fmt(r.multiple)}× | ${fmt(r.p95Multiple)}× | ${fmt(r.standaloneMultiple)}× | ${r.goal === undefined ? "–" : `≤ ${r.goal}×: ${r.met ? "met" : "**not met**"}`} | ${fmt(r.dynamo.p50)} | ${r.calls} |`,
    );
  }
  return lines.join("\n");
}

/** Median duration of each kind of DynamoDB call an operation makes, over its latency runs. */
export function breakdownTable(raw: Raw): string {
  if (!raw.latency) return "";
  const lines = [
    "| operation | p50 ms | DynamoDB calls per run (kind × count: median ms each) |",
    "|---|---|---|",
  ];
  for (const o of raw.latency.operations as OperationResult[]) {
    const byKind = new Map<string, number[]>();
    for (const r of o.runs)
      r.dynamoCalls?.forEach((name, i) => {
        const ms = r.dynamoCallMs?.[i];
        if (ms !== undefined) byKind.set(name, [...(byKind.get(name) ?? []), ms]);
      });
    const cells = [...byKind.entries()].map(
      ([name, ms]) => `${name} × ${fmt(ms.length / o.runs.length)}: ${fmt(percentiles(ms).p50, 2)}`,
    );
    lines.push(`| ${o.label} | ${fmt(percentiles(o.runs.map((r) => r.ms)).p50)} | ${cells.join("; ")} |`);
  }
  return lines.join("\n");
}

export function throughputTable(raw: Raw): string {
  if (!raw.throughput?.length) return "(not measured)";
  const lines = [
    "| scenario | clients | allocations | succeeded | statuses | wall s | allocations/s | p50 ms | p95 ms | DynamoDB requests per allocation |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const t of raw.throughput) {
    lines.push(
      `| ${t.scenario} | ${t.clients} | ${t.allocations} | ${t.succeeded} | ${JSON.stringify(t.statuses)} | ${fmt(t.seconds)} | ${fmt(t.perSecond)} | ${fmt(t.latencyMs.p50)} | ${fmt(t.latencyMs.p95)} | ${fmt(t.dynamoRequestsPerAllocation, 2)} |`,
    );
  }
  return lines.join("\n");
}

export function bundleTable(raw: Raw): string {
  if (!raw.bundles) return "(not measured)";
  const kb = (b: number) => fmt(b / 1024);
  const lines = [
    `Bare \`node -e 0\`: median ${fmt(raw.bundles.bareNodeMs)} ms of ${raw.bundles.runs}.`,
    "",
    "| function | minified KB | gzip KB | ≤ 500 KB | cold init ms (median of 10) | ÷ bare node | probe | largest contributors (KB in output) |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const b of raw.bundles.bundles) {
    lines.push(
      `| ${b.name} | ${kb(b.bytes)} | ${kb(b.gzipBytes)} | ${b.bytes <= 500 * 1024 ? "yes" : "**no**"} | ${fmt(b.coldInitMs)} | ${fmt(b.coldInitMultiple, 2)}× | ${b.probe.replace(/\|/g, "\\|")} | ${b.top
        .slice(0, 4)
        .map((t: { module: string; bytes: number }) => `${t.module} ${kb(t.bytes)}`)
        .join(", ")} |`,
    );
  }
  return lines.join("\n");
}

/** The table printed at the end of a run: one line per operation, cost and latency together. */
export function summarise(raw: Raw): string {
  const cap = new Map(capacityRows(raw).map((r) => [r.key, r]));
  const lat = new Map(latencyRows(raw).map((r: any) => [r.key, r]));
  const head = [
    "operation",
    "req ×0/×1/×10",
    "units ×0/×1/×10",
    "ratio ×1,×10",
    "p50 ms",
    "p95",
    "p99",
    "÷floor",
    "goal",
  ];
  const rows: string[][] = [];
  for (const [key, c] of cap) {
    const l: any = lat.get(key);
    const three = (f: "requests" | "units") =>
      ["x0", "x1", "x10"].map((p) => (c.by[p] ? fmt(c.by[p][f]) : "–")).join("/");
    rows.push([
      c.label,
      three("requests"),
      three("units"),
      `${fmt(c.ratio1, 2)},${fmt(c.ratio10, 2)}`,
      l ? fmt(l.ms.p50) : "–",
      l ? fmt(l.ms.p95) : "–",
      l ? fmt(l.ms.p99) : "–",
      l ? `${fmt(l.multiple)}×` : "–",
      l?.goal ? `≤${l.goal}× ${l.met ? "met" : "NOT MET"}` : "",
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  const out = [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  if (raw.latency) out.push("", `GetItem floor alone: p50 ${percentiles(raw.latency.floorOnly).p50} ms`);
  for (const t of raw.throughput ?? [])
    out.push(
      `throughput ${t.scenario}: ${t.succeeded}/${t.allocations} in ${t.seconds} s = ${t.perSecond}/s`,
    );
  for (const b of raw.bundles?.bundles ?? [])
    out.push(
      `bundle ${b.name}: ${fmt(b.bytes / 1024)} KB (gzip ${fmt(b.gzipBytes / 1024)} KB), cold init ${fmt(b.coldInitMs)} ms = ${fmt(b.coldInitMultiple, 2)}× bare node`,
    );
  return out.join("\n");
}

export function benchmarksSection(raw: Raw, notes: string): string {
  const m = raw.machine;
  const seeds = ["x0", "x1", "x10"]
    .filter((p) => raw.phases[p])
    .map(
      (p) =>
        `| ${p.replace("x", "×")} | ${raw.phases[p].seed.items.toLocaleString("en-GB")} | ${raw.phases[p].seed.finishedStays.toLocaleString("en-GB")} | ${raw.phases[p].seed.finishedStaysInMeasuredArea.toLocaleString("en-GB")} | ${raw.phases[p].seed.finishedStaysAtMeasuredPremises.toLocaleString("en-GB")} | ${raw.phases[p].seed.seconds} |`,
    );
  const s0 = raw.phases.x1?.seed ?? raw.phases.x0?.seed;
  return `${START}
## Benchmarks

Written by \`npm run bench\` (tests/bench/run.ts); raw results in \`docs/bench-raw/bench.json\`.
Last run ${m.date.slice(0, 16).replace("T", " ")} UTC, ${Math.round(raw.seconds / 60)} minutes, at commit \`${m.commit}\`${m.commitAtEnd && m.commitAtEnd !== m.commit ? ` (HEAD was \`${m.commitAtEnd}\` at the end: other engineers committed during the run, and handler modules load on first use)` : ""}${
    m.uncommittedAtStart
      ? "; uncommitted changes to measured code at the start: " +
        m.uncommittedAtStart
          .split("\n")
          .map((l: string) => `\`${l.trim()}\``)
          .join(", ")
      : ""
  }.

**Machine.** ${m.nproc} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.java}. Shared with other
engineers' test runs: load average (1/5/15 min) ${m.loadAverageAtStart.join(" / ")} at the start and
${m.loadAverageAtEnd.join(" / ")} at the end, so latencies are noisy and pessimistic; request counts and
capacity units are exact.

**Reproduce.** \`${m.command.replace(/ --$/, "")}\` (defaults: \`--runs ${raw.settings.runs} --slow-runs ${raw.settings.slowRuns} --capacity-runs ${raw.settings.capacityRuns} --phases x0,x1,x10\`;
\`--skip-bundles\`, \`--skip-throughput\`, \`--no-write\` for partial runs; \`--from-raw\` rewrites this section from the
raw JSON without measuring). Needs Java for DynamoDB Local.

### The estate

${
  s0
    ? `${s0.premises} premises in the 8 CRU areas (north-east: 12), ${s0.beds.toLocaleString("en-GB")} beds, ${s0.currentStays.toLocaleString("en-GB")} current stays (arrived, leaving within 84 nights,
with their referral, footprint and person items), ${s0.openReferrals} open (submitted) referrals.`
    : ""
} Written with 25-item BatchWrites
(16 in flight, UnprocessedItems retried) of items from the application's own builders (\`referralItem\`, \`bookingItem\`,
\`personReferralItem\`, \`stayDetails\`, \`keys.*\`). A finished stay is three items: its departed booking, its departed
referral and its footprint, which ends in the past, so the claim that past footprints are never read is tested
against items that exist.

| history | items | finished stays | of them in north-east (12 premises) | at ${raw.settings.measuredPremises} | seed s |
|---|---|---|---|---|---|
${seeds.join("\n")}

${notes}

### 1. DynamoDB requests and capacity per operation

Mean over ${raw.settings.capacityRuns} runs per operation (3 for the national view and the nightly job), the same inputs
in the same order at each history size. "every run identical" compares the per-run (requests, units) sequences.

${capacityTable(raw)}

### 2. Latency over HTTP (local adapter), at history ${String(raw.latency?.phase ?? "").replace("x", "×")}

Each run is timed at the client (fetch to the local API Gateway stand-in, JWT verification, the real handler,
DynamoDB Local). The floor is one GetItem through the document client on the same table, timed immediately
before each run, so an operation and its floor see the same load. GetItem floor on its own (${raw.latency?.floorOnly.length ?? 0} runs): p50 ${percentiles(raw.latency?.floorOnly ?? []).p50} ms, p95 ${percentiles(raw.latency?.floorOnly ?? []).p95} ms.

${latencyTable(raw)}

Where the time goes: the DynamoDB calls each operation makes, with the median duration of each kind (timed in the
handlers' own client, marshalling and signing included).

${breakdownTable(raw)}

### 3. Allocation throughput, 20 concurrent clients (history ×1)

Each client makes 10 allocations one after another, each for its own referral; one premises: every client on its
own bed of lon-01 (stays 90 days apart); twenty premises: one client per premises.

${throughputTable(raw)}

### 4. Lambda bundles

Built with esbuild as CDK's NodejsFunction does for infra/app-function.ts (ESM, platform node, target node22,
minify, AWS SDK bundled, mainFields module/main, the createRequire banner; the source map is a separate file and not
counted). Cold init: a fresh \`node\` imports the bundle and makes one handler call (public: \`GET /health\`;
API functions: a request without claims, answered 401; nightly: an invalid date, refused before any I/O); wall time
from spawn to exit, median of ${raw.bundles?.runs ?? 10}, divided by the median of ${raw.bundles?.runs ?? 10} bare \`node -e 0\`.

${bundleTable(raw)}
${END}`;
}

/** Replaces this bench's section in docs/performance.md, leaving every other section as it is. */
export function writeReport(path: string, raw: Raw, notes = ""): void {
  const current = existsSync(path) ? readFileSync(path, "utf8") : "# Performance\n";
  const section = benchmarksSection(raw, notes);
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${section}${current.slice(end + END.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
