import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates.js";
import { checkInvariants, describeReport, readTable } from "../support/invariants.js";
import { useLocalApi } from "../support/local-api.js";

/**
 * Load: 50 concurrent clients for 20 s of mixed traffic on four premises, then the invariant
 * checker reads everything. Each client owns its referrals (distinct CRNs) and bookings, so
 * every 409/412 it sees has a reason the test can name: a bed taken by another client
 * between bed search and allocation, an extension into a neighbour's nights, or a booking
 * whose version a neighbour's buffer override moved on.
 */

process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";
const TODAY = "2026-11-23";
const CLIENTS = 50;
const DURATION_MS = 20_000;
const PREMISES = [
  { premisesId: "load-a", bufferDays: 2 },
  { premisesId: "load-b", bufferDays: 2 },
  { premisesId: "load-c", bufferDays: 2 },
  { premisesId: "load-d", bufferDays: 0 },
];
const BEDS = 5;

const api = useLocalApi();

type Op =
  | "submit"
  | "bed-options"
  | "allocate"
  | "extend"
  | "cancel"
  | "arrive"
  | "depart"
  | "withdraw"
  | "get-booking"
  | "list-bookings"
  | "list-referrals"
  | "occupancy";

/** Statuses each operation may answer under contention; anything else is a defect. */
const EXPECTED: Record<Op, number[]> = {
  submit: [201],
  "bed-options": [200],
  // 409: another client took the bed (or clipped into its buffer) after the search.
  allocate: [201, 409],
  // 409: the new nights are another stay's; 412: a neighbour's override bumped our version.
  extend: [200, 409, 412],
  cancel: [200, 412],
  arrive: [200, 412],
  depart: [200, 412],
  withdraw: [200],
  "get-booking": [200],
  "list-bookings": [200],
  "list-referrals": [200],
  occupancy: [200],
};

interface OwnBooking {
  bookingId: string;
  referralId: string;
  premisesId: string;
  status: string;
  version: number;
  departureDate: string;
  arrivalDate: string;
}

const dueToday = (b: OwnBooking) => b.status === "booked" && b.arrivalDate <= TODAY;

const counts = new Map<string, number>();
const unexpected: string[] = [];
let requests = 0;
/** 503 busy answers (with Retry-After) that the client retried. */
let busy = 0;

