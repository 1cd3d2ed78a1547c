import { parseArgs } from "node:util";
import { mintToken } from "./local-auth.js";
import { startRuntime } from "./runtime.js";
import { removeRuntimeFile, writeRuntimeFile } from "./runtime-file.js";
import { seedDemoData } from "./seed.js";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    persist: { type: "boolean", default: false },
    "data-dir": { type: "string", default: ".local/data" },
    "no-seed": { type: "boolean", default: false },
  },
});

const started = Date.now();
const runtime = await startRuntime({
  port: Number(values.port ?? process.env.PORT ?? 3000),
  persistDir: values.persist ? values["data-dir"] : undefined,
  // /health is 503 "starting" until the demo data is written.
  starting: !values["no-seed"],
});
if (!values["no-seed"]) await seedDemoData(runtime.url);
runtime.ready();

// Where `npm run nightly` (on the same PORT/--port) finds this system's DynamoDB; removed on stop.
writeRuntimeFile({
  port: runtime.port,
  dynamoEndpoint: runtime.dynamoEndpoint,
  tableName: runtime.tableName,
  pid: process.pid,
});
process.on("exit", () => removeRuntimeFile(runtime.port));

const tokens = {
  cru: await mintToken({ role: "cru", user: "cru-demo" }),
  "ap-manager": await mintToken({
    role: "ap-manager",
    user: "manager-camberwell",
    premises: ["ldn-camberwell"],
  }),
  admin: await mintToken({ role: "admin", user: "admin-demo" }),
};

console.log(`
Approved Premises bed manager is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

  Sign in     ${runtime.url}/sign-in   (the staff pages; locally you choose a role, user name and premises)
  API         ${runtime.url}
  Health      ${runtime.url}/health
  OpenAPI     ${runtime.url}/openapi.json
  DynamoDB    ${runtime.dynamoEndpoint} (table ${runtime.tableName}${values.persist ? `, persisted in ${values["data-dir"]}` : ", in memory"})

Tokens (8 h):
  cru         ${tokens.cru}
  ap-manager  ${tokens["ap-manager"]}   (premises ldn-camberwell)
  admin       ${tokens.admin}

Try:
  curl -s ${runtime.url}/premises -H "authorization: Bearer $(npm run --silent token -- --role cru)"

Ctrl-C stops everything.
`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping`);
  await runtime.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
