import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, type CalendarDate } from "../domain/dates.js";
import { ddb, tableName } from "./client.js";
import { HIGH, keys } from "./keys.js";
import { type FootprintItem, loadPremises, queryFootprints } from "./premises-store.js";
import { queryAll } from "./query.js";

/**
 * The two reads one premises' occupancy needs, issued together: premises + beds, and the
 * footprints touching the window. Footprints are read from the night before `from` so a
 * stay with no buffer that departs on `from` (last night `from - 1`) still counts as a
 * departure on the first day.
 */
export async function loadOccupancyInputs(premisesId: string, from: CalendarDate, to: CalendarDate) {
  const [loaded, footprints] = await Promise.all([
    loadPremises(premisesId),
    queryFootprints(premisesId, addDays(from, -1), to),
  ]);
  return loaded ? { ...loaded, footprints } : undefined;
}

/**
 * The footprints the area view counts, projected to what the counts need. Bed rows are not
 * read: nightly counts need only which bed each footprint is on and the premises' bedCount.
 */
export async function loadAreaFootprints(premisesId: string, from: CalendarDate, to: CalendarDate) {
  const items = await queryAll({
    KeyConditionExpression: "PK = :pk AND SK BETWEEN :from AND :high",
    FilterExpression: "startDate <= :to",
    ExpressionAttributeValues: {
      ":pk": keys.premises(premisesId).PK,
      ":from": `FOOTPRINT#${addDays(from, -1)}`,
      ":high": `FOOTPRINT#${HIGH}`,
      ":to": to,
    },
    ProjectionExpression: "kind, bedId, startDate, lastNight, departureDate, #status",
    ExpressionAttributeNames: { "#status": "status" },
  });
  return items as unknown as FootprintItem[];
}

/**
 * Open alerts per premises from one query of the open-alerts index: bounded by what is open
 * nationally, and one request instead of one per premises when a whole area is shown.
 */
export async function openAlertCountsByPremises(): Promise<Map<string, number>> {
  const items = await queryAll({
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk",
    ExpressionAttributeValues: { ":pk": "ALERTS#STATUS#open" },
    ProjectionExpression: "premisesId",
  });
  const counts = new Map<string, number>();
  for (const item of items) {
    if (typeof item.premisesId === "string")
      counts.set(item.premisesId, (counts.get(item.premisesId) ?? 0) + 1);
  }
  return counts;
}

/** Open alerts of a premises, counted on the index without reading the items. */
export async function countOpenAlerts(premisesId: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk AND begins_with(GSI1SK, :open)",
        ExpressionAttributeValues: { ":pk": `ALERTS#PREMISES#${premisesId}`, ":open": "open#" },
        Select: "COUNT",
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export type { FootprintItem };
