import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Booking } from "../../shared/schemas/bookings.js";
import type { Referral } from "../../shared/schemas/referrals.js";
import { bookingItem, referralItem } from "../../shared/store/items.js";

/** Bookings and referrals written directly, so these tests do not depend on other features' routes. */
export function booking(over: Partial<Booking> & { bookingId: string }): Booking {
  return {
    referralId: `ref-${over.bookingId}`,
    premisesId: "p1",
    bedId: "b1",
    status: "arrived",
    person: { crn: "X123456", name: "John Smith", gender: "male" },
    riskOfSeriousHarm: "medium",
    releaseType: "licence",
    noticeType: "standard",
    arrivalDate: "2026-09-01",
    departureDate: "2026-11-24",
    bufferDays: 2,
    bufferNights: 2,
    moveOn: { status: "not-started" },
    version: 1,
    createdAt: "2026-08-01T10:00:00.000Z",
    createdBy: "cru-user",
    updatedAt: "2026-08-01T10:00:00.000Z",
    ...over,
  };
}

export function referral(over: Partial<Referral> & { referralId: string }): Referral {
  return {
    status: "submitted",
    person: { crn: "Y765432", name: "Adam Jones", dateOfBirth: "1980-01-01", gender: "male" },
    riskOfSeriousHarm: "high",
    releaseType: "ecsl",
    earlyRelease: true,
    expectedArrivalDate: "2026-11-30",
    expectedDepartureDate: "2027-02-22",
    area: "london",
    preferredPremisesIds: [],
    requiredCharacteristics: [],
    homelessIfNotPlaced: true,
    noticeType: "emergency",
    noticeDays: 7,
    submittedAt: "2026-11-20T09:00:00.000Z",
    submittedBy: "cru-user",
    version: 1,
    updatedAt: "2026-11-20T09:00:00.000Z",
    ...over,
  };
}

export async function put(ddb: DynamoDBDocumentClient, table: string, ...items: Record<string, unknown>[]) {
  for (const Item of items) await ddb.send(new PutCommand({ TableName: table, Item }));
}

export const putBooking = (ddb: DynamoDBDocumentClient, table: string, b: Booking) =>
  put(ddb, table, bookingItem(b));
export const putReferral = (ddb: DynamoDBDocumentClient, table: string, r: Referral) =>
  put(ddb, table, referralItem(r));

/** BatchWrite in chunks of 25, several in flight, retrying what DynamoDB leaves unprocessed. */
export async function batchPut(
  ddb: DynamoDBDocumentClient,
  table: string,
  items: Record<string, unknown>[],
  width = 8,
) {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < chunks.length) {
        let pending = chunks[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      }
    }),
  );
}

export async function alertsIn(ddb: DynamoDBDocumentClient, table: string, status: string) {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table,
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :pk",
        ExpressionAttributeValues: { ":pk": `ALERTS#STATUS#${status}` },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/** A new empty table on the run's DynamoDB Local, made current for handlers in this process. */
export async function freshTable(): Promise<string> {
  const { randomUUID } = await import("node:crypto");
  const { DynamoDBClient } = await import("@aws-sdk/client-dynamodb");
  const { inject } = await import("vitest");
  const { createTable } = await import("../../infra/local/tables.js");
  const name = `t-${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient({
    endpoint: inject("dynamoEndpoint"),
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await createTable(client, JSON.parse(inject("tableDefinition")), name);
  client.destroy();
  process.env.TABLE_NAME = name;
  return name;
}

export async function outbox(ddb: DynamoDBDocumentClient, table: string) {
  const out = await ddb.send(
    new QueryCommand({
      TableName: table,
      IndexName: "GSI2",
      KeyConditionExpression: "GSI2PK = :pk",
      ExpressionAttributeValues: { ":pk": "OUTBOX#unpublished" },
    }),
  );
  return out.Items ?? [];
}
