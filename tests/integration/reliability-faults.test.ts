import { InternalServerError, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates.js";
import { runNightly } from "../../shared/services/nightly-job.js";
import { ddb } from "../../shared/store/client.js";
import { assertInvariants, describeReport, type Item, readTable } from "../support/invariants.js";
import { type ApiResponse, useLocalApi } from "../support/local-api.js";

/**
 * Faults injected under every write path: the app's document client is mocked so chosen
 * write commands fail the way DynamoDB and the network fail, while everything else reaches
 * DynamoDB Local. Each case checks the answer (never 500; 503 + Retry-After when it cannot
 * finish), compares the whole table before and after (a failed request wrote nothing), and
 * the invariant checker runs over everything at the end.
 */

process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";
const TODAY = "2026-11-23";
const api = useLocalApi();
const cru = { role: "cru" } as const;
const admin = { role: "admin" } as const;
const POOL = ["fault-a", "fault-b", "fault-c"];
const managerAll = { role: "ap-manager", premises: POOL } as const;

// ---------- faults ----------

type Fault = { name: string; make: () => Error };
const FAULTS: Fault[] = [
  {
    name: "ThrottlingException",
    make: () =>
      Object.assign(new Error("Rate of requests exceeds the allowed throughput"), {
        name: "ThrottlingException",
        $fault: "client",
      }),
  },
  {
    name: "TransactionConflict",
    make: () =>
      new TransactionCanceledException({
        message:
          "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]",
        $metadata: {},
        CancellationReasons: [{ Code: "TransactionConflict" }],
      }),
  },
  {
    name: "InternalServerError",
    make: () => new InternalServerError({ message: "Internal server error", $metadata: {} }),
  },
  {
    name: "socket hang up (ECONNRESET)",
    make: () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
  },
];

const isWrite = (c: unknown) =>
  c instanceof TransactWriteCommand ||
  c instanceof PutCommand ||
  c instanceof UpdateCommand ||
  c instanceof DeleteCommand ||
  c instanceof BatchWriteCommand;

type Mode = "first write fails once" | "every write fails" | "answer lost after commit";

/** Runs `request` with faults in the app's DynamoDB client; counts the write attempts it made. */
async function withFaults<T>(mode: Mode, fault: Fault, request: () => Promise<T>) {
  const client = ddb();
  const realSend = client.send.bind(client) as (cmd: unknown) => Promise<unknown>;
  const mock = mockClient(client);
  let writes = 0;
  // Writes DynamoDB accepted during the request: a refused request must have none.
  let committed = 0;
  let transactions = 0;
  mock.send.callsFake((async (command: unknown) => {
    if (!isWrite(command)) return realSend(command);
    writes++;
    if (command instanceof TransactWriteCommand) transactions++;
    if (mode === "every write fails" || (mode === "first write fails once" && writes === 1))
      throw fault.make();
    const out = await realSend(command);
    committed++;
    if (mode === "answer lost after commit" && writes === 1) throw fault.make();
    return out;
  }) as never);
  try {
    return { result: await request(), writes, committed, transactions };
  } finally {
    mock.restore();
  }
}

function diff(before: Item[], after: Item[]): string[] {
  const key = (i: Item) => `${i.PK}|${i.SK}`;
  const old = new Map(before.map((i) => [key(i), JSON.stringify(i)]));
  const out: string[] = [];
  for (const i of after) {
    const was = old.get(key(i));
    if (was === undefined) out.push(`+ ${key(i)}`);
    else if (was !== JSON.stringify(i)) out.push(`~ ${key(i)}`);
    old.delete(key(i));
  }
  for (const k of old.keys()) out.push(`- ${k}`);
  return out;
}

// ---------- write paths ----------

type Call = () => Promise<ApiResponse>;
interface WritePath {
  name: string;
  success: number;
  /** Prepares what the request needs (without faults) and returns the request. */
  setup: () => Promise<Call>;
}

let seq = 0;
const nextBed = (() => {
  let n = 0;
  return () => {
    const i = n++;
    return { premisesId: POOL[Math.floor(i / 40)]!, bedId: `b${(i % 40) + 1}` };
  };
})();

async function submit(arrival = addDays(TODAY, 1), days = 14): Promise<string> {
  seq++;
  const res = await api.call("POST", "/referrals", {
    as: cru,
    body: {
      person: {
        crn: `F${String(100000 + seq)}`,
        name: `Fault ${seq}`,
        dateOfBirth: "1980-03-03",
        gender: "male",
      },
      riskOfSeriousHarm: "high",
      releaseType: "licence",
      expectedArrivalDate: arrival,
      expectedDepartureDate: addDays(arrival, days),
      area: "london",
      homelessIfNotPlaced: true,
    },
  });
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${res.text}`);
  return res.body.referralId;
}

async function booked(arrival = addDays(TODAY, 1), days = 14) {
  const referralId = await submit(arrival, days);
  const bed = nextBed();
  const res = await api.call("POST", `/referrals/${referralId}/allocation`, { as: cru, body: bed });
  if (res.status !== 201) throw new Error(`allocate: ${res.status} ${res.text}`);
  return { referralId, bookingId: res.body.bookingId as string, ...bed };
}

async function arrived() {
  const b = await booked(TODAY);
  const res = await api.call("POST", `/bookings/${b.bookingId}/arrival`, {
    as: managerAll,
    body: { arrivalDate: TODAY },
  });
  if (res.status !== 200) throw new Error(`arrival: ${res.status} ${res.text}`);
  return b;
}

async function movedOn(bookingId: string, availableFrom: string) {
  const res = await api.call("PUT", `/bookings/${bookingId}/move-on`, {
    as: managerAll,
    body: { status: "confirmed", category: "private-rented", address: "1 High Street, Leeds", availableFrom },
  });
  if (res.status !== 200) throw new Error(`move-on: ${res.status} ${res.text}`);
}

const openAlerts: string[] = [];

const PATHS: WritePath[] = [
  {
    name: "create premises",
    success: 201,
    setup: async () => {
      const premisesId = `fault-new-${++seq}`;
      return () =>
        api.call("POST", "/premises", {
          as: admin,
          body: {
            premisesId,
            name: "New AP",
            area: "wales",
            gender: "male",
            bufferDays: 2,
            characteristics: [],
            beds: [{ bedId: "b1", room: "1", characteristics: [] }],
          },
        });
    },
  },
  {
    name: "out-of-service",
    success: 201,
    setup: async () => {
      const bed = nextBed();
      return () =>
        api.call("POST", `/premises/${bed.premisesId}/beds/${bed.bedId}/out-of-service`, {
          as: admin,
          body: { startDate: addDays(TODAY, 3), endDate: addDays(TODAY, 5), reason: "unplanned-repair" },
        });
    },
  },
  {
    name: "submit referral",
    success: 201,
    setup: async () => {
      seq++;
      return () =>
        api.call("POST", "/referrals", {
          as: cru,
          body: {
            person: {
              crn: `G${String(100000 + seq)}`,
              name: "New Person",
              dateOfBirth: "1979-04-04",
              gender: "male",
            },
            riskOfSeriousHarm: "medium",
            releaseType: "hdc",
            expectedArrivalDate: addDays(TODAY, 20),
            hdcEndDate: addDays(TODAY, 120),
            area: "london",
            homelessIfNotPlaced: false,
          },
        });
    },
  },
  {
    name: "allocation",
    success: 201,
    setup: async () => {
      const referralId = await submit();
      const bed = nextBed();
      return () => api.call("POST", `/referrals/${referralId}/allocation`, { as: cru, body: bed });
    },
  },
  {
    name: "extension",
    success: 200,
    setup: async () => {
      const b = await booked();
      return () =>
        api.call("POST", `/bookings/${b.bookingId}/extension`, {
          as: cru,
          body: { departureDate: addDays(TODAY, 25), reason: "move-on address delayed" },
        });
    },
  },
  {
    name: "arrival",
    success: 200,
    setup: async () => {
      const b = await booked(TODAY);
      return () =>
        api.call("POST", `/bookings/${b.bookingId}/arrival`, {
          as: managerAll,
          body: { arrivalDate: TODAY },
        });
    },
  },
  {
    name: "departure",
    success: 200,
    setup: async () => {
      const b = await arrived();
      return () =>
        api.call("POST", `/bookings/${b.bookingId}/departure`, {
          as: managerAll,
          body: { departureDate: TODAY, reason: "recalled", moveOnCategory: "custody" },
        });
    },
  },
  {
    name: "cancellation",
    success: 200,
    setup: async () => {
      const b = await booked();
      return () =>
        api.call("POST", `/bookings/${b.bookingId}/cancellation`, {
          as: cru,
          body: { reason: "parole deferred" },
        });
    },
  },
  {
    name: "withdrawal (allocated)",
    success: 200,
    setup: async () => {
      const b = await booked();
      return () =>
        api.call("POST", `/referrals/${b.referralId}/withdrawal`, { as: cru, body: { reason: "duplicate" } });
    },
  },
  {
    name: "move-on PUT",
    success: 200,
    setup: async () => {
      const b = await booked();
      return () =>
        api.call("PUT", `/bookings/${b.bookingId}/move-on`, {
          as: managerAll,
          body: { status: "in-progress", category: "supported-housing", notes: "referral sent" },
        });
    },
  },
  {
    name: "stay-reduction request",
    success: 201,
    setup: async () => {
      const b = await booked();
      const forReferralId = await submit(addDays(TODAY, 30));
      return () =>
        api.call("POST", `/bookings/${b.bookingId}/stay-reductions`, {
          as: cru,
          body: { newDepartureDate: addDays(TODAY, 10), forReferralId, reason: "urgent placement" },
        });
    },
  },
  {
    name: "stay-reduction decision",
    success: 200,
    setup: async () => {
      const b = await booked();
      await movedOn(b.bookingId, addDays(TODAY, 8));
      const forReferralId = await submit(addDays(TODAY, 30));
      const req = await api.call("POST", `/bookings/${b.bookingId}/stay-reductions`, {
        as: cru,
        body: { newDepartureDate: addDays(TODAY, 10), forReferralId, reason: "urgent placement" },
      });
      if (req.status !== 201) throw new Error(`stay reduction: ${req.status} ${req.text}`);
      return () =>
        api.call("POST", `/stay-reductions/${req.body.requestId}/decision`, {
          as: managerAll,
          body: { decision: "approved", reason: "move-on confirmed" },
        });
    },
  },
  {
    name: "alert acknowledgement",
    success: 200,
    setup: async () => {
      const alertId = openAlerts.shift();
      if (!alertId) throw new Error("no open alert left for the acknowledgement cases");
      return () =>
        api.call("POST", `/alerts/${alertId}/acknowledgement`, { as: managerAll, body: { note: "seen" } });
    },
  },
];

// ---------- the matrix ----------

interface Row {
  path: string;
  fault: string;
  mode: Mode;
  status: number;
  transactions: number;
  committed: number;
}
const rows: Row[] = [];
const CASES_PER_PATH = FAULTS.length * 2 + 1;

describe("fault injection on every write path", () => {
  beforeAll(async () => {
    for (const premisesId of POOL) {
      const res = await api.call("POST", "/premises", {
        as: admin,
        body: {
          premisesId,
          name: `Fault ${premisesId}`,
          area: "london",
          gender: "male",
          bufferDays: 2,
          characteristics: [],
          beds: Array.from({ length: 40 }, (_, i) => ({
            bedId: `b${i + 1}`,
            room: `${i + 1}`,
            characteristics: [],
          })),
        },
      });
      expect(res.status).toBe(201);
    }
    // Stays ending within 28 days with no confirmed move-on: the nightly job raises an alert for each.
    for (let i = 0; i < CASES_PER_PATH; i++) await booked(addDays(TODAY, 1), 10);
    await runNightly(TODAY);
    const alerts = await api.call("GET", `/alerts?premisesId=fault-a&status=open&limit=50`, {
      as: managerAll,
    });
    openAlerts.push(...alerts.body.items.map((a: { alertId: string }) => a.alertId));
    expect(openAlerts.length).toBeGreaterThanOrEqual(CASES_PER_PATH);
  });

  for (const path of PATHS) {
    it(`${path.name}: never 500; 503 + Retry-After and no write when DynamoDB or the network fails`, async () => {
      const cases: [Mode, Fault][] = [
        ...FAULTS.map((f): [Mode, Fault] => ["first write fails once", f]),
        ...FAULTS.map((f): [Mode, Fault] => ["every write fails", f]),
        ["answer lost after commit", FAULTS[3]!],
      ];
      for (const [mode, fault] of cases) {
        const request = await path.setup();
        // One case per path also compares the whole table, in case a write went round the client.
        const audited = mode === "first write fails once" && fault === FAULTS[3];
        const before = audited ? await readTable(api.ddb, api.tableName) : [];
        const { result: res, transactions, committed } = await withFaults(mode, fault, request);
        if (audited && res.status === 503) {
          expect(diff(before, await readTable(api.ddb, api.tableName))).toEqual([]);
        }
        rows.push({ path: path.name, fault: fault.name, mode, status: res.status, transactions, committed });
        const where = `${path.name} / ${fault.name} / ${mode}: ${res.status} ${res.text.slice(0, 200)}`;

        expect(res.status, where).not.toBe(500);
        expect([path.success, 503], where).toContain(res.status);
        if (res.status === 503) {
          expect(res.headers.get("retry-after"), where).toBe("1");
          expect(res.headers.get("content-type"), where).toMatch(/^application\/problem\+json/);
          expect(res.body.status, where).toBe(503);
          // All or nothing: unless the write committed before the answer was lost, nothing was written.
          if (mode !== "answer lost after commit") expect(committed, where).toBe(0);
        } else {
          expect(committed, where).toBeGreaterThan(0);
        }
        if (mode === "every write fails") expect(res.status, where).toBe(503);
      }
    });
  }

  it("a 503 whose write did commit is safe to retry with the same Idempotency-Key: one referral, same answer", async () => {
    seq++;
    const body = {
      person: {
        crn: `H${String(100000 + seq)}`,
        name: "Lost Answer",
        dateOfBirth: "1981-05-05",
        gender: "male",
      },
      riskOfSeriousHarm: "low",
      releaseType: "licence",
      expectedArrivalDate: addDays(TODAY, 15),
      area: "london",
      homelessIfNotPlaced: true,
    };
    const headers = { "idempotency-key": `lost-${seq}` };
    const { result: lost } = await withFaults("answer lost after commit", FAULTS[3]!, () =>
      api.call("POST", "/referrals", { as: cru, body, headers }),
    );
    expect(lost.status).toBe(503);
    const retried = await api.call("POST", "/referrals", { as: cru, body, headers });
    expect(retried.status).toBe(201);
    const items = await readTable(api.ddb, api.tableName);
    const mine = items.filter(
      (i) => i.type === "referral" && (i.person as { crn: string }).crn === body.person.crn,
    );
    expect(mine).toHaveLength(1);
    expect(retried.body.referralId).toBe(mine[0]!.referralId);
  });

  afterAll(async () => {
    const report = await assertInvariants(api.ddb, api.tableName);
    const cell = (r: Row | undefined) =>
      r
        ? `${r.status}${r.transactions > 1 ? ` (${r.transactions} tries)` : ""}${r.committed > 0 && r.status === 503 ? " committed" : ""}`
        : "";
    const lines = [
      "| write path | fault | fails once | always fails | partial write |",
      "|---|---|---|---|---|",
      ...PATHS.flatMap((p) =>
        FAULTS.map((f) => {
          const once = rows.find(
            (r) => r.path === p.name && r.fault === f.name && r.mode === "first write fails once",
          );
          const always = rows.find(
            (r) => r.path === p.name && r.fault === f.name && r.mode === "every write fails",
          );
          const partial = rows.some(
            (r) =>
              r.path === p.name &&
              r.fault === f.name &&
              r.status === 503 &&
              r.committed > 0 &&
              r.mode !== "answer lost after commit",
          );
          return `| ${p.name} | ${f.name} | ${cell(once)} | ${cell(always)} | ${partial ? "YES" : "none"} |`;
        }),
      ),
      "",
      "| write path | answer lost after commit (ECONNRESET) |",
      "|---|---|",
      ...PATHS.map(
        (p) =>
          `| ${p.name} | ${cell(rows.find((r) => r.path === p.name && r.mode === "answer lost after commit"))} |`,
      ),
    ];
    console.log(
      `reliability-faults: ${rows.length} cases, statuses ${JSON.stringify(Object.fromEntries(["200", "201", "503"].map((st) => [st, rows.filter((r) => String(r.status) === st).length])))}\n${lines.join("\n")}\n${describeReport(report)}`,
    );
  });
});
