import { createHash } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { DomainError } from "../domain/errors.js";
import { ddb, tableName } from "./client.js";
import { keys } from "./keys.js";
import type { TransactItem } from "./transact.js";

/** How long a client may retry with the same key and get the first answer back. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotencyRecord {
  requestHash: string;
  response: StoredResponse;
  expiresAt: number;
}

/** JSON with object keys sorted at every depth, so key order in the request never changes the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The operation is part of the hash so one key cannot replay a different route's answer. */
export const requestHash = (operation: string, body: unknown) =>
  createHash("sha256").update(operation).update("\n").update(canonicalJson(body)).digest("hex");

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * The live record for this caller's key, read strongly consistent. TTL deletion runs up
 * to days late, so a record past `expiresAt` is treated as absent here too.
 */
export async function findIdempotencyRecord(
  sub: string,
  key: string,
  now: Date,
): Promise<IdempotencyRecord | undefined> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.idempotency(sub, key), ConsistentRead: true }),
  );
  const item = out.Item as (IdempotencyRecord & { responseJson?: string }) | undefined;
  if (!item || item.expiresAt <= epochSeconds(now)) return undefined;
  return {
    requestHash: item.requestHash,
    expiresAt: item.expiresAt,
    response: { status: item.response?.status ?? 201, body: JSON.parse(item.responseJson ?? "null") },
  };
}

/**
 * The record goes into the same transaction as the change it guards: either both commit
 * or neither, so a crash can never leave a referral without its key or a key without it.
 * An expired record still on the table may be overwritten.
 */
export function idempotencyPut(
  sub: string,
  key: string,
  hash: string,
  response: StoredResponse,
  now: Date,
): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...keys.idempotency(sub, key),
        type: "idempotency",
        requestHash: hash,
        // Kept as a string so the replay is byte-for-byte the first answer.
        response: { status: response.status },
        responseJson: JSON.stringify(response.body),
        createdAt: now.toISOString(),
        expiresAt: epochSeconds(now) + IDEMPOTENCY_TTL_SECONDS,
      },
      ConditionExpression: "attribute_not_exists(PK) OR expiresAt <= :now",
      ExpressionAttributeValues: { ":now": epochSeconds(now) },
    },
  };
}

/** Same key and body: the first response again. Same key, another body: 422. */
export function replay(record: IdempotencyRecord, hash: string): StoredResponse {
  if (record.requestHash !== hash) {
    throw new DomainError(
      "unprocessable",
      "This Idempotency-Key was already used with a different request body",
      {
        type: "idempotency-key-reused",
        invalidParams: [{ name: "Idempotency-Key", reason: "was used with a different body" }],
      },
    );
  }
  return record.response;
}
