import { actionsFor, allowsRecord, type PremisesAction } from "../../domain/booking-actions.js";
import { addDays } from "../../domain/dates.js";
import {
  AREAS,
  AUDIT_ACTIONS,
  BOOKING_STATUS_LABELS,
  DEPARTURE_REASONS,
  DUTY_TO_REFER_OUTCOMES,
  MOVE_ON_CATEGORIES,
  MOVE_ON_STATUSES,
  NON_ARRIVAL_REASONS,
  NOTICE_TYPES,
  PLACEMENT_CONCERN_REASONS,
  PRE_ARRIVAL_ITEM_STATUSES,
  PRE_ARRIVAL_READINESS,
  PREMISES_CHARACTERISTICS,
  RELEASE_TYPES,
  RISK_LEVELS,
  ROOM_CHARACTERISTICS,
} from "../../domain/vocabulary.js";
import type { Booking, StayReduction } from "../../schemas/bookings.js";
import type { Referral } from "../../schemas/referrals.js";
import { formatDate, formatDateTime } from "./govuk-dates.js";

/** One audit event as a timeline needs it (the store's shape, without its keys). */
export interface HistoryEvent {
  at: string;
  actor: string;
  action: string;
  entityType: string;
  before?: unknown;
  after?: unknown;
}

/** What the placement page shows of the pre-arrival plan (the operation's planView). */
export interface PlanView {
  readiness: keyof typeof PRE_ARRIVAL_READINESS;
  compressed: boolean;
  noticeType: keyof typeof NOTICE_TYPES;
  version: number;
  keyWorker?: string;
  overdue: string[];
  items: {
    itemId: string;
    label?: string;
    status: keyof typeof PRE_ARRIVAL_ITEM_STATUSES;
    dueDate: string;
    compressed: boolean;
    note?: string;
    keyWorker?: string;
  }[];
}

/** How each lifecycle action is offered on the page: its link text, and its page's title. */
export const ACTION_TITLES: Record<PremisesAction, string> = {
  arrival: "Record arrival",
  "non-arrival": "Record non-arrival",
  extension: "Extend stay",
  departure: "Record departure",
  cancellation: "Cancel booking",
};

export const placementPath = (premisesId: string, bookingId: string) =>
  `/premises/${encodeURIComponent(premisesId)}/placements/${encodeURIComponent(bookingId)}`;

/** "Departing within 2 weeks" means on any day from today to 14 days ahead. */
export const DEPARTING_SOON_DAYS = 14;

export interface Tag {
  text: string;
  classes: string;
}

/** Tags worked out from dates alone, so they are right on the day whatever the nightly job did. */
export function placementTags(
  b: Pick<Booking, "status" | "arrivalDate" | "departureDate">,
  today: string,
): Tag[] {
  if (b.status === "booked") {
    if (b.arrivalDate === today) return [{ text: "Arriving today", classes: "govuk-tag--blue" }];
    if (b.arrivalDate < today) return [{ text: "Overdue arrival", classes: "govuk-tag--red" }];
    return [];
  }
  if (b.status === "arrived") {
    if (b.departureDate < today) return [{ text: "Overdue departure", classes: "govuk-tag--red" }];
    if (b.departureDate <= addDays(today, DEPARTING_SOON_DAYS))
      return [{ text: "Departing within 2 weeks", classes: "govuk-tag--yellow" }];
  }
  return [];
}

const label = <T extends Record<string, string>>(labels: T, key: string | undefined): string | undefined =>
  key === undefined ? undefined : ((labels as Record<string, string>)[key] ?? key);

const READINESS_TAGS: Record<PlanView["readiness"], string> = {
  ready: "govuk-tag--green",
  "on-track": "govuk-tag--blue",
  "at-risk": "govuk-tag--red",
  compressed: "govuk-tag--orange",
};

/** A plan's readiness as a tag: the same words and colours on the placement page and the inbound list. */
export const readinessTag = (readiness: PlanView["readiness"]) => ({
  text: PRE_ARRIVAL_READINESS[readiness],
  classes: READINESS_TAGS[readiness],
});

/** The AP manager's review of a placement in a word, for lists. */
export const reviewStatus = (b: Pick<Booking, "placementReview">): string =>
  !b.placementReview
    ? "Not reviewed"
    : b.placementReview.decision === "accepted"
      ? "Accepted"
      : "Concern raised";

const ITEM_TAGS: Record<PlanView["items"][number]["status"], string> = {
  "to-do": "govuk-tag--grey",
  done: "govuk-tag--green",
  "not-needed": "govuk-tag--grey",
};

/** A summary list row; rows with nothing to say are left out rather than shown blank. */
interface Row {
  key: { text: string };
  value: { text: string };
}
const rows = (pairs: [string, string | undefined][]): Row[] =>
  pairs
    .filter((p): p is [string, string] => p[1] !== undefined && p[1] !== "")
    .map(([k, v]) => ({ key: { text: k }, value: { text: v } }));

