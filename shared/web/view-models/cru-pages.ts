import { allowsAction, type BookingState } from "../../domain/booking-actions.js";
import { OPEN_REFERRAL_STATUSES, WITHDRAWABLE_STATUSES } from "../../domain/referral-rules.js";
import {
  AREAS,
  AUDIT_ACTIONS,
  CONCERN_RESPONSES,
  GENDERS,
  NOTICE_TYPES,
  PLACEMENT_CONCERN_REASONS,
  PRE_ARRIVAL_READINESS,
  PREMISES_CHARACTERISTICS,
  REFERRAL_STATUS_LABELS,
  RELEASE_TYPES,
  RISK_LEVELS,
  ROOM_CHARACTERISTICS,
  WITHDRAWAL_REASONS,
} from "../../domain/vocabulary.js";
import type { Booking } from "../../schemas/bookings.js";
import type { AreaOccupancyItem } from "../../schemas/occupancy.js";
import type { PlacementReview } from "../../schemas/pre-arrival.js";
import type { Referral } from "../../schemas/referrals.js";
import { formatDate, formatDateTime, formatShortDate } from "./govuk-dates.js";

/** Where the CRU pages live; page paths never equal a JSON API route. */
export const CRU_PATHS = {
  queue: "/cru/referrals",
  newReferral: "/cru/referrals/new",
  referral: (id: string) => `/cru/referrals/${encodeURIComponent(id)}`,
  bedOptions: (id: string) => `/cru/referrals/${encodeURIComponent(id)}/bed-options`,
  allocate: (id: string) => `/cru/referrals/${encodeURIComponent(id)}/allocate`,
  withdraw: (id: string) => `/cru/referrals/${encodeURIComponent(id)}/withdraw`,
  withdrawCheck: (id: string) => `/cru/referrals/${encodeURIComponent(id)}/withdraw/check`,
  stayReduction: (bookingId: string) => `/cru/bookings/${encodeURIComponent(bookingId)}/stay-reduction`,
  concern: (bookingId: string) => `/cru/bookings/${encodeURIComponent(bookingId)}/concern`,
  concernCheck: (bookingId: string) => `/cru/bookings/${encodeURIComponent(bookingId)}/concern/check`,
  occupancy: "/cru/occupancy",
  changeReferral: (id: string) => `/cru/referrals/${encodeURIComponent(id)}/change`,
  changeReferralCheck: (id: string) => `/cru/referrals/${encodeURIComponent(id)}/change/check`,
  dateChange: (bookingId: string) => `/cru/bookings/${encodeURIComponent(bookingId)}/date-change`,
  dateChangeCheck: (bookingId: string) => `/cru/bookings/${encodeURIComponent(bookingId)}/date-change/check`,
  transfer: (bookingId: string) => `/cru/bookings/${encodeURIComponent(bookingId)}/transfer`,
  transferCheck: (bookingId: string) => `/cru/bookings/${encodeURIComponent(bookingId)}/transfer/check`,
} as const;

export interface SummaryRow {
  key: { text: string };
  value: { text: string };
}

const row = (key: string, value: string | undefined): SummaryRow[] =>
  value === undefined || value === "" ? [] : [{ key: { text: key }, value: { text: value } }];

const characteristicLabel = (c: string) =>
  ROOM_CHARACTERISTICS[c as keyof typeof ROOM_CHARACTERISTICS] ??
  PREMISES_CHARACTERISTICS[c as keyof typeof PREMISES_CHARACTERISTICS] ??
  c;

export interface ReferralPage {
  title: string;
  heading: string;
  caption: string;
  status: { text: string };
  person: SummaryRow[];
  referral: SummaryRow[];
  placement: SummaryRow[];
  timeline: {
    label: { text: string };
    text: string;
    datetime: { timestamp: string; type: "datetime" };
    byline: { text: string };
  }[];
  actions: { text: string; href: string; secondary?: boolean }[];
}

/**
 * The referral with its history (audit events, newest first) and what CRU may do next. The
 * placement's booking (when there is one) decides, through BOOKING_ACTIONS, whether its dates
 * may change (booked) or its resident be transferred (arrived).
 */
