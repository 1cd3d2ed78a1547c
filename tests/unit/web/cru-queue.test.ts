import { describe, expect, it } from "vitest";
import type { Referral } from "../../../shared/schemas/referrals.js";
import {
  deadlineOf,
  QUEUE_TABS,
  type QueueReferral,
  queueFilterOf,
  queuePage,
  queueQueryOf,
} from "../../../shared/web/view-models/cru-queue.js";

const referral = (over: Partial<QueueReferral> = {}): QueueReferral => ({
  referralId: "r1",
  status: "submitted",
  person: { crn: "X123456", name: "Sam Smith", dateOfBirth: "1990-01-01", gender: "male" },
  riskOfSeriousHarm: "high",
  releaseType: "ecsl",
  earlyRelease: true,
  expectedArrivalDate: "2026-12-04",
  expectedDepartureDate: "2027-02-26",
  area: "london",
  preferredPremisesIds: [],
  requiredCharacteristics: [],
  homelessIfNotPlaced: true,
  noticeType: "emergency",
  noticeDays: 3,
  // Tuesday 1 December 2026, 10:00 London (GMT).
  submittedAt: "2026-12-01T10:00:00.000Z",
  submittedBy: "cru-user",
  version: 1,
  updatedAt: "2026-12-01T10:00:00.000Z",
  ...over,
});

const base = {
  today: "2026-12-01",
  now: new Date("2026-12-01T11:00:00Z"),
  premisesNames: new Map([["ldn-camberwell", "Camberwell Road AP"]]),
  basePath: "/cru/referrals",
  referralHref: (id: string) => `/cru/referrals/${id}`,
};

describe("CRU queue rows", () => {
  it("show notice as a tag with its days, days to arrival, and the deadline to place by", () => {
    const page = queuePage({
      ...base,
      filter: queueFilterOf({}),
      page: {
        items: [
          referral(),
          referral({
            referralId: "r2",
            noticeType: "standard",
            noticeDays: 40,
            earlyRelease: false,
            expectedArrivalDate: "2027-01-10",
            // Friday 27 November, 14:00: after 13:00, so counted from Monday 30 November; +10 working days.
            submittedAt: "2026-11-27T14:00:00.000Z",
          }),
          referral({
            referralId: "r3",
            expectedArrivalDate: "2026-11-29",
            submittedAt: "2026-11-20T09:00:00Z",
          }),
        ],
      },
    });
    expect(page.title).toBe("To place – Referrals – Approved Premises");
    expect(page.table.head).toEqual([
      "Person",
      "Notice",
      "Expected arrival",
      "Place by",
      "Risk of serious harm",
      "Area",
    ]);
    const [first, second, third] = page.table.rows;
    expect(first).toEqual([
      { text: "Sam Smith", href: "/cru/referrals/r1", secondary: "X123456" },
      {
        text: "",
        tag: { text: "Emergency", classes: "govuk-tag--red" },
        secondary: "3 days' notice, early release",
      },
      { text: "4 Dec 2026", secondary: "In 3 days" },
      { text: "1 December 2026 at 12:00pm" },
      { text: "High" },
      { text: "London" },
    ]);
    expect(second?.[1]).toEqual({
      text: "",
      tag: { text: "Standard", classes: "govuk-tag--grey" },
      secondary: "40 days' notice",
    });
    expect(second?.[3]).toEqual({ text: "14 Dec 2026" });
    // Arrival already passed and the 2-hour emergency deadline long gone.
    expect(third?.[2]).toEqual({
      text: "29 Nov 2026",
      secondary: "2 days ago",
      tag: { text: "Arrival passed", classes: "govuk-tag--red" },
    });
    expect(third?.[3]?.tag).toEqual({ text: "Overdue", classes: "govuk-tag--red" });
  });

  it("prefers the deadline a referral carries, and gives none once it is placed", () => {
    expect(deadlineOf(referral({ placementDeadline: "2026-12-09T23:59:59.999Z" }))?.toISOString()).toBe(
      "2026-12-09T23:59:59.999Z",
    );
    expect(deadlineOf(referral({ status: "allocated" }))).toBeUndefined();
  });

  it("lists placements on the allocated tab and the withdrawal reason on the unable to place tab", () => {
    const allocated = queuePage({
      ...base,
      filter: queueFilterOf({ tab: "allocated" }),
      page: {
        items: [
          referral({
            status: "allocated",
            placement: {
              premisesId: "ldn-camberwell",
              bedId: "3",
              bookingId: "b1",
              arrivalDate: "2026-12-05",
              departureDate: "2027-02-27",
              allocatedAt: "2026-12-01T10:30:00Z",
              allocatedBy: "cru-user",
            },
          }),
        ],
      },
    });
    expect(allocated.table.rows[0]?.slice(2, 4)).toEqual([
      { text: "5 Dec 2026", secondary: "In 4 days" },
      { text: "Camberwell Road AP", secondary: "Bed 3" },
    ]);
    const withdrawn = queuePage({
      ...base,
      filter: queueFilterOf({ tab: "unable-to-place" }),
      page: {
        items: [
          referral({
            status: "withdrawn",
            withdrawal: { reason: "no-capacity", at: "2026-11-30T23:30:00Z", by: "cru-user" },
          }),
        ],
      },
    });
    expect(withdrawn.title).toBe("Unable to place – Referrals – Approved Premises");
    // 23:30 UTC on 30 November is still 30 November in London (GMT).
    expect(withdrawn.table.rows[0]?.slice(3)).toEqual([{ text: "No capacity" }, { text: "30 Nov 2026" }]);
  });
});

