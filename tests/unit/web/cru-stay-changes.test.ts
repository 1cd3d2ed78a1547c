import { describe, expect, it } from "vitest";
import { dateChangeBody, transferBody } from "../../../shared/schemas/bookings.js";
import type { Bed } from "../../../shared/schemas/premises.js";
import { type Referral, referralChangeBody } from "../../../shared/schemas/referrals.js";
import { NO_ERRORS, parseWith } from "../../../shared/web/error-summary.js";
import { render } from "../../../shared/web/render.js";
import { newSession } from "../../../shared/web/session.js";
import { referralPage } from "../../../shared/web/view-models/cru-pages.js";
import {
  bookingFitFlash,
  DATE_CHANGE_FIELDS,
  dateChangeAnswers,
  dateChangeCandidate,
  dateChangePage,
  dateChangeValuesFromForm,
  dateChangeValuesOf,
  referralChangeAnswers,
  referralChangeCandidate,
  referralChangeErrors,
  referralChangePage,
  referralChangeValuesFromForm,
  referralChangeValuesOf,
  refusalErrors,
  TRANSFER_FIELDS,
  transferAnswers,
  transferCandidate,
  transferPage,
  transferValuesFromForm,
  transferValuesOf,
} from "../../../shared/web/view-models/cru-stay-changes.js";
import { layoutModel } from "../../../shared/web/view-models/layout.js";

const referral = (over: Partial<Referral> = {}): Referral => ({
  referralId: "r1",
  status: "allocated",
  person: { crn: "X123456", name: "Sam Smith", dateOfBirth: "1990-01-01", gender: "male" },
  riskOfSeriousHarm: "high",
  mappaLevel: 2,
  releaseType: "ecsl",
  earlyRelease: true,
  expectedArrivalDate: "2026-12-10",
  expectedDepartureDate: "2027-03-04",
  licenceEndDate: "2027-06-30",
  area: "london",
  preferredPremisesIds: [],
  requiredCharacteristics: [],
  homelessIfNotPlaced: true,
  notes: "Needs a ground floor room",
  noticeType: "standard",
  noticeDays: 30,
  submittedAt: "2026-11-01T10:00:00.000Z",
  submittedBy: "cru",
  placement: {
    premisesId: "ldn-camberwell",
    bedId: "3",
    bookingId: "B1",
    arrivalDate: "2026-12-10",
    departureDate: "2027-03-04",
    allocatedAt: "2026-11-02T10:00:00.000Z",
    allocatedBy: "cru",
  },
  version: 4,
  updatedAt: "2026-11-02T10:00:00.000Z",
  ...over,
});

const stay = {
  bookingId: "B1",
  premisesId: "ldn-camberwell",
  person: { crn: "X123456", name: "Sam Smith", dateOfBirth: "1990-01-01", gender: "male" as const },
  bedId: "3",
  arrivalDate: "2026-12-10",
  departureDate: "2027-03-04",
};

const layout = () => ({
  ...layoutModel({
    session: newSession(),
    principal: { sub: "c", username: "casey", roles: ["cru"], premises: [] },
    title: ["x"],
  }),
  errors: NO_ERRORS,
});

const texts = (rows: { key: { text: string }; value: { text: string } }[]) =>
  rows.map((r) => [r.key.text, r.value.text]);

