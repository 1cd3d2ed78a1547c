import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysBetween, londonDateOf, startOfLondonDay } from "../../shared/domain/dates.js";
import { countedFrom, placementDeadline } from "../../shared/domain/placement-deadline.js";
import { isWorkingDay } from "../../shared/domain/working-days.js";

const at = (iso: string) => new Date(iso);

describe("CRU placement deadline", () => {
  it("gives an emergency two hours, whatever the day", () => {
    expect(placementDeadline(at("2026-12-05T22:30:00Z"), "emergency").toISOString()).toBe(
      "2026-12-06T00:30:00.000Z",
    );
  });

  it.each([
    // [label, requested at (UTC), notice, deadline (UTC)]
    ["Tuesday morning, GMT", "2026-12-01T10:00:00Z", "short-notice", "2026-12-08T23:59:59.999Z"],
    [
      "Tuesday 13:00 exactly counts that day",
      "2026-12-01T13:00:00Z",
      "short-notice",
      "2026-12-08T23:59:59.999Z",
    ],
    [
      "Tuesday after 13:00 counts from Wednesday",
      "2026-12-01T13:00:01Z",
      "short-notice",
      "2026-12-09T23:59:59.999Z",
    ],
    ["Saturday counts from Monday", "2026-12-05T09:00:00Z", "short-notice", "2026-12-14T23:59:59.999Z"],
    ["over Christmas and New Year", "2026-12-23T10:00:00Z", "standard", "2027-01-11T23:59:59.999Z"],
    // 12:30 BST is 11:30 UTC: before the cut-off in London although UTC reads earlier anyway.
    ["BST morning", "2026-06-02T11:30:00Z", "short-notice", "2026-06-09T22:59:59.999Z"],
    // 13:30 BST is 12:30 UTC: after the London cut-off although before 13:00 UTC.
    [
      "BST after 13:00 London but before 13:00 UTC",
      "2026-06-02T12:30:00Z",
      "short-notice",
      "2026-06-10T22:59:59.999Z",
    ],
    // Deadline day in GMT, request in BST: the end of day moves with the clocks.
    [
      "across the change to GMT (25 Oct 2026)",
      "2026-10-20T09:00:00Z",
      "standard",
      "2026-11-03T23:59:59.999Z",
    ],
    [
      "across the change to BST (29 Mar 2026)",
      "2026-03-23T09:00:00Z",
      "short-notice",
      "2026-03-30T22:59:59.999Z",
    ],
    ["over Easter 2027", "2027-03-24T09:00:00Z", "short-notice", "2027-04-02T22:59:59.999Z"],
  ])("%s", (_label, requested, notice, deadline) => {
    expect(placementDeadline(at(requested), notice as "standard").toISOString()).toBe(deadline);
  });

  it("a London midnight is found on both clock-change days", () => {
    expect(startOfLondonDay("2026-03-29").toISOString()).toBe("2026-03-29T00:00:00.000Z");
    expect(startOfLondonDay("2026-03-30").toISOString()).toBe("2026-03-29T23:00:00.000Z");
    expect(startOfLondonDay("2026-10-25").toISOString()).toBe("2026-10-24T23:00:00.000Z");
    expect(startOfLondonDay("2026-10-26").toISOString()).toBe("2026-10-26T00:00:00.000Z");
  });

  it("a working-day deadline is always the end of a working day after the request, 5 or 10 working days on (property)", () => {
    const from = Date.parse("2024-01-01T00:00:00Z");
    const to = Date.parse("2029-11-30T00:00:00Z");
    fc.assert(
      fc.property(
        fc.integer({ min: from, max: to }),
        fc.constantFrom("short-notice" as const, "standard" as const),
        (ms, notice) => {
          const requested = new Date(ms);
          const deadline = placementDeadline(requested, notice);
          const day = londonDateOf(deadline);
          expect(deadline.getTime()).toBeGreaterThan(requested.getTime());
          expect(isWorkingDay(day)).toBe(true);
          // The last millisecond of its London day.
          expect(londonDateOf(new Date(deadline.getTime() + 1))).not.toBe(day);
          const start = countedFrom(requested);
          expect(isWorkingDay(start)).toBe(true);
          expect(start >= londonDateOf(requested)).toBe(true);
          let working = 0;
          for (let i = 1; i <= daysBetween(start, day); i++) {
            const d = new Date(Date.parse(`${start}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
            if (isWorkingDay(d)) working++;
          }
          expect(working).toBe(notice === "standard" ? 10 : 5);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("an emergency deadline is exactly two hours on (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("2024-01-01"), max: Date.parse("2029-12-01") }), (ms) => {
        expect(placementDeadline(new Date(ms), "emergency").getTime() - ms).toBe(7_200_000);
      }),
    );
  });
});
