import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates.js";
import type { Referral } from "../../shared/schemas/referrals.js";
import { readCapacity, resetCapacity } from "../../shared/store/capacity.js";
import { referralItem } from "../../shared/store/items.js";
import { useLocalApi } from "../support/local-api.js";

process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";

const api = useLocalApi();

const STATUSES: Referral["status"][] = [
  "submitted",
  "allocated",
  "arrived",
  "departed",
  "departed",
  "departed",
  "departed",
  "departed",
  "withdrawn",
  "withdrawn",
];
const AREAS: Referral["area"][] = ["london", "midlands", "north-east", "north-west", "wales"];

/** Fixed-width fields, so every item is the same size and read units compare like for like. */
function historicReferral(i: number): Referral {
  const status = STATUSES[i % STATUSES.length]!;
  const arrival = addDays("2024-01-01", i % 1050);
  const submittedAt = `${addDays(arrival, -30)}T09:00:00.000Z`;
  const referralId = `R${String(i).padStart(9, "0")}`;
  return {
    referralId,
    status,
    person: {
      crn: `C${String(i % 1_000_000).padStart(6, "0")}`,
      name: "Test Person",
      dateOfBirth: "1980-01-01",
      gender: "male",
    },
    riskOfSeriousHarm: "medium",
    releaseType: "licence",
    earlyRelease: false,
    expectedArrivalDate: arrival,
    expectedDepartureDate: addDays(arrival, 84),
    area: AREAS[i % AREAS.length]!,
    preferredPremisesIds: [],
    requiredCharacteristics: [],
    homelessIfNotPlaced: true,
    noticeType: "standard",
    noticeDays: 30,
    submittedAt,
    submittedBy: "cru-user",
    ...(status === "submitted" || status === "withdrawn"
      ? {}
      : {
          placement: {
            premisesId: `p-${i % 20}`,
            bedId: "b01",
            bookingId: `B${String(i).padStart(9, "0")}`,
            arrivalDate: arrival,
            departureDate: addDays(arrival, 84),
            allocatedAt: submittedAt,
            allocatedBy: "cru-user",
          },
        }),
    version: 1,
    updatedAt: submittedAt,
  };
}

async function seed(from: number, to: number) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = from; i < to; i += 25) {
    batches.push(
      Array.from({ length: Math.min(25, to - i) }, (_, k) => referralItem(historicReferral(i + k))),
    );
  }
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const out = await api.ddb.send(new BatchWriteCommand({ RequestItems: { [api.tableName]: pending } }));
        pending = (out.UnprocessedItems?.[api.tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

async function measure(path: string, fullPage = true) {
  const token = await api.token("cru");
  process.env.AP_MEASURE_CAPACITY = "1";
  resetCapacity();
  const res = await api.call("GET", path, { token });
  const tally = readCapacity();
  process.env.AP_MEASURE_CAPACITY = "0";
  expect(res.status).toBe(200);
  if (fullPage) expect(res.body.items).toHaveLength(50);
  else expect(res.body.items.length).toBeLessThanOrEqual(50);
  return tally;
}

describe("list cost does not grow with history", () => {
  it("one page of 50 costs the same among 1,000 and 10,000 referrals", async () => {
    const paths = [
      "/referrals?limit=50",
      "/referrals?limit=50&area=london&status=departed",
      "/referrals?limit=50&premisesId=p-3&status=departed",
    ];
    const feed = "/referrals?limit=50&sort=newest&status=departed";
    await seed(0, 1_000);
    const small = [];
    for (const p of paths) small.push(await measure(p));
    const smallFeed = await measure(feed, false);
    await seed(1_000, 10_000);
    const large = [];
    for (const p of paths) large.push(await measure(p));
    const largeFeed = await measure(feed, false);
    for (const [i, p] of paths.entries()) {
      console.log(`${p}: 1,000 -> ${JSON.stringify(small[i])}; 10,000 -> ${JSON.stringify(large[i])}`);
    }
    console.log(`${feed}: 1,000 -> ${JSON.stringify(smallFeed)}; 10,000 -> ${JSON.stringify(largeFeed)}`);
    // The default list is one GSI2 Query: the bound the issue sets.
    expect(large[0]!.requests).toBeGreaterThanOrEqual(1);
    expect(large[0]!.requests).toBeLessThanOrEqual(2);
    expect(large[0]!.readUnits + large[0]!.units).toBeGreaterThan(0);
    for (const [i] of paths.entries()) {
      expect(large[i]!.requests).toBe(small[i]!.requests);
      expect(large[i]!.units).toBe(small[i]!.units);
      expect(large[i]!.readUnits).toBe(small[i]!.readUnits);
    }
    // The newest-first feed reads at most two month buckets of at most `limit` items each.
    expect(largeFeed.requests).toBeLessThanOrEqual(2);
    expect(largeFeed.units + largeFeed.readUnits).toBeLessThanOrEqual(
      2 * (large[0]!.units + large[0]!.readUnits),
    );
  }, 300_000);
});
