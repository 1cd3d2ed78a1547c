import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { NOTIFICATION_TYPE } from "../domain/notification-routing.js";
import { toNotificationRecord } from "../store/notifications.js";
import { deliverOrThrow } from "./notifier.js";

/** The predicate of OUTBOX_INSERT_FILTER (shared/domain/notification-routing.ts), for the local poller. */
export const isOutboxInsert = (r: DynamoDBRecord): boolean =>
  r.eventName === "INSERT" && r.dynamodb?.NewImage?.type?.S === NOTIFICATION_TYPE;

/** The scalar attributes of a stream image (what a notification's content and statuses are). */
function scalarsOf(image: NonNullable<NonNullable<DynamoDBRecord["dynamodb"]>["NewImage"]>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(image)) {
    if (v.S !== undefined) out[k] = v.S;
    else if (v.N !== undefined) out[k] = Number(v.N);
    else if (v.BOOL !== undefined) out[k] = v.BOOL;
  }
  return out;
}

/**
 * One stream record. Its image is the item as committed: where the email goes is settled
 * from it (a kind with no email was settled at commit and costs nothing here). Each channel
 * is then claimed on the stored item, so a record redelivered after its channels are done
 * sends nothing. A channel still pending throws, which reports this record as a batch item
 * failure for Lambda to retry.
 */
export async function publishRecord(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  const notificationId = image?.notificationId?.S;
  if (!image || !notificationId) return; // not an outbox item: nothing to send, nothing to retry
  const known =
    image.emailStatus?.S && image.eventStatus?.S
      ? toNotificationRecord(scalarsOf(image))
      : { notificationId };
  await deliverOrThrow(known);
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
