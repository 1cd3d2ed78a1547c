import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "../../../shared/domain/vocabulary.js";

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );

describe("audit action labels", () => {
  it("label every action the services and stores write, so no history shows a raw slug", () => {
    const written = new Set<string>();
    for (const file of [...sources("shared/services"), ...sources("shared/store")]) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(
        /action:\s*(?:[^,\n]*\?\s*)?"([a-z-]+\.[a-z-]+)"(?:\s*:\s*"([a-z-]+\.[a-z-]+)")?/g,
      )) {
        written.add(m[1]!);
        if (m[2]) written.add(m[2]);
      }
    }
    expect(written.size).toBeGreaterThan(10);
    expect([...written].filter((a) => !(a in AUDIT_ACTIONS))).toEqual([]);
  });
});
