import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { nowIso } from "../domain/clock.js";
import { emailFor, NOTIFICATION_TYPE } from "../domain/notification-routing.js";
import { ddb, tableName } from "./client.js";
import { decodeCursor, encodeCursor } from "./pagination.js";
import type { TransactItem } from "./transact.js";

/**
 * What a notification may carry: ids, dates, counts and the CRN. Never names or addresses:
 * it becomes an email and an SNS event, outside the data boundary.
 */
export interface Notification {
  kind: string;
  premisesId?: string;
  /** The CRU area, when the producer knows it (otherwise the referral's area is looked up). */
  area?: string;
  crn?: string;
  bookingId?: string;
  referralId?: string;
  alertId?: string;
  requestId?: string;
  arrivalDate?: string;
  departureDate?: string;
  daysLeft?: number;
  detail?: string;
}

/** One delivery channel's state: `pending` until sent, or given up on, exactly once. */
export type EmailStatus = "pending" | "sent" | "delivered-locally" | "failed" | "no-mailbox" | "not-emailed";
export type EventStatus = "pending" | "published" | "delivered-locally" | "failed";
export type Channel = "email" | "event";

export interface NotificationRecord extends Notification {
  notificationId: string;
  createdAt: string;
  /** The SNS event went out (or, locally, was recorded). Kept for subscribers of the old shape. */
  published: boolean;
  emailStatus?: EmailStatus;
  emailAttempts?: number;
  emailTemplateId?: string;
  emailTo?: string;
  emailPersonalisation?: Record<string, string>;
  emailReference?: string;
  emailAt?: string;
  emailError?: string;
  eventStatus?: EventStatus;
  eventAttempts?: number;
  eventType?: string;
  eventMessageId?: string;
  eventAt?: string;
  eventError?: string;
}

const key = (notificationId: string) => ({ PK: `NOTIFICATION#${notificationId}`, SK: "#NOTIFICATION" });

const OUTBOX = "OUTBOX#unpublished";
const FEED = "NOTIFICATIONS";
const byPremises = (premisesId: string | undefined) => `NOTIFICATIONS#${premisesId ?? "national"}`;
const byKind = (kind: string) => `NOTIFICATIONS#KIND#${kind}`;

/**
 * The outbox item, written in the same transaction as the change that causes it, so a
 * notification is never lost and never sent for a change that did not commit. Its insert
 * reaches the publisher through the table's stream. Sparse GSI2 `OUTBOX#unpublished` holds
 * it until both channels are done, so a catch-up finds what is left without a Scan; GSI1
 * (premises), GSI3 (kind) and GSI4 (all) list it for admins, newest first.
 */
export function notificationPut(n: Notification): { item: TransactItem; record: NotificationRecord } {
  const record: NotificationRecord = {
    ...n,
    notificationId: ulid(),
    createdAt: nowIso(),
    published: false,
    eventStatus: "pending",
    eventAttempts: 0,
    emailStatus: emailFor({ ...n, notificationId: "", createdAt: "" }) ? "pending" : "not-emailed",
    emailAttempts: 0,
  };
  const sk = `${record.createdAt}#${record.notificationId}`;
  return {
    record,
    item: {
      Put: {
        TableName: tableName(),
        Item: {
          ...key(record.notificationId),
          type: NOTIFICATION_TYPE,
          ...record,
          GSI1PK: byPremises(n.premisesId),
          GSI1SK: sk,
          GSI2PK: OUTBOX,
          GSI2SK: sk,
          GSI3PK: byKind(n.kind),
          GSI3SK: sk,
          GSI4PK: FEED,
          GSI4SK: sk,
        },
      },
    },
  };
}

const RECORD_FIELDS = [
  "notificationId",
  "createdAt",
  "published",
  "kind",
  "premisesId",
  "area",
  "crn",
  "bookingId",
  "referralId",
  "alertId",
  "requestId",
  "arrivalDate",
  "departureDate",
  "daysLeft",
  "detail",
  "emailStatus",
  "emailAttempts",
  "emailTemplateId",
  "emailTo",
  "emailPersonalisation",
  "emailReference",
  "emailAt",
  "emailError",
  "eventStatus",
  "eventAttempts",
  "eventType",
  "eventMessageId",
  "eventAt",
  "eventError",
] as const;

/** A stored (or streamed) item as a record: keys, claims and index attributes left out. */
export function toNotificationRecord(item: Record<string, unknown>): NotificationRecord {
  const r: Record<string, unknown> = {};
  for (const f of RECORD_FIELDS) if (item[f] !== undefined) r[f] = item[f];
  // Items written before channels existed: their event is pending until published.
  r.eventStatus ??= r.published ? "published" : "pending";
  r.emailStatus ??= "not-emailed";
  return r as unknown as NotificationRecord;
}

/** How long a sender holds a channel before another may take it over (it died mid-send). */
export const CLAIM_MS = 2 * 60_000;
const claimAttr = (c: Channel) => (c === "email" ? "emailClaimedUntil" : "eventClaimedUntil");
const statusAttr = (c: Channel) => (c === "email" ? "emailStatus" : "eventStatus");
const attemptsAttr = (c: Channel) => (c === "email" ? "emailAttempts" : "eventAttempts");
const otherOf = (c: Channel): Channel => (c === "email" ? "event" : "email");

/**
 * Takes one channel of one notification for sending: a conditional update that exactly one
 * of several senders wins (the stream publisher retried, two pollers, the nightly catch-up).
 * Undefined when the channel is done, or another sender holds it.
 */
