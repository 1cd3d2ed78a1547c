import { GetCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { badRequest } from "../domain/errors.js";
import type { StaySpan } from "../domain/referral-rules.js";
import type { Referral, Withdrawal } from "../schemas/referrals.js";
import { type AuditEvent, auditPut, toAuditEvent } from "./audit.js";
import { ddb, tableName } from "./client.js";
import { findIdempotencyRecord, idempotencyPut, replay, type StoredResponse } from "./idempotency-store.js";
import { referralItem, stripKeys } from "./items.js";
import { keys } from "./keys.js";
import { decodeCursor, encodeCursor } from "./pagination.js";
import { queryAll } from "./query.js";
import {
  failedCondition,
  RetryableConflict,
  rethrowRace,
  type TransactItem,
  transact,
  withOptimisticRetry,
} from "./transact.js";

type Item = Record<string, unknown>;

export const toReferral = (item: Item) => stripKeys(item) as unknown as Referral;

/** The stay a referral asks for, or the one it was given once placed. */
export const staySpanOf = (r: Referral): StaySpan => ({
  referralId: r.referralId,
  status: r.status,
  arrivalDate: r.placement?.arrivalDate ?? r.expectedArrivalDate,
  departureDate: r.placement?.departureDate ?? r.expectedDepartureDate,
});

/**
 * The person partition's copy of a referral, which the overlap rule reads. Every writer
 * that changes a referral's status or dates must put this in the same transaction.
 */
export function personReferralItem(r: Referral) {
  return {
    ...keys.personReferral(r.person.crn, r.referralId),
    type: "person-referral",
    crn: r.person.crn,
    ...staySpanOf(r),
    updatedAt: r.updatedAt,
  };
}

/**
 * The person's lock: every submission bumps `version` under a condition, so two racing
 * submissions for one CRN cannot both pass the overlap check they each made.
 */
export function personVersionCondition(crn: string, version: number | undefined, at: string): TransactItem {
  if (version === undefined) {
    return {
      Put: {
        TableName: tableName(),
        Item: { ...keys.person(crn), type: "person", crn, version: 1, createdAt: at, updatedAt: at },
        ConditionExpression: "attribute_not_exists(PK)",
      },
    };
  }
  return {
    Update: {
      TableName: tableName(),
      Key: keys.person(crn),
      UpdateExpression: "SET version = :next, updatedAt = :at",
      ConditionExpression: "version = :v",
      ExpressionAttributeValues: { ":v": version, ":next": version + 1, ":at": at },
    },
  };
}

/**
 * The person item and the copies of their referrals, strongly consistent. The partition
 * holds one small item per referral the person ever had: bounded by one person's history,
 * never by the service's.
 */
export async function loadPerson(crn: string): Promise<{ version?: number; stays: StaySpan[] }> {
  let version: number | undefined;
  const stays: StaySpan[] = [];
  const items = await queryAll({
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.person(crn).PK },
    ConsistentRead: true,
  });
  for (const item of items) {
    if (item.SK === "#PERSON") version = item.version as number;
    else if (item.type === "person-referral") stays.push(item as unknown as StaySpan);
  }
  return { version, stays };
}

const MAX_SUBMIT_ATTEMPTS = 12;

export interface SubmitOptions {
  actor: string;
  now: Date;
  idempotency?: { sub: string; key: string; hash: string };
  /** Throws (409) when the person's open stays rule the new one out. */
  refuseOverlap: (stays: StaySpan[]) => void;
}

/**
 * One transaction: person lock, referral, person copy, audit and (when keyed) the
 * idempotency record. A cancelled attempt starts again from the reads, where it finds
 * either the winner's idempotency record (replay or 422) or its referral (409).
 */
