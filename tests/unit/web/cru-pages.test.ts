import { describe, expect, it } from "vitest";
import type { RiskMixBody } from "../../../shared/schemas/pre-arrival.js";
import type { Referral } from "../../../shared/schemas/referrals.js";
import { bedOptionsPage } from "../../../shared/web/view-models/cru-bed-options.js";
import {
  concernAnswers,
  concernPage,
  occupancyPage,
  referralPage,
  reviewRows,
  withdrawalAnswers,
} from "../../../shared/web/view-models/cru-pages.js";
import { queueFilterOf, queuePage, queueQueryOf } from "../../../shared/web/view-models/cru-queue.js";
import { riskMixView } from "../../../shared/web/view-models/cru-risk-mix.js";

const referral = (over: Partial<Referral> = {}): Referral => ({
  referralId: "r1",
  status: "submitted",
  person: { crn: "X123456", name: "Sam Smith", dateOfBirth: "1990-01-01", gender: "male" },
  riskOfSeriousHarm: "very-high",
  mappaLevel: 3,
  releaseType: "ecsl",
  earlyRelease: true,
  expectedArrivalDate: "2026-12-04",
  expectedDepartureDate: "2027-02-26",
  area: "london",
  preferredPremisesIds: ["ldn-camberwell"],
  requiredCharacteristics: ["step-free"],
  homelessIfNotPlaced: true,
  noticeType: "short-notice",
  noticeDays: 3,
  submittedAt: "2026-12-01T10:00:00.000Z",
  submittedBy: "cru-user",
  version: 1,
  updatedAt: "2026-12-01T10:00:00.000Z",
  ...over,
});

const concern = {
  decision: "concern" as const,
  reasons: ["risk-mix" as const, "victim-or-associates-nearby" as const],
  note: "Two very high RoSH residents already",
  by: "sam",
  at: "2026-12-01T12:30:00.000Z",
};

const placed = (review?: typeof concern & { response?: unknown }) =>
  referral({
    status: "allocated",
    placement: {
      premisesId: "ldn-camberwell",
      bedId: "3",
      bookingId: "B1",
      arrivalDate: "2026-12-04",
      departureDate: "2027-02-26",
      allocatedAt: "2026-12-01T11:00:00.000Z",
      allocatedBy: "cru-user",
      readiness: "compressed",
      ...(review ? { review: review as never } : {}),
    },
  });

const names = new Map([["ldn-camberwell", "Camberwell Road AP"]]);

describe("referral page", () => {
  it("shows the person, the referral in the vocabulary's words, the history newest first and what CRU may do", () => {
    const page = referralPage(
      {
        ...referral(),
        history: [
          { at: "2026-12-01T10:00:00.000Z", actor: "cru-user", action: "referral.submitted" },
          { at: "2026-12-01T11:00:00.000Z", actor: "cru-user", action: "referral.allocated" },
        ],
      },
      names,
    );
    expect(page.title).toBe("Referral – X123456 – Approved Premises");
    expect(page.status.text).toBe("Submitted");
    const value = (key: string) => page.referral.find((r) => r.key.text === key)?.value.text;
    expect(value("Risk of serious harm")).toBe("Very high");
    expect(value("MAPPA level")).toBe("Level 3");
    expect(value("Notice")).toBe("Short notice (3 days)");
    expect(value("Expected arrival")).toBe("4 December 2026");
    expect(value("Preferred premises")).toBe("Camberwell Road AP");
    expect(page.timeline.map((t) => t.label.text)).toEqual(["Bed allocated", "Referral submitted"]);
    expect(page.actions.map((a) => a.text)).toEqual([
      "Find a bed",
      "Change referral details",
      "Withdraw referral",
    ]);
  });

  it("offers an answer to an open concern, with the manager's reasons and note on the placement", () => {
    const page = referralPage({ ...placed(concern), history: [] }, names);
    expect(page.actions).toEqual([
      { text: "Answer the concern", href: "/cru/bookings/B1/concern" },
      { text: "Change referral details", href: "/cru/referrals/r1/change", secondary: true },
      { text: "Withdraw referral", href: "/cru/referrals/r1/withdraw", secondary: true },
    ]);
    const value = (key: string) => page.placement.find((r) => r.key.text === key)?.value.text;
    expect(value("Premises")).toBe("Camberwell Road AP");
    expect(value("Pre-arrival readiness")).toBe("Compressed (short notice)");
    expect(value("AP manager's review")).toBe(
      "Concern: Risk mix with current residents, Victim or known associates nearby",
    );
    expect(value("Manager's note")).toBe("Two very high RoSH residents already");
    // Answered: no action any more, and the CRU's answer is shown.
    const answered = referralPage(
      {
        ...placed({
          ...concern,
          response: { action: "keep", note: "Agreed with the AP", by: "cru", at: concern.at },
        }),
        history: [],
      },
      names,
    );
    expect(answered.actions.map((a) => a.text)).toEqual(["Change referral details", "Withdraw referral"]);
    expect(answered.placement.find((r) => r.key.text === "CRU's answer")?.value.text).toBe(
      "Keep the placement",
    );
  });

  it("says when nobody has reviewed a placement yet", () => {
    expect(reviewRows(undefined)).toEqual([
      { key: { text: "AP manager's review" }, value: { text: "Not reviewed yet" } },
    ]);
  });
});

