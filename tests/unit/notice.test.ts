import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, londonDateOf } from "../../shared/domain/dates.js";
import { computeNotice, isEarlyRelease, noticeTypeFor } from "../../shared/domain/notice.js";

describe("notice", () => {
  it("uses the thresholds 7 and 28 days", () => {
    expect([0, 1, 7, 8, 28, 29, 120].map(noticeTypeFor)).toEqual([
      "emergency",
      "emergency",
      "emergency",
      "short-notice",
      "short-notice",
      "standard",
      "standard",
    ]);
  });

  it("counts from the London date of submission across the spring clock change", () => {
    // 23:30 UTC on 28 March 2026 is still 28 March in London (GMT until 01:00 UTC on the 29th).
    expect(londonDateOf(new Date("2026-03-28T23:30:00Z"))).toBe("2026-03-28");
    expect(computeNotice(new Date("2026-03-28T23:30:00Z"), "2026-04-04")).toEqual({
      noticeType: "emergency",
      noticeDays: 7,
    });
    expect(computeNotice(new Date("2026-03-28T23:30:00Z"), "2026-04-05")).toEqual({
      noticeType: "short-notice",
      noticeDays: 8,
    });
    // 23:30 UTC on 29 March is 00:30 BST on the 30th.
    expect(computeNotice(new Date("2026-03-29T23:30:00Z"), "2026-04-06")).toEqual({
      noticeType: "emergency",
      noticeDays: 7,
    });
  });

  it("counts from the next London day when a BST evening is already past midnight, across a month end", () => {
    // 23:30 UTC on 30 June is 00:30 BST on 1 July.
    expect(computeNotice(new Date("2026-06-30T23:30:00Z"), "2026-07-29")).toEqual({
      noticeType: "short-notice",
      noticeDays: 28,
    });
    expect(computeNotice(new Date("2026-06-30T22:59:00Z"), "2026-07-29")).toEqual({
      noticeType: "standard",
      noticeDays: 29,
    });
  });

  it("is unaffected by the autumn change and year end", () => {
    // 25 October 2026: clocks go back at 01:00 UTC.
    expect(computeNotice(new Date("2026-10-25T00:30:00Z"), "2026-11-01")).toEqual({
      noticeType: "emergency",
      noticeDays: 7,
    });
    expect(computeNotice(new Date("2026-10-25T23:30:00Z"), "2026-11-22")).toEqual({
      noticeType: "short-notice",
      noticeDays: 28,
    });
    expect(computeNotice(new Date("2026-12-31T23:30:00Z"), "2027-01-28")).toEqual({
      noticeType: "short-notice",
      noticeDays: 28,
    });
  });

  it("gives an arrival already past no notice rather than negative notice", () => {
    expect(computeNotice(new Date("2026-11-23T10:00:00Z"), "2026-11-20")).toEqual({
      noticeType: "emergency",
      noticeDays: 0,
    });
  });

  it("noticeDays is the London-day distance for any instant and offset (property)", () => {
    const instant = fc.date({
      min: new Date("2020-01-01T00:00:00Z"),
      max: new Date("2035-12-31T23:59:59Z"),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 800 }), (at, offset) => {
        const arrival = addDays(londonDateOf(at), offset);
        const { noticeDays, noticeType } = computeNotice(at, arrival);
        return noticeDays === offset && noticeType === noticeTypeFor(offset);
      }),
    );
  });

  it("flags ECSL and HDC as early release and nothing else", () => {
    const flagged = ["licence", "hdc", "ecsl", "parole", "recall", "pss", "bail", "community"].filter(
      isEarlyRelease,
    );
    expect(flagged).toEqual(["hdc", "ecsl"]);
  });
});
