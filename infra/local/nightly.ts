import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { isCalendarDate } from "../../shared/domain/dates.js";
import { runtimeFileFor, runtimePorts } from "./runtime-file.js";

/**
 * Runs the nightly alerts job once against the system `npm start` is running on the same
 * port (`--port`, else `PORT`, else 3000, as `npm start` chooses it), and prints its one-line
 * JSON summary (nothing else on stdout). `--date` re-runs or catches up a night. With no
 * instance on that port it refuses, naming the ports that do have one: it never falls back
 * to whichever instance happened to start last.
 */

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = parseArgs({ options: { date: { type: "string" }, port: { type: "string" } } });
if (values.date !== undefined && !isCalendarDate(values.date))
  fail(`--date must be YYYY-MM-DD, got "${values.date}"`);
const portText = values.port ?? (process.env.PORT || "3000");
if (!/^\d{1,5}$/.test(portText)) fail(`--port (or PORT) must be a port number, got "${portText}"`);
const port = Number(portText);
const RUNTIME_FILE = runtimeFileFor(port);

if (!existsSync(RUNTIME_FILE)) {
  const others = runtimePorts();
  fail(
    others.length > 0
      ? `No local system is running on port ${port}; there is one on port ${others.join(", ")}. Run this with --port ${others[0]} (or PORT=${others[0]}) to use it.`
      : `The local system is not running on port ${port}: start it with \`npm start\` in another terminal, then run this again.`,
  );
}
let runtime: { dynamoEndpoint?: string; tableName?: string; pid?: number };
try {
  runtime = JSON.parse(readFileSync(RUNTIME_FILE, "utf8"));
} catch {
  fail(`${RUNTIME_FILE} is not readable; restart \`npm start\`.`);
}
if (!runtime.dynamoEndpoint || !runtime.tableName)
  fail(`${RUNTIME_FILE} lacks dynamoEndpoint/tableName; restart \`npm start\`.`);
if (runtime.pid !== undefined && !alive(runtime.pid))
  fail(
    `The local system that ran on port ${port} (pid ${runtime.pid}) has stopped; start it again with \`npm start\`.`,
  );

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

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
