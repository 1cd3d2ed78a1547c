import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler } from "../../functions/nightly.js";
import type { Alert } from "../../shared/schemas/alerts.js";
import { alertItem } from "../../shared/store/alerts-store.js";
import { readCapacity, resetCapacity } from "../../shared/store/capacity.js";
import { ddb } from "../../shared/store/client.js";
import { bookingItem, referralItem } from "../../shared/store/items.js";
import { useLocalApi } from "../support/local-api.js";
import { batchPut, booking, freshTable, putBooking, referral } from "./alerts-fixtures.js";

const api = useLocalApi();

beforeAll(() => {
  process.env.AP_FIXED_NOW = "2026-11-23T02:00:00Z";
  delete process.env.TOPIC_ARN;
});
afterAll(() => {
  delete process.env.AP_FIXED_NOW;
  delete process.env.AP_MEASURE_CAPACITY;
});

/** The same due set in every table: 20 stays leaving within 28 days, 10 later, 5 referrals arriving this week. */
function dueSet() {
  const stays = Array.from({ length: 30 }, (_, i) =>
    booking({
      bookingId: `due-${String(i).padStart(3, "0")}`,
      premisesId: `p${i % 3}`,
      bedId: `b${i}`,
      departureDate: i < 20 ? `2026-12-${String(1 + i).padStart(2, "0")}` : "2027-02-15",
      hdcEndDate: i % 4 === 0 ? "2027-05-01" : undefined,
    }),
  );
  // Two of them past their CRU placement deadline.
  const referrals = Array.from({ length: 5 }, (_, i) =>
    referral({
      referralId: `rdue-${i}`,
      expectedArrivalDate: `2026-11-2${4 + i}`,
      ...(i < 2 ? { placementDeadline: "2026-11-20T23:59:59.999Z" } : {}),
    }),
  );
  // Three booked stays whose arrival day has passed unrecorded.
  const late = Array.from({ length: 3 }, (_, i) =>
    booking({
      bookingId: `late-${i}`,
      premisesId: `p${i}`,
      bedId: `bl${i}`,
      status: "booked",
      arrivalDate: "2026-11-20",
      departureDate: "2027-02-12",
    }),
  );
  return [...stays.map(bookingItem), ...late.map(bookingItem), ...referrals.map(referralItem)];
}

/** Ten times as much history: departed and cancelled stays, old referrals, resolved alerts. */
function history(n: number) {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const id = `old-${String(i).padStart(5, "0")}`;
    const month = String(1 + (i % 12)).padStart(2, "0");
    items.push(
      bookingItem(
        booking({
          bookingId: id,
          premisesId: `p${i % 3}`,
          status: i % 5 === 0 ? "cancelled" : "departed",
          arrivalDate: `2025-${month}-01`,
          departureDate: `2025-${month}-20`,
          actualDepartureDate: `2025-${month}-18`,
        }),
      ),
      referralItem(
        referral({
          referralId: `r${id}`,
          // Old submitted referrals sit in the same index partition but before tonight's key range.
          status: i % 3 === 0 ? "submitted" : i % 3 === 1 ? "withdrawn" : "departed",
          expectedArrivalDate: `2025-${month}-01`,
          submittedAt: `2025-${month}-01T09:00:00.000Z`,
          // Long past: in the sparse deadline partition, but before tonight's key range.
          placementDeadline: `2025-${month}-15T23:59:59.999Z`,
        }),
      ),
    );
    const alert: Alert = {
      alertId: `${String(i).padStart(32, "a")}`.slice(-32),
      kind: "departure-without-move-on",
      status: "resolved",
      threshold: 7,
      daysLeft: 7,
      dueDate: `2025-${month}-20`,
      night: `2025-${month}-13`,
      premisesId: `p${i % 3}`,
      bookingId: id,
      crn: "X123456",
      raisedAt: `2025-${month}-13T02:00:00.000Z`,
      resolvedAt: `2025-${month}-18T02:00:00.000Z`,
      resolvedReason: "resident departed",
      version: 2,
    };
    items.push(alertItem(alert));
  }
  return items;
}

/** Read units (Query and GetItem) apart from writes, so the proof is about what the job reads. */
let reads = { requests: 0, units: 0 };
function meterReads() {
  ddb().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const name = (context as { commandName?: string }).commandName ?? "";
      if (/^(Query|Get)/.test(name)) {
        reads.requests++;
        const c = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
        reads.units += c?.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: "initialize", name: "testReadMeter", override: true },
  );
}

async function measureTwoNights(table: string) {
  meterReads();
  process.env.AP_MEASURE_CAPACITY = "1";
  resetCapacity();
  reads = { requests: 0, units: 0 };
  const first = await handler({ date: "2026-11-23" });
  const night1 = { ...readCapacity(), reads };
  // Between nights two residents get confirmed move-on: tomorrow resolves their alerts.
  for (const i of [1, 2]) {
    await putBooking(
      api.ddb,
      table,
      booking({
        bookingId: `due-${String(i).padStart(3, "0")}`,
        premisesId: `p${i % 3}`,
        bedId: `b${i}`,
        departureDate: `2026-12-${String(1 + i).padStart(2, "0")}`,
        moveOn: {
          status: "confirmed",
          category: "supported-housing",
          address: "x",
          availableFrom: "2026-11-30",
        },
        version: 2,
      }),
    );
  }
  resetCapacity();
  reads = { requests: 0, units: 0 };
  const second = await handler({ date: "2026-11-24" });
  const night2 = { ...readCapacity(), reads };
  delete process.env.AP_MEASURE_CAPACITY;
  return { first, second, night1, night2 };
}

describe("nightly job cost", () => {
  it("reads the same for the same due set whether the table holds 0 or 10x history", async () => {
    const lean = await freshTable();
    await batchPut(api.ddb, lean, dueSet());
    const a = await measureTwoNights(lean);

    const heavy = await freshTable();
    await batchPut(api.ddb, heavy, [...dueSet(), ...history(350)]);
    const b = await measureTwoNights(heavy);

    // 20 departures (those with HDC say so in their detail), 5 releases, 3 arrivals
    // overdue, 2 placements overdue.
    expect(a.first.raised).toBe(30);
    expect(a.first.byKind).toMatchObject({
      "arrival-overdue": { raised: 3 },
      "placement-overdue": { raised: 2 },
      "licence-gap": { raised: 0 },
    });
    expect(b.first).toEqual(a.first);
    expect(b.second).toEqual(a.second);
    expect(a.second.resolved).toBeGreaterThanOrEqual(2);
    expect(a.night1.reads.units).toBeGreaterThan(0);
    expect(a.night2.reads.units).toBeGreaterThan(0);
    // Identical request counts and units: nothing the job reads grows with history.
    expect(b.night1).toEqual(a.night1);
    expect(b.night2).toEqual(a.night2);
    console.info(
      "nightly capacity (lean vs 10x history)",
      JSON.stringify({ lean: [a.night1, a.night2], heavy: [b.night1, b.night2] }),
    );
    // Four runs and two seeded tables on a shared, loaded machine.
  }, 300_000);
});
