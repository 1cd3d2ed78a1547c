import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { conflict } from "../domain/errors.js";
import type { Footprint } from "../domain/footprint.js";
import { MAX_TRANSACTION_ITEMS } from "../domain/transfer.js";
import type { Booking, BookingStatus, StayReduction } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import { type BedCalendar, calendarWrites, stayDetails } from "./allocation-store.js";
import { type AuditEvent, auditPut, toAuditEvent } from "./audit.js";
import { ddb, tableName } from "./client.js";
import { bookingItem, referralItem, stripKeys } from "./items.js";
import { HIGH, keys } from "./keys.js";
import { type Notification, type NotificationRecord, notificationPut } from "./notifications.js";
import { decodeCursor, encodeCursor } from "./pagination.js";
import { bedVersionCondition } from "./premises-store.js";
import { queryAll } from "./query.js";
import { failedCondition, RetryableConflict, rethrowRace, type TransactItem, transact } from "./transact.js";

/** The booking itself changed since it was read: a 412 for a client that sent If-Match, else a retry. */
export class BookingVersionLost extends RetryableConflict {
  constructor() {
    super("booking version lost");
    this.name = "BookingVersionLost";
  }
}

export async function getBooking(bookingId: string): Promise<Booking | undefined> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.booking(bookingId), ConsistentRead: true }),
  );
  return out.Item ? (stripKeys(out.Item) as unknown as Booking) : undefined;
}

/**
 * A booking's audit events, oldest first: one Query on its own partition. The partition holds
 * this stay's history only (and its move-on entries, which sort after `AUDIT#`), so the read
 * is bounded by what happened to one stay.
 */
export async function bookingHistory(bookingId: string): Promise<AuditEvent[]> {
  const items = await queryAll({
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :audit)",
    ExpressionAttributeValues: { ":pk": keys.booking(bookingId).PK, ":audit": "AUDIT#" },
    ConsistentRead: true,
  });
  return items.map(toAuditEvent);
}

/**
 * Bookings of a premises whose (actual or planned) departure is on or after `from`: a key
 * range on GSI1, so past years are never read. `to` and `status` narrow within that range.
 */
export async function listBookings(
  premisesId: string,
  q: { from: string; to?: string; status?: BookingStatus; cursor?: string; limit?: number },
) {
  const pk = `PREMISES#${premisesId}#BOOKINGS`;
  const start = decodeCursor(q.cursor, { GSI1PK: pk }, ["PK", "SK", "GSI1PK", "GSI1SK"]);
  const filters: string[] = [];
  const values: Record<string, unknown> = { ":pk": pk, ":from": q.from, ":high": HIGH };
  const names: Record<string, string> = {};
  if (q.to) {
    filters.push("arrivalDate <= :to");
    values[":to"] = q.to;
  }
  if (q.status) {
    filters.push("#status = :status");
    values[":status"] = q.status;
    names["#status"] = "status";
  }
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk AND GSI1SK BETWEEN :from AND :high",
      ...(filters.length ? { FilterExpression: filters.join(" AND ") } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      ExclusiveStartKey: start,
      Limit: q.limit ?? 50,
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => stripKeys(i) as unknown as Booking),
    nextCursor: encodeCursor(out.LastEvaluatedKey),
  };
}

export type AuditInput = Omit<AuditEvent, "at" | "entityType" | "entityId"> & {
  entityType?: AuditEvent["entityType"];
};

export interface BookingChange {
  /** The booking as read (its version is the condition), or undefined when creating it. */
  before?: Booking;
  after: Booking;
  calendar?: { bed: BedCalendar; footprints: readonly Footprint[] };
  /**
   * A second stay the same change ends or moves, under its own booking and bed versions
   * (a transfer: the stay the resident leaves, while `after` is the stay they arrive in).
   */
  linked?: {
    before: Booking;
    after: Booking;
    calendar?: { bed: BedCalendar; footprints: readonly Footprint[] };
    audit: AuditInput;
  };
  referral?: { before: Referral; after: Referral };
  person?: TransactItem[];
  audit: AuditInput;
  /** Extra events in the referral partition (when the referral itself is unchanged). */
  referralAudit?: AuditInput;
  extra?: TransactItem[];
  notifications?: Notification[];
}

export interface CommittedChange {
  notifications: NotificationRecord[];
  neighbours: { bookingId: string; bufferNights: number }[];
}

