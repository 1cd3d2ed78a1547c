import { NOW } from "./estate.js";

// Imported first by run.ts: the handlers and logger read these when their modules load.
process.env.AP_FIXED_NOW = NOW;
process.env.AP_MEASURE_CAPACITY = "1";
process.env.LOG_LEVEL = "SILENT";
process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
process.env.AWS_REGION ??= "eu-west-2";
delete process.env.TOPIC_ARN;

/**
 * The bench's tables have no stream. Nothing reads one here (the publisher is not running),
 * and DynamoDB Local records every write on an enabled stream, which made seeding the x1
 * estate take over five minutes instead of half a minute; in AWS a stream adds nothing to a
 * write's latency or capacity, so the measurements below are unchanged by leaving it out.
 */
export const withoutStream = <T extends { StreamSpecification?: unknown }>(definition: T): T => {
  const { StreamSpecification: _, ...rest } = definition;
  return rest as T;
};
