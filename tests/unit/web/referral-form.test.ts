import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { referralProblems } from "../../../shared/domain/referral-rules.js";
import {
  AREAS,
  keysOf,
  RELEASE_TYPES,
  RISK_LEVELS,
  ROOM_CHARACTERISTICS,
} from "../../../shared/domain/vocabulary.js";
import type { CreateReferral } from "../../../shared/schemas/referrals.js";
import { invalidFormErrors as formErrors } from "../../../shared/web/error-summary.js";
import { dateOfParts as calendarDateOf, dateParts as datePartsFrom } from "../../../shared/web/forms.js";
import {
  REFERRAL_FORM_FIELDS,
  referralBodyFromForm,
  referralFormBody,
  referralFormFromBody,
  referralFormPage,
} from "../../../shared/web/view-models/referral-form.js";

const posted = {
  crn: "X123456",
  nomsNumber: "A1234BC",
  name: "  Sam Smith ",
  "dateOfBirth-day": "5",
  "dateOfBirth-month": "3",
  "dateOfBirth-year": "1990",
  gender: "male",
  riskOfSeriousHarm: "high",
  mappaLevel: "2",
  releaseType: "hdc",
  "expectedArrivalDate-day": "14",
  "expectedArrivalDate-month": "1",
  "expectedArrivalDate-year": "2027",
  "expectedDepartureDate-day": "",
  "expectedDepartureDate-month": "",
  "expectedDepartureDate-year": "",
  "hdcEndDate-day": "1",
  "hdcEndDate-month": "6",
  "hdcEndDate-year": "2027",
  area: "london",
  preferredPremisesIds: ["ldn-camberwell", "ldn-ealing"],
  requiredCharacteristics: "step-free",
  homelessIfNotPlaced: "yes",
  notes: "",
  _csrf: "token-not-part-of-the-body",
};

