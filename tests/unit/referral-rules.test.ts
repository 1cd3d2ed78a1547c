import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "../../shared/domain/dates.js";
import {
  defaultDeparture,
  type KnownPremises,
  MAX_STAY_NIGHTS,
  overlappingOpenReferrals,
  type ReferralDraft,
  referralProblems,
  staysOverlap,
} from "../../shared/domain/referral-rules.js";

const TODAY = "2026-11-23";
const PREMISES = new Map<string, KnownPremises | undefined>([
  ["men-1", { gender: "male" }],
  ["women-1", { gender: "female" }],
  ["gone", undefined],
]);

const draft = (extra: Partial<ReferralDraft> = {}): ReferralDraft => ({
  person: { dateOfBirth: "1980-01-01", gender: "male" },
  releaseType: "licence",
  expectedArrivalDate: "2027-01-11",
  area: "london",
  ...extra,
});

const names = (d: ReferralDraft) => referralProblems(d, TODAY, PREMISES).map((p) => p.name);

const dateArb = fc.integer({ min: 0, max: 730 }).map((offset) => addDays(TODAY, offset));

describe("referral rules", () => {
  it("accepts a sound referral and defaults the stay to 84 nights", () => {
    expect(
      names(draft({ preferredPremisesIds: ["men-1"], requiredCharacteristics: ["single-room", "catered"] })),
    ).toEqual([]);
    expect(defaultDeparture("2027-01-11")).toBe("2027-04-05");
    expect(daysBetween("2027-01-11", defaultDeparture("2027-01-11"))).toBe(84);
  });

  it("any arrival the service accepts with any later departure passes (property)", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: MAX_STAY_NIGHTS }), (arrival, nights) => {
        return (
          names(draft({ expectedArrivalDate: arrival, expectedDepartureDate: addDays(arrival, nights) }))
            .length === 0
        );
      }),
    );
  });

  it("any departure on or before arrival fails naming expectedDepartureDate (property)", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 2000 }), (arrival, back) => {
        const problems = names(
          draft({ expectedArrivalDate: arrival, expectedDepartureDate: addDays(arrival, -back) }),
        );
        return problems.length === 1 && problems[0] === "expectedDepartureDate";
      }),
    );
  });

  it("licence and HDC end dates may not be before arrival but may be on it (property)", () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: -400, max: 400 }),
        fc.constantFrom("licenceEndDate", "hdcEndDate"),
        (arrival, shift, field) => {
          const releaseType = field === "hdcEndDate" ? "hdc" : "licence";
          const problems = names(
            draft({ releaseType, expectedArrivalDate: arrival, [field]: addDays(arrival, shift) }),
          );
          return shift < 0 ? problems.join() === field : problems.length === 0;
        },
      ),
    );
  });

  it("bounds arrival to today and two years ahead, and the stay to 366 nights", () => {
    expect(names(draft({ expectedArrivalDate: TODAY }))).toEqual([]);
    expect(referralProblems(draft({ expectedArrivalDate: addDays(TODAY, -1) }), TODAY, PREMISES)).toEqual([
      { name: "expectedArrivalDate", reason: `must be today (${TODAY}) or later` },
    ]);
    expect(names(draft({ expectedArrivalDate: addDays(TODAY, 731) }))).toEqual(["expectedArrivalDate"]);
    expect(names(draft({ expectedDepartureDate: addDays("2027-01-11", 367) }))).toEqual([
      "expectedDepartureDate",
    ]);
  });

  it("wants a date of birth in the past and an adult on arrival", () => {
    expect(names(draft({ person: { dateOfBirth: TODAY, gender: "male" } }))).toEqual(["person.dateOfBirth"]);
    expect(names(draft({ person: { dateOfBirth: "2009-01-12", gender: "male" } }))).toEqual([
      "person.dateOfBirth",
    ]);
    expect(names(draft({ person: { dateOfBirth: "2009-01-11", gender: "male" } }))).toEqual([]);
  });

  it("names each unknown, repeated or wrong-gender preferred premises by index", () => {
    expect(names(draft({ preferredPremisesIds: ["men-1", "gone", "women-1", "men-1"] }))).toEqual([
      "preferredPremisesIds.1",
      "preferredPremisesIds.2",
      "preferredPremisesIds.3",
    ]);
    const woman = { person: { dateOfBirth: "1990-05-05", gender: "female" as const }, area: "womens" };
    expect(names(draft({ ...woman, preferredPremisesIds: ["women-1"] }))).toEqual([]);
    expect(names(draft({ ...woman, preferredPremisesIds: ["men-1"] }))).toEqual(["preferredPremisesIds.0"]);
  });

  it("keeps women in the womens area and men out of it", () => {
    expect(names(draft({ person: { dateOfBirth: "1990-05-05", gender: "female" } }))).toEqual(["area"]);
    expect(names(draft({ area: "womens" }))).toEqual(["area"]);
  });

  it("reports every broken rule at once", () => {
    const all = names(
      draft({
        person: { dateOfBirth: "2030-01-01", gender: "male" },
        expectedDepartureDate: "2027-01-01",
        hdcEndDate: "2027-01-01",
        requiredCharacteristics: ["lift", "lift"],
        preferredPremisesIds: ["gone"],
      }),
    );
    expect(all).toEqual([
      "person.dateOfBirth",
      "expectedDepartureDate",
      "hdcEndDate",
      "preferredPremisesIds.0",
      "requiredCharacteristics.1",
    ]);
  });
});

