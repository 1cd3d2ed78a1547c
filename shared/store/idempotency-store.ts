import { createHash } from "node:crypto";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { DomainError } from "../domain/errors.js";
import { ddb, tableName } from "./client.js";
import { keys } from "./keys.js";
import type { TransactItem } from "./transact.js";

/** How long a client may retry with the same key and get the first answer back. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface StoredResponse {
  status: number;
  body: unknown;
  /** Headers of the first answer worth giving again (ETag, Location); the middleware's records only. */
  headers?: Record<string, string>;
}

export interface IdempotencyRecord {
  requestHash: string;
  response: StoredResponse;
  expiresAt: number;
  /** `in-progress` while the API middleware's request runs; POST /referrals records are always done. */
  state: "in-progress" | "done";
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
  const item = out.Item as
    | (Omit<IdempotencyRecord, "state"> & { responseJson?: string; headersJson?: string; state?: string })
    | undefined;
  if (!item || item.expiresAt <= epochSeconds(now)) return undefined;
  return {
    requestHash: item.requestHash,
    expiresAt: item.expiresAt,
    state: item.state === "in-progress" ? "in-progress" : "done",
    response: {
      status: item.response?.status ?? 201,
      body: JSON.parse(item.responseJson ?? "null"),
      ...(item.headersJson ? { headers: JSON.parse(item.headersJson) as Record<string, string> } : {}),
    },
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

// ---------- the API middleware's records (every POST but POST /referrals) ----------

/**
 * How long a claimed key waits for its request's answer. Longer than any request may run
 * (the Lambda timeout), so a claim whose request died is free again afterwards.
 */
export const IDEMPOTENCY_CLAIM_SECONDS = 60;

export type ClaimOutcome =
  | { claimed: true }
  | { claimed: false; record: IdempotencyRecord & { state: "in-progress" | "done" } };

/**
 * Claims the caller's key for one request before it runs: a conditional put that only one
 * of any number of concurrent requests can win. The loser gets the record that won.
 */
export async function claimIdempotencyKey(
  sub: string,
  key: string,
  hash: string,
  now: Date,
): Promise<ClaimOutcome> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.idempotency(sub, key),
          type: "idempotency",
          state: "in-progress",
          requestHash: hash,
          createdAt: now.toISOString(),
          expiresAt: epochSeconds(now) + IDEMPOTENCY_CLAIM_SECONDS,
        },
        ConditionExpression: "attribute_not_exists(PK) OR expiresAt <= :now",
        ExpressionAttributeValues: { ":now": epochSeconds(now) },
      }),
    );
    return { claimed: true };
  } catch (err) {
    if ((err as { name?: string }).name !== "ConditionalCheckFailedException") throw err;
    const record = await findIdempotencyRecord(sub, key, now);
    // Expired between the put and the read: the caller may try again.
    if (!record) return claimIdempotencyKey(sub, key, hash, now);
    return { claimed: false, record };
  }
}

/** The request's answer replaces its claim; only the claim's own request can complete it. */
export async function completeIdempotencyKey(
  sub: string,
  key: string,
  hash: string,
  response: StoredResponse,
  now: Date,
): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.idempotency(sub, key),
      UpdateExpression:
        "SET #state = :done, #response = :response, responseJson = :json, headersJson = :headers, expiresAt = :expires",
      ConditionExpression: "#state = :inProgress AND requestHash = :hash",
      ExpressionAttributeNames: { "#state": "state", "#response": "response" },
      ExpressionAttributeValues: {
        ":done": "done",
        ":inProgress": "in-progress",
        ":hash": hash,
        ":response": { status: response.status },
        ":json": JSON.stringify(response.body ?? null),
        ":headers": JSON.stringify(response.headers ?? {}),
        ":expires": epochSeconds(now) + IDEMPOTENCY_TTL_SECONDS,
      },
    }),
  );
}

/**
 * A request that changed nothing (it was refused) frees its key for a retry. The claim is
 * expired rather than deleted: a claim whose `expiresAt` has passed is free to the next
 * request, and every function that claims keys may already UpdateItem (not all may DeleteItem).
 */
export async function releaseIdempotencyKey(
  sub: string,
  key: string,
  hash: string,
  now: Date,
): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.idempotency(sub, key),
      UpdateExpression: "SET expiresAt = :now",
      ConditionExpression: "#state = :inProgress AND requestHash = :hash",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":inProgress": "in-progress", ":hash": hash, ":now": epochSeconds(now) },
    }),
  );
}