const CATEGORY_LABELS: Record<string, string> = { ...ROOM_CHARACTERISTICS, ...PREMISES_CHARACTERISTICS };

/** A few words about what an event changed, from the fields the operations write into it. */
export function eventDetail(e: HistoryEvent): string {
  const after = (e.after ?? {}) as Record<string, unknown>;
  const before = (e.before ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const parts: string[] = [];
  switch (e.action) {
    case "booking.arrived":
      if (str(after.arrivalDate)) parts.push(`Arrived on ${formatDate(str(after.arrivalDate)!)}`);
      break;
    case "booking.departed":
      if (str(after.date)) parts.push(`Left on ${formatDate(str(after.date)!)}`);
      if (str(after.reason)) parts.push(`Reason: ${label(DEPARTURE_REASONS, str(after.reason))}`);
      if (str(after.moveOnCategory))
        parts.push(`Moved on to: ${label(MOVE_ON_CATEGORIES, str(after.moveOnCategory))}`);
      break;
    case "booking.non-arrival":
    case "referral.non-arrival":
      if (str(after.reason)) parts.push(`Reason: ${label(NON_ARRIVAL_REASONS, str(after.reason))}`);
      break;
    case "booking.extended":
    case "booking.stay-reduced":
      if (str(before.departureDate) && str(after.departureDate))
        parts.push(
          `Departure ${formatDate(str(before.departureDate)!)} changed to ${formatDate(str(after.departureDate)!)}`,
        );
      break;
    case "booking.move-on-changed": {
      const plan = (after.plan ?? after) as Record<string, unknown>;
      if (str(plan.status)) parts.push(`Status: ${label(MOVE_ON_STATUSES, str(plan.status))}`);
      if (str(plan.category)) parts.push(`Category: ${label(MOVE_ON_CATEGORIES, str(plan.category))}`);
      break;
    }
    case "booking.pre-arrival-item-updated":
    case "referral.pre-arrival-item-updated": {
      const item = str(after.itemId);
      if (item && str(after.status))
        parts.push(
          `${(after.label as string | undefined) ?? item}: ${label(PRE_ARRIVAL_ITEM_STATUSES, str(after.status))}`,
        );
      break;
    }
    case "placement-review.concern":
      if (Array.isArray(after.reasons))
        parts.push(
          `Reasons: ${after.reasons.map((r) => label(PLACEMENT_CONCERN_REASONS, String(r))).join("; ")}`,
        );
      break;
  }
  const reason = str(after.reason);
  if (reason && !["booking.departed", "booking.non-arrival", "referral.non-arrival"].includes(e.action))
    parts.push(`Reason: ${reason}`);
  const note = str(after.note) ?? str(after.notes);
  if (note) parts.push(`Note: ${note}`);
  return parts.join(". ");
}

/** Events written to both partitions in one change show once: same label, same actor, within seconds. */
const SAME_CHANGE_MS = 5_000;

/**
 * The placement's timeline, newest first: the booking's events and the referral's (its
 * submission and anything before this stay), each change once.
 */
export function timelineOf(bookingEvents: readonly HistoryEvent[], referralEvents: readonly HistoryEvent[]) {
  const labelOf = (e: HistoryEvent) => label(AUDIT_ACTIONS, e.action) ?? e.action;
  const ownChanges = bookingEvents.map((e) => ({ label: labelOf(e), actor: e.actor, at: Date.parse(e.at) }));
  const fromReferral = referralEvents.filter(
    (e) =>
      !ownChanges.some(
        (b) =>
          b.label === labelOf(e) &&
          b.actor === e.actor &&
          Math.abs(b.at - Date.parse(e.at)) <= SAME_CHANGE_MS,
      ),
  );
  return [...bookingEvents, ...fromReferral]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((e) => ({
      label: { text: labelOf(e) },
      text: eventDetail(e),
      datetime: { timestamp: e.at, type: "datetime" },
      byline: { text: e.actor },
    }));
}

export interface PlacementPageInput {
  premises: { premisesId: string; name: string };
  booking: Booking;
  referral?: Referral;
  bookingHistory: readonly HistoryEvent[];
  referralHistory: readonly HistoryEvent[];
  plan: PlanView;
  stayReductions: readonly StayReduction[];
  today: string;
  /** The AP manager of this premises: the one who records and decides. */
  canAct: boolean;
}

export function placementPageModel(input: PlacementPageInput) {
  const { booking: b, referral: r, plan, premises, today, canAct } = input;
  const base = placementPath(premises.premisesId, b.bookingId);
  const actions = canAct
    ? actionsFor(b.status).map((a) => ({ text: ACTION_TITLES[a], href: `${base}/${a}` }))
    : [];
  const moveOn = b.moveOn;
  const planOpen = canAct && allowsRecord(b.status, "pre-arrival");
  return {
    heading: b.person.name,
    crn: b.person.crn,
    premisesHref: `/premises/${encodeURIComponent(premises.premisesId)}/placements`,
    premisesName: premises.name,
    status: {
      text: BOOKING_STATUS_LABELS[b.status],
      classes: b.status === "arrived" ? "govuk-tag--green" : "govuk-tag--grey",
    },
    tags: placementTags(b, today),
    actions,
    placementRows: rows([
      ["CRN", b.person.crn],
      ["NOMS number", b.person.nomsNumber],
      ["Bed", b.bedId],
      ["Expected arrival", formatDate(b.arrivalDate)],
      ["Arrived", b.actualArrivalDate && formatDate(b.actualArrivalDate)],
      ["Expected departure", formatDate(b.departureDate)],
      ["Left", b.actualDepartureDate && formatDate(b.actualDepartureDate)],
      ["Departure reason", b.departure && label(DEPARTURE_REASONS, b.departure.reason)],
      ["Moved on to", b.departure?.moveOnCategory && label(MOVE_ON_CATEGORIES, b.departure.moveOnCategory)],
      ["Non-arrival reason", b.nonArrival && label(NON_ARRIVAL_REASONS, b.nonArrival.reason)],
      ["Cancellation reason", b.cancellation?.reason],
      ["Key worker", plan.keyWorker ?? "Not assigned"],
    ]),
    referralRows: rows([
      ["Risk of serious harm (RoSH)", RISK_LEVELS[b.riskOfSeriousHarm]],
      ["MAPPA", b.mappaLevel ? `Level ${b.mappaLevel}` : "None"],
      ["Release type", RELEASE_TYPES[b.releaseType]],
      ["Notice", NOTICE_TYPES[b.noticeType]],
      ["Licence end", b.licenceEndDate && formatDate(b.licenceEndDate)],
      ["HDC end", b.hdcEndDate && formatDate(b.hdcEndDate)],
      ["Area", r && label(AREAS, r.area)],
      [
        "Needs",
        r && r.requiredCharacteristics.length > 0
          ? r.requiredCharacteristics.map((c) => CATEGORY_LABELS[c] ?? c).join(", ")
          : undefined,
      ],
      ["Homeless if not placed", r ? (r.homelessIfNotPlaced ? "Yes" : "No") : undefined],
      ["Referral submitted", r && formatDateTime(r.submittedAt)],
      ["Referral notes", r?.notes],
    ]),
    preArrival: {
      readiness: readinessTag(plan.readiness),
      compressed: plan.compressed,
      open: planOpen,
      items: plan.items.map((i) => ({
        id: i.itemId,
        label: i.label ?? i.itemId,
        due: formatDate(i.dueDate),
        compressed: i.compressed,
        overdue: plan.overdue.includes(i.itemId),
        status: { text: PRE_ARRIVAL_ITEM_STATUSES[i.status], classes: ITEM_TAGS[i.status] },
        note: i.note,
        keyWorker: i.keyWorker,
        href: planOpen ? `${base}/pre-arrival/${encodeURIComponent(i.itemId)}` : undefined,
      })),
    },
    review: {
      current: b.placementReview && {
        decision: reviewStatus(b),
        reasons: b.placementReview.reasons.map((x) => PLACEMENT_CONCERN_REASONS[x]),
        note: b.placementReview.note,
        by: b.placementReview.by,
        at: formatDateTime(b.placementReview.at),
        answer: b.placementReview.response && {
          text:
            b.placementReview.response.action === "keep"
              ? "The CRU kept the placement"
              : "The CRU cancelled the booking to place elsewhere",
          note: b.placementReview.response.note,
        },
      },
      href: canAct && allowsRecord(b.status, "placement-review") ? `${base}/review` : undefined,
    },
    moveOn: {
      rows: rows([
        ["Status", MOVE_ON_STATUSES[moveOn.status]],
        ["Category", label(MOVE_ON_CATEGORIES, moveOn.category)],
        ["Address", moveOn.address],
        ["Available from", moveOn.availableFrom && formatDate(moveOn.availableFrom)],
        ["Available until", moveOn.availableUntil && formatDate(moveOn.availableUntil)],
        ["Duty to Refer made", moveOn.dutyToReferDate && formatDate(moveOn.dutyToReferDate)],
        ["Duty to Refer outcome", label(DUTY_TO_REFER_OUTCOMES, moveOn.dutyToReferOutcome)],
        ["Local authority", moveOn.localAuthority],
        ["Notes", moveOn.notes],
      ]),
      href: canAct && allowsRecord(b.status, "move-on") ? `${base}/move-on` : undefined,
    },
    stayReductions: input.stayReductions
      .filter((s) => s.bookingId === b.bookingId && s.status === "pending")
      .map((s) => ({
        requestId: s.requestId,
        text: `Leave on ${formatDate(s.newDepartureDate)} instead of ${formatDate(s.currentDepartureDate)}`,
        reason: s.reason,
        requestedBy: s.requestedBy,
        requestedAt: formatDateTime(s.createdAt),
        href:
          canAct && allowsRecord(b.status, "stay-reduction")
            ? `${base}/stay-reductions/${encodeURIComponent(s.requestId)}`
            : undefined,
      })),
    timeline: timelineOf(input.bookingHistory, input.referralHistory),
  };
}