/** One stay's writes: its bed's footprints under the bed's version, the booking under its own, its audit. */
function stayWrites(
  items: TransactItem[],
  neighbours: CommittedChange["neighbours"],
  stay: Pick<BookingChange, "before" | "after" | "calendar" | "audit">,
): number {
  if (stay.calendar) {
    const { bed, footprints } = stay.calendar;
    items.push(bedVersionCondition(bed.premisesId, bed.bedId, bed.calendarVersion));
    const writes = calendarWrites(bed, footprints, {
      bookingId: stay.after.bookingId,
      details: stayDetails(stay.after),
    });
    items.push(...writes.items);
    neighbours.push(...writes.neighbours);
  }
  const bookingIndex = items.length;
  items.push({
    Put: {
      TableName: tableName(),
      Item: bookingItem(stay.after),
      ...(stay.before
        ? { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": stay.before.version } }
        : { ConditionExpression: "attribute_not_exists(PK)" }),
    },
  });
  items.push(
    auditPut(keys.booking(stay.after.bookingId).PK, {
      entityType: "booking",
      entityId: stay.after.bookingId,
      ...stay.audit,
    }),
  );
  return bookingIndex;
}

/**
 * One transaction for one change to a stay (or, for a transfer, to the stay left and the stay
 * arrived in): each booking under its own version, each bed's footprints under the bed's
 * calendar version, the referral under its version, the audit events and the notification
 * outbox. Either all of it happens or none of it does.
 */
export async function commitBookingChange(change: BookingChange): Promise<CommittedChange> {
  const table = tableName();
  const items: TransactItem[] = [];
  const neighbours: CommittedChange["neighbours"] = [];
  const versioned: number[] = [];
  if (change.linked) versioned.push(stayWrites(items, neighbours, change.linked));
  const bookingIndex = stayWrites(items, neighbours, change);
  if (change.before) versioned.push(bookingIndex);
  if (change.referral) {
    const { before, after } = change.referral;
    items.push({
      Put: {
        TableName: table,
        Item: referralItem(after),
        ConditionExpression: "version = :v",
        ExpressionAttributeValues: { ":v": before.version },
      },
    });
  }
  const referralAudit = change.referralAudit ?? (change.referral ? change.audit : undefined);
  if (referralAudit) {
    items.push(
      auditPut(keys.referral(change.after.referralId).PK, {
        entityType: "referral",
        entityId: change.after.referralId,
        ...referralAudit,
      }),
    );
  }
  items.push(...(change.person ?? []), ...(change.extra ?? []));
  const notifications = (change.notifications ?? []).map(notificationPut);
  items.push(...notifications.map((n) => n.item));
  if (items.length > MAX_TRANSACTION_ITEMS)
    throw conflict(
      `This change of booking ${change.after.bookingId} would need ${items.length} writes; one transaction holds ${MAX_TRANSACTION_ITEMS}`,
    );
  try {
    await transact(items);
  } catch (err) {
    if (versioned.some((i) => failedCondition(err, i))) throw new BookingVersionLost();
    rethrowRace(err);
  }
  return { notifications: notifications.map((n) => n.record), neighbours };
}

// ---------- stay reductions ----------

export function stayReductionItem(r: StayReduction) {
  return {
    ...keys.stayReduction(r.requestId),
    type: "stay-reduction",
    ...r,
    GSI1PK: `PREMISES#${r.premisesId}#STAY-REDUCTIONS`,
    GSI1SK: `${r.status}#${r.createdAt}#${r.requestId}`,
  };
}

export async function getStayReduction(requestId: string): Promise<StayReduction | undefined> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.stayReduction(requestId), ConsistentRead: true }),
  );
  return out.Item ? (stripKeys(out.Item) as unknown as StayReduction) : undefined;
}

export async function listStayReductions(
  premisesId: string,
  q: { status?: string; cursor?: string; limit?: number },
) {
  const pk = `PREMISES#${premisesId}#STAY-REDUCTIONS`;
  const start = decodeCursor(q.cursor, { GSI1PK: pk }, ["PK", "SK", "GSI1PK", "GSI1SK"]);
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "GSI1",
      KeyConditionExpression: q.status ? "GSI1PK = :pk AND begins_with(GSI1SK, :s)" : "GSI1PK = :pk",
      ExpressionAttributeValues: { ":pk": pk, ...(q.status ? { ":s": `${q.status}#` } : {}) },
      ExclusiveStartKey: start,
      Limit: q.limit ?? 50,
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => stripKeys(i) as unknown as StayReduction),
    nextCursor: encodeCursor(out.LastEvaluatedKey),
  };
}

export async function createStayReduction(
  r: StayReduction,
  notification: Notification,
): Promise<NotificationRecord> {
  const n = notificationPut(notification);
  await transact([
    {
      Put: {
        TableName: tableName(),
        Item: stayReductionItem(r),
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    auditPut(keys.stayReduction(r.requestId).PK, {
      actor: r.requestedBy,
      action: "stay-reduction.requested",
      entityType: "stay-reduction",
      entityId: r.requestId,
      after: r,
    }),
    auditPut(keys.booking(r.bookingId).PK, {
      actor: r.requestedBy,
      action: "stay-reduction.requested",
      entityType: "booking",
      entityId: r.bookingId,
      after: {
        requestId: r.requestId,
        newDepartureDate: r.newDepartureDate,
        forReferralId: r.forReferralId,
      },
    }),
    n.item,
  ]);
  return n.record;
}

/** The decision as transaction items, to join the booking change it approves (or stand alone when declined). */
export function stayReductionDecisionItems(
  before: StayReduction,
  after: StayReduction,
  actor: string,
): TransactItem[] {
  return [
    {
      Put: {
        TableName: tableName(),
        Item: stayReductionItem(after),
        ConditionExpression: "version = :v",
        ExpressionAttributeValues: { ":v": before.version },
      },
    },
    auditPut(keys.stayReduction(after.requestId).PK, {
      actor,
      action: `stay-reduction.${after.status}`,
      entityType: "stay-reduction",
      entityId: after.requestId,
      before,
      after,
    }),
  ];
}
