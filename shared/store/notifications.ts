import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { nowIso } from "../domain/clock.js";
import { CLAIM_MS } from "../domain/delivery-limits.js";
import { NOTIFICATION_CONTENT_FIELDS, NOTIFICATION_RECORD_FIELDS } from "../domain/notification-fields.js";
import { emailFor, NOTIFICATION_TYPE } from "../domain/notification-routing.js";
import type { EmailStatus, EventStatus, Notification, NotificationRecord } from "../schemas/notifications.js";
import { ddb, tableName } from "./client.js";
import { decodeCursor, encodeCursor } from "./pagination.js";
import type { TransactItem } from "./transact.js";

export type { EmailStatus, EventStatus, Notification, NotificationRecord };
export type Channel = "email" | "event";

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
  // Only the listed content fields are written: nothing else a producer holds can leak out.
  const content: Record<string, unknown> = {};
  for (const f of NOTIFICATION_CONTENT_FIELDS) if (n[f] !== undefined) content[f] = n[f];
  const record: NotificationRecord = {
    ...(content as Notification),
    notificationId: ulid(),
    createdAt: nowIso(),
    published: false,
    eventStatus: "pending",
    eventAttempts: 0,
    // Known at commit: a kind with no email is settled now, and no sender ever claims it.
    emailStatus: emailFor(n) ? "pending" : "not-emailed",
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

/** A stored (or streamed) item as a record: keys, claims and index attributes left out. */
export function toNotificationRecord(item: Record<string, unknown>): NotificationRecord {
  const r: Record<string, unknown> = {};
  for (const f of NOTIFICATION_RECORD_FIELDS) if (item[f] !== undefined) r[f] = item[f];
  // Items written before channels existed: their event is pending until published.
  r.eventStatus ??= r.published ? "published" : "pending";
  r.emailStatus ??= "not-emailed";
  return r as unknown as NotificationRecord;
}

const claimAttr = (c: Channel) => (c === "email" ? "emailClaimedUntil" : "eventClaimedUntil");
const tokenAttr = (c: Channel) => (c === "email" ? "emailClaimToken" : "eventClaimToken");
const statusAttr = (c: Channel) => (c === "email" ? "emailStatus" : "eventStatus");
const attemptsAttr = (c: Channel) => (c === "email" ? "emailAttempts" : "eventAttempts");
const otherOf = (c: Channel): Channel => (c === "email" ? "event" : "email");

/** A channel held by one sender: the token fences its writes, `until` bounds when it may send. */
export interface Claim {
  channel: Channel;
  record: NotificationRecord;
  token: string;
  /** Epoch ms at which another sender may take the channel over. */
  until: number;
  /**
   * An earlier claim ended with no outcome recorded: its holder died mid-send, or its send
   * timed out with no answer. That email may have gone, so it is looked up before resending.
   */
  unsettled: boolean;
}

/** Why a channel was not claimed: its outcome (done already) or another sender holding it. */
export interface NotClaimed {
  channel: Channel;
  /** The channel's stored status; `pending` means another sender holds it right now. */
  status?: EmailStatus | EventStatus;
  /** Whether the item is still in the outbox index (as the failed condition read it). */
  inOutbox?: boolean;
}

const isConditionFailure = (err: unknown) =>
  (err as { name?: string }).name === "ConditionalCheckFailedException";

/** The item DynamoDB returns with a failed condition (ReturnValuesOnConditionCheckFailure), unmarshalled. */
function failedItem(err: unknown): Record<string, unknown> | undefined {
  const item = (err as { Item?: Record<string, unknown> }).Item;
  if (!item) return undefined;
  return Object.fromEntries(
    Object.entries(item).map(([k, v]) => {
      const a = v as { S?: string; N?: string; BOOL?: boolean };
      return [k, a.S ?? (a.N !== undefined ? Number(a.N) : (a.BOOL ?? v))];
    }),
  );
}

const statusIn = (item: Record<string, unknown> | undefined, channel: Channel) =>
  item?.[statusAttr(channel)] as EmailStatus | EventStatus | undefined;

/**
 * Takes one channel of one notification for sending: a conditional update that exactly one
 * of several senders wins (the stream publisher retried, two pollers, the nightly catch-up).
 * The winner's token fences every later write to the channel, and a claim is only taken
 * over once it has expired, which a send in flight never outlives (SEND_DEADLINE_MS).
 */
export async function claimChannel(notificationId: string, channel: Channel): Promise<Claim | NotClaimed> {
  // Leases run on the wall clock, not the business clock (AP_FIXED_NOW): they time senders.
  const at = Date.now();
  const token = ulid();
  const until = at + CLAIM_MS;
  try {
    const out = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(notificationId),
        UpdateExpression: "SET #claim = :until, #token = :token",
        // Items written before channels existed have no status: pending unless published.
        ConditionExpression:
          "attribute_exists(PK) AND (#status = :pending OR (attribute_not_exists(#status) AND published = :f)) AND (attribute_not_exists(#claim) OR #claim < :now)",
        ExpressionAttributeNames: {
          "#claim": claimAttr(channel),
          "#token": tokenAttr(channel),
          "#status": statusAttr(channel),
        },
        ExpressionAttributeValues: {
          ":until": until,
          ":token": token,
          ":now": at,
          ":pending": "pending",
          ":f": false,
        },
        // The item as it was: whether an earlier claim was left unsettled, and the other channel's state.
        ReturnValues: "ALL_OLD",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    const old = out.Attributes ?? {};
    return {
      channel,
      record: toNotificationRecord(old),
      token,
      until,
      unsettled: old[tokenAttr(channel)] !== undefined,
    };
  } catch (err) {
    if (isConditionFailure(err)) {
      const item = failedItem(err);
      return {
        channel,
        status: statusIn(item, channel),
        ...(item ? { inOutbox: item.GSI2PK !== undefined } : {}),
      };
    }
    throw err;
  }
}

export const isClaim = (c: Claim | NotClaimed): c is Claim => "token" in c;

export const isTerminal = (status: string | undefined) => status !== undefined && status !== "pending";

/**
 * What became of a send:
 * - a status (`sent`, `failed`, …) or `pending` after a definite failure (nothing went; the
 *   claim is let go for a retry);
 * - `unknown`: no answer within the deadline. The channel stays pending and the claim stays
 *   in place until it expires; the next claim is `unsettled` and looks the email up first.
 */
export type Outcome = {
  status: EmailStatus | EventStatus | "unknown";
  attempt: boolean;
  fields?: Record<string, unknown>;
};

function outcomeUpdate(channel: Channel, outcome: Outcome, leaveOutbox: boolean) {
  const fields: Record<string, unknown> = { ...(outcome.fields ?? {}) };
  const unknown = outcome.status === "unknown";
  if (channel === "event" && (outcome.status === "published" || outcome.status === "delivered-locally")) {
    fields.published = true;
    fields.publishedAt = nowIso();
  }
  const names: Record<string, string> = {
    "#status": statusAttr(channel),
    "#attempts": attemptsAttr(channel),
  };
  const values: Record<string, unknown> = {
    ":status": unknown ? "pending" : outcome.status,
    ":one": outcome.attempt ? 1 : 0,
    ":zero": 0,
  };
  const sets = ["#status = :status", "#attempts = if_not_exists(#attempts, :zero) + :one"];
  Object.entries(fields).forEach(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:f${i}`] = v;
    sets.push(`#f${i} = :f${i}`);
  });
  const removes: string[] = [];
  if (!unknown) {
    names["#claim"] = claimAttr(channel);
    names["#token"] = tokenAttr(channel);
    removes.push("#claim", "#token");
  }
  if (leaveOutbox && isTerminal(outcome.status)) removes.push("GSI2PK", "GSI2SK");
  return {
    UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * Records a claimed channel's outcome, fenced by the claim's token: a sender whose claim was
 * taken over writes nothing (false). When the other channel was already done (as the claim
 * read it), the item leaves the outbox index in the same write.
 */
export async function settleChannel(claim: Claim, outcome: Outcome): Promise<boolean> {
  const otherDone = isTerminal(claim.record[statusAttr(otherOf(claim.channel))]);
  const update = outcomeUpdate(claim.channel, outcome, otherDone);
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(claim.record.notificationId),
        ...update,
        ConditionExpression: "#tok = :mine",
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, "#tok": tokenAttr(claim.channel) },
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ":mine": claim.token },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/**
 * Settles a pending channel that needs no send (no mailbox, no email for its kind) in one
 * conditional write, without the claim round trip. It fails (returning the stored status)
 * when the channel is no longer pending or another sender holds it right now.
 */
export async function settleUnclaimed(
  record: Pick<NotificationRecord, "notificationId"> &
    Partial<Pick<NotificationRecord, "emailStatus" | "eventStatus">>,
  channel: Channel,
  outcome: Outcome,
): Promise<{ settled: true } | { settled: false; status?: EmailStatus | EventStatus }> {
  const update = outcomeUpdate(channel, outcome, isTerminal(record[statusAttr(otherOf(channel))]));
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(record.notificationId),
        ...update,
        ConditionExpression:
          "attribute_exists(PK) AND #status = :pending AND (attribute_not_exists(#claim) OR #claim < :now)",
        ExpressionAttributeNames: {
          ...update.ExpressionAttributeNames,
          "#claim": claimAttr(channel),
          "#token": tokenAttr(channel),
        },
        ExpressionAttributeValues: {
          ...update.ExpressionAttributeValues,
          ":pending": "pending",
          ":now": Date.now(),
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return { settled: true };
  } catch (err) {
    if (isConditionFailure(err)) return { settled: false, status: statusIn(failedItem(err), channel) };
    throw err;
  }
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
export async function unpublishedNotifications(
  opts: { limit?: number; createdBefore?: string } = {},
): Promise<NotificationRecord[]> {
  const limit = opts.limit ?? 1000;
  const out: NotificationRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "GSI2",
        // The index key sorts by creation: a key range, so items younger than the cut-off cost nothing.
        ...(opts.createdBefore
          ? {
              KeyConditionExpression: "GSI2PK = :pk AND GSI2SK < :before",
              ExpressionAttributeValues: { ":pk": OUTBOX, ":before": opts.createdBefore },
            }
          : { KeyConditionExpression: "GSI2PK = :pk", ExpressionAttributeValues: { ":pk": OUTBOX } }),
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
