import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { addDays } from "../../shared/domain/dates.js";
import { readCapacity, resetCapacity } from "../../shared/store/capacity.js";
import { referralItem } from "../../shared/store/items.js";
import { keys } from "../../shared/store/keys.js";
import { personReferralItem } from "../../shared/store/referrals-store.js";
import { benchCrn, NOW, referralRecord, TODAY } from "./estate.js";
import { type HttpClient, percentiles } from "./measure.js";
import { batchWrite } from "./seed.js";

export const CLIENTS = 20;
export const PER_CLIENT = 10;

interface Slot {
  referralId: string;
  premisesId: string;
  bedId: string;
}

/**
 * Client c's k-th allocation. One premises: every client on its own bed of lon-01, stays
 * 90 days apart. Twenty premises: client c on its own premises, one bed per allocation.
 */
function plan(scenario: "one-premises" | "twenty-premises"): {
  slots: Slot[][];
  items: Record<string, unknown>[];
} {
  const twenty = [
    ...Array.from({ length: 15 }, (_, i) => `lon-${String(i + 2).padStart(2, "0")}`),
    ...Array.from({ length: 5 }, (_, i) => `mid-${String(i + 1).padStart(2, "0")}`),
  ];
  const items: Record<string, unknown>[] = [];
  const slots: Slot[][] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const mine: Slot[] = [];
    for (let k = 0; k < PER_CLIENT; k++) {
      const one = scenario === "one-premises";
      const arrival = addDays(TODAY, 240 + (one ? k * 90 : 0));
      const n = (one ? 100_000 : 200_000) + c * PER_CLIENT + k;
      const premisesId = one ? "lon-01" : twenty[c]!;
      const referral = referralRecord({
        referralId: `tp-${scenario}-${c}-${k}`,
        person: { crn: benchCrn(n), name: `Throughput ${n}`, dateOfBirth: "1979-07-07", gender: "male" },
        area: premisesId.startsWith("lon") ? "london" : "midlands",
        expectedArrivalDate: arrival,
        expectedDepartureDate: addDays(arrival, 84),
      });
      items.push(
        referralItem(referral),
        {
          ...keys.person(referral.person.crn),
          type: "person",
          crn: referral.person.crn,
          version: 1,
          createdAt: NOW,
        },
        personReferralItem(referral),
      );
      mine.push({ referralId: referral.referralId, premisesId, bedId: one ? `b${c + 1}` : `b${k + 1}` });
    }
    slots.push(mine);
  }
  return { slots, items };
}

export async function allocationThroughput(
  http: HttpClient,
  token: string,
  doc: DynamoDBDocumentClient,
  table: string,
  scenario: "one-premises" | "twenty-premises",
) {
  const { slots, items } = plan(scenario);
  await batchWrite(doc, table, [items], 8);
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  resetCapacity();
  const started = performance.now();
  await Promise.all(
    slots.map(async (mine) => {
      for (const slot of mine) {
        const res = await http.call("POST", `/referrals/${slot.referralId}/allocation`, {
          token,
          body: { premisesId: slot.premisesId, bedId: slot.bedId },
        });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        latencies.push(res.ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const capacity = readCapacity();
  const succeeded = statuses[201] ?? 0;
  return {
    scenario,
    clients: CLIENTS,
    allocations: CLIENTS * PER_CLIENT,
    succeeded,
    statuses,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round((succeeded / seconds) * 10) / 10,
    latencyMs: percentiles(latencies),
    dynamoRequestsPerAllocation: Math.round((capacity.requests / (CLIENTS * PER_CLIENT)) * 100) / 100,
    unitsPerAllocation: Math.round((capacity.units / (CLIENTS * PER_CLIENT)) * 100) / 100,
  };
}