describe("the referral page offers the stay changes the booking's state allows (BOOKING_ACTIONS)", () => {
  const actions = (r: Referral, booking?: { bookingId: string; status: "booked" | "arrived" | "departed" }) =>
    referralPage({ ...r, history: [] }, new Map(), booking).actions.map((a) => [a.text, a.href]);

  it("a booked stay: change its dates, not transfer; the referral's details may change", () => {
    const a = actions(referral(), { bookingId: "B1", status: "booked" });
    expect(a).toContainEqual(["Change booking dates", "/cru/bookings/B1/date-change"]);
    expect(a).toContainEqual(["Change referral details", "/cru/referrals/r1/change"]);
    expect(a.map(([t]) => t)).not.toContain("Transfer the resident");
  });

  it("an arrived resident: transfer, never a date change", () => {
    const a = actions(referral({ status: "arrived" }), { bookingId: "B1", status: "arrived" });
    expect(a).toContainEqual(["Transfer the resident", "/cru/bookings/B1/transfer"]);
    expect(a.map(([t]) => t)).not.toContain("Change booking dates");
  });

  it("no booking, another booking, or a closed referral: nothing of the stay changes", () => {
    expect(actions(referral()).map(([t]) => t)).not.toContain("Change booking dates");
    expect(actions(referral(), { bookingId: "B9", status: "booked" }).map(([t]) => t)).not.toContain(
      "Change booking dates",
    );
    const closed = actions(referral({ status: "departed" }), { bookingId: "B1", status: "departed" });
    expect(closed.map(([t]) => t)).not.toContain("Change referral details");
    expect(closed.map(([t]) => t)).not.toContain("Transfer the resident");
  });
});

describe("change booking dates", () => {
  it("fills the form from the booking, or from the answers waiting for confirmation", () => {
    expect(dateChangeValuesOf(stay).arrivalDate).toEqual({ day: "10", month: "12", year: "2026" });
    const pending = { arrivalDate: "2026-12-17", departureDate: "2027-03-11", reason: "Release moved" };
    expect(dateChangeValuesOf(stay, pending)).toEqual({
      arrivalDate: { day: "17", month: "12", year: "2026" },
      departureDate: { day: "11", month: "3", year: "2027" },
      reason: "Release moved",
    });
    const vm = dateChangePage({
      booking: stay,
      premisesName: "Camberwell Road AP",
      values: dateChangeValuesOf(stay),
    });
    expect(vm.title).toBe("Change booking dates – X123456 – Approved Premises");
    expect(texts(vm.current)).toContainEqual(["Arrival", "10 December 2026"]);
  });

  it("the typed boxes go to the API's own schema, which words the refusals", () => {
    const values = dateChangeValuesFromForm({
      "arrivalDate-day": "31",
      "arrivalDate-month": "2",
      "arrivalDate-year": "2027",
      "departureDate-day": "1",
      "departureDate-month": "1",
      "departureDate-year": "2027",
      reason: "  ",
    });
    const parsed = parseWith(dateChangeBody, dateChangeCandidate(values));
    expect(parsed.ok).toBe(false);
    const names = parsed.ok ? [] : parsed.invalid.map((p) => p.name);
    expect(names).toContain("arrivalDate");
    expect(names).toContain("reason");
    const ok = parseWith(
      dateChangeBody,
      dateChangeCandidate(
        dateChangeValuesOf(stay, { arrivalDate: "2026-12-17", departureDate: "2027-03-11", reason: "r" }),
      ),
    );
    expect(ok).toEqual({
      ok: true,
      data: { arrivalDate: "2026-12-17", departureDate: "2027-03-11", reason: "r" },
    });
  });

  it("check your answers sets the old dates beside the new", () => {
    const a = dateChangeAnswers(stay, {
      arrivalDate: "2026-12-17",
      departureDate: "2027-03-04",
      reason: "ECSL date moved",
    });
    expect(a.comparison.head.map((h) => h.text)).toEqual(["Date", "Now", "Changes to"]);
    expect(a.comparison.rows.map((r) => r.map((c) => c.text))).toEqual([
      ["Arrival", "10 December 2026", "17 December 2026"],
      ["Departure", "4 March 2027", "4 March 2027"],
      ["Length of stay", "84 nights", "77 nights"],
    ]);
    expect(texts(a.answers)).toEqual([["Reason", "ECSL date moved"]]);
  });

  it("a 409 is the operation's sentence then what is in the way, linked to the arrival date", () => {
    const errors = refusalErrors(
      {
        status: 409,
        detail: "Bed 3 is not free for every night from 2026-12-17 to 2027-03-10",
        conflicts: [
          {
            kind: "occupied",
            detail: "booking B7 is in the bed",
            startDate: "2027-01-02",
            endDate: "2027-02-01",
          },
          { kind: "out-of-service", startDate: "2027-03-08", endDate: "2027-03-09" },
        ],
      },
      DATE_CHANGE_FIELDS,
      "arrivalDate",
    );
    expect(errors.summary).toEqual([
      {
        text: "Bed 3 is not free for every night from 17 December 2026 to 10 March 2027",
        href: "#arrivalDate-day",
      },
      { text: "Booking B7 is in the bed (2 January 2027 to 1 February 2027)", href: "#arrivalDate-day" },
      { text: "Out of service from 8 March 2027 to 9 March 2027", href: "#arrivalDate-day" },
    ]);
    expect(errors.fields.arrivalDate?.text).toContain("Bed 3 is not free");
  });

  it("a 400 from the operation keys its invalid params to the inputs", () => {
    const errors = refusalErrors(
      {
        status: 400,
        detail: "x",
        invalidParams: [{ name: "arrivalDate", reason: "must be today or later" }],
      },
      DATE_CHANGE_FIELDS,
      "arrivalDate",
    );
    expect(errors.summary).toEqual([
      { text: "Arrival date must be today or later", href: "#arrivalDate-day" },
    ]);
    expect(errors.fields.arrivalDate).toEqual({ text: "Arrival date must be today or later" });
  });
});

