import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ROUTES } from "../../shared/api/routes/index.js";
import { PAGE_ROUTES, pageFunctionOf } from "../../shared/web/page-functions.js";
import { startDynamoDbLocal } from "./dynamodb-local.js";
import { createLocalServer, type LocalServerOptions } from "./http-adapter.js";
import { createVerifier } from "./local-auth.js";
import { type LocalStreamPublisher, startLocalStreamPublisher } from "./stream-publisher.js";
import { createTable, tableDefinitionsFromTemplate } from "./tables.js";

export const LOCAL_TABLE_NAME = "ap-local";

export interface Runtime {
  url: string;
  port: number;
  dynamoEndpoint: string;
  tableName: string;
  server: Server;
  /** The stream publisher (undefined when started without one, as the bench does). */
  publisher?: LocalStreamPublisher;
  /** Ends the `starting` state: `/health` answers 200 from now on. */
  ready(): void;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine: DynamoDB Local, the table from the synthesized
 * template, and the real handlers behind the API Gateway stand-in.
 */
export async function startRuntime(
  opts: {
    port?: number;
    persistDir?: string;
    host?: string;
    /** Answer `/health` with 503 `starting` until `ready()` (while the demo data is written). */
    starting?: boolean;
    /** Handlers to serve instead of the TypeScript sources, e.g. the bundles `cdk synth` wrote. */
    handlers?: LocalServerOptions["handlers"];
    /** Run the stream publisher (default true); the bench measures request calls without it. */
    publisher?: boolean;
  } = {},
): Promise<Runtime> {
  const dbPath = opts.persistDir ? resolve(opts.persistDir) : undefined;
  if (dbPath && !existsSync(dbPath)) mkdirSync(dbPath, { recursive: true });
  const [engine, definitions] = await Promise.all([
    startDynamoDbLocal({ dbPath }),
    Promise.resolve(tableDefinitionsFromTemplate()),
  ]);
  const client = new DynamoDBClient({
    endpoint: engine.endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const existing = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
  const definition = definitions[0];
  if (!definition) throw new Error("The synthesized template has no table");
  if (!existing.includes(LOCAL_TABLE_NAME)) await createTable(client, definition, LOCAL_TABLE_NAME);
  client.destroy();

  process.env.TABLE_NAME = LOCAL_TABLE_NAME;
  process.env.DYNAMODB_ENDPOINT = engine.endpoint;
  process.env.AWS_REGION ??= "eu-west-2";
  process.env.AP_LOCAL = "1";
  // Sessions are sealed with a key made for this run: a restart signs everyone out.
  process.env.WEB_SESSION_KEY ??= randomBytes(32).toString("base64");

  // As the deployed publisher Lambda on the table's stream: emails (recorded locally) and events.
  let publisher: LocalStreamPublisher | undefined;
  if (opts.publisher ?? true) {
    const { handleStreamBatch, isOutboxInsert } = await import("../../shared/services/stream-publisher.js");
    publisher = await startLocalStreamPublisher({
      endpoint: engine.endpoint,
      tableName: LOCAL_TABLE_NAME,
      handler: handleStreamBatch,
      filter: isOutboxInsert,
      log: (line) => console.error(`[publisher] ${line}`),
    });
  }

  let starting = opts.starting ?? false;
  const server = createLocalServer({
    routes: ROUTES,
    pages: PAGE_ROUTES.map((p) => ({ method: p.method, path: p.path, fn: pageFunctionOf(p) })),
    verify: await createVerifier(),
    starting: () => starting,
    handlers: opts.handlers,
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? 3000, host, () => ok());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${host}:${port}`,
    port,
    dynamoEndpoint: engine.endpoint,
    tableName: LOCAL_TABLE_NAME,
    server,
    publisher,
    ready: () => {
      starting = false;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await publisher?.stop();
      await engine.stop();
    },
  };
}