describe("CRU queue filter", () => {
  it("asks GET /referrals for the tab's status, the filters and the cursor, through the API's query schema", () => {
    const filter = queueFilterOf({
      tab: "allocated",
      area: "wales",
      noticeType: "short-notice",
      "arrivalFrom-day": "1",
      "arrivalFrom-month": "12",
      "arrivalFrom-year": "2026",
      cursor: "abc",
    });
    expect(queueQueryOf(filter)).toEqual({
      ok: true,
      query: {
        status: "allocated",
        area: "wales",
        noticeType: "short-notice",
        arrivalFrom: "2026-12-01",
        sort: "arrival",
        limit: 25,
        cursor: "abc",
      },
    });
    const bad = queueQueryOf(
      queueFilterOf({ area: "atlantis", "arrivalTo-day": "31", "arrivalTo-month": "2" }),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const page = queuePage({ ...base, filter: queueFilterOf({}), invalid: bad.invalid });
    expect(page.errors.summary.map((e) => e.href)).toEqual(["#area", "#arrivalTo-day"]);
    expect(page.errors.fields.arrivalTo?.text).toBe("Arriving to is not a real calendar date");
    expect(page.title).toMatch(/^Error: /);
  });

  it("keeps the filter on tab and next-page links, and offers the first page once paged", () => {
    const filter = queueFilterOf({ tab: "to-place", area: "london", cursor: "page2" });
    const page = queuePage({ ...base, filter, page: { items: [], nextCursor: "page3" } });
    expect(page.tabs.map((t) => [t.text, t.href, t.active])).toEqual([
      ["To place", "/cru/referrals?tab=to-place&area=london", true],
      ["Allocated", "/cru/referrals?tab=allocated&area=london", false],
      ["Unable to place", "/cru/referrals?tab=unable-to-place&area=london", false],
      ["Concerns", "/cru/referrals?tab=concerns&area=london", false],
      ["Unreviewed, arriving within 2 days", "/cru/referrals?tab=unreviewed&area=london", false],
    ]);
    expect(page.pagination).toEqual({
      firstHref: "/cru/referrals?tab=to-place&area=london",
      nextHref: "/cru/referrals?tab=to-place&area=london&cursor=page3",
    });
    expect(page.empty).toBe("No referrals match these filters.");
    expect(page.filter.areas.find((a) => a.selected)?.text).toBe("London");
    expect(QUEUE_TABS.map((t) => t.status)).toEqual([
      "submitted",
      "allocated",
      "withdrawn",
      "allocated",
      "allocated",
    ] satisfies Referral["status"][]);
  });
});