describe("placement concern answer", () => {
  const booking = {
    bookingId: "B1",
    person: { crn: "X123456", name: "Sam Smith", dateOfBirth: "1990-01-01", gender: "male" as const },
    bedId: "3",
    arrivalDate: "2026-12-04",
    departureDate: "2027-02-26",
    placementReview: concern,
  };

  it("offers keep or reallocate, each explained, with the choice kept", () => {
    const page = concernPage({
      booking,
      premisesName: "Camberwell Road AP",
      values: { action: "reallocate", note: "x" },
    });
    expect(page.title).toBe("Answer the placement concern – X123456 – Approved Premises");
    expect(page.open).toBe(true);
    expect(page.actions.map((a) => [a.value, a.text, a.checked])).toEqual([
      ["keep", "Keep the placement", false],
      ["reallocate", "Cancel the booking and find another bed", true],
    ]);
    expect(page.actions[1]?.hint.text).toMatch(/back to the queue/);
  });

  it("is closed once answered", () => {
    const page = concernPage({
      booking: {
        ...booking,
        placementReview: { ...concern, response: { action: "keep", note: "n", by: "c", at: concern.at } },
      },
      premisesName: "Camberwell Road AP",
      values: { action: "", note: "" },
    });
    expect(page.open).toBe(false);
  });

  it("checks the answer in words before a booking is cancelled", () => {
    expect(concernAnswers({ action: "reallocate", note: "Move to Ealing" })).toEqual([
      { key: { text: "Answer" }, value: { text: "Cancel the booking and find another bed" } },
      { key: { text: "Note" }, value: { text: "Move to Ealing" } },
    ]);
    expect(withdrawalAnswers({ reason: "duplicate" })[1]?.value.text).toBe("None");
  });
});

describe("CRU queue: the placement review tabs", () => {
  const base = {
    today: "2026-12-01",
    now: new Date("2026-12-01T13:00:00Z"),
    premisesNames: names,
    basePath: "/cru/referrals",
    referralHref: (id: string) => `/cru/referrals/${id}`,
    concernHref: (id: string) => `/cru/bookings/${id}/concern`,
  };

  it("asks the API for the concern view (no status, area or notice) and keeps the arrival window", () => {
    const q = queueQueryOf(
      queueFilterOf({
        tab: "concerns",
        area: "london",
        "arrivalFrom-day": "1",
        "arrivalFrom-month": "12",
        "arrivalFrom-year": "2026",
      }),
    );
    expect(q).toEqual({
      ok: true,
      query: { review: "concern", arrivalFrom: "2026-12-01", sort: "arrival", limit: 25 },
    });
    const unreviewed = queueQueryOf(queueFilterOf({ tab: "unreviewed", "arrivalFrom-day": "1" }));
    expect(unreviewed).toEqual({
      ok: true,
      query: { review: "unreviewed-soon", sort: "arrival", limit: 25 },
    });
  });

  it("lists each concern with the manager's reasons and note and a link to answer it, narrowed by area", () => {
    const page = queuePage({
      ...base,
      filter: queueFilterOf({ tab: "concerns", area: "london" }),
      page: { items: [placed(concern), { ...placed(concern), referralId: "r2", area: "wales" }] },
    });
    expect(page.title).toBe("Concerns – Referrals – Approved Premises");
    expect(page.table.head).toEqual(["Person", "Notice", "Arrival", "Premises and bed", "Concern", "Action"]);
    expect(page.table.rows).toHaveLength(1);
    const row = page.table.rows[0]!;
    expect(row[2]).toEqual({ text: "4 Dec 2026", secondary: "In 3 days" });
    expect(row[3]).toEqual({ text: "Camberwell Road AP", secondary: "Bed 3" });
    expect(row[4]).toEqual({
      text: "Risk mix with current residents, Victim or known associates nearby",
      secondary: "“Two very high RoSH residents already” – sam, 1 December 2026 at 12:30pm",
    });
    expect(row[5]).toMatchObject({ text: "Answer concern", href: "/cru/bookings/B1/concern" });
  });

  it("shows unreviewed placements with their pre-arrival readiness", () => {
    const page = queuePage({
      ...base,
      filter: queueFilterOf({ tab: "unreviewed" }),
      page: { items: [placed()] },
    });
    expect(page.table.rows[0]?.[4]).toEqual({ text: "Compressed (short notice)" });
    const empty = queuePage({ ...base, filter: queueFilterOf({ tab: "unreviewed" }), page: { items: [] } });
    expect(empty.empty).toBe("No referrals arriving within 2 days are unreviewed.");
  });
});