describe("transfer", () => {
  const beds: Bed[] = [
    { bedId: "1", room: "A", characteristics: ["step-free"] },
    { bedId: "2", room: "B", characteristics: [], archivedFrom: "2026-12-01" },
    { bedId: "3", room: "C", characteristics: [] },
    { bedId: "4", room: "D", characteristics: [], archivedFrom: "2027-01-01" },
  ];
  const premises = [
    { premisesId: "ldn-camberwell", name: "Camberwell Road AP", area: "london" },
    { premisesId: "ldn-brixton", name: "Brixton AP", area: "london" },
  ];

  it("offers premises by name, then the chosen premises' beds but archived ones and the resident's own", () => {
    const vm = transferPage({
      booking: stay,
      fromPremisesName: "Camberwell Road AP",
      premises,
      target: { premisesId: "ldn-camberwell", name: "Camberwell Road AP", beds },
      values: transferValuesOf({}, "ldn-camberwell"),
      today: "2026-12-02",
    });
    expect(vm.title).toBe("Transfer the resident – X123456 – Approved Premises");
    expect(vm.premisesItems.map((p) => p.text)).toEqual([
      "Choose premises",
      "Brixton AP (London)",
      "Camberwell Road AP (London)",
    ]);
    expect(vm.premisesItems.find((p) => p.selected)?.value).toBe("ldn-camberwell");
    expect(vm.bedItems.map((b) => b.value)).toEqual(["1", "4"]);
    expect(vm.bedItems[0]).toMatchObject({ text: "Bed 1 (room A)", hint: { text: "Step-free" } });
    expect(vm.needsBufferReason).toBe(false);
    // In another premises the same bed number is another bed.
    const elsewhere = transferPage({
      booking: stay,
      fromPremisesName: "Camberwell Road AP",
      premises,
      target: { premisesId: "ldn-brixton", name: "Brixton AP", beds },
      values: transferValuesOf({}, "ldn-brixton"),
      today: "2026-12-02",
    });
    expect(elsewhere.bedItems.map((b) => b.value)).toEqual(["1", "3", "4"]);
  });

  it("yes and no become the body's boolean; no answer is the schema's 'is required'", () => {
    const form = {
      premisesId: "ldn-brixton",
      bedId: "3",
      "date-day": "2",
      "date-month": "12",
      "date-year": "2026",
      reason: "Risk to a victim nearby",
      emergency: "yes",
    };
    const parsed = parseWith(transferBody, transferCandidate(transferValuesFromForm(form)));
    expect(parsed).toMatchObject({ ok: true, data: { emergency: true, date: "2026-12-02" } });
    const missing = parseWith(
      transferBody,
      transferCandidate(transferValuesFromForm({ ...form, emergency: "" })),
    );
    expect(missing.ok ? [] : missing.invalid).toContainEqual({ name: "emergency", reason: "is required" });
  });

  it("check your answers names both beds, the date and the unchanged departure", () => {
    const rows = transferAnswers({
      booking: stay,
      fromPremisesName: "Camberwell Road AP",
      toPremisesName: "Brixton AP",
      transfer: { premisesId: "ldn-brixton", bedId: "3", date: "2026-12-02", reason: "r", emergency: false },
    });
    expect(texts(rows)).toEqual([
      ["From", "Camberwell Road AP, bed 3"],
      ["To", "Brixton AP, bed 3"],
      ["Transfer date", "2 December 2026"],
      ["Planned departure", "4 March 2027 (unchanged)"],
      ["Emergency transfer", "No"],
      ["Reason", "r"],
    ]);
  });

  it("a 409 on the target bed links to the bed", () => {
    const errors = refusalErrors({ status: 409, detail: "bed 3 is not free" }, TRANSFER_FIELDS, "bedId");
    expect(errors.summary).toEqual([{ text: "Bed 3 is not free", href: "#bedId" }]);
  });
});

