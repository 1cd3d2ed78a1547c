import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { AlertKind, AlertStatus, DueAlert } from "../domain/alert-rules.js";
import { nowIso } from "../domain/clock.js";
import { addDays } from "../domain/dates.js";
import { conflict, notFound, preconditionFailed } from "../domain/errors.js";
import { MAX_STAY_NIGHTS } from "../domain/stay-rules.js";
import type { Alert, ListAlertsQuery } from "../schemas/alerts.js";
import type { Booking } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import { auditPut } from "./audit.js";
import { ddb, tableName } from "./client.js";
import { HIGH, keys } from "./keys.js";
import type { NotificationRecord } from "./notifications.js";
import { notificationPut } from "./notifications.js";
import { decodeCursor, encodeCursor } from "./pagination.js";
import { queryAll } from "./query.js";
import { failedCondition, type TransactItem, transact, withOptimisticRetry } from "./transact.js";

type Item = Record<string, unknown>;

/**
 * The alert item with every index key derived from it, so a status change is one Put that
 * moves it between partitions: GSI1 per premises by status (the occupancy view counts
 * `open#`), GSI2 nationally by status, GSI3 nationally by kind and status, GSI4 per premises
 * by kind — every filter of GET /alerts is a key condition, never a filtered read.
 */
export function alertItem(a: Alert) {
  const tail = `${a.raisedAt}#${a.alertId}`;
  return {
    ...keys.alert(a.alertId),
    type: "alert",
    ...a,
    GSI2PK: `ALERTS#STATUS#${a.status}`,
    GSI2SK: tail,
    GSI3PK: `ALERTS#KIND#${a.kind}#${a.status}`,
    GSI3SK: tail,
    ...(a.premisesId
      ? {
          GSI1PK: `ALERTS#PREMISES#${a.premisesId}`,
          GSI1SK: `${a.status}#${tail}`,
          GSI4PK: `ALERTS#PREMISES#${a.premisesId}#KIND#${a.kind}`,
          GSI4SK: `${a.status}#${tail}`,
        }
      : {}),
  };
}

const ALERT_FIELDS = [
  "alertId",
  "kind",
  "status",
  "threshold",
  "daysLeft",
  "dueDate",
  "dueAt",
  "detail",
  "night",
  "premisesId",
  "area",
  "bookingId",
  "referralId",
  "crn",
  "raisedAt",
  "acknowledgedAt",
  "acknowledgedBy",
  "acknowledgedNote",
  "resolvedAt",
  "resolvedReason",
  "items",
  "version",
] as const;

export function toAlert(item: Item): Alert {
  const out: Item = {};
  for (const f of ALERT_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as Alert;
}

export async function getAlert(alertId: string, consistent = false): Promise<Alert | undefined> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.alert(alertId), ConsistentRead: consistent }),
  );
  return out.Item ? toAlert(out.Item) : undefined;
}

/* ---------- nightly reads: each a key range bounded by what is due, never by history ---------- */

/** Booked and arrived stays departing by `night + lookahead`, overdue ones included (sparse GSI2). */
export async function queryDueStays(night: string, lookaheadDays: number): Promise<Booking[]> {
  const items = await queryAll({
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND GSI2SK <= :to",
    ExpressionAttributeValues: { ":pk": "ACTIVE-STAYS", ":to": `${addDays(night, lookaheadDays)}${HIGH}` },
  });
  return items as unknown as Booking[];
}

/**
 * Booked stays whose arrival day is before `night` but whose departure lies beyond the due
 * window (those within it come with queryDueStays). A booked stay is at most MAX_STAY_NIGHTS
 * long (the stay rule every allocation, date change and extension checks), so this is a key
 * range on the sparse `ACTIVE-STAYS` partition (current and future stays only, never history)
 * from `night + lookahead` to `night + MAX_STAY_NIGHTS`; the filter
 * trims what is returned, not what is read. (The bookings' GSI3 and GSI4 hold the
 * pre-arrival and placement-review indexes.)
 */
export async function queryOverdueArrivals(night: string, lookaheadDays: number): Promise<Booking[]> {
  const items = await queryAll({
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to",
    FilterExpression: "#status = :booked AND arrivalDate < :night",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: {
      ":pk": "ACTIVE-STAYS",
      ":from": `${addDays(night, lookaheadDays)}${HIGH}`,
      ":to": `${addDays(night, MAX_STAY_NIGHTS)}${HIGH}`,
      ":booked": "booked",
      ":night": night,
    },
  });
  return items as unknown as Booking[];
}

