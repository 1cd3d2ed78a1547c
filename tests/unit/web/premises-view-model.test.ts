import { describe, expect, it } from "vitest";
import type { Booking } from "../../../shared/schemas/bookings.js";
import { placementTags } from "../../../shared/web/view-models/placement.js";
import { premisesPageModel, tabOf } from "../../../shared/web/view-models/premises.js";

const TODAY = "2026-12-02";
const booking = (over: Partial<Booking>): Booking =>
  ({
    bookingId: "bk1",
    referralId: "r1",
    premisesId: "ldn-camberwell",
    bedId: "b01",
    status: "booked",
    person: { crn: "X123456", name: "Ann Example", gender: "female" },
    riskOfSeriousHarm: "very-high",
    mappaLevel: 2,
    releaseType: "licence",
    noticeType: "emergency",
    arrivalDate: "2026-12-10",
    departureDate: "2027-03-04",
    bufferDays: 2,
    bufferNights: 2,
    moveOn: { status: "not-started" },
    version: 1,
    createdAt: "",
    createdBy: "",
    updatedAt: "",
    ...over,
  }) as Booking;

describe("placement tags, from dates alone", () => {
  it("marks an arrival due today and one that is overdue", () => {
    expect(placementTags(booking({ arrivalDate: TODAY }), TODAY).map((t) => t.text)).toEqual([
      "Arriving today",
    ]);
    expect(placementTags(booking({ arrivalDate: "2026-12-01" }), TODAY).map((t) => t.text)).toEqual([
      "Overdue arrival",
    ]);
    expect(placementTags(booking({ arrivalDate: "2026-12-03" }), TODAY)).toEqual([]);
  });

  it("marks a resident departing within 2 weeks (today to 14 days ahead) and one overdue", () => {
    const arrived = (departureDate: string) =>
      booking({ status: "arrived", arrivalDate: "2026-11-01", departureDate });
    expect(placementTags(arrived(TODAY), TODAY).map((t) => t.text)).toEqual(["Departing within 2 weeks"]);
    expect(placementTags(arrived("2026-12-16"), TODAY).map((t) => t.text)).toEqual([
      "Departing within 2 weeks",
    ]);
    expect(placementTags(arrived("2026-12-17"), TODAY)).toEqual([]);
    expect(placementTags(arrived("2026-12-01"), TODAY).map((t) => t.text)).toEqual(["Overdue departure"]);
  });

  it("tags nothing that is over", () => {
    expect(placementTags(booking({ status: "departed", departureDate: "2026-11-01" }), TODAY)).toEqual([]);
  });
});

describe("the premises page", () => {
  const bookings = [
    booking({
      bookingId: "u2",
      arrivalDate: "2026-12-20",
      readiness: "at-risk",
      placementReview: {
        decision: "concern",
        reasons: ["risk-mix"],
        note: "n",
        by: "m",
        at: "2026-12-01T10:00:00Z",
      } as Booking["placementReview"],
    }),
    booking({ bookingId: "u1", arrivalDate: TODAY, readiness: "compressed" }),
    booking({ bookingId: "c1", status: "arrived", arrivalDate: "2026-11-01", departureDate: "2026-12-05" }),
    booking({ bookingId: "h1", status: "departed", departureDate: "2026-11-20" }),
    booking({ bookingId: "h2", status: "cancelled" }),
  ];

  it("puts each booking in one tab: booked upcoming, arrived current, the rest historic", () => {
    expect(bookings.map(tabOf)).toEqual(["upcoming", "upcoming", "current", "historic", "historic"]);
  });

  it("lists a tab's people by date with CRN, name, RoSH, MAPPA, notice and bed, and links every tab", () => {
    const model = premisesPageModel({
      premises: { premisesId: "ldn-camberwell", name: "Camberwell Road AP" },
      bookings,
      tab: "upcoming",
      today: TODAY,
    });
    expect(model.rows.map((r) => r.href)).toEqual([
      "/premises/ldn-camberwell/placements/u1",
      "/premises/ldn-camberwell/placements/u2",
    ]);
    expect(model.rows[0]).toMatchObject({
      crn: "X123456",
      name: "Ann Example",
      rosh: "Very high",
      mappa: "Level 2",
      notice: "Emergency",
      bed: "b01",
      tags: [{ text: "Arriving today", classes: "govuk-tag--blue" }],
      readiness: { text: "Compressed (short notice)", classes: "govuk-tag--orange" },
      review: "Not reviewed",
    });
    expect(model.inbound).toBe(true);
    expect(model.rows[1]).toMatchObject({
      readiness: { text: "At risk", classes: "govuk-tag--red" },
      review: "Concern raised",
    });
    expect(model.tabs).toEqual([
      { text: "Upcoming (2)", href: "/premises/ldn-camberwell/placements?tab=upcoming", active: true },
      { text: "Current (1)", href: "/premises/ldn-camberwell/placements?tab=current", active: false },
      { text: "Historic (2)", href: "/premises/ldn-camberwell/placements?tab=historic", active: false },
    ]);
  });

  it("shows readiness and review only for the inbound (upcoming) tab", () => {
    const current = premisesPageModel({
      premises: { premisesId: "ldn-camberwell", name: "Camberwell Road AP" },
      bookings,
      tab: "current",
      today: TODAY,
    });
    expect(current.inbound).toBe(false);
    expect(current.rows[0]).not.toHaveProperty("readiness");
    expect(current.rows[0]).not.toHaveProperty("review");
  });
});
