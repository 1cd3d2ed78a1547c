import { describe, expect, it } from "vitest";
import { type BedOptionData, bedOptionsPage } from "../../../shared/web/view-models/cru-bed-options.js";

const referral = {
  referralId: "r1",
  person: { crn: "A123456", name: "Sam Smith", dateOfBirth: "1990-01-01", gender: "male" as const },
  expectedArrivalDate: "2027-01-10",
  expectedDepartureDate: "2027-04-04",
};

const options: BedOptionData[] = [
  {
    premisesId: "ldn-camberwell",
    bedId: "2",
    fit: "exact",
    arrivalDate: "2027-01-10",
    departureDate: "2027-04-04",
    reasons: ["preferred premises", "free nights left: open before, 3 after"],
    allocatable: true,
  },
  {
    premisesId: "ldn-ealing",
    bedId: "1",
    fit: "buffer-override",
    arrivalDate: "2027-01-10",
    departureDate: "2027-04-04",
    reasons: [
      "needs a recorded buffer override: arrives within the buffer after booking B9 departs (2027-01-09 to 2027-01-10)",
    ],
    allocatable: true,
  },
  {
    premisesId: "ldn-ealing",
    bedId: "4",
    fit: "near-miss",
    arrivalDate: "2027-01-13",
    departureDate: "2027-04-07",
    reasons: [
      "fits if arrival moves 3 days later, to 2027-01-13",
      "the asked-for dates clash with: occupied 2026-12-01 to 2027-01-10",
    ],
    allocatable: true,
    stayReduction: {
      bookingId: "B7",
      currentDepartureDate: "2027-01-11",
      newDepartureDate: "2027-01-08",
      nightsShorter: 3,
    },
  },
  {
    premisesId: "unknown-ap",
    bedId: "9",
    fit: "near-miss",
    arrivalDate: "2027-01-10",
    departureDate: "2027-04-04",
    reasons: [
      "fits the asked-for dates if booking B8 departs 12 nights earlier, on 2027-01-08: a stay reduction the AP manager decides",
    ],
    allocatable: false,
    stayReduction: {
      bookingId: "B8",
      currentDepartureDate: "2027-01-20",
      newDepartureDate: "2027-01-08",
      nightsShorter: 12,
    },
  },
];

const page = bedOptionsPage({
  referral,
  options,
  premises: new Map([
    ["ldn-camberwell", { name: "Camberwell Road AP" }],
    ["ldn-ealing", { name: "Ealing AP" }],
  ]),
  allocateHref: (o) => `/allocate?bed=${o.premisesId}/${o.bedId}&arrival=${o.arrivalDate}`,
  stayReductionHref: (o) => `/reduce/${o.stayReduction.bookingId}?to=${o.stayReduction.newDepartureDate}`,
});

describe("bed options page", () => {
  it("groups options as exact fits, buffer overrides and near misses, each group explained", () => {
    expect(page.title).toBe("Bed options – A123456 – Approved Premises");
    expect(page.asked).toEqual({ dates: "10 Jan 2027 to 4 Apr 2027 (84 nights)", nights: 84 });
    expect(page.groups.map((g) => [g.heading, g.options.map((o) => `${o.premisesName}/${o.bedId}`)])).toEqual(
      [
        ["Exact fit", ["Camberwell Road AP/2"]],
        ["Needs a buffer override", ["Ealing AP/1"]],
        ["Near miss", ["Ealing AP/4", "unknown-ap/9"]],
      ],
    );
    expect(page.groups[1]?.description).toMatch(/needs a reason/);
    expect(page.total).toBe(4);
  });

  it("words the search's reasons as sentences with GOV.UK dates", () => {
    const [exact] = page.groups[0]!.options;
    expect(exact).toEqual({
      premisesName: "Camberwell Road AP",
      bedId: "2",
      dates: "10 Jan 2027 to 4 Apr 2027 (84 nights)",
      reasons: ["Preferred premises", "Free nights left: open before, 3 after"],
      allocateHref: "/allocate?bed=ldn-camberwell/2&arrival=2027-01-10",
      needsOverrideReason: false,
      riskBreaches: [],
      needsRiskMixReason: false,
    });
    const [override] = page.groups[1]!.options;
    expect(override?.needsOverrideReason).toBe(true);
    expect(override?.reasons[0]).toBe(
      "Needs a recorded buffer override: arrives within the buffer after booking B9 departs (9 January 2027 to 10 January 2027)",
    );
  });

  it("says when a near miss changes the dates, and offers the stay reduction that would free the asked-for nights", () => {
    const [shifted, reductionOnly] = page.groups[2]!.options;
    expect(shifted?.changedDates).toBe("Not the dates asked for (10 Jan 2027 to 4 Apr 2027 (84 nights))");
    expect(shifted?.dates).toBe("13 Jan 2027 to 7 Apr 2027 (84 nights)");
    expect(shifted?.reasons).toEqual([
      "Fits if arrival moves 3 days later, to 13 January 2027",
      "The asked-for dates clash with: occupied 1 December 2026 to 10 January 2027",
    ]);
    expect(shifted?.allocateHref).toBe("/allocate?bed=ldn-ealing/4&arrival=2027-01-13");
    expect(shifted?.stayReduction).toEqual({
      href: "/reduce/B7?to=2027-01-08",
      text: "Request a stay reduction: the resident in bed 4 leaves on 8 January 2027 instead of 11 January 2027",
    });
    // Fits only once the reduction is approved: nothing to allocate yet.
    expect(reductionOnly?.allocateHref).toBeUndefined();
    expect(reductionOnly?.changedDates).toBeUndefined();
    expect(reductionOnly?.stayReduction?.href).toBe("/reduce/B8?to=2027-01-08");
  });
});
