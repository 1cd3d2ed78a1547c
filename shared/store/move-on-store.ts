import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { allowsRecord } from "../domain/booking-actions.js";
import { nowIso } from "../domain/clock.js";
import { conflict, notFound, preconditionFailed } from "../domain/errors.js";
import type { Booking, MoveOnPlan } from "../schemas/bookings.js";
import type { MoveOnChange } from "../schemas/move-on.js";
import { auditPut } from "./audit.js";
import { ddb, tableName } from "./client.js";
import { keys } from "./keys.js";
import { notificationPut } from "./notifications.js";
import { queryAll } from "./query.js";
import { failedCondition, RetryableConflict, transact, withOptimisticRetry } from "./transact.js";

export interface MoveOnHistoryEntry {
  at: string;
  by: string;
  plan: MoveOnPlan;
}

export async function getBooking(bookingId: string): Promise<Booking | undefined> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.booking(bookingId), ConsistentRead: true }),
  );
  return out.Item as Booking | undefined;
}

/**
 * Replaces the booking's move-on plan. Only `moveOn`, `version` and `updatedAt` change
 * (an UpdateItem, so the booking's index keys are never rewritten from a stale copy),
 * under the version it was read at, with the history entry and audit in one transaction.
 */
export async function saveMoveOnPlan(
  bookingId: string,
  change: MoveOnChange,
  actor: string,
  ifMatch: number | undefined,
  authorise: (booking: Booking) => void,
): Promise<{ booking: Booking; plan: MoveOnPlan }> {
  return withOptimisticRetry(async () => {
    const booking = await getBooking(bookingId);
    if (!booking) throw notFound("Booking", bookingId);
    authorise(booking);
    if (ifMatch !== undefined && ifMatch !== booking.version) {
      throw preconditionFailed(`Booking ${bookingId} is at version ${booking.version}, not ${ifMatch}`);
    }
    if (!allowsRecord(booking.status, "move-on")) {
      throw conflict(
        `Booking ${bookingId} is ${booking.status}; a move-on plan is kept only for booked or arrived stays`,
        [{ kind: `booking-${booking.status}`, bookingId }],
        "booking-not-active",
      );
    }
    const at = nowIso();
    const plan: MoveOnPlan = { ...change, updatedAt: at, updatedBy: actor };
    const pk = keys.booking(bookingId).PK;
    try {
      await transact([
        {
          Update: {
            TableName: tableName(),
            Key: keys.booking(bookingId),
            UpdateExpression: "SET moveOn = :plan, version = :next, updatedAt = :at",
            ConditionExpression: "version = :v AND #status IN (:booked, :arrived)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":plan": plan,
              ":next": booking.version + 1,
              ":at": at,
              ":v": booking.version,
              ":booked": "booked",
              ":arrived": "arrived",
            },
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { PK: pk, SK: `MOVE-ON#${at}#${ulid()}`, type: "move-on", bookingId, at, by: actor, plan },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        auditPut(pk, {
          at,
          actor,
          action: "booking.move-on-changed",
          entityType: "booking",
          entityId: bookingId,
          before: booking.moveOn,
          after: plan,
        }),
        // The domain event when a plan becomes confirmed (not on every edit of a confirmed plan's notes).
        ...(plan.status === "confirmed" && booking.moveOn?.status !== "confirmed"
          ? [
              notificationPut({
                kind: "move-on-confirmed",
                premisesId: booking.premisesId,
                bookingId,
                referralId: booking.referralId,
                crn: booking.person.crn,
                departureDate: booking.departureDate,
                ...(plan.availableFrom ? { detail: `available from ${plan.availableFrom}` } : {}),
              }).item,
            ]
          : []),
      ]);
    } catch (err) {
      if (failedCondition(err, 0)) {
        if (ifMatch !== undefined) throw preconditionFailed(`Booking ${bookingId} changed meanwhile`);
        throw new RetryableConflict();
      }
      throw err;
    }
    return { booking: { ...booking, moveOn: plan, version: booking.version + 1, updatedAt: at }, plan };
  });
}

/** A booking's plan changes, newest first; one partition, bounded by that one stay. */
export async function moveOnHistory(bookingId: string): Promise<MoveOnHistoryEntry[]> {
  const items = await queryAll({
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
    ExpressionAttributeValues: { ":pk": keys.booking(bookingId).PK, ":prefix": "MOVE-ON#" },
    ScanIndexForward: false,
  });
  return items.map((i) => ({ at: i.at as string, by: i.by as string, plan: i.plan as MoveOnPlan }));
}

/**
 * Bookings of a premises whose (actual or expected) departure is on or after `from`:
 * current and future stays plus a short tail of recent ones, never the premises' history.
 */
export async function bookingsDepartingFrom(premisesId: string, from: string): Promise<Booking[]> {
  const items = await queryAll({
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND GSI1SK >= :from",
    ExpressionAttributeValues: { ":pk": `PREMISES#${premisesId}#BOOKINGS`, ":from": from },
  });
  return items as unknown as Booking[];
}

export async function premisesExists(premisesId: string): Promise<boolean> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.premises(premisesId), ProjectionExpression: "PK" }),
  );
  return out.Item !== undefined;
}
