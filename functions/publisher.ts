import type { Context, DynamoDBStreamEvent } from "aws-lambda";
import { handleStreamBatch } from "../shared/services/stream-publisher.js";

/** The table's stream (outbox inserts only, by filter) → GOV.UK Notify emails and SNS events. */
export const handler = (event: DynamoDBStreamEvent, context: Context) => handleStreamBatch(event, context);
