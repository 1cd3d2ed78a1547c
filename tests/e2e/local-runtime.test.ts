import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

function javaProcessesOnPort(port: number): number {
  try {
    const out = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    return out
      .split("\n")
      .filter((l) => l.startsWith("java") && l.includes("DynamoDBLocal.jar") && l.includes(`-port ${port}`))
      .length;
  } catch {
    return 0;
  }
}

async function startSystem(): Promise<{
  child: ChildProcess;
  url: string;
  dynamoPort: number;
  readyMs: number;
  output: () => string;
}> {
  const started = Date.now();
  const child = spawn("npx", ["tsx", "infra/local/start.ts", "--port", "0"], {
    env: { ...process.env, LOG_LEVEL: "SILENT" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so the test can signal it the way a terminal's Ctrl-C does.
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  // Generous: a loaded CI machine compiles, starts Java and seeds far slower than a laptop.
  const deadline = Date.now() + 150_000;
  while (!/API\s+http:\/\/127\.0\.0\.1:\d+/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
  const dynamoPort = Number(/DynamoDB\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1]);
  return { child, url, dynamoPort, readyMs: Date.now() - started, output: () => output };
}

async function waitFor(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return predicate();
}

describe("npm start: the embedded system", () => {
  it("comes up with demo data and tokens, and Ctrl-C stops everything, Java included", async () => {
    const sys = await startSystem();
    console.log(`npm start ready in ${sys.readyMs} ms`);
    expect(sys.output()).toMatch(/cru\s+eyJ/);
    expect(sys.output()).toMatch(/ap-manager\s+eyJ/);
    expect(sys.output()).toMatch(/admin\s+eyJ/);
    const token = /cru\s+(eyJ\S+)/.exec(sys.output())![1];
    const res = await fetch(`${sys.url}/premises`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { items: { area: string; gender: string }[] };
    expect(res.status).toBe(200);
    expect(body.items.length).toBeGreaterThanOrEqual(3);
    expect(new Set(body.items.map((p) => p.area)).size).toBeGreaterThanOrEqual(2);
    expect(body.items.some((p) => p.gender === "female")).toBe(true);
    expect(javaProcessesOnPort(sys.dynamoPort)).toBe(1);

    process.kill(-sys.child.pid!, "SIGINT");
    expect(await waitFor(() => sys.child.exitCode !== null || sys.child.signalCode !== null, 15_000)).toBe(
      true,
    );
    expect(await waitFor(() => javaProcessesOnPort(sys.dynamoPort) === 0, 10_000)).toBe(true);
  }, 200_000);

  it("leaves no Java behind even when the server is killed with SIGKILL", async () => {
    const sys = await startSystem();
    // npx → node: kill the whole tree's node processes hard, as a crash would.
    execFileSync("pkill", ["-KILL", "-f", "infra/local/start.ts --port 0"]);
    expect(await waitFor(() => javaProcessesOnPort(sys.dynamoPort) === 0, 10_000)).toBe(true);
  }, 200_000);
});
