import { describe, expect, it } from "vitest";
import type { Booking, StayReduction } from "../../../shared/schemas/bookings.js";
import {
  eventDetail,
  type HistoryEvent,
  type PlanView,
  placementPageModel,
  timelineOf,
} from "../../../shared/web/view-models/placement.js";
import {
  candidateOf,
  checkRows,
  placementFormErrors,
  valuesOf,
} from "../../../shared/web/view-models/placement-forms.js";

const TODAY = "2026-12-02";
const booking = (over: Partial<Booking> = {}): Booking =>
  ({
    bookingId: "bk1",
    referralId: "r1",
    premisesId: "ldn-camberwell",
    bedId: "b01",
    status: "booked",
    person: { crn: "X123456", name: "Ann Example", gender: "male" },
    riskOfSeriousHarm: "high",
    mappaLevel: 2,
    releaseType: "licence",
    noticeType: "standard",
    arrivalDate: "2026-12-10",
    departureDate: "2027-03-04",
    bufferDays: 2,
    bufferNights: 2,
    moveOn: { status: "not-started" },
    version: 3,
    createdAt: "",
    createdBy: "",
    updatedAt: "",
    ...over,
  }) as Booking;

const plan: PlanView = {
  readiness: "at-risk",
  compressed: false,
  noticeType: "standard",
  version: 1,
  keyWorker: "Jo Key",
  overdue: ["risk-information"],
  items: [
    {
      itemId: "risk-information",
      label: "Risk information received",
      status: "to-do",
      dueDate: "2026-12-01",
      compressed: false,
    },
    {
      itemId: "room-prepared",
      label: "Room prepared",
      status: "done",
      dueDate: "2026-12-09",
      compressed: false,
    },
  ],
};

const premises = { premisesId: "ldn-camberwell", name: "Camberwell Road AP" };
const model = (over: Partial<Parameters<typeof placementPageModel>[0]> = {}) =>
  placementPageModel({
    premises,
    booking: booking(),
    bookingHistory: [],
    referralHistory: [],
    plan,
    stayReductions: [],
    today: TODAY,
    canAct: true,
    ...over,
  });

describe("the placement page", () => {
  it("offers only the actions the booking's state allows, each linked to its form", () => {
    expect(model().actions).toEqual([
      { text: "Record arrival", href: "/premises/ldn-camberwell/placements/bk1/arrival" },
      { text: "Record non-arrival", href: "/premises/ldn-camberwell/placements/bk1/non-arrival" },
      { text: "Extend stay", href: "/premises/ldn-camberwell/placements/bk1/extension" },
      { text: "Cancel booking", href: "/premises/ldn-camberwell/placements/bk1/cancellation" },
    ]);
    expect(model({ booking: booking({ status: "arrived" }) }).actions.map((a) => a.text)).toEqual([
      "Extend stay",
      "Record departure",
    ]);
    const departed = model({ booking: booking({ status: "departed" }) });
    expect(departed.actions).toEqual([]);
    expect(departed.moveOn.href).toBeUndefined();
    expect(departed.review.href).toBeUndefined();
    expect(departed.preArrival.open).toBe(false);
  });

  it("offers nothing to someone who is not this premises' manager", () => {
    const m = model({ canAct: false });
    expect(m.actions).toEqual([]);
    expect(m.moveOn.href).toBeUndefined();
    expect(m.preArrival.items.every((i) => i.href === undefined)).toBe(true);
  });

  it("shows the person, key worker, readiness and each checklist item with its due date and status", () => {
    const m = model();
    expect(m.heading).toBe("Ann Example");
    expect(m.placementRows).toContainEqual({ key: { text: "Key worker" }, value: { text: "Jo Key" } });
    expect(m.referralRows).toContainEqual({ key: { text: "MAPPA" }, value: { text: "Level 2" } });
    expect(m.preArrival.readiness).toEqual({ text: "At risk", classes: "govuk-tag--red" });
    expect(m.preArrival.items[0]).toMatchObject({
      label: "Risk information received",
      due: "1 December 2026",
      overdue: true,
      status: { text: "To do" },
      href: "/premises/ldn-camberwell/placements/bk1/pre-arrival/risk-information",
    });
  });

  it("lists this booking's pending stay reductions with a link to decide", () => {
    const request = (over: Partial<StayReduction>): StayReduction =>
      ({
        requestId: "sr1",
        status: "pending",
        bookingId: "bk1",
        currentDepartureDate: "2027-03-04",
        newDepartureDate: "2027-02-20",
        reason: "bed needed",
        requestedBy: "pat",
        createdAt: "2026-12-01T10:00:00Z",
        ...over,
      }) as StayReduction;
    const m = model({
      booking: booking({ status: "arrived" }),
      stayReductions: [
        request({}),
        request({ requestId: "sr2", bookingId: "other" }),
        request({ requestId: "sr3", status: "declined" }),
      ],
    });
    expect(m.stayReductions).toEqual([
      expect.objectContaining({
        requestId: "sr1",
        text: "Leave on 20 February 2027 instead of 4 March 2027",
        href: "/premises/ldn-camberwell/placements/bk1/stay-reductions/sr1",
      }),
    ]);
  });

  it("shows the move-on plan with its Duty to Refer outcome as labels", () => {
    const m = model({
      booking: booking({
        moveOn: {
          status: "confirmed",
          category: "private-rented",
          availableFrom: "2027-03-01",
          dutyToReferDate: "2026-11-20",
          dutyToReferOutcome: "relief-duty",
        },
      }),
    });
    expect(m.moveOn.rows.map((r) => [r.key.text, r.value.text])).toEqual([
      ["Status", "Confirmed"],
      ["Category", "Private rented"],
      ["Available from", "1 March 2027"],
      ["Duty to Refer made", "20 November 2026"],
      ["Duty to Refer outcome", "Relief duty accepted"],
    ]);
  });
});