describe("HDC end dates", () => {
  const reasons = (d: Partial<ReferralDraft>) =>
    referralProblems(draft(d), TODAY, PREMISES).map((p) => `${p.name} ${p.reason}`);

  it("an HDC release needs an hdcEndDate, on or before the licence end", () => {
    expect(reasons({ releaseType: "hdc" })).toEqual(["hdcEndDate is required when releaseType is hdc"]);
    expect(reasons({ releaseType: "hdc", hdcEndDate: "2027-03-01", licenceEndDate: "2027-03-01" })).toEqual(
      [],
    );
    expect(reasons({ releaseType: "hdc", hdcEndDate: "2027-03-02", licenceEndDate: "2027-03-01" })).toEqual([
      "hdcEndDate must not be after licenceEndDate",
    ]);
  });

  it("no other release type may carry one (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("licence", "ecsl", "parole", "recall", "pss", "bail", "community"),
        fc.integer({ min: 0, max: 300 }),
        (releaseType, after) => {
          const problems = reasons({ releaseType, hdcEndDate: addDays("2027-01-11", after) });
          return problems.join() === `hdcEndDate applies only to releaseType hdc, not ${releaseType}`;
        },
      ),
    );
  });
});

describe("one open stay per person", () => {
  it("treats the departure day as free", () => {
    expect(
      staysOverlap(
        { arrivalDate: "2027-01-01", departureDate: "2027-02-01" },
        { arrivalDate: "2027-02-01", departureDate: "2027-03-01" },
      ),
    ).toBe(false);
    expect(
      staysOverlap(
        { arrivalDate: "2027-01-01", departureDate: "2027-02-01" },
        { arrivalDate: "2027-01-31", departureDate: "2027-03-01" },
      ),
    ).toBe(true);
  });

  it("overlap is symmetric and matches sharing a night (property)", () => {
    const stay = fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 120 }))
      .map(([start, nights]) => ({
        arrivalDate: addDays("2027-01-01", start),
        departureDate: addDays("2027-01-01", start + nights),
      }));
    fc.assert(
      fc.property(stay, stay, (a, b) => {
        const nightsOf = (s: typeof a) =>
          new Set(
            Array.from({ length: daysBetween(s.arrivalDate, s.departureDate) }, (_, i) =>
              addDays(s.arrivalDate, i),
            ),
          );
        const shared = [...nightsOf(a)].some((n) => nightsOf(b).has(n));
        return staysOverlap(a, b) === shared && staysOverlap(b, a) === shared;
      }),
    );
  });

  it("ignores withdrawn and departed referrals", () => {
    const span = { arrivalDate: "2027-01-01", departureDate: "2027-02-01" };
    const existing = ["submitted", "allocated", "arrived", "departed", "withdrawn"].map((status, i) => ({
      referralId: `r${i}`,
      status,
      ...span,
    }));
    expect(overlappingOpenReferrals(existing, span).map((r) => r.referralId)).toEqual(["r0", "r1", "r2"]);
  });
});