describe("change referral details", () => {
  it("prefills from the referral; MAPPA 'None' only while there is none", () => {
    const r = referral();
    const values = referralChangeValuesOf(r);
    expect(values).toMatchObject({
      expectedArrivalDate: { day: "10", month: "12", year: "2026" },
      riskOfSeriousHarm: "high",
      mappaLevel: "2",
      hdcEndDate: { day: "", month: "", year: "" },
      notes: "Needs a ground floor room",
    });
    const vm = referralChangePage({ referral: r, values });
    expect(vm.title).toBe("Change referral details – X123456 – Approved Premises");
    expect(vm.mappaLevels.map((m) => m.text)).toEqual(["Level 1", "Level 2", "Level 3"]);
    expect(vm.risks.find((x) => x.checked)?.text).toBe("High");
    expect(vm.showHdc).toBe(false);
    expect(vm.placedHint).toContain("10 December 2026");
    const none = referralChangePage({
      referral: referral({ mappaLevel: undefined, releaseType: "hdc" }),
      values,
    });
    expect(none.mappaLevels[0]?.text).toBe("None");
    expect(none.showHdc).toBe(true);
  });

  it("only the fields that differ go into the change", () => {
    const r = referral();
    const values = referralChangeValuesFromForm({
      "expectedArrivalDate-day": "17",
      "expectedArrivalDate-month": "12",
      "expectedArrivalDate-year": "2026",
      riskOfSeriousHarm: "high",
      mappaLevel: "3",
      "licenceEndDate-day": "30",
      "licenceEndDate-month": "6",
      "licenceEndDate-year": "2027",
      notes: "Needs a ground floor room",
    });
    expect(referralChangeCandidate(r, values)).toEqual({ expectedArrivalDate: "2026-12-17", mappaLevel: 3 });
    // Nothing changed: the schema's own refusal, as a sentence linked to the first input.
    const unchanged = parseWith(referralChangeBody, referralChangeCandidate(r, referralChangeValuesOf(r)));
    expect(unchanged.ok).toBe(false);
    const errors = referralChangeErrors(unchanged.ok ? [] : unchanged.invalid);
    expect(errors.summary).toEqual([
      { text: "Name at least one field to change", href: "#expectedArrivalDate-day" },
    ]);
  });

  it("a cleared date the referral has goes to the schema, which refuses it; cleared notes are an empty note", () => {
    const r = referral();
    const values = {
      ...referralChangeValuesOf(r),
      licenceEndDate: { day: "", month: "", year: "" },
      notes: "",
    };
    const candidate = referralChangeCandidate(r, values);
    expect(candidate).toEqual({ licenceEndDate: "", notes: "" });
    const parsed = parseWith(referralChangeBody, candidate);
    expect(parsed.ok).toBe(false);
    const errors = referralChangeErrors(parsed.ok ? [] : parsed.invalid);
    expect(errors.fields.licenceEndDate?.text).toMatch(/^Licence end date /);
    expect(errors.summary[0]?.href).toBe("#licenceEndDate-day");
  });

  it("check your answers lists the changed fields only, old beside new", () => {
    const c = referralChangeAnswers(referral(), {
      expectedArrivalDate: "2026-12-17",
      riskOfSeriousHarm: "very-high",
    });
    expect(c.rows.map((row) => row.map((x) => x.text))).toEqual([
      ["Release date", "10 December 2026", "17 December 2026"],
      ["Risk of serious harm", "High", "Very high"],
    ]);
  });

  it("the service's answer on whether the booking still fits becomes the banner", () => {
    const moved = referral({ expectedArrivalDate: "2026-12-17" });
    expect(bookingFitFlash({ referral: moved, bookingFit: { fits: false } })).toEqual({
      kind: "important",
      title: "The booking no longer fits the release date",
      text: "The release date is now 17 December 2026 but the booking arrives on 10 December 2026. Change the booking's dates.",
    });
    expect(bookingFitFlash({ referral: referral(), bookingFit: { fits: true } })).toMatchObject({
      kind: "success",
      text: "The booking still fits: it arrives on the release date, 10 December 2026.",
    });
    expect(bookingFitFlash({ referral: referral() })).toMatchObject({
      kind: "success",
      title: "Referral details changed",
    });
  });
});