describe("referral form → POST /referrals body", () => {
  it("builds the body from GOV.UK inputs: dates from day/month/year, blanks left out, types from the schema", () => {
    const parsed = referralBodyFromForm(posted);
    expect(parsed).toEqual({
      ok: true,
      data: {
        person: {
          crn: "X123456",
          nomsNumber: "A1234BC",
          name: "Sam Smith",
          dateOfBirth: "1990-03-05",
          gender: "male",
        },
        riskOfSeriousHarm: "high",
        mappaLevel: 2,
        releaseType: "hdc",
        expectedArrivalDate: "2027-01-14",
        hdcEndDate: "2027-06-01",
        area: "london",
        preferredPremisesIds: ["ldn-camberwell", "ldn-ealing"],
        requiredCharacteristics: ["step-free"],
        homelessIfNotPlaced: true,
      },
    });
  });

  it("lets the API's schema judge every field and keys its words to the inputs", () => {
    const parsed = referralBodyFromForm({
      ...posted,
      crn: "x12",
      "dateOfBirth-day": "31",
      "dateOfBirth-month": "2",
      "expectedArrivalDate-day": "",
      "expectedArrivalDate-month": "",
      "expectedArrivalDate-year": "",
      "licenceEndDate-day": "3",
      "licenceEndDate-month": "x",
      "licenceEndDate-year": "2027",
      mappaLevel: "4",
      homelessIfNotPlaced: "",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.invalid.map((p) => p.name).sort()).toEqual(
      [
        "expectedArrivalDate",
        "homelessIfNotPlaced",
        "licenceEndDate",
        "mappaLevel",
        "person.crn",
        "person.dateOfBirth",
      ].sort(),
    );
    const errors = formErrors(parsed.invalid, REFERRAL_FORM_FIELDS);
    // Summary in the form's order, each linking to its input (a date's first box).
    expect(errors.summary.map((e) => e.href)).toEqual([
      "#crn",
      "#dateOfBirth-day",
      "#mappaLevel",
      "#expectedArrivalDate-day",
      "#licenceEndDate-day",
      "#homelessIfNotPlaced",
    ]);
    expect(errors.fields["person.crn"]?.text).toBe(
      "CRN must be one capital letter and six digits, e.g. X123456",
    );
    expect(errors.fields["person.dateOfBirth"]?.text).toBe("Date of birth is not a real calendar date");
    expect(errors.fields.expectedArrivalDate?.text).toBe("Expected arrival date is required");
    expect(errors.fields.licenceEndDate?.text).toBe("Licence end date is not a real calendar date");
  });

  it("shows the operation's cross-field reasons on the same inputs, in the labels the user sees", () => {
    const parsed = referralBodyFromForm({
      ...posted,
      gender: "female",
      "expectedDepartureDate-day": "10",
      "expectedDepartureDate-month": "1",
      "expectedDepartureDate-year": "2027",
    });
    if (!parsed.ok) throw new Error("schema should accept it");
    const problems = referralProblems(
      parsed.data,
      "2026-12-01",
      new Map([["ldn-camberwell", { gender: "male" }]]),
    );
    const errors = formErrors(problems, REFERRAL_FORM_FIELDS);
    expect(errors.fields.expectedDepartureDate?.text).toBe(
      "Expected departure date must be after expected arrival date",
    );
    expect(errors.fields.area?.text).toBe("CRU area a woman's referral goes to the womens area");
    // preferredPremisesIds.0 and .1 belong to the one checkbox group; the first message wins.
    expect(errors.fields.preferredPremisesIds?.text).toMatch(
      /^Preferred premises ldn-camberwell is a men's AP/,
    );
    expect(errors.summary.filter((e) => e.href === "#preferredPremisesIds")).toHaveLength(1);
  });

  it("round-trips any body through the form unchanged", () => {
    const date = fc
      .date({
        min: new Date("1950-01-01T00:00:00Z"),
        max: new Date("2030-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    const body: fc.Arbitrary<CreateReferral> = fc.record(
      {
        person: fc.record(
          {
            crn: fc.stringMatching(/^[A-Z][0-9]{6}$/),
            nomsNumber: fc.stringMatching(/^[A-Z][0-9]{4}[A-Z]{2}$/),
            name: fc.stringMatching(/^[A-Za-z][A-Za-z '-]{0,30}[a-z]$/),
            dateOfBirth: date,
            gender: fc.constantFrom("male" as const, "female" as const),
          },
          { requiredKeys: ["crn", "name", "dateOfBirth", "gender"] },
        ),
        riskOfSeriousHarm: fc.constantFrom(...keysOf(RISK_LEVELS)),
        mappaLevel: fc.constantFrom(1 as const, 2 as const, 3 as const),
        releaseType: fc.constantFrom(...keysOf(RELEASE_TYPES)),
        expectedArrivalDate: date,
        expectedDepartureDate: date,
        licenceEndDate: date,
        hdcEndDate: date,
        area: fc.constantFrom(...keysOf(AREAS)),
        preferredPremisesIds: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), {
          minLength: 1,
          maxLength: 3,
        }),
        requiredCharacteristics: fc.uniqueArray(fc.constantFrom(...keysOf(ROOM_CHARACTERISTICS)), {
          minLength: 1,
          maxLength: 3,
        }),
        homelessIfNotPlaced: fc.boolean(),
        notes: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .,]{0,40}[a-z]$/),
      },
      {
        requiredKeys: [
          "person",
          "riskOfSeriousHarm",
          "releaseType",
          "expectedArrivalDate",
          "area",
          "homelessIfNotPlaced",
        ],
      },
    );
    fc.assert(
      fc.property(body, (b) => {
        const back = referralBodyFromForm(referralFormBody(referralFormFromBody(b)));
        expect(back).toEqual({ ok: true, data: b });
      }),
      { numRuns: 200 },
    );
  });
});

describe("date inputs", () => {
  it("spell YYYY-MM-DD, leave a blank date out, and turn unreadable boxes into a date no schema accepts", () => {
    expect(calendarDateOf({ day: "1", month: "2", year: "2027" })).toBe("2027-02-01");
    expect(calendarDateOf({ day: "", month: "", year: "" })).toBeUndefined();
    expect(calendarDateOf({ day: "", month: "2", year: "2027" })).toBe("2000-00-00");
    expect(calendarDateOf({ day: "1", month: "2", year: "27" })).toBe("2000-00-00");
    expect(calendarDateOf({ day: "one", month: "2", year: "2027" })).toBe("2000-00-00");
    expect(calendarDateOf({ day: "31", month: "2", year: "2027" })).toBe("2027-02-31");
    expect(datePartsFrom("2027-02-01")).toEqual({ day: "1", month: "2", year: "2027" });
  });
});

describe("referral form page", () => {
  it("offers every choice with the vocabulary's labels and keeps what was typed", () => {
    const page = referralFormPage({
      values: referralFormFromBody({
        person: { crn: "X123456", name: "Sam", dateOfBirth: "1990-01-01", gender: "male" },
        riskOfSeriousHarm: "very-high",
        releaseType: "ecsl",
        expectedArrivalDate: "2027-01-01",
        area: "south-east-and-eastern",
        preferredPremisesIds: ["b"],
        homelessIfNotPlaced: false,
      }),
      premises: [
        { premisesId: "b", name: "Bedford Road AP", area: "south-east-and-eastern" },
        { premisesId: "a", name: "Ashford AP", area: "south-east-and-eastern" },
      ],
    });
    expect(page.title).toBe("Submit a referral – Approved Premises");
    expect(page.risks.find((r) => r.checked)).toEqual({
      value: "very-high",
      text: "Very high",
      checked: true,
    });
    expect(page.releaseTypes.find((r) => r.checked)?.text).toBe("End of Custody Supervised Licence (ECSL)");
    expect(page.areas.find((a) => a.selected)?.text).toBe("South East & Eastern");
    expect(page.premises).toEqual([
      { value: "a", text: "Ashford AP (South East & Eastern)", checked: false },
      { value: "b", text: "Bedford Road AP (South East & Eastern)", checked: true },
    ]);
    expect(page.homeless.find((h) => h.checked)?.value).toBe("no");
    expect(page.mappaLevels[0]).toEqual({ value: "", text: "None", checked: true });

    const withErrors = referralFormPage({ premises: [], invalid: [{ name: "area", reason: "is required" }] });
    expect(withErrors.title).toBe("Error: Submit a referral – Approved Premises");
    expect(withErrors.errors.summary).toEqual([{ text: "CRU area is required", href: "#area" }]);
  });
});
