import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { ddb } from "./client.js";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** Reasons per item, in order, when a transaction is cancelled. */
export function cancellationCodes(err: unknown): (string | undefined)[] | undefined {
  if (
    err instanceof TransactionCanceledException ||
    (err as { name?: string })?.name === "TransactionCanceledException"
  ) {
    return ((err as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code);
  }
  return undefined;
}

export const failedCondition = (err: unknown, index?: number): boolean => {
  const codes = cancellationCodes(err);
  if (!codes) return (err as { name?: string })?.name === "ConditionalCheckFailedException";
  return index === undefined
    ? codes.includes("ConditionalCheckFailed")
    : codes[index] === "ConditionalCheckFailed";
};

export async function transact(items: TransactItem[], clientRequestToken?: string): Promise<void> {
  await ddb().send(
    new TransactWriteCommand({
      TransactItems: items,
      ...(clientRequestToken ? { ClientRequestToken: clientRequestToken } : {}),
    }),
  );
}

/** A version condition failed or DynamoDB cancelled for a conflict: nothing was written, read again. */
export function isLostRace(err: unknown): boolean {
  const codes = cancellationCodes(err);
  if (codes?.some((c) => c === "TransactionConflict")) return true;
  return failedCondition(err);
}

/** For a read-decide-write attempt inside `withOptimisticRetry`: a lost race retries, anything else ends it. */
export function rethrowRace(err: unknown): never {
  if (isLostRace(err)) throw new RetryableConflict();
  throw err;
}

/** A lost optimistic-lock race: read again and retry. */
export class RetryableConflict extends Error {
  constructor(message = "optimistic lock lost") {
    super(message);
    this.name = "RetryableConflict";
  }
}

/**
 * Runs read-decide-write attempts until one commits. `attempt` throws RetryableConflict
 * when its version condition lost a race; any other error ends the loop.
 */
export async function withOptimisticRetry<T>(attempt: () => Promise<T>, maxAttempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (caught) {
      // DynamoDB cancelled the whole transaction because another one held an item: nothing
      // was written, so reading again and retrying is as safe as after a lost version race.
      const codes = cancellationCodes(caught);
      const err =
        codes?.includes("TransactionConflict") && !codes.includes("ConditionalCheckFailed")
          ? new RetryableConflict("transaction conflict")
          : caught;
      if (!(err instanceof RetryableConflict) || i >= maxAttempts) {
        if (err instanceof RetryableConflict) {
          const busy = new Error("too much contention") as Error & { name: string };
          busy.name = "TransactionConflictException";
          throw busy;
        }
        throw err;
      }
      const backoff = Math.min(200, 10 * 2 ** i);
      await new Promise((r) => setTimeout(r, Math.random() * backoff));
    }
  }
}