export function referralPage(
  referral: Referral & { history: readonly { at: string; actor: string; action: string }[] },
  premisesNames: ReadonlyMap<string, string>,
  booking?: { bookingId: string; status: BookingState },
): ReferralPage {
  const r = referral;
  const placedAt = r.placement
    ? (premisesNames.get(r.placement.premisesId) ?? r.placement.premisesId)
    : undefined;
  const actions: ReferralPage["actions"] = [];
  if (r.status === "submitted")
    actions.push({ text: "Find a bed", href: CRU_PATHS.bedOptions(r.referralId) });
  const review = r.placement?.review;
  if (r.status === "allocated" && review?.decision === "concern" && !review.response && r.placement) {
    actions.push({ text: "Answer the concern", href: CRU_PATHS.concern(r.placement.bookingId) });
  }
  const stay = booking && booking.bookingId === r.placement?.bookingId ? booking : undefined;
  if (stay && allowsAction(stay.status, "date-change"))
    actions.push({ text: "Change booking dates", href: CRU_PATHS.dateChange(stay.bookingId) });
  if (stay && allowsAction(stay.status, "transfer"))
    actions.push({ text: "Transfer the resident", href: CRU_PATHS.transfer(stay.bookingId) });
  if (OPEN_REFERRAL_STATUSES.has(r.status)) {
    actions.push({
      text: "Change referral details",
      href: CRU_PATHS.changeReferral(r.referralId),
      secondary: true,
    });
  }
  if (WITHDRAWABLE_STATUSES.has(r.status)) {
    actions.push({ text: "Withdraw referral", href: CRU_PATHS.withdraw(r.referralId), secondary: true });
  }
  return {
    title: `Referral – ${r.person.crn} – Approved Premises`,
    heading: r.person.name,
    caption: `CRN ${r.person.crn}`,
    status: { text: REFERRAL_STATUS_LABELS[r.status] },
    person: [
      ...row("CRN", r.person.crn),
      ...row("Prison number", r.person.nomsNumber),
      ...row("Date of birth", formatDate(r.person.dateOfBirth)),
      ...row("Gender", GENDERS[r.person.gender]),
    ],
    referral: [
      ...row("Risk of serious harm", RISK_LEVELS[r.riskOfSeriousHarm]),
      ...row("MAPPA level", r.mappaLevel ? `Level ${r.mappaLevel}` : "None"),
      ...row("Release type", RELEASE_TYPES[r.releaseType]),
      ...row("Notice", `${NOTICE_TYPES[r.noticeType]} (${r.noticeDays} days)`),
      ...row("Expected arrival", formatDate(r.expectedArrivalDate)),
      ...row("Expected departure", formatDate(r.expectedDepartureDate)),
      ...row("Licence end", r.licenceEndDate && formatDate(r.licenceEndDate)),
      ...row("HDC end", r.hdcEndDate && formatDate(r.hdcEndDate)),
      ...row("CRU area", AREAS[r.area]),
      ...row(
        "Preferred premises",
        r.preferredPremisesIds.map((id) => premisesNames.get(id) ?? id).join(", ") || "None",
      ),
      ...row(
        "Required characteristics",
        r.requiredCharacteristics.map(characteristicLabel).join(", ") || "None",
      ),
      ...row("Homeless if not placed", r.homelessIfNotPlaced ? "Yes" : "No"),
      ...row("Notes", r.notes),
      ...row("Submitted", `${formatDateTime(r.submittedAt)} by ${r.submittedBy}`),
    ],
    placement: [
      ...(r.placement
        ? [
            ...row("Premises", placedAt),
            ...row("Bed", r.placement.bedId),
            ...row("Arrival", formatDate(r.placement.arrivalDate)),
            ...row("Departure", formatDate(r.placement.departureDate)),
            ...row("Allocated", `${formatDateTime(r.placement.allocatedAt)} by ${r.placement.allocatedBy}`),
            ...row(
              "Pre-arrival readiness",
              r.placement.readiness && PRE_ARRIVAL_READINESS[r.placement.readiness],
            ),
            ...reviewRows(r.placement.review),
          ]
        : []),
      ...(r.withdrawal
        ? [
            ...row("Withdrawn because", WITHDRAWAL_REASONS[r.withdrawal.reason]),
            ...row("Withdrawal notes", r.withdrawal.notes),
            ...row("Withdrawn", `${formatDateTime(r.withdrawal.at)} by ${r.withdrawal.by}`),
          ]
        : []),
    ],
    timeline: [...r.history]
      .sort((a, b) => b.at.localeCompare(a.at))
      .map((e) => ({
        label: { text: AUDIT_ACTIONS[e.action as keyof typeof AUDIT_ACTIONS] ?? e.action },
        text: "",
        datetime: { timestamp: e.at, type: "datetime" as const },
        byline: { text: e.actor },
      })),
    actions,
  };
}