export async function claimChannel(
  notificationId: string,
  channel: Channel,
): Promise<NotificationRecord | undefined> {
  const now = Date.now();
  try {
    const out = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(notificationId),
        UpdateExpression: "SET #claim = :until",
        // Items written before channels existed have no status: pending unless published.
        ConditionExpression:
          "attribute_exists(PK) AND (#status = :pending OR (attribute_not_exists(#status) AND published = :f)) AND (attribute_not_exists(#claim) OR #claim < :now)",
        ExpressionAttributeNames: { "#claim": claimAttr(channel), "#status": statusAttr(channel) },
        ExpressionAttributeValues: {
          ":until": now + CLAIM_MS,
          ":now": now,
          ":pending": "pending",
          ":f": false,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return out.Attributes ? toNotificationRecord(out.Attributes) : undefined;
  } catch (err) {
    if ((err as { name?: string }).name === "ConditionalCheckFailedException") return undefined;
    throw err;
  }
}

const terminal = (status: string | undefined) => status !== undefined && status !== "pending";

/**
 * Records a claimed channel's outcome and lets go of the claim. When the other channel was
 * already done (as the claim read it), the item leaves the outbox index in the same write.
 */
export async function settleChannel(
  claimed: NotificationRecord,
  channel: Channel,
  outcome: { status: EmailStatus | EventStatus; attempt: boolean; fields?: Record<string, unknown> },
): Promise<void> {
  const fields: Record<string, unknown> = { ...(outcome.fields ?? {}) };
  if (channel === "event" && (outcome.status === "published" || outcome.status === "delivered-locally")) {
    fields.published = true;
    fields.publishedAt = nowIso();
  }
  const names: Record<string, string> = {
    "#claim": claimAttr(channel),
    "#status": statusAttr(channel),
    "#attempts": attemptsAttr(channel),
  };
  const values: Record<string, unknown> = {
    ":status": outcome.status,
    ":one": outcome.attempt ? 1 : 0,
    ":zero": 0,
  };
  const sets = ["#status = :status", "#attempts = if_not_exists(#attempts, :zero) + :one"];
  Object.entries(fields).forEach(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:f${i}`] = v;
    sets.push(`#f${i} = :f${i}`);
  });
  const otherDone = terminal(claimed[statusAttr(otherOf(channel))]);
  const removes = ["#claim", ...(terminal(outcome.status) && otherDone ? ["GSI2PK", "GSI2SK"] : [])];
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(claimed.notificationId),
      UpdateExpression: `SET ${sets.join(", ")} REMOVE ${removes.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * Takes an item out of the outbox index once neither channel is pending: for the case where
 * two senders each finished one channel and each saw the other still pending.
 */
export async function leaveOutboxIfDone(notificationId: string): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(notificationId),
        UpdateExpression: "REMOVE GSI2PK, GSI2SK",
        ConditionExpression:
          "attribute_exists(GSI2PK) AND emailStatus <> :pending AND eventStatus <> :pending AND attribute_exists(emailStatus) AND attribute_exists(eventStatus)",
        ExpressionAttributeValues: { ":pending": "pending" },
      }),
    );
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === "ConditionalCheckFailedException") return false;
    throw err;
  }
}

/**
 * Notifications still in the outbox (a send failed, or a sender died mid-send), oldest
 * first, read from the sparse outbox index: the cost is what is outstanding, never the
 * history of everything sent.
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
        ExpressionAttributeValues: { ":pk": OUTBOX },
        ExclusiveStartKey: start,
        Limit: Math.min(limit - out.length, 500),
      }),
    );
    for (const item of page.Items ?? []) out.push(toNotificationRecord(item));
    start = page.LastEvaluatedKey;
  } while (start && out.length < limit);
  return out;
}

const CURSOR_KEYS = ["PK", "SK", "GSI1PK", "GSI1SK", "GSI3PK", "GSI3SK", "GSI4PK", "GSI4SK"] as const;

/**
 * Notifications newest first, by premises (GSI1), kind (GSI3), both (GSI1 with the kind
 * as a filter, the page filled from further reads) or neither (GSI4). Key-conditioned
 * queries only: never a Scan.
 */
export async function listNotifications(q: {
  premisesId?: string;
  kind?: string;
  cursor?: string;
  limit?: number;
}): Promise<{ items: NotificationRecord[]; nextCursor?: string }> {
  const [index, pkName, pk] = q.premisesId
    ? (["GSI1", "GSI1PK", byPremises(q.premisesId)] as const)
    : q.kind
      ? (["GSI3", "GSI3PK", byKind(q.kind)] as const)
      : (["GSI4", "GSI4PK", FEED] as const);
  const skName = pkName.replace("PK", "SK");
  const limit = q.limit ?? 50;
  const filterKind = q.premisesId !== undefined && q.kind !== undefined;
  let start: Record<string, unknown> | undefined = decodeCursor(q.cursor, { [pkName]: pk }, [
    "PK",
    "SK",
    pkName,
    skName,
  ]);
  const items: NotificationRecord[] = [];
  // With a kind filter a page may need several reads; each is bounded by the page size.
  for (let reads = 0; reads < 10; reads++) {
    const page = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: index,
        KeyConditionExpression: `${pkName} = :pk`,
        ...(filterKind
          ? { FilterExpression: "kind = :kind", ExpressionAttributeValues: { ":pk": pk, ":kind": q.kind } }
          : { ExpressionAttributeValues: { ":pk": pk } }),
        ScanIndexForward: false,
        ExclusiveStartKey: start,
        Limit: limit - items.length,
      }),
    );
    for (const item of page.Items ?? []) items.push(toNotificationRecord(item));
    start = page.LastEvaluatedKey;
    if (!start || items.length >= limit) break;
  }
  const next = start
    ? Object.fromEntries(
        Object.entries(start).filter(([k]) => (CURSOR_KEYS as readonly string[]).includes(k)),
      )
    : undefined;
  return { items, nextCursor: encodeCursor(next) };
}
