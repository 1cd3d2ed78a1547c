import { loadavg } from "node:os";
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { type CapacityTally, readCapacity, resetCapacity } from "../../shared/store/capacity.js";

export interface Response {
  status: number;
  body: any;
  ms: number;
}

export interface HttpClient {
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
}

/** Calls over the local API Gateway adapter, as a client of the deployed API would. */
export function httpClient(baseUrl: string): HttpClient {
  return {
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers["content-type"] = "application/json";
      const started = performance.now();
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // CSV and HTML stay text.
      }
      return { status: res.status, body, ms };
    },
  };
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles. */
export function percentiles(samples: readonly number[]): Percentiles {
  const xs = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))] ?? Number.NaN;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: xs.length,
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    min: round(xs[0] ?? Number.NaN),
    max: round(xs[xs.length - 1] ?? Number.NaN),
    mean: round(xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length)),
  };
}

export const median = (xs: readonly number[]) => percentiles(xs).p50;

/** One request's DynamoDB cost, tallied by shared/store/capacity.ts for the in-process handlers. */
export async function withCapacity<T>(fn: () => Promise<T>): Promise<{
  result: T;
  capacity: CapacityTally;
  dynamo: { ms: number; calls: string[]; callMs: number[] };
}> {
  resetCapacity();
  resetDynamoTime();
  const result = await fn();
  return { result, capacity: readCapacity(), dynamo: readDynamoTime() };
}

/** The floor: one GetItem round trip on the same engine and table, through the document client. */
export async function getItemMs(doc: DynamoDBDocumentClient, table: string, key: Record<string, string>) {
  const started = performance.now();
  const out = await doc.send(new GetCommand({ TableName: table, Key: key }));
  const ms = performance.now() - started;
  if (!out.Item) throw new Error(`floor item ${JSON.stringify(key)} is missing from ${table}`);
  return ms;
}

export function loadAverage(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}

let dynamoMs = 0;
let dynamoCalls: string[] = [];
let dynamoCallMs: number[] = [];

/**
 * Times every DynamoDB call the in-process handlers make (from the outermost middleware
 * step, so marshalling and signing are included), to split an operation's latency into time
 * waiting on DynamoDB and everything else (HTTP adapter, JWT, validation, domain code).
 */
export function timeDynamoCalls(client: { middlewareStack: { add: (...args: any[]) => void } }) {
  client.middlewareStack.add(
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        const ms = performance.now() - started;
        dynamoMs += ms;
        dynamoCallMs.push(Math.round(ms * 100) / 100);
        dynamoCalls.push((context.commandName ?? "?").replace(/Command$/, ""));
      }
    },
    { step: "initialize", name: "benchDynamoTimer", priority: "high" },
  );
}

export function resetDynamoTime() {
  dynamoMs = 0;
  dynamoCalls = [];
  dynamoCallMs = [];
}

export const readDynamoTime = () => ({ ms: dynamoMs, calls: [...dynamoCalls], callMs: [...dynamoCallMs] });
