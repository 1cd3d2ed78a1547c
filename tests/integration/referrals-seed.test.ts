import { describe, expect, it } from "vitest";
import { seedDemoData } from "../../infra/local/seed.js";
import { seedReferrals } from "../../infra/local/seed-referrals.js";
import type { Referral } from "../../shared/schemas/referrals.js";
import { useLocalApi } from "../support/local-api.js";

process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";

const api = useLocalApi();

describe("demo referrals", () => {
  it("seeds eight referrals across london, midlands and womens, and a second run adds none", async () => {
    const lines: string[] = [];
    await seedDemoData(api.url, (l) => lines.push(l));
    expect(lines).toContain("seeded 8 referrals");
    const again: string[] = [];
    await seedReferrals(
      api.url,
      (req) => api.token(req.role, req),
      (l) => again.push(l),
    );
    expect(again).toEqual(["seeded 0 referrals"]);
    const all: Referral[] = [];
    for (const area of ["london", "midlands", "womens"]) {
      const res = await api.call("GET", `/referrals?area=${area}&sort=newest`, { as: { role: "cru" } });
      expect(res.body.items.length).toBeGreaterThan(0);
      all.push(...res.body.items);
    }
    expect(all).toHaveLength(8);
    expect(new Set(all.map((r) => r.noticeType))).toEqual(new Set(["emergency", "short-notice", "standard"]));
    expect(all.filter((r) => r.releaseType === "ecsl").every((r) => r.earlyRelease)).toBe(true);
    expect(all.filter((r) => r.homelessIfNotPlaced).length).toBeGreaterThanOrEqual(3);
  });
});
