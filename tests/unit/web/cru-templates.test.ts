import { describe, expect, it } from "vitest";
import { NO_ERRORS } from "../../../shared/web/error-summary.js";
import { render } from "../../../shared/web/render.js";
import { newSession } from "../../../shared/web/session.js";
import { bedOptionsPage } from "../../../shared/web/view-models/cru-bed-options.js";
import {
  concernAnswers,
  concernPage,
  occupancyPage,
  referralPage,
  withdrawalAnswers,
} from "../../../shared/web/view-models/cru-pages.js";
import { queueFilterOf, queuePage } from "../../../shared/web/view-models/cru-queue.js";
import { layoutModel } from "../../../shared/web/view-models/layout.js";
import { referralFormPage } from "../../../shared/web/view-models/referral-form.js";

/** Every CRU template renders its view model (a template error would be a 500 page in the browser). */
const layout = () => ({
  ...layoutModel({
    session: newSession(),
    principal: { sub: "c", username: "casey", roles: ["cru"], premises: [] },
    title: ["x"],
  }),
  errors: NO_ERRORS,
});

const referral = {
  referralId: "r1",
  status: "allocated" as const,
  person: { crn: "X123456", name: "Sam Smith", dateOfBirth: "1990-01-01", gender: "male" as const },
  riskOfSeriousHarm: "high" as const,
  releaseType: "licence" as const,
  earlyRelease: false,
  expectedArrivalDate: "2026-12-04",
  expectedDepartureDate: "2027-02-26",
  area: "london" as const,
  preferredPremisesIds: [],
  requiredCharacteristics: [],
  homelessIfNotPlaced: true,
  noticeType: "standard" as const,
  noticeDays: 30,
  submittedAt: "2026-12-01T10:00:00.000Z",
  submittedBy: "cru",
  version: 1,
  updatedAt: "2026-12-01T10:00:00.000Z",
  placement: {
    premisesId: "p1",
    bedId: "1",
    bookingId: "B1",
    arrivalDate: "2026-12-04",
    departureDate: "2027-02-26",
    allocatedAt: "2026-12-01T10:00:00.000Z",
    allocatedBy: "cru",
    review: {
      decision: "concern" as const,
      reasons: ["other" as const],
      note: "n",
      by: "m",
      at: "2026-12-01T10:00:00.000Z",
    },
  },
};

describe("CRU templates", () => {
  it("render the referral page with its MoJ timeline", () => {
    const html = render("pages/cru/referral.njk", {
      ...layout(),
      ...referralPage(
        {
          ...referral,
          history: [{ at: "2026-12-01T10:00:00.000Z", actor: "cru", action: "referral.submitted" }],
        },
        new Map(),
      ),
    });
    expect(html).toContain("moj-timeline");
    expect(html).toContain("Referral submitted");
    expect(html).toContain("1 December 2026 at 10:00am");
  });

  it("render the queue's rows (the page model's table, not a macro of the same name)", () => {
    const html = render("pages/cru/queue.njk", {
      ...layout(),
      ...queuePage({
        filter: queueFilterOf({ tab: "concerns" }),
        page: { items: [referral] },
        today: "2026-12-01",
        now: new Date(),
        premisesNames: new Map(),
        basePath: "/cru/referrals",
        referralHref: (id) => `/r/${id}`,
        concernHref: (id) => `/c/${id}`,
      }),
    });
    expect(html).toContain("X123456");
    expect(html).toContain("Answer concern");
    expect(html).not.toContain('data-testid="queue-empty"');
  });

  it("render the queue, bed options, referral form, concern, check and occupancy pages", () => {
    const pages: [string, Record<string, unknown>][] = [
      [
        "pages/cru/queue.njk",
        queuePage({
          filter: queueFilterOf({ tab: "concerns" }),
          page: { items: [referral] },
          today: "2026-12-01",
          now: new Date(),
          premisesNames: new Map(),
          basePath: "/cru/referrals",
          referralHref: (id) => `/r/${id}`,
          concernHref: (id) => `/c/${id}`,
        }) as never,
      ],
      [
        "pages/cru/bed-options.njk",
        bedOptionsPage({
          referral,
          options: [
            {
              premisesId: "p1",
              bedId: "1",
              fit: "exact",
              arrivalDate: "2026-12-04",
              departureDate: "2027-02-26",
              reasons: ["preferred premises"],
            },
          ],
          premises: new Map([["p1", { name: "P1 AP" }]]),
          riskMix: [
            {
              premisesId: "p1",
              arrivalDate: "2026-12-04",
              departureDate: "2027-02-26",
              nights: [],
              peak: {
                residents: 0,
                rosh: { low: 0, medium: 0, high: 0, veryHigh: 0 },
                mappa: { level1: 0, level2: 0, level3: 0 },
              },
              breaches: [
                { limit: "veryHighRosh", max: 1, peak: 2, startDate: "2026-12-04", endDate: "2026-12-05" },
              ],
            },
          ],
          allocateHref: () => "/a",
          stayReductionHref: () => "/s",
        }) as never,
      ],
      ["pages/cru/new-referral.njk", { ...referralFormPage({ premises: [] }), formToken: "t", action: "/n" }],
      [
        "pages/cru/concern.njk",
        concernPage({
          booking: {
            ...referral.placement,
            person: referral.person,
            placementReview: referral.placement.review,
          },
          premisesName: "P1",
          values: { action: "", note: "" },
        }) as never,
      ],
      [
        "pages/cru/concern-check.njk",
        { answers: concernAnswers({ action: "reallocate", note: "n" }), caption: "c" },
      ],
      ["pages/cru/withdraw-check.njk", { referral, answers: withdrawalAnswers({ reason: "duplicate" }) }],
      [
        "pages/cru/occupancy.njk",
        { ...occupancyPage({ date: "2026-12-01", area: "", items: [] }), dateValues: {} },
      ],
    ];
    for (const [template, model] of pages) {
      const html = render(template, { ...layout(), ...model });
      expect(html, template).toContain("<h1");
    }
  });
});