export async function submitReferral(
  referral: Referral,
  opts: SubmitOptions,
): Promise<StoredResponse & { replayed: boolean }> {
  const response: StoredResponse = { status: 201, body: referral };
  return withOptimisticRetry(async () => {
    const idem = opts.idempotency;
    if (idem) {
      const record = await findIdempotencyRecord(idem.sub, idem.key, opts.now);
      if (record) return { ...replay(record, idem.hash), replayed: true };
    }
    const person = await loadPerson(referral.person.crn);
    try {
      opts.refuseOverlap(person.stays);
    } catch (refusal) {
      // A twin request with this key may have committed between the two reads; the
      // "overlap" is then its own referral, and the client must get the first answer.
      const record = idem && (await findIdempotencyRecord(idem.sub, idem.key, opts.now));
      if (idem && record) return { ...replay(record, idem.hash), replayed: true };
      throw refusal;
    }
    const items: TransactItem[] = [
      personVersionCondition(referral.person.crn, person.version, referral.submittedAt),
      {
        Put: {
          TableName: tableName(),
          Item: referralItem(referral),
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      { Put: { TableName: tableName(), Item: personReferralItem(referral) } },
      auditPut(keys.referral(referral.referralId).PK, {
        at: referral.submittedAt,
        actor: opts.actor,
        action: "referral.submitted",
        entityType: "referral",
        entityId: referral.referralId,
        after: referral,
      }),
    ];
    if (idem) items.push(idempotencyPut(idem.sub, idem.key, idem.hash, response, opts.now));
    try {
      await transact(items);
      return { ...response, replayed: false };
    } catch (err) {
      rethrowRace(err);
    }
  }, MAX_SUBMIT_ATTEMPTS);
}

export async function getReferral(referralId: string): Promise<Referral | undefined> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.referral(referralId), ConsistentRead: true }),
  );
  return out.Item ? toReferral(out.Item) : undefined;
}

/**
 * The referral and its audit events in one Query on its own partition: `#REFERRAL` sorts
 * before `AUDIT#…`, and the partition holds only this referral's history.
 */
export async function getReferralWithHistory(
  referralId: string,
): Promise<{ referral: Referral; history: AuditEvent[] } | undefined> {
  let referral: Referral | undefined;
  const history: AuditEvent[] = [];
  const items = await queryAll({
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.referral(referralId).PK },
    ConsistentRead: true,
  });
  for (const item of items) {
    if (item.SK === "#REFERRAL") referral = toReferral(item);
    else if (typeof item.SK === "string" && item.SK.startsWith("AUDIT#")) history.push(toAuditEvent(item));
  }
  return referral ? { referral, history } : undefined;
}

/**
 * Withdraws a `submitted` referral: the referral (under its version), the person copy and
 * the audit event commit together. Allocated referrals go through booking-release, which
 * also frees the bed.
 */
export async function withdrawSubmitted(
  current: Referral,
  withdrawal: Withdrawal,
  actor: string,
  at: string,
): Promise<Referral> {
  const next: Referral = {
    ...current,
    status: "withdrawn",
    withdrawal: { reason: withdrawal.reason, notes: withdrawal.notes, at, by: actor },
    version: current.version + 1,
    updatedAt: at,
  };
  try {
    await transact([
      {
        Put: {
          TableName: tableName(),
          Item: referralItem(next),
          ConditionExpression: "version = :v AND #status = :submitted",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":v": current.version, ":submitted": "submitted" },
        },
      },
      { Put: { TableName: tableName(), Item: personReferralItem(next) } },
      auditPut(keys.referral(current.referralId).PK, {
        at,
        actor,
        action: "referral.withdrawn",
        entityType: "referral",
        entityId: current.referralId,
        before: { status: current.status, version: current.version },
        after: { status: next.status, version: next.version, withdrawal: next.withdrawal },
      }),
    ]);
  } catch (err) {
    // Someone changed it since it was read: the caller reads again and decides afresh.
    if (failedCondition(err, 0))
      throw new RetryableConflict(`referral ${current.referralId} changed meanwhile`);
    throw err;
  }
  return next;
}

export interface ArrivalListQuery {
  index: "GSI1" | "GSI2" | "GSI3";
  partition: string;
  /** Inclusive bounds on the index sort key. */
  low: string;
  high: string;
  filters: ListFilters;
  limit: number;
  cursor?: string;
}

export interface ListFilters {
  noticeType?: string;
  area?: string;
  status?: string;
  /** Placed at one of these premises (the newest-first feed of an ap-manager). */
  premisesIds?: readonly string[];
  arrivalFrom?: string;
  arrivalTo?: string;
}