describe("the timeline", () => {
  const event = (over: Partial<HistoryEvent>): HistoryEvent => ({
    at: "2026-12-01T10:00:00.000Z",
    actor: "sam",
    action: "booking.arrived",
    entityType: "booking",
    ...over,
  });

  it("merges the booking's and the referral's events newest first, each change once", () => {
    const items = timelineOf(
      [
        event({ action: "booking.allocated", at: "2026-11-20T09:00:00.000Z", actor: "pat" }),
        event({ action: "placement-review.concern", at: "2026-11-21T09:00:00.000Z" }),
      ],
      [
        event({
          action: "referral.submitted",
          at: "2026-11-19T09:00:00.000Z",
          actor: "pat",
          entityType: "referral",
        }),
        // The same review, written to the referral's partition in the same transaction.
        event({ action: "placement-review.concern", at: "2026-11-21T09:00:00.020Z", entityType: "referral" }),
      ],
    );
    expect(items.map((i) => i.label.text)).toEqual([
      "Concern raised by the AP manager",
      "Booking made",
      "Referral submitted",
    ]);
    expect(items[0]).toMatchObject({
      datetime: { timestamp: "2026-11-21T09:00:00.000Z", type: "datetime" },
      byline: { text: "sam" },
    });
  });

  it("says what changed in the domain's labels and GOV.UK dates", () => {
    expect(
      eventDetail(
        event({
          action: "booking.departed",
          after: { date: "2026-12-02", reason: "planned-move-on", moveOnCategory: "cas3" },
        }),
      ),
    ).toBe("Left on 2 December 2026. Reason: Planned move-on. Moved on to: CAS3 (temporary accommodation)");
    expect(
      eventDetail(
        event({
          action: "booking.extended",
          before: { departureDate: "2027-03-04" },
          after: { departureDate: "2027-03-11", reason: "move-on late" },
        }),
      ),
    ).toBe("Departure 4 March 2027 changed to 11 March 2027. Reason: move-on late");
  });
});

describe("the placement forms", () => {
  it("turn the inputs into the operation's body, blank inputs left out", () => {
    expect(
      candidateOf("arrival", {
        "arrivalDate-day": "1",
        "arrivalDate-month": "12",
        "arrivalDate-year": "2026",
      }),
    ).toEqual({
      arrivalDate: "2026-12-01",
    });
    expect(candidateOf("non-arrival", { reason: "", notes: "  " })).toEqual({});
    expect(
      candidateOf("move-on", {
        status: "confirmed",
        category: "cas3",
        "availableFrom-day": "",
        "availableFrom-month": "",
        "availableFrom-year": "",
      }),
    ).toEqual({ status: "confirmed", category: "cas3" });
  });

  it("send a concern's reasons only with a concern", () => {
    expect(candidateOf("review", { decision: "accepted", reasons: ["risk-mix"], note: "fine" })).toEqual({
      decision: "accepted",
      note: "fine",
    });
    expect(candidateOf("review", { decision: "concern", reasons: ["risk-mix", "other"], note: "x" })).toEqual(
      {
        decision: "concern",
        reasons: ["risk-mix", "other"],
        note: "x",
      },
    );
  });

  it("fill the inputs again from held answers", () => {
    expect(valuesOf("departure", { body: { departureDate: "2026-12-02", reason: "absconded" } })).toEqual({
      departureDate: { day: "2", month: "12", year: "2026" },
      reason: "absconded",
      notes: "",
    });
  });

  it("word the problem details as the error summary, linked to the inputs", () => {
    const errors = placementFormErrors("move-on", {
      status: 400,
      detail: "invalid",
      invalidParams: [
        { name: "availableUntil", reason: "must be after availableFrom" },
        { name: "address", reason: "is required when status is confirmed" },
      ],
    });
    expect(errors.summary).toEqual([
      { text: "Available until must be after available from", href: "#availableUntil-day" },
      { text: "Address is required when status is confirmed", href: "#address" },
    ]);
    const conflict = placementFormErrors("extension", {
      status: 409,
      detail: "Bed b01 is not free for every night from 2027-03-04 to 2027-03-10",
    });
    expect(conflict.summary).toEqual([
      { text: "Bed b01 is not free for every night from 4 March 2027 to 10 March 2027" },
    ]);
    expect(
      placementFormErrors("review", {
        status: 400,
        detail: "x",
        invalidParams: [{ name: "reasons.0", reason: "is not a known reason" }],
      }).fields.reasons,
    ).toBeDefined();
  });

  it("show a departure's answers with links back to the step that asked them", () => {
    const rows = checkRows(
      "departure",
      { departureDate: "2026-12-02", reason: "planned-move-on", moveOnCategory: "cas3" },
      { form: "/p/departure", moveOn: "/p/departure/move-on" },
    );
    expect(rows.map((r) => [r.key.text, r.value.text, r.actions?.items[0]?.href])).toEqual([
      ["Departure date", "2 December 2026", "/p/departure#departureDate-day"],
      ["Reason", "Planned move-on", "/p/departure#reason"],
      ["Where they moved on to", "CAS3 (temporary accommodation)", "/p/departure/move-on"],
      ["Notes", "None given", "/p/departure#notes"],
    ]);
  });
});