/** Submitted referrals expected to arrive from `night - lookback` to `night + lookahead`. */
export async function queryDueReferrals(
  night: string,
  lookaheadDays: number,
  lookbackDays = 0,
): Promise<Referral[]> {
  const items = await queryAll({
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": "REFERRALS#STATUS#submitted",
      ":from": addDays(night, -lookbackDays),
      ":to": `${addDays(night, lookaheadDays)}${HIGH}`,
    },
  });
  return items as unknown as Referral[];
}

/**
 * Unplaced submitted referrals whose placement deadline passed in the `lookbackDays` before
 * `asOf` (sparse GSI3 `PLACEMENT-DEADLINES`). Older ones were raised when they passed and
 * stand as alerts; the window keeps the read bounded however long the queue's tail is.
 */
export async function queryPassedDeadlines(asOf: Date, lookbackDays: number): Promise<Referral[]> {
  const items = await queryAll({
    IndexName: "GSI3",
    KeyConditionExpression: "GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": "PLACEMENT-DEADLINES",
      ":from": new Date(asOf.getTime() - lookbackDays * 86_400_000).toISOString(),
      ":to": asOf.toISOString(),
    },
  });
  return items as unknown as Referral[];
}

/**
 * Alerts not yet resolved; bounded by current problems because resolution empties it.
 * With `kinds`, only those kinds (GSI3 by kind and status), for the hourly deadlines run.
 */
export async function queryStandingAlerts(kinds?: readonly AlertKind[]): Promise<Alert[]> {
  const partitions = kinds
    ? kinds.flatMap((k) => [`ALERTS#KIND#${k}#open`, `ALERTS#KIND#${k}#acknowledged`])
    : ["ALERTS#STATUS#open", "ALERTS#STATUS#acknowledged"];
  const index = kinds ? "GSI3" : "GSI2";
  const out: Alert[] = [];
  for (const pk of partitions) {
    const items = await queryAll({
      IndexName: index,
      KeyConditionExpression: `${index}PK = :pk`,
      ExpressionAttributeValues: { ":pk": pk },
    });
    out.push(...items.map(toAlert));
  }
  return out;
}

export async function getBookingItem(bookingId: string): Promise<Booking | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.booking(bookingId) }));
  return out.Item as Booking | undefined;
}

export async function getReferralItem(referralId: string): Promise<Referral | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.referral(referralId) }));
  return out.Item as Referral | undefined;
}

/** Open alerts of one premises, for the move-on board. */
export async function queryOpenAlertsOfPremises(premisesId: string): Promise<Alert[]> {
  const items = await queryAll({
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND begins_with(GSI1SK, :open)",
    ExpressionAttributeValues: { ":pk": `ALERTS#PREMISES#${premisesId}`, ":open": "open#" },
  });
  return items.map(toAlert);
}

/* ---------- writes ---------- */

const SYSTEM_ACTOR = "nightly-job";

/**
 * Concurrent runs may collide on one item: `withOptimisticRetry` retries DynamoDB's
 * transaction conflicts; a failed condition is final and reaches the caller as it is.
 */
const transactWithRetry = (items: TransactItem[]) => withOptimisticRetry(() => transact(items), 5);

/**
 * Raises one alert with its notification and audit in one transaction. False when the
 * alert already exists (this night re-run, a concurrent run, or acknowledged earlier).
 */