/** Narrowing on top of a key condition; never the only thing bounding a read. */
function filterExpression(
  f: ListFilters,
): Pick<QueryCommandInput, "FilterExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues"> {
  const conds: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const eq = (attr: string, value: string | undefined) => {
    if (value === undefined) return;
    names[`#${attr}`] = attr;
    values[`:${attr}`] = value;
    conds.push(`#${attr} = :${attr}`);
  };
  eq("noticeType", f.noticeType);
  eq("area", f.area);
  eq("status", f.status);
  if (f.premisesIds !== undefined) {
    names["#placement"] = "placement";
    names["#premisesId"] = "premisesId";
    const placeholders = f.premisesIds.map((p, i) => {
      values[`:premises${i}`] = p;
      return `:premises${i}`;
    });
    conds.push(`#placement.#premisesId IN (${placeholders.join(", ")})`);
  }
  if (f.arrivalFrom !== undefined) {
    names["#arrival"] = "expectedArrivalDate";
    values[":arrivalFrom"] = f.arrivalFrom;
    conds.push("#arrival >= :arrivalFrom");
  }
  if (f.arrivalTo !== undefined) {
    names["#arrival"] = "expectedArrivalDate";
    values[":arrivalTo"] = f.arrivalTo;
    conds.push("#arrival <= :arrivalTo");
  }
  if (conds.length === 0) return {};
  return {
    FilterExpression: conds.join(" AND "),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

const invalidCursor = () =>
  badRequest("cursor does not belong to this list", [{ name: "cursor", reason: "is not valid" }]);

type Key = Record<string, string>;

async function queryArrivalPage(q: Omit<ArrivalListQuery, "cursor">, start: Key | undefined) {
  const pk = `${q.index}PK`;
  const sk = `${q.index}SK`;
  // A cursor from the same partition but another window would make DynamoDB reject the query.
  if (start && !(start[sk]! >= q.low && start[sk]! <= q.high)) throw invalidCursor();
  const filter = filterExpression(q.filters);
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: q.index,
      KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :low AND :high",
      ...filter,
      ExpressionAttributeNames: { ...filter.ExpressionAttributeNames, "#pk": pk, "#sk": sk },
      ExpressionAttributeValues: {
        ...filter.ExpressionAttributeValues,
        ":pk": q.partition,
        ":low": q.low,
        ":high": q.high,
      },
      ExclusiveStartKey: start,
      Limit: q.limit,
    }),
  );
  return { items: (out.Items ?? []) as Item[], last: out.LastEvaluatedKey as Key | undefined };
}

/** One key-conditioned Query on an index partition, sorted by expected (or placed) arrival. */
export async function listByArrival(
  q: ArrivalListQuery,
): Promise<{ items: Referral[]; nextCursor?: string }> {
  const pk = `${q.index}PK`;
  const start = decodeCursor(q.cursor, { [pk]: q.partition }, ["PK", "SK", pk, `${q.index}SK`]);
  const page = await queryArrivalPage(q, start);
  return { items: page.items.map(toReferral), nextCursor: encodeCursor(page.last) };
}

const placedKey = (item: Item): Key => ({
  PK: item.PK as string,
  SK: item.SK as string,
  GSI3PK: item.GSI3PK as string,
  GSI3SK: item.GSI3SK as string,
});

/**
 * A manager of several premises: one GSI3 Query per premises, merged in arrival order.
 * Only items up to the nearest unread frontier are emitted, so later pages never hold an
 * earlier arrival; the cursor keeps each premises' own position (null when finished).
 */
