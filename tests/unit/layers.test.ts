import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * The import rules of shared/design/layers.md, checked by dependency-cruiser in `npm test`
 * as well as `npm run lint`, so that CI refuses a wrong import.
 */
describe("layers", () => {
  it("has no import that crosses a layer the wrong way", () => {
    const out = execFileSync(
      "npx",
      [
        "depcruise",
        "shared",
        "functions",
        "infra",
        "--config",
        ".dependency-cruiser.cjs",
        "--output-type",
        "json",
      ],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    const result = JSON.parse(out) as {
      summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number };
    };
    expect(result.summary.totalCruised).toBeGreaterThan(50);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  }, 120_000);
});