export async function raiseAlert(
  due: DueAlert,
  night: string,
): Promise<{ alert: Alert; notification: NotificationRecord } | undefined> {
  const at = nowIso();
  const alert: Alert = {
    alertId: due.alertId,
    kind: due.kind,
    status: "open",
    threshold: due.threshold,
    daysLeft: due.daysLeft,
    dueDate: due.dueDate,
    ...(due.dueAt ? { dueAt: due.dueAt } : {}),
    ...(due.detail ? { detail: due.detail } : {}),
    night,
    premisesId: due.premisesId,
    ...(due.area ? { area: due.area as Alert["area"] } : {}),
    bookingId: due.bookingId,
    referralId: due.referralId,
    crn: due.crn,
    ...(due.items ? { items: due.items } : {}),
    raisedAt: at,
    version: 1,
  };
  const { item: outbox, record } = notificationPut({
    kind: due.kind,
    alertId: due.alertId,
    premisesId: due.premisesId,
    crn: due.crn,
    bookingId: due.bookingId,
    referralId: due.referralId,
    daysLeft: due.daysLeft,
    detail: `threshold ${due.threshold}; due ${due.dueAt ?? due.dueDate}${due.detail ? `; ${due.detail}` : ""}${due.items ? `; items ${due.items.join(", ")}` : ""}`,
  });
  try {
    await transactWithRetry([
      {
        Put: {
          TableName: tableName(),
          Item: alertItem(alert),
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      auditPut(keys.alert(alert.alertId).PK, {
        at,
        actor: SYSTEM_ACTOR,
        action: "alert.raised",
        entityType: "alert",
        entityId: alert.alertId,
        after: alert,
      }),
      outbox,
    ]);
  } catch (err) {
    if (failedCondition(err, 0)) return undefined;
    throw err;
  }
  return { alert, notification: record };
}

async function replaceAlert(before: Alert, after: Alert, actor: string, action: string): Promise<void> {
  await transactWithRetry([
    {
      Put: {
        TableName: tableName(),
        Item: alertItem(after),
        ConditionExpression: "version = :v",
        ExpressionAttributeValues: { ":v": before.version },
      },
    },
    auditPut(keys.alert(before.alertId).PK, {
      at: after.acknowledgedAt && action === "alert.acknowledged" ? after.acknowledgedAt : after.resolvedAt,
      actor,
      action,
      entityType: "alert",
      entityId: before.alertId,
      before,
      after,
    }),
  ]);
}

/**
 * Resolves a standing alert as it was read tonight; if it changed since (acknowledged, or a
 * concurrent run resolved it) the version condition fails and tomorrow decides again.
 */
export async function resolveAlert(standing: Alert, reason: string): Promise<Alert | undefined> {
  const after: Alert = {
    ...standing,
    status: "resolved",
    resolvedAt: nowIso(),
    resolvedReason: reason,
    version: standing.version + 1,
  };
  try {
    await replaceAlert(standing, after, SYSTEM_ACTOR, "alert.resolved");
  } catch (err) {
    if (failedCondition(err, 0)) return undefined;
    throw err;
  }
  return after;
}

export async function acknowledgeAlert(
  alertId: string,
  actor: string,
  note: string | undefined,
  ifMatch: number | undefined,
  authorise: (alert: Alert) => void,
): Promise<Alert> {
  const current = await getAlert(alertId, true);
  if (!current) throw notFound("Alert", alertId);
  authorise(current);
  if (ifMatch !== undefined && ifMatch !== current.version) {
    throw preconditionFailed(`Alert ${alertId} is at version ${current.version}, not ${ifMatch}`);
  }
  if (current.status !== "open") {
    throw conflict(`Alert ${alertId} is ${current.status}; only an open alert can be acknowledged`, [
      { kind: `alert-${current.status}`, detail: current.resolvedReason ?? current.acknowledgedBy },
    ]);
  }
  const after: Alert = {
    ...current,
    status: "acknowledged",
    acknowledgedAt: nowIso(),
    acknowledgedBy: actor,
    ...(note ? { acknowledgedNote: note } : {}),
    version: current.version + 1,
  };
  try {
    await replaceAlert(current, after, actor, "alert.acknowledged");
  } catch (err) {
    if (failedCondition(err, 0)) {
      throw ifMatch !== undefined
        ? preconditionFailed(`Alert ${alertId} changed meanwhile`)
        : conflict(`Alert ${alertId} changed meanwhile; reload it`, [{ kind: "alert-changed" }]);
    }
    throw err;
  }
  return after;
}

/* ---------- the list: one key condition per combination of filters ---------- */

export async function listAlerts(
  q: Pick<ListAlertsQuery, "status" | "kind" | "cursor" | "limit"> & { premisesId?: string },
): Promise<{ items: Alert[]; nextCursor?: string }> {
  const status: AlertStatus = q.status;
  let index: "GSI1" | "GSI2" | "GSI3" | "GSI4";
  let pk: string;
  let prefix: string | undefined;
  if (q.premisesId && q.kind) {
    index = "GSI4";
    pk = `ALERTS#PREMISES#${q.premisesId}#KIND#${q.kind}`;
    prefix = `${status}#`;
  } else if (q.premisesId) {
    index = "GSI1";
    pk = `ALERTS#PREMISES#${q.premisesId}`;
    prefix = `${status}#`;
  } else if (q.kind) {
    index = "GSI3";
    pk = `ALERTS#KIND#${q.kind}#${status}`;
  } else {
    index = "GSI2";
    pk = `ALERTS#STATUS#${status}`;
  }
  const pkName = `${index}PK`;
  const skName = `${index}SK`;
  const start = decodeCursor(q.cursor, { [pkName]: pk }, ["PK", "SK", pkName, skName]);
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: prefix
        ? `${pkName} = :pk AND begins_with(${skName}, :prefix)`
        : `${pkName} = :pk`,
      ExpressionAttributeValues: { ":pk": pk, ...(prefix ? { ":prefix": prefix } : {}) },
      // Newest first: the night's fresh alerts lead the list.
      ScanIndexForward: false,
      ExclusiveStartKey: start,
      Limit: q.limit ?? 50,
    }),
  );
  return { items: (out.Items ?? []).map(toAlert), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}