describe("the stay change templates render their view models", () => {
  it("every form and check page", () => {
    const r = referral();
    const pages: [string, Record<string, unknown>, string][] = [
      [
        "pages/cru/date-change.njk",
        {
          ...dateChangePage({ booking: stay, premisesName: "P", values: dateChangeValuesOf(stay) }),
          version: 3,
        },
        'name="arrivalDate-day"',
      ],
      [
        "pages/cru/date-change-check.njk",
        dateChangeAnswers(stay, { arrivalDate: "2026-12-17", departureDate: "2027-03-04", reason: "r" }),
        "17 December 2026",
      ],
      [
        "pages/cru/transfer.njk",
        transferPage({
          booking: stay,
          fromPremisesName: "P",
          premises: [],
          target: { premisesId: "p2", name: "Q", beds: [{ bedId: "9", room: "Z", characteristics: [] }] },
          values: transferValuesOf({ bufferOverrideReason: "x" }),
          today: "2026-12-02",
        }),
        'name="bufferOverrideReason"',
      ],
      [
        "pages/cru/transfer-check.njk",
        {
          answers: transferAnswers({
            booking: stay,
            fromPremisesName: "P",
            toPremisesName: "Q",
            transfer: { premisesId: "p2", bedId: "9", date: "2026-12-02", reason: "r", emergency: true },
          }),
        },
        "Transfer resident",
      ],
      [
        "pages/cru/referral-change.njk",
        referralChangePage({ referral: r, values: referralChangeValuesOf(r) }),
        "Needs a ground floor room",
      ],
      [
        "pages/cru/referral-change-check.njk",
        { comparison: referralChangeAnswers(r, { mappaLevel: 3 }), placed: true },
        "Level 3",
      ],
    ];
    for (const [template, model, expected] of pages) {
      const html = render(template, { ...layout(), ...model });
      expect(html, template).toContain(expected);
      expect(html, template).toContain('name="_csrf"');
    }
  });
});
