import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Where a running `npm start` tells `npm run nightly` which DynamoDB it uses: one file per
 * HTTP port, so two instances side by side never share (or overwrite) one file.
 */
export const localDir = () => resolve(process.env.AP_LOCAL_DIR ?? ".local");

export const runtimeFileFor = (port: number) => join(localDir(), `runtime-${port}.json`);

export interface RuntimeFile {
  port: number;
  dynamoEndpoint: string;
  tableName: string;
  pid: number;
}

export function writeRuntimeFile(info: RuntimeFile): string {
  mkdirSync(localDir(), { recursive: true });
  const file = runtimeFileFor(info.port);
  writeFileSync(file, JSON.stringify(info));
  return file;
}

export function removeRuntimeFile(port: number): void {
  rmSync(runtimeFileFor(port), { force: true });
}

/** Ports with a runtime file, for telling the user which instances there are. */
export function runtimePorts(): number[] {
  if (!existsSync(localDir())) return [];
  return readdirSync(localDir())
    .map((f) => /^runtime-(\d+)\.json$/.exec(f)?.[1])
    .filter((p): p is string => p !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}
