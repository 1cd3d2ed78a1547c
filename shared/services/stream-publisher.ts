import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { NOTIFICATION_TYPE } from "../domain/notification-routing.js";
import { deliverOrThrow } from "./notifier.js";

/** The predicate of OUTBOX_INSERT_FILTER (shared/domain/notification-routing.ts), for the local poller. */
export const isOutboxInsert = (r: DynamoDBRecord): boolean =>
  r.eventName === "INSERT" && r.dynamodb?.NewImage?.type?.S === NOTIFICATION_TYPE;

/**
 * One stream record: the notification is read back (its claim returns the stored item), so
 * a record redelivered after its channels are done sends nothing. A channel still pending
 * throws, which reports this record as a batch item failure for Lambda to retry.
 */
export async function publishRecord(record: DynamoDBRecord): Promise<void> {
  const notificationId = record.dynamodb?.NewImage?.notificationId?.S;
  if (!notificationId) return; // not an outbox item: nothing to send, nothing to retry
  await deliverOrThrow({ notificationId });
}

const processor = new BatchProcessor(EventType.DynamoDBStreams);

/**
 * Powertools batch processing with partial failure reporting (`reportBatchItemFailures`):
 * Lambda retries from the first failed record, so records are processed in order, one at a
 * time; the ones before a failure are not redelivered and the ones after are idempotent.
 */
export function handleStreamBatch(
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> {
  return processPartialResponse(event, publishRecord, processor, {
    context,
    processInParallel: false,
    // A batch in which every record failed is still a partial response, not an invocation
    // error: Lambda's retry count and bisection then work per record.
    throwOnFullBatchFailure: false,
  });
}