export async function listPlacedAcross(q: {
  premisesIds: readonly string[];
  low: string;
  high: string;
  filters: ListFilters;
  limit: number;
  cursor?: string;
}): Promise<{ items: Referral[]; nextCursor?: string }> {
  const partitionOf = (p: string) => `REFERRALS#PREMISES#${p}`;
  let positions: Record<string, Key | null> = {};
  if (q.cursor !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(q.cursor, "base64url").toString("utf8"));
    } catch {
      throw invalidCursor();
    }
    const ok =
      parsed !== null &&
      typeof parsed === "object" &&
      !Array.isArray(parsed) &&
      Object.entries(parsed as Record<string, unknown>).every(
        ([p, key]) => q.premisesIds.includes(p) && (key === null || typeof key === "object"),
      );
    if (!ok) throw invalidCursor();
    positions = {};
    for (const [p, key] of Object.entries(parsed as Record<string, unknown>)) {
      positions[p] =
        key === null
          ? null
          : (decodeCursor(encodeCursor(key as Record<string, unknown>), { GSI3PK: partitionOf(p) }, [
              "PK",
              "SK",
              "GSI3PK",
              "GSI3SK",
            ]) ?? null);
    }
  }
  const live = q.premisesIds.filter((p) => positions[p] !== null);
  const pages = await Promise.all(
    live.map(async (p) => ({
      premisesId: p,
      ...(await queryArrivalPage(
        {
          index: "GSI3",
          partition: partitionOf(p),
          low: q.low,
          high: q.high,
          filters: q.filters,
          limit: q.limit,
        },
        positions[p] ?? undefined,
      )),
    })),
  );
  const frontiers = pages.flatMap((pg) => (pg.last ? [pg.last.GSI3SK!] : []));
  const cut = frontiers.sort()[0];
  const candidates = pages
    .flatMap((pg) => pg.items.map((item) => ({ premisesId: pg.premisesId, item })))
    .filter(({ item }) => cut === undefined || (item.GSI3SK as string) <= cut)
    .sort((a, b) => ((a.item.GSI3SK as string) < (b.item.GSI3SK as string) ? -1 : 1));
  const emitted = candidates.slice(0, q.limit);
  const next: Record<string, Key | null> = { ...positions };
  for (const pg of pages) {
    const mine = emitted.filter((e) => e.premisesId === pg.premisesId);
    if (mine.length === pg.items.length) {
      // Everything this page returned is out; what it evaluated and filtered away need not be read again.
      next[pg.premisesId] = pg.last ?? null;
    } else if (mine.length > 0) {
      next[pg.premisesId] = placedKey(mine[mine.length - 1]!.item);
    }
  }
  const more = q.premisesIds.some((p) => next[p] !== null);
  return {
    items: emitted.map((e) => toReferral(e.item)),
    ...(more ? { nextCursor: Buffer.from(JSON.stringify(next), "utf8").toString("base64url") } : {}),
  };
}

/** How far back the newest-first feed walks before it stops. */
export const NEWEST_MONTHS_BACK = 36;
const NEWEST_QUERIES_PER_PAGE = 2;

const previousMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};
const monthsBack = (month: string, n: number) => {
  let m = month;
  for (let i = 0; i < n; i++) m = previousMonth(m);
  return m;
};

/**
 * Newest first from the created-month buckets of GSI4, walking back a month at a time.
 * At most two Queries a page; the cursor carries the month it stopped in.
 */
export async function listNewest(opts: {
  currentMonth: string;
  filters: ListFilters;
  limit: number;
  cursor?: string;
}): Promise<{ items: Referral[]; nextCursor?: string }> {
  const floor = monthsBack(opts.currentMonth, NEWEST_MONTHS_BACK);
  let month = opts.currentMonth;
  let start: Record<string, string> | undefined;
  if (opts.cursor !== undefined) {
    let parsed: { m?: unknown; k?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(opts.cursor, "base64url").toString("utf8"));
    } catch {
      throw invalidCursor();
    }
    if (
      typeof parsed?.m !== "string" ||
      !/^\d{4}-\d{2}$/.test(parsed.m) ||
      parsed.m > opts.currentMonth ||
      parsed.m < floor
    ) {
      throw invalidCursor();
    }
    month = parsed.m;
    if (parsed.k !== undefined) {
      const pk = `REFERRALS#CREATED#${month}`;
      start = decodeCursor(encodeCursor(parsed.k as Record<string, unknown>), { GSI4PK: pk }, [
        "PK",
        "SK",
        "GSI4PK",
        "GSI4SK",
      ]);
    }
  }
  const filter = filterExpression(opts.filters);
  const items: Referral[] = [];
  for (let q = 0; q < NEWEST_QUERIES_PER_PAGE; q++) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "GSI4",
        KeyConditionExpression: "GSI4PK = :pk",
        ...filter,
        ExpressionAttributeValues: {
          ...filter.ExpressionAttributeValues,
          ":pk": `REFERRALS#CREATED#${month}`,
        },
        ScanIndexForward: false,
        ExclusiveStartKey: start,
        Limit: opts.limit - items.length,
      }),
    );
    items.push(...(out.Items ?? []).map(toReferral));
    if (out.LastEvaluatedKey) {
      start = out.LastEvaluatedKey as Record<string, string>;
      if (items.length >= opts.limit) break;
      continue;
    }
    start = undefined;
    month = previousMonth(month);
    if (month < floor) return { items };
    if (items.length >= opts.limit) break;
  }
  const next = start ? { m: month, k: start } : { m: month };
  return { items, nextCursor: Buffer.from(JSON.stringify(next), "utf8").toString("base64url") };
}
