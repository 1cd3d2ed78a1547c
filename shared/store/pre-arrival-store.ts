import { BatchGetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Booking } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import { ddb, tableName } from "./client.js";
import { PRE_ARRIVAL_DUE, stripKeys } from "./items.js";
import { HIGH, keys } from "./keys.js";
import { decodeCursor, encodeCursor } from "./pagination.js";
import { queryAll } from "./query.js";
import { toReferral } from "./referrals-store.js";

/**
 * Booked stays with a pre-arrival item overdue on `night`: the sparse GSI3 holds only booked,
 * non-emergency plans with something still to do, keyed by their earliest due date, so this
 * key range grows with what is overdue now, never with history.
 */
export async function queryPreArrivalOverdue(night: string): Promise<Booking[]> {
  const items = await queryAll({
    IndexName: "GSI3",
    KeyConditionExpression: "GSI3PK = :pk AND GSI3SK < :night",
    ExpressionAttributeValues: { ":pk": PRE_ARRIVAL_DUE, ":night": night },
  });
  return items.map((i) => stripKeys(i) as unknown as Booking);
}

/**
 * Placed referrals by the state of their placement review (sparse GSI4 on the booking:
 * `PLACEMENT-REVIEW#unreviewed|concern` by arrival date), one page of the index plus one
 * BatchGet of those referrals: two requests a page, whatever the history.
 */
export async function listReferralsByReview(q: {
  state: "unreviewed" | "concern";
  arrivalFrom?: string;
  arrivalTo?: string;
  cursor?: string;
  limit: number;
}): Promise<{ items: Referral[]; nextCursor?: string }> {
  const pk = `PLACEMENT-REVIEW#${q.state}`;
  const start = decodeCursor(q.cursor, { GSI4PK: pk }, ["PK", "SK", "GSI4PK", "GSI4SK"]);
  const page = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "GSI4",
      KeyConditionExpression: "GSI4PK = :pk AND GSI4SK BETWEEN :low AND :high",
      ExpressionAttributeValues: {
        ":pk": pk,
        ":low": q.arrivalFrom ?? "0000-00-00",
        ":high": `${q.arrivalTo ?? "9999-12-31"}${HIGH}`,
      },
      ProjectionExpression: "PK, SK, GSI4PK, GSI4SK, referralId",
      ExclusiveStartKey: start,
      Limit: q.limit,
    }),
  );
  const ids = (page.Items ?? []).map((i) => String(i.referralId));
  const referrals = await batchGetReferrals(ids);
  return {
    items: ids.map((id) => referrals.get(id)).filter((r): r is Referral => r !== undefined),
    nextCursor: encodeCursor(page.LastEvaluatedKey),
  };
}

async function batchGetReferrals(ids: string[]): Promise<Map<string, Referral>> {
  const out = new Map<string, Referral>();
  let pending = [...new Set(ids)].map((id) => keys.referral(id));
  // A page is at most 200 ids; BatchGet takes 100 keys a call, and returns what it could not read.
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    const batch = pending.slice(0, 100);
    pending = pending.slice(100);
    const res = await ddb().send(
      new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: batch, ConsistentRead: false } } }),
    );
    for (const item of res.Responses?.[tableName()] ?? []) {
      const r = toReferral(item);
      out.set(r.referralId, r);
    }
    const unprocessed = res.UnprocessedKeys?.[tableName()]?.Keys ?? [];
    pending.push(...(unprocessed as typeof pending));
  }
  return out;
}