const mix: RiskMixBody = {
  premisesId: "ldn-camberwell",
  arrivalDate: "2026-12-04",
  departureDate: "2026-12-10",
  nights: [
    {
      startDate: "2026-12-04",
      endDate: "2026-12-06",
      residents: 5,
      rosh: { low: 1, medium: 1, high: 1, veryHigh: 2 },
      mappa: { level1: 0, level2: 1, level3: 1 },
    },
    {
      startDate: "2026-12-07",
      endDate: "2026-12-07",
      residents: 4,
      rosh: { low: 1, medium: 1, high: 1, veryHigh: 1 },
      mappa: { level1: 0, level2: 1, level3: 0 },
    },
  ],
  peak: {
    residents: 5,
    rosh: { low: 1, medium: 1, high: 1, veryHigh: 2 },
    mappa: { level1: 0, level2: 1, level3: 1 },
  },
  limits: { veryHighRosh: 2 },
  breaches: [{ limit: "veryHighRosh", max: 2, peak: 3, startDate: "2026-12-04", endDate: "2026-12-06" }],
};

describe("risk mix per night", () => {
  it("is a row per run of nights, with the limits and what this person would exceed", () => {
    const view = riskMixView(mix, "Camberwell Road AP");
    expect(view.head[0]).toBe("Nights");
    expect(view.rows.map((r) => r.map((c) => c.text))).toEqual([
      ["4 Dec 2026 to 6 Dec 2026 (3 nights)", "5", "1", "1", "1", "2", "0", "1", "1"],
      ["7 Dec 2026", "4", "1", "1", "1", "1", "0", "1", "0"],
    ]);
    expect(view.limits).toEqual(["At most 2 very high RoSH residents at once"]);
    expect(view.breaches).toEqual([
      "At most 2 very high RoSH residents at once: with this person 3, 4 Dec 2026 to 6 Dec 2026 (3 nights)",
    ]);
  });

  it("marks a bed option at a premises over its limits as needing a risk-mix reason", () => {
    const page = bedOptionsPage({
      referral: referral(),
      options: [
        {
          premisesId: "ldn-camberwell",
          bedId: "3",
          fit: "exact",
          arrivalDate: "2026-12-04",
          departureDate: "2027-02-26",
          reasons: [],
        },
      ],
      premises: new Map([["ldn-camberwell", { name: "Camberwell Road AP" }]]),
      riskMix: [mix, { ...mix, premisesId: "ldn-unused" }],
      allocateHref: () => "/allocate",
      stayReductionHref: () => "/reduce",
    });
    const [option] = page.groups[0]!.options;
    expect(option?.needsRiskMixReason).toBe(true);
    expect(option?.riskBreaches).toHaveLength(1);
    // Only premises with an option are shown.
    expect(page.riskMix.map((m) => m.premisesName)).toEqual(["Camberwell Road AP"]);
  });
});

describe("national occupancy", () => {
  it("lists premises by area then name, with totals", () => {
    const item = (name: string, area: "london" | "wales", free: number) => ({
      premisesId: name,
      name,
      area,
      beds: 10,
      occupied: 10 - free,
      buffer: 0,
      outOfService: 0,
      free,
      lowestFreeNext28: { date: "2026-12-05", count: 0 },
      openAlerts: 1,
    });
    const page = occupancyPage({
      date: "2026-12-01",
      area: "",
      items: [
        item("Zeta AP", "london", 2),
        item("Alpha AP", "wales", 3),
        item("Beta AP", "london", 1),
      ] as never,
    });
    expect(page.title).toBe("National occupancy – Approved Premises");
    expect(page.rows.map((r) => r[0]?.text)).toEqual(["Beta AP", "Zeta AP", "Alpha AP"]);
    expect(page.totals).toEqual({ beds: 30, free: 6 });
    expect(page.rows[0]?.[7]).toEqual({ text: "0", secondary: "5 Dec 2026" });
  });
});
