import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeRuntimeFile } from "../../infra/local/runtime-file.js";
import { useLocalApi } from "../support/local-api.js";

// Issue #12 item 10: with two instances running, `npm run nightly` used whichever had written
// .local/runtime.json last. It now runs against the instance on PORT/--port or refuses.
const api = useLocalApi();
const dir = mkdtempSync(join(tmpdir(), "ap-local-"));

function nightly(args: string[], env: Record<string, string> = {}) {
  const out = spawnSync(process.execPath, ["--import", "tsx", "infra/local/nightly.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, AP_LOCAL_DIR: dir, LOG_LEVEL: "SILENT", PORT: "", ...env },
    timeout: 120_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe("npm run nightly with more than one local instance", () => {
  it("runs against the instance on --port or PORT, and refuses a port with none, naming the others", async () => {
    const endpoint = process.env.DYNAMODB_ENDPOINT!;
    process.env.AP_LOCAL_DIR = dir;
    // Port 41001 is this file's table; port 41002 points at a table that does not exist.
    writeRuntimeFile({ port: 41001, dynamoEndpoint: endpoint, tableName: api.tableName, pid: process.pid });
    writeRuntimeFile({ port: 41002, dynamoEndpoint: endpoint, tableName: "t-missing", pid: process.pid });

    const ran = nightly(["--port", "41001", "--date", "2026-12-01"]);
    expect(ran.stderr).not.toMatch(/No local system|not running|not in the running/);
    expect(ran.status).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ date: "2026-12-01", raised: 0 });

    const other = nightly(["--date", "2026-12-01"], { PORT: "41002" });
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/Table t-missing is not in the running DynamoDB Local/);

    const none = nightly(["--port", "41003"]);
    expect(none.status).toBe(1);
    expect(none.stdout).toBe("");
    expect(none.stderr).toMatch(
      /No local system is running on port 41003; there is one on port 41001, 41002/,
    );
  }, 240_000);
});
