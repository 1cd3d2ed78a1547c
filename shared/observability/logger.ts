import { Logger } from "@aws-lambda-powertools/logger";

export const logger = new Logger({
  serviceName: "ap-bed-manager",
  logLevel: (process.env.LOG_LEVEL as "INFO" | undefined) ?? (process.env.VITEST ? "SILENT" : "INFO"),
});
