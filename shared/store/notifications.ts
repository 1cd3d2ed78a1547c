import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { nowIso } from "../domain/clock.js";
import { logger } from "../observability/logger.js";
import { ddb, tableName } from "./client.js";
import type { TransactItem } from "./transact.js";

/**
 * What a notification may carry: ids, dates and counts. Never names or addresses — the
 * topic fans out to email and chat, outside the data boundary.
 */
export interface Notification {
  kind: string;
  premisesId?: string;
  crn?: string;
  bookingId?: string;
  referralId?: string;
  alertId?: string;
  daysLeft?: number;
  detail?: string;
}

export interface NotificationRecord extends Notification {
  notificationId: string;
  createdAt: string;
  published: boolean;
}

let sns: SNSClient | undefined;
const snsClient = () => (sns ??= new SNSClient({}));

/** For tests that swap in aws-sdk-client-mock. */
export function resetSnsClient(): void {
  sns = undefined;
}

/**
 * The outbox item, written in the same transaction as the change that causes it, so a
 * notification is never lost and never sent for a change that did not commit. Sparse
 * GSI2 `OUTBOX#unpublished` lets a retry find what is still to be sent without a Scan.
 */
export function notificationPut(n: Notification): { item: TransactItem; record: NotificationRecord } {
  const record: NotificationRecord = { ...n, notificationId: ulid(), createdAt: nowIso(), published: false };
  return {
    record,
    item: {
      Put: {
        TableName: tableName(),
        Item: {
          PK: `NOTIFICATION#${record.notificationId}`,
          SK: "#NOTIFICATION",
          type: "notification",
          ...record,
          GSI1PK: `NOTIFICATIONS#${n.premisesId ?? "national"}`,
          GSI1SK: `${record.createdAt}#${record.notificationId}`,
          GSI2PK: "OUTBOX#unpublished",
          GSI2SK: `${record.createdAt}#${record.notificationId}`,
        },
      },
    },
  };
}

/**
 * Publishes committed notifications to SNS (when TOPIC_ARN is set; locally the outbox item
 * is the delivery) and marks them published. A failed publish leaves the item in the
 * unpublished index for the next attempt; it never fails the user's request.
 */
export async function publishNotifications(records: NotificationRecord[]): Promise<number> {
  let published = 0;
  for (const r of records) {
    const key = { PK: `NOTIFICATION#${r.notificationId}`, SK: "#NOTIFICATION" };
    // Two publishers may hold the same record (a request's own publish and the nightly
    // outbox retry, or two overlapping runs); the claim lets exactly one of them send it.
    if (!(await claim(key))) continue;
    try {
      const topicArn = process.env.TOPIC_ARN;
      if (topicArn) {
        const { notificationId, createdAt, published: _p, ...payload } = r;
        await snsClient().send(
          new PublishCommand({
            TopicArn: topicArn,
            Message: JSON.stringify({ notificationId, createdAt, ...payload }),
            MessageAttributes: {
              kind: { DataType: "String", StringValue: r.kind },
              ...(r.premisesId ? { premisesId: { DataType: "String", StringValue: r.premisesId } } : {}),
            },
          }),
        );
      }
      await ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: "SET published = :t, publishedAt = :at REMOVE GSI2PK, GSI2SK, claimedUntil",
          ExpressionAttributeValues: { ":t": true, ":at": nowIso() },
        }),
      );
      published++;
    } catch (error) {
      logger.warn("notification not published; left in the outbox for retry", {
        notificationId: r.notificationId,
        error: error as Error,
      });
      await release(key).catch(() => undefined);
    }
  }
  return published;
}

/** How long a publisher holds a notification before another may take it over. */
const CLAIM_MS = 5 * 60_000;

async function claim(key: { PK: string; SK: string }): Promise<boolean> {
  const now = Date.now();
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: "SET claimedUntil = :until",
        ConditionExpression:
          "attribute_exists(PK) AND published = :f AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)",
        ExpressionAttributeValues: { ":until": now + CLAIM_MS, ":now": now, ":f": false },
      }),
    );
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === "ConditionalCheckFailedException") return false;
    throw err;
  }
}

async function release(key: { PK: string; SK: string }): Promise<void> {
  await ddb().send(
    new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: "REMOVE claimedUntil" }),
  );
}

const RECORD_FIELDS = [
  "notificationId",
  "createdAt",
  "published",
  "kind",
  "premisesId",
  "crn",
  "bookingId",
  "referralId",
  "alertId",
  "daysLeft",
  "detail",
] as const;

/**
 * Notifications still in the outbox (a publish failed or the publisher died before
 * sending), oldest first, read from the sparse unpublished index: the cost is what is
 * outstanding, never the history of everything sent.
 */
export async function unpublishedNotifications(limit = 1000): Promise<NotificationRecord[]> {
  const out: NotificationRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :pk",
        ExpressionAttributeValues: { ":pk": "OUTBOX#unpublished" },
        ExclusiveStartKey: start,
        Limit: Math.min(limit - out.length, 500),
      }),
    );
    for (const item of page.Items ?? []) {
      const r: Record<string, unknown> = {};
      for (const f of RECORD_FIELDS) if (item[f] !== undefined) r[f] = item[f];
      out.push(r as unknown as NotificationRecord);
    }
    start = page.LastEvaluatedKey;
  } while (start && out.length < limit);
  return out;
}

/** Sends what earlier attempts left in the outbox; returns how many went out now. */
export async function retryUnpublished(limit = 1000): Promise<{ pending: number; published: number }> {
  const pending = await unpublishedNotifications(limit);
  return { pending: pending.length, published: await publishNotifications(pending) };
}
