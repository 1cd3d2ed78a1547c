import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { isCalendarDate } from "../../shared/domain/dates.js";

/**
 * Runs the nightly alerts job once against the system `npm start` is running, and prints
 * its one-line JSON summary (nothing else on stdout). `--date` re-runs or catches up a night.
 */
export const RUNTIME_FILE = resolve(".local/runtime.json");

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = parseArgs({ options: { date: { type: "string" } } });
if (values.date !== undefined && !isCalendarDate(values.date))
  fail(`--date must be YYYY-MM-DD, got "${values.date}"`);

if (!existsSync(RUNTIME_FILE)) {
  fail(
    "The local system is not running: start it with `npm start` in another terminal, then run this again.",
  );
}
let runtime: { dynamoEndpoint?: string; tableName?: string };
try {
  runtime = JSON.parse(readFileSync(RUNTIME_FILE, "utf8"));
} catch {
  fail(`${RUNTIME_FILE} is not readable; restart \`npm start\`.`);
}
if (!runtime.dynamoEndpoint || !runtime.tableName)
  fail(`${RUNTIME_FILE} lacks dynamoEndpoint/tableName; restart \`npm start\`.`);

const probe = new DynamoDBClient({
  endpoint: runtime.dynamoEndpoint,
  region: "eu-west-2",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
  maxAttempts: 1,
});
try {
  const tables =
    (await probe.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(15_000) })).TableNames ??
    [];
  if (!tables.includes(runtime.tableName))
    fail(`Table ${runtime.tableName} is not in the running DynamoDB Local; restart \`npm start\`.`);
} catch (err) {
  fail(
    `Nothing answers at ${runtime.dynamoEndpoint} (${(err as Error).name}; left by an earlier \`npm start\`?): start the local system with \`npm start\` first.`,
  );
} finally {
  probe.destroy();
}

process.env.DYNAMODB_ENDPOINT = runtime.dynamoEndpoint;
process.env.TABLE_NAME = runtime.tableName;
process.env.AWS_REGION ??= "eu-west-2";
process.env.LOG_LEVEL ??= "SILENT";
process.env.AP_LOCAL = "1";

const { handler } = await import("../../functions/nightly.js");
const summary = await handler(values.date ? { date: values.date } : {});
process.stdout.write(`${JSON.stringify(summary)}\n`);
