import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { addDays, londonDateOf } from "../../shared/domain/dates.js";
import { assertInvariants, describeReport, readTable } from "../support/invariants.js";

/**
 * `npm start -- --persist`: the server is killed with SIGKILL (Node, the watchdog and Java
 * together, as a power cut would) while clients are writing, restarted on the same data
 * directory, and the invariant checker reads everything DynamoDB Local kept.
 */

const dataDir = mkdtempSync(join(tmpdir(), "ap-persist-"));
const started: ChildProcess[] = [];

function javaOnPort(port: number): number {
  const out = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => l.startsWith("java") && l.includes("DynamoDBLocal.jar") && l.includes(`-port ${port}`))
    .length;
}

async function waitFor(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return predicate();
}

interface System {
  child: ChildProcess;
  url: string;
  dynamoEndpoint: string;
  dynamoPort: number;
  tokens: { cru: string; admin: string };
}

async function start(): Promise<System> {
  const child = spawn(
    "npx",
    ["tsx", "infra/local/start.ts", "--port", "0", "--persist", "--data-dir", dataDir, "--no-seed"],
    { env: { ...process.env, LOG_LEVEL: "SILENT" }, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  started.push(child);
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const ready = await waitFor(() => /admin\s+eyJ\S+/.test(output) || child.exitCode !== null, 120_000);
  if (!ready || child.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
  const dynamo = /DynamoDB\s+(http:\/\/127\.0\.0\.1:(\d+))/.exec(output)!;
  expect(output).toContain(`persisted in ${dataDir}`);
  return {
    child,
    url: /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!,
    dynamoEndpoint: dynamo[1]!,
    dynamoPort: Number(dynamo[2]),
    tokens: { cru: /cru\s+(eyJ\S+)/.exec(output)![1]!, admin: /admin\s+(eyJ\S+)/.exec(output)![1]! },
  };
}

async function call(sys: System, as: "cru" | "admin", method: string, path: string, body?: unknown) {
  const res = await fetch(`${sys.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${sys.tokens[as]}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

const today = londonDateOf(new Date());
let crn = 0;
const referral = (arrival: string) => ({
  person: {
    crn: `P${String(200000 + ++crn)}`,
    name: `Persist ${crn}`,
    dateOfBirth: "1983-06-06",
    gender: "male",
  },
  riskOfSeriousHarm: "medium",
  releaseType: "licence",
  expectedArrivalDate: arrival,
  expectedDepartureDate: addDays(arrival, 21),
  area: "north-east",
  homelessIfNotPlaced: true,
});

afterAll(async () => {
  for (const c of started) {
    if (c.exitCode === null && c.signalCode === null) {
      try {
        process.kill(-c.pid!, "SIGINT");
      } catch {
        // already gone
      }
      await waitFor(() => c.exitCode !== null || c.signalCode !== null, 15_000);
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start -- --persist", () => {
  it("keeps every committed change across a SIGKILL mid-load, and the invariants still hold", async () => {
    const t0 = Date.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const first = await start();
    phase("first start");
    const created = await call(first, "admin", "POST", "/premises", {
      premisesId: "persist-ne",
      name: "Persist North East",
      area: "north-east",
      gender: "male",
      bufferDays: 2,
      characteristics: [],
      beds: Array.from({ length: 6 }, (_, i) => ({
        bedId: `b${i + 1}`,
        room: `${i + 1}`,
        characteristics: [],
      })),
    });
    expect(created.status).toBe(201);

    // Committed before the crash: these must all be there afterwards, exactly.
    const before: { referralId: string; bookingId: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call(first, "cru", "POST", "/referrals", referral(addDays(today, 5 + i * 30)));
      expect(r.status).toBe(201);
      const a = await call(first, "cru", "POST", `/referrals/${r.body.referralId}/allocation`, {
        premisesId: "persist-ne",
        bedId: "b1",
      });
      expect(a.status).toBe(201);
      before.push({ referralId: r.body.referralId, bookingId: a.body.bookingId });
    }

    // Load: clients submit, search, allocate and extend until the server disappears.
    let acknowledged = 0;
    const ackReferrals: string[] = [];
    const ackBookings: string[] = [];
    let stop = false;
    const clients = Array.from({ length: 6 }, async (_, n) => {
      while (!stop) {
        try {
          const r = await call(
            first,
            "cru",
            "POST",
            "/referrals",
            referral(addDays(today, 3 + ((n * 17 + crn) % 120))),
          );
          if (r.status !== 201) continue;
          acknowledged++;
          ackReferrals.push(r.body.referralId);
          const options = await call(first, "cru", "GET", `/referrals/${r.body.referralId}/bed-options`);
          const o = options.body?.options?.[0];
          if (!o || o.fit === "near-miss") continue;
          const a = await call(first, "cru", "POST", `/referrals/${r.body.referralId}/allocation`, {
            premisesId: o.premisesId,
            bedId: o.bedId,
            ...(o.fit === "buffer-override" ? { bufferOverrideReason: "persistence load" } : {}),
          });
          if (a.status !== 201) continue;
          acknowledged++;
          ackBookings.push(a.body.bookingId);
          const e = await call(first, "cru", "POST", `/bookings/${a.body.bookingId}/extension`, {
            departureDate: addDays(a.body.departureDate, 3),
            reason: "move-on delayed",
          });
          if (e.status === 200) acknowledged++;
        } catch {
          return; // the server is gone
        }
      }
    });
    await waitFor(() => acknowledged >= 10, 15_000);
    phase("load");
    process.kill(-first.child.pid!, "SIGKILL");
    stop = true;
    await Promise.all(clients);
    expect(
      await waitFor(() => first.child.exitCode !== null || first.child.signalCode !== null, 10_000),
    ).toBe(true);
    // The old Java must be gone before a new one opens the same database files.
    expect(await waitFor(() => javaOnPort(first.dynamoPort) === 0, 10_000)).toBe(true);

    phase("old Java gone");
    const second = await start();
    phase("restart");
    const ddb = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: second.dynamoEndpoint,
        region: "eu-west-2",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      }),
    );
    const report = await assertInvariants(ddb, "ap-local");
    console.log(
      `persistence: ${acknowledged} writes acknowledged before SIGKILL; after restart ${report.items} items (${phases.join(", ")})\n${describeReport(report)}`,
    );
    const items = await readTable(ddb, "ap-local");
    // Every write the server acknowledged before it died is on disk.
    const ids = new Set(items.map((i) => String(i.PK)));
    expect(ackReferrals.filter((id) => !ids.has(`REFERRAL#${id}`))).toEqual([]);
    expect(ackBookings.filter((id) => !ids.has(`BOOKING#${id}`))).toEqual([]);
    expect(ackBookings.length).toBeGreaterThan(0);
    for (const b of before) {
      const booking = await call(second, "cru", "GET", `/bookings/${b.bookingId}`);
      expect(booking.status).toBe(200);
      expect(booking.body.status).toBe("booked");
      const r = await call(second, "cru", "GET", `/referrals/${b.referralId}`);
      expect(r.body).toMatchObject({ status: "allocated", placement: { bookingId: b.bookingId } });
    }
    // The restarted system still takes writes on the same data.
    const after = await call(second, "cru", "POST", "/referrals", referral(addDays(today, 200)));
    expect(after.status).toBe(201);

    process.kill(-second.child.pid!, "SIGINT");
    expect(
      await waitFor(() => second.child.exitCode !== null || second.child.signalCode !== null, 15_000),
    ).toBe(true);
    expect(await waitFor(() => javaOnPort(second.dynamoPort) === 0, 10_000)).toBe(true);
  }, 420_000); // two starts of the whole system and a load phase; a loaded CI machine needs the room
});
