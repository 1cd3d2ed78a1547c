import { NOW } from "./estate.js";

// Imported first by run.ts: the handlers and logger read these when their modules load.
process.env.AP_FIXED_NOW = NOW;
process.env.AP_MEASURE_CAPACITY = "1";
process.env.LOG_LEVEL = "SILENT";
process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
process.env.AWS_REGION ??= "eu-west-2";
delete process.env.TOPIC_ARN;