/** The AP manager's review of a placement and the CRU's answer, as summary rows. */
export function reviewRows(review: PlacementReview | undefined): SummaryRow[] {
  if (!review) return row("AP manager's review", "Not reviewed yet");
  return [
    ...row(
      "AP manager's review",
      review.decision === "accepted"
        ? "Accepted"
        : `Concern: ${review.reasons.map((x) => PLACEMENT_CONCERN_REASONS[x]).join(", ")}`,
    ),
    ...row("Manager's note", review.note),
    ...row("Reviewed", `${formatDateTime(review.at)} by ${review.by}`),
    ...(review.response
      ? [
          ...row("CRU's answer", CONCERN_RESPONSES[review.response.action]),
          ...row("CRU's note", review.response.note),
          ...row("Answered", `${formatDateTime(review.response.at)} by ${review.response.by}`),
        ]
      : []),
  ];
}

export const CONCERN_FIELDS = {
  action: { href: "#action", label: "Answer" },
  note: { href: "#note", label: "Note" },
};

/** The concern answer form: keep the placement or cancel it to reallocate, with a note. */
export function concernPage(input: {
  booking: Pick<
    Booking,
    "bookingId" | "person" | "bedId" | "arrivalDate" | "departureDate" | "placementReview"
  >;
  premisesName: string;
  values: { action: string; note: string };
}) {
  const b = input.booking;
  return {
    title: `Answer the placement concern – ${b.person.crn} – Approved Premises`,
    caption: `${b.person.name} (${b.person.crn})`,
    placement: [
      ...row("Premises", input.premisesName),
      ...row("Bed", b.bedId),
      ...row("Arrival", formatDate(b.arrivalDate)),
      ...row("Departure", formatDate(b.departureDate)),
      ...reviewRows(b.placementReview),
    ],
    open: b.placementReview?.decision === "concern" && !b.placementReview.response,
    actions: Object.entries(CONCERN_RESPONSES).map(([value, text]) => ({
      value,
      text,
      checked: input.values.action === value,
      hint: {
        text:
          value === "keep"
            ? "The booking stands; the AP manager sees your note."
            : "The booking is cancelled, the bed is freed and the referral goes back to the queue to place.",
      },
    })),
    note: input.values.note,
  };
}

/** The answer on the "check your answers" page. */
export function concernAnswers(answers: { action: keyof typeof CONCERN_RESPONSES; note: string }) {
  return [
    { key: { text: "Answer" }, value: { text: CONCERN_RESPONSES[answers.action] } },
    { key: { text: "Note" }, value: { text: answers.note } },
  ];
}

export interface OccupancyPage {
  title: string;
  date: string;
  areas: { value: string; text: string; selected: boolean }[];
  head: string[];
  rows: { text: string; secondary?: string }[][];
  totals: { beds: number; free: number };
}

/** The national table: each premises' beds on the night asked for, and its tightest night in the next 28. */
export function occupancyPage(input: {
  date: string;
  area: string;
  items: readonly AreaOccupancyItem[];
}): OccupancyPage {
  return {
    title: "National occupancy – Approved Premises",
    date: formatDate(input.date),
    areas: [
      { value: "", text: "All areas", selected: input.area === "" },
      ...Object.entries(AREAS).map(([value, text]) => ({ value, text, selected: input.area === value })),
    ],
    head: [
      "Premises",
      "Area",
      "Beds",
      "Occupied",
      "Buffer",
      "Out of service",
      "Free",
      "Fewest free, next 28 nights",
      "Open alerts",
    ],
    rows: [...input.items]
      .sort((a, b) => a.area.localeCompare(b.area) || a.name.localeCompare(b.name))
      .map((p) => [
        { text: p.name },
        { text: AREAS[p.area] },
        { text: String(p.beds) },
        { text: String(p.occupied) },
        { text: String(p.buffer) },
        { text: String(p.outOfService) },
        { text: String(p.free) },
        { text: String(p.lowestFreeNext28.count), secondary: formatShortDate(p.lowestFreeNext28.date) },
        { text: String(p.openAlerts) },
      ]),
    totals: {
      beds: input.items.reduce((n, p) => n + p.beds, 0),
      free: input.items.reduce((n, p) => n + p.free, 0),
    },
  };
}

/** A withdrawal's answers for the "check your answers" page. */
export function withdrawalAnswers(answers: { reason: keyof typeof WITHDRAWAL_REASONS; notes?: string }) {
  return [
    { key: { text: "Reason" }, value: { text: WITHDRAWAL_REASONS[answers.reason] } },
    { key: { text: "Notes" }, value: { text: answers.notes || "None" } },
  ];
}
