/**
 * Bundled in place of `@smithy/core/event-streams` (an esbuild alias in infra/app-function.ts).
 * The SDK's protocol code imports it only when an operation streams events (Kinesis,
 * Bedrock, S3 Select); DynamoDB and SNS have no such operation, yet the import costs every
 * bundle about 15 KB of the 500 KB ceiling. Reaching it is a bug, so it fails loudly.
 */
const unused = (): never => {
  throw new Error("Event streams are not bundled: no AWS operation this service calls streams events");
};
export const eventStreamSerdeProvider = unused;
export class EventStreamSerde {
  constructor() {
    unused();
  }
}
