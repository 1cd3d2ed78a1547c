import { DeleteTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createTable, tableDefinitionsFromTemplate } from "../../infra/local/tables.js";
import type { CapacityTally } from "../../shared/store/capacity.js";
import { ddb, resetClient } from "../../shared/store/client.js";
import { keys } from "../../shared/store/keys.js";
import { withoutStream } from "./env.js";
import {
  currentStays,
  historyItems,
  openReferrals,
  type PremisesPlan,
  planEstate,
  premisesItems,
} from "./estate.js";
import { getItemMs, percentiles, timeDynamoCalls, withCapacity } from "./measure.js";
import {
  MEASURED_PREMISES,
  type Operation,
  type OperationContext,
  operations,
  SEARCH_AREA,
} from "./operations.js";
import { batchWrite } from "./seed.js";

export type PhaseName = "x0" | "x1" | "x10";

/** History per premises: none, 3 years everywhere, or 30 years on the measured area and 3 elsewhere. */
export const HISTORY_FACTOR: Record<PhaseName, (p: PremisesPlan) => number> = {
  x0: () => 0,
  x1: () => 1,
  x10: (p) => (p.area === SEARCH_AREA ? 10 : 1),
};

export interface SeedReport {
  table: string;
  seconds: number;
  items: number;
  premises: number;
  beds: number;
  currentStays: number;
  openReferrals: number;
  finishedStays: number;
  finishedStaysInMeasuredArea: number;
  finishedStaysAtMeasuredPremises: number;
}

export async function seedPhase(
  client: DynamoDBClient,
  doc: DynamoDBDocumentClient,
  phase: PhaseName,
  width: number,
): Promise<{ seed: SeedReport; estate: PremisesPlan[]; current: ReturnType<typeof currentStays> }> {
  const table = `bench-${phase}`;
  await createTable(client, withoutStream(tableDefinitionsFromTemplate()[0]!), table);
  const started = performance.now();
  const estate = planEstate();
  const current = currentStays(estate);
  const open = openReferrals(estate);
  let finished = 0;
  let inArea = 0;
  let atPremises = 0;
  const factor = HISTORY_FACTOR[phase];
  function* all() {
    for (const p of estate) yield premisesItems(p);
    yield current.items;
    yield open;
    let i = 0;
    for (const batch of historyItems(estate, factor)) {
      // Three items a finished stay: booking, referral, footprint.
      const stays = batch.length / 3;
      finished += stays;
      const p = estate.filter((e) => factor(e) > 0)[i++]!;
      if (p.area === SEARCH_AREA) inArea += stays;
      if (p.premisesId === MEASURED_PREMISES) atPremises += stays;
      yield batch;
    }
  }
  const items = await batchWrite(doc, table, all(), width);
  return {
    estate,
    current,
    seed: {
      table,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      items,
      premises: estate.length,
      beds: estate.reduce((s, p) => s + p.beds.length, 0),
      currentStays: current.stays.length,
      openReferrals: open.length / 3,
      finishedStays: finished,
      finishedStaysInMeasuredArea: inArea,
      finishedStaysAtMeasuredPremises: atPremises,
    },
  };
}

export function useTable(table: string) {
  process.env.TABLE_NAME = table;
  resetClient();
  timeDynamoCalls(ddb());
}

export async function dropTable(client: DynamoDBClient, table: string) {
  await client.send(new DeleteTableCommand({ TableName: table }));
}

export interface RunRecord {
  i: number;
  status: number;
  /** Expected status and the operation's own check passed. */
  ok: boolean;
  ms: number;
  floorMs?: number;
  /** Time the handlers spent in DynamoDB calls during this run, and which calls. */
  dynamoMs: number;
  dynamoCalls: string[];
  /** Duration of each of those calls, in the same order. */
  dynamoCallMs: number[];
  capacity: CapacityTally;
}

export interface OperationResult {
  key: string;
  label: string;
  runs: RunRecord[];
  failures: { i: number; status: number; detail: string }[];
}

async function runOnce(
  op: Operation,
  i: number,
  floor?: () => Promise<number>,
): Promise<RunRecord & { detail?: string }> {
  const floorMs = floor ? await floor() : undefined;
  const { result, capacity, dynamo } = await withCapacity(() => op.run(i));
  const wrong =
    result.status !== op.expected
      ? `${result.body?.title ?? ""} ${result.body?.detail ?? JSON.stringify(result.body).slice(0, 200)}`
      : op.check?.(result);
  return {
    i,
    status: result.status,
    ok: !wrong,
    ms: result.ms,
    floorMs,
    dynamoMs: Math.round(dynamo.ms * 100) / 100,
    dynamoCalls: dynamo.calls,
    dynamoCallMs: dynamo.callMs,
    capacity,
    detail: wrong,
  };
}

/**
 * Each operation `runs` times from input index `start`. Writes get a fresh input per run;
 * reads are warmed up first. With `floor`, a GetItem round trip is timed just before each
 * run, so both see the same machine load.
 */
export async function runPass(
  ctx: OperationContext,
  runsFor: (op: Operation) => number,
  start: (op: Operation) => number,
  opts: {
    floor?: { doc: DynamoDBDocumentClient; table: string };
    warmUp?: number;
    log?: (s: string) => void;
  } = {},
): Promise<OperationResult[]> {
  const results: OperationResult[] = [];
  const floor = opts.floor
    ? () => getItemMs(opts.floor!.doc, opts.floor!.table, keys.premises(MEASURED_PREMISES))
    : undefined;
  for (const op of operations(ctx)) {
    const n = runsFor(op);
    if (n === 0) continue;
    if (!op.writes) for (let w = 0; w < (opts.warmUp ?? 0); w++) await op.run(start(op));
    const started = performance.now();
    const result: OperationResult = { key: op.key, label: op.label, runs: [], failures: [] };
    for (let k = 0; k < n; k++) {
      const i = start(op) + k;
      const { detail, ...record } = await runOnce(op, i, floor);
      result.runs.push(record);
      if (detail) result.failures.push({ i, status: record.status, detail });
    }
    const ms = result.runs.map((r) => r.ms);
    opts.log?.(
      `  ${op.key}: ${n} runs in ${((performance.now() - started) / 1000).toFixed(1)} s, p50 ${percentiles(ms).p50} ms, ` +
        `${result.runs[0]?.capacity.requests} requests / ${result.runs[0]?.capacity.units} units, ${result.failures.length} failures`,
    );
    results.push(result);
  }
  return results;
}
