import { describe, expect, it } from "vitest";
import { seedDemoData } from "../../infra/local/seed.js";
import { useLocalApi } from "../support/local-api.js";

process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";

const api = useLocalApi();

// Issue #12 item 9: a client that created its own premises before the seed ran found a demo
// resident booked into it. The seed books only into the demo premises.
describe("the demo seed", () => {
  it("books only into the demo premises, never into a premises a client created first", async () => {
    const every = {
      area: "london",
      gender: "male",
      bufferDays: 0,
      characteristics: [
        "accepts-sex-offenders",
        "accepts-hate-crime",
        "accepts-child-offences",
        "catered",
        "lift",
      ],
    };
    // Preferred by no demo referral, but in their area with a free, suitable bed for each of them.
    for (const premisesId of ["aa-client-one", "zz-client-two"]) {
      const made = await api.call("POST", "/premises", {
        as: { role: "admin" },
        body: {
          premisesId,
          name: "A client's own AP",
          ...every,
          beds: Array.from({ length: 8 }, (_, i) => ({
            bedId: `c${i}`,
            room: String(i),
            characteristics: [
              "single-room",
              "en-suite",
              "step-free",
              "wheelchair-accessible",
              "ground-floor",
              "arson-suitable",
              "sexual-offence-suitable",
            ],
          })),
        },
      });
      expect(made.status).toBe(201);
    }
    const lines: string[] = [];
    await seedDemoData(api.url, (l) => lines.push(l));
    const seeded = lines.find((l) => l.startsWith("seeded ") && l.includes("bookings"));
    expect(seeded).toMatch(/^seeded [1-9]\d* bookings/);
    for (const premisesId of ["aa-client-one", "zz-client-two"]) {
      const res = await api.call("GET", `/premises/${premisesId}/bookings`, { as: { role: "cru" } });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
  });
});
