import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { nowIso } from "../domain/clock.js";
import { logger } from "../http/logger.js";
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
          Key: { PK: `NOTIFICATION#${r.notificationId}`, SK: "#NOTIFICATION" },
          UpdateExpression: "SET published = :t, publishedAt = :at REMOVE GSI2PK, GSI2SK",
          ExpressionAttributeValues: { ":t": true, ":at": nowIso() },
        }),
      );
      published++;
    } catch (error) {
      logger.warn("notification not published; left in the outbox for retry", {
        notificationId: r.notificationId,
        error: error as Error,
      });
    }
  }
  return published;
}