function tally(op: Op, status: number, detail: string) {
  requests++;
  const key = `${op} ${status}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
  if (!EXPECTED[op].includes(status) && unexpected.length < 20)
    unexpected.push(`${key}: ${detail.slice(0, 300)}`);
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

describe("a cancelled booking puts its referral back in the queue", () => {
  it("and the person's copy says so: an overlapping second referral for that person is refused (409)", async () => {
    await api.call("POST", "/premises", {
      as: { role: "admin" },
      body: {
        premisesId: "cancel-copy",
        name: "Cancel copy",
        area: "midlands",
        gender: "male",
        bufferDays: 2,
        characteristics: [],
        beds: [{ bedId: "b1", room: "1", characteristics: [] }],
      },
    });
    const body = (arrival: string) => ({
      person: { crn: "C900001", name: "Sam Cole", dateOfBirth: "1980-02-02", gender: "male" },
      riskOfSeriousHarm: "medium",
      releaseType: "licence",
      expectedArrivalDate: arrival,
      expectedDepartureDate: addDays(arrival, 28),
      area: "midlands",
      homelessIfNotPlaced: true,
    });
    const first = await api.call("POST", "/referrals", { as: { role: "cru" }, body: body("2026-12-10") });
    expect(first.status).toBe(201);
    const booked = await api.call("POST", `/referrals/${first.body.referralId}/allocation`, {
      as: { role: "cru" },
      body: { premisesId: "cancel-copy", bedId: "b1" },
    });
    expect(booked.status).toBe(201);
    const cancelled = await api.call("POST", `/bookings/${booked.body.bookingId}/cancellation`, {
      as: { role: "cru" },
      body: { reason: "release date moved" },
    });
    expect(cancelled.status).toBe(200);
    const referral = await api.call("GET", `/referrals/${first.body.referralId}`, { as: { role: "cru" } });
    expect(referral.body.status).toBe("submitted");
    // The first referral is open again, so the same nights cannot be asked for twice.
    const second = await api.call("POST", "/referrals", { as: { role: "cru" }, body: body("2026-12-20") });
    expect(second.status).toBe(409);
  });
});

describe("reliability under load", () => {
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    for (const p of PREMISES) {
      const res = await api.call("POST", "/premises", {
        as: { role: "admin" },
        body: {
          premisesId: p.premisesId,
          name: `Load ${p.premisesId}`,
          area: "london",
          gender: "male",
          bufferDays: p.bufferDays,
          characteristics: [],
          beds: Array.from({ length: BEDS }, (_, i) => ({
            bedId: `b${i + 1}`,
            room: `${i + 1}`,
            characteristics: [],
          })),
        },
      });
      expect(res.status).toBe(201);
    }
    tokens.cru = await api.token("cru", { user: "cru-load" });
    tokens.manager = await api.token("ap-manager", {
      user: "manager-load",
      premises: PREMISES.map((p) => p.premisesId),
    });
  });

  it(`${CLIENTS} clients for ${DURATION_MS / 1000} s: no 5xx, only explained conflicts, every invariant holds`, async () => {
    const call = async (
      op: Op,
      method: string,
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) => {
      const token = ["arrive", "depart", "occupancy", "list-bookings"].includes(op)
        ? tokens.manager
        : tokens.cru;
      // As a well-behaved integrator does: a 503 "busy" says nothing was changed and when to
      // retry, so the client waits and sends the same request again (at most three times). A
      // starved machine can exhaust the optimistic retries of a hot bed; that is contention
      // answered as documented, not a defect, so it is counted apart and bounded below.
      for (let attempt = 1; ; attempt++) {
        const res = await api.call(method, path, { token, body, headers });
        const retryAfter = Number(res.headers.get("retry-after"));
        if (res.status === 503 && res.body?.type?.endsWith("busy") && retryAfter > 0 && attempt <= 3) {
          busy++;
          await new Promise((r) => setTimeout(r, Math.min(retryAfter * 1000, 1000) * Math.random()));
          continue;
        }
        tally(op, res.status, res.text);
        return res;
      }
    };

    async function client(n: number) {
      const mine: OwnBooking[] = [];
      const submitted: string[] = [];
      let seq = 0;
      const deadline = Date.now() + DURATION_MS;
      while (Date.now() < deadline) {
        const roll = Math.random();
        const active = mine.filter((b) => b.status === "booked" || b.status === "arrived");
        // The manager records arrivals on the day and, later, departures.
        if (active.some(dueToday) && Math.random() < 0.3) {
          const b = pick(active.filter(dueToday));
          const res = await call(
            "arrive",
            "POST",
            `/bookings/${b.bookingId}/arrival`,
            { arrivalDate: TODAY },
            { "if-match": `"${b.version}"` },
          );
          await settle(b, res);
        } else if (active.some((b) => b.status === "arrived") && Math.random() < 0.15) {
          const b = pick(active.filter((x) => x.status === "arrived"));
          const res = await call(
            "depart",
            "POST",
            `/bookings/${b.bookingId}/departure`,
            { departureDate: TODAY, reason: "planned-move-on", moveOnCategory: "private-rented" },
            { "if-match": `"${b.version}"` },
          );
          await settle(b, res);
        } else if (roll < 0.15 || (submitted.length === 0 && active.length === 0)) {
          seq++;
          // A quarter arrive today, so arrivals and departures are recorded during the run.
          const arrival = Math.random() < 0.25 ? TODAY : addDays(TODAY, Math.floor(Math.random() * 90));
          const releaseType = pick(["licence", "hdc", "parole"] as const);
          const departure = addDays(arrival, 7 + Math.floor(Math.random() * 35));
          const res = await call("submit", "POST", "/referrals", {
            person: {
              crn: `L${String(n * 10_000 + seq).padStart(6, "0")}`,
              name: `Load ${n}-${seq}`,
              dateOfBirth: "1985-05-05",
              gender: "male",
            },
            riskOfSeriousHarm: pick(["low", "medium", "high", "very-high"] as const),
            releaseType,
            expectedArrivalDate: arrival,
            expectedDepartureDate: departure,
            // An HDC release must say when its curfew ends (and only an HDC release may).
            ...(releaseType === "hdc" ? { hdcEndDate: addDays(departure, 60) } : {}),
            area: "london",
            preferredPremisesIds: [pick(PREMISES).premisesId],
            homelessIfNotPlaced: Math.random() < 0.5,
          });
          if (res.status === 201) submitted.push(res.body.referralId);
        } else if (roll < 0.45 && submitted.length > 0) {
          const referralId = submitted.shift()!;
          const options = await call("bed-options", "GET", `/referrals/${referralId}/bed-options`);
          const option = options.body?.options?.[0];
          if (!option) {
            submitted.push(referralId);
            continue;
          }
          const res = await call("allocate", "POST", `/referrals/${referralId}/allocation`, {
            premisesId: option.premisesId,
            bedId: option.bedId,
            arrivalDate: option.arrivalDate,
            departureDate: option.departureDate,
            ...(option.fit === "buffer-override"
              ? { bufferOverrideReason: "load test: cut short to fit" }
              : {}),
          });
          if (res.status === 201) {
            mine.push({
              bookingId: res.body.bookingId,
              referralId,
              premisesId: res.body.premisesId,
              status: "booked",
              version: res.body.version,
              departureDate: res.body.departureDate,
              arrivalDate: res.body.arrivalDate,
            });
          } else {
            submitted.push(referralId);
          }
        } else if (roll < 0.53 && active.length > 0) {
          const b = pick(active);
          const res = await call(
            "extend",
            "POST",
            `/bookings/${b.bookingId}/extension`,
            {
              departureDate: addDays(b.departureDate, 1 + Math.floor(Math.random() * 7)),
              reason: "move-on fell through",
            },
            { "if-match": `"${b.version}"` },
          );
          await settle(b, res);
        } else if (roll < 0.59 && active.some((b) => b.status === "booked")) {
          const b = pick(active.filter((x) => x.status === "booked"));
          const res = await call(
            "cancel",
            "POST",
            `/bookings/${b.bookingId}/cancellation`,
            { reason: "release date moved" },
            { "if-match": `"${b.version}"` },
          );
          await settle(b, res);
          if (res.status === 200) submitted.push(b.referralId);
        } else if (roll < 0.67 && active.some(dueToday)) {
          const b = pick(active.filter(dueToday));
          const res = await call(
            "arrive",
            "POST",
            `/bookings/${b.bookingId}/arrival`,
            { arrivalDate: TODAY },
            { "if-match": `"${b.version}"` },
          );
          await settle(b, res);
        } else if (roll < 0.72 && active.some((b) => b.status === "arrived")) {
          const b = pick(active.filter((x) => x.status === "arrived"));
          const res = await call(
            "depart",
            "POST",
            `/bookings/${b.bookingId}/departure`,
            { departureDate: TODAY, reason: "planned-move-on", moveOnCategory: "private-rented" },
            { "if-match": `"${b.version}"` },
          );
          await settle(b, res);
        } else if (roll < 0.75 && submitted.length > 0) {
          const referralId = submitted.pop()!;
          await call("withdraw", "POST", `/referrals/${referralId}/withdrawal`, { reason: "duplicate" });
        } else if (roll < 0.85 && mine.length > 0) {
          await call("get-booking", "GET", `/bookings/${pick(mine).bookingId}`);
        } else if (roll < 0.9) {
          await call("list-bookings", "GET", `/premises/${pick(PREMISES).premisesId}/bookings?from=${TODAY}`);
        } else if (roll < 0.95) {
          await call("list-referrals", "GET", "/referrals?status=submitted&area=london&limit=20");
        } else {
          await call(
            "occupancy",
            "GET",
            `/premises/${pick(PREMISES).premisesId}/occupancy?from=${TODAY}&to=${addDays(TODAY, 55)}`,
          );
        }
      }
      return mine;
    }

    /** After a mutation: adopt the answer, or re-read the booking when our version was stale. */
    async function settle(b: OwnBooking, res: { status: number; body: any }) {
      if (res.status === 200) {
        Object.assign(b, {
          status: res.body.status,
          version: res.body.version,
          departureDate: res.body.departureDate,
        });
      } else if (res.status === 412) {
        const fresh = await call("get-booking", "GET", `/bookings/${b.bookingId}`);
        if (fresh.status === 200)
          Object.assign(b, {
            status: fresh.body.status,
            version: fresh.body.version,
            departureDate: fresh.body.departureDate,
          });
      }
    }

    const started = Date.now();
    const owned = (await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n + 1)))).flat();
    const seconds = (Date.now() - started) / 1000;

    const byStatus = new Map<number, number>();
    for (const [key, c] of counts) {
      const status = Number(key.split(" ")[1]);
      byStatus.set(status, (byStatus.get(status) ?? 0) + c);
    }
    const fivexx = [...byStatus].filter(([s]) => s >= 500).reduce((a, [, c]) => a + c, 0);
    const checkStarted = Date.now();
    const items = await readTable(api.ddb, api.tableName);
    const report = checkInvariants(items);
    const checkMs = Date.now() - checkStarted;
    console.log(
      `reliability-load: ${requests} requests in ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(1)} req/s) by ${CLIENTS} clients; ${busy} busy retried; ` +
        `status ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}; ` +
        `ops ${JSON.stringify(Object.fromEntries([...counts].sort()))}; ` +
        `invariants over ${report.items} items in ${checkMs} ms: ${report.checks.map((c) => `${c.checked} ok`).join(", ")}`,
    );
    console.log(describeReport(report));

    expect(report.violations).toEqual([]);
    expect(fivexx).toBe(0);
    expect(unexpected).toEqual([]);
    // Contention answered as busy stays rare: at most 1 request in 100.
    expect(busy).toBeLessThanOrEqual(Math.ceil(requests / 100));
    // Enough traffic of each kind that the invariants were tested, not just assumed.
    for (const op of ["submit", "allocate", "extend", "cancel", "arrive", "depart"] as const) {
      expect(counts.get(`${op} ${EXPECTED[op][0]}`) ?? 0, op).toBeGreaterThan(0);
    }
    // Every 201 allocation is one booking in the table; nothing else made any.
    expect(
      items.filter((i) => i.type === "booking" && String(i.premisesId).startsWith("load-")),
    ).toHaveLength(counts.get("allocate 201") ?? 0);
    expect(items.filter((i) => i.type === "referral" && i.area === "london")).toHaveLength(
      counts.get("submit 201") ?? 0,
    );
    // What each client believes about its own bookings is what the table holds.
    const stored = new Map(items.filter((i) => i.type === "booking").map((i) => [i.bookingId as string, i]));
    for (const b of owned) {
      expect(stored.get(b.bookingId)?.status, b.bookingId).toBe(b.status);
    }
  }, 90_000);
});
