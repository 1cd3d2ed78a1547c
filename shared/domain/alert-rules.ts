import { createHash } from "node:crypto";
import { type CalendarDate, daysBetween } from "./dates.js";

/**
 * When the nightly job warns that someone will leave an AP, or be released, with nowhere
 * to live. Pure: the job reads what is due, asks these rules, and writes what they say.
 *
 * Catch-up rule (missed nights): on any night only the most urgent threshold that is due
 * is raised for a subject; less urgent thresholds it has already passed count as passed
 * and are never raised late. A job that was down for a week therefore raises one alert
 * per stay at its real urgency, not a burst of stale 28/14/7-day warnings.
 */

export const ALERT_KINDS = [
  "departure-without-move-on",
  "release-without-accommodation",
  "licence-gap",
  "pre-arrival-overdue",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type Threshold = 28 | 14 | 7 | 2 | "overdue";

/** Days before departure at which a stay without secured move-on is raised; overdue daily after. */
export const DEPARTURE_LADDER = [28, 14, 7, 2] as const;
/** Days before expected release at which an unplaced, otherwise homeless person is raised. */
export const RELEASE_LADDER = [7, 2] as const;
/** How far ahead of departure the job looks: the top of the departure ladder. */
export const STAY_LOOKAHEAD_DAYS = 28;
export const RELEASE_LOOKAHEAD_DAYS = 7;

/** Lower is more urgent; used to order alerts and to decide what supersedes what. */
export function urgencyRank(t: Threshold): number {
  return t === "overdue" ? -1 : t;
}

/**
 * The most urgent threshold of the ladder that `daysLeft` has reached, or "overdue" once
 * the date has passed (when the kind has an overdue step), else undefined.
 */
export function dueThreshold(
  ladder: readonly number[],
  daysLeft: number,
  hasOverdue: boolean,
): Threshold | undefined {
  if (daysLeft < 0) return hasOverdue ? "overdue" : undefined;
  let due: number | undefined;
  for (const t of ladder) if (daysLeft <= t && (due === undefined || t < due)) due = t;
  return due as Threshold | undefined;
}

/**
 * Overdue is raised once per night, so its key carries the night; every other threshold
 * is raised once per subject and due date.
 */
export function thresholdKey(t: Threshold, night: CalendarDate): string {
  return t === "overdue" ? `overdue-${night}` : String(t);
}

/**
 * Deterministic, so a re-run or a retried invocation writes the same id and the
 * `attribute_not_exists` put raises it at most once. The due date is part of the id:
 * after an extension the new departure date starts a fresh ladder.
 */
export function alertIdOf(kind: AlertKind, subjectId: string, dueDate: CalendarDate, key: string): string {
  return createHash("sha256").update(`${kind}|${subjectId}|${dueDate}|${key}`).digest("hex").slice(0, 32);
}

export interface MoveOnFacts {
  status: "not-started" | "in-progress" | "confirmed" | "none";
  availableFrom?: CalendarDate;
}

export interface StayFacts {
  bookingId: string;
  premisesId: string;
  crn: string;
  status: "booked" | "arrived" | "departed" | "cancelled" | "non-arrival";
  departureDate: CalendarDate;
  moveOn?: MoveOnFacts;
  hdcEndDate?: CalendarDate;
  licenceEndDate?: CalendarDate;
}

export interface ReferralFacts {
  referralId: string;
  crn: string;
  status: "submitted" | "allocated" | "arrived" | "departed" | "withdrawn";
  homelessIfNotPlaced: boolean;
  expectedArrivalDate: CalendarDate;
}

export interface DueAlert {
  alertId: string;
  kind: AlertKind;
  subjectId: string;
  threshold: Threshold;
  daysLeft: number;
  dueDate: CalendarDate;
  premisesId?: string;
  bookingId?: string;
  referralId?: string;
  crn: string;
  /** pre-arrival-overdue: the overdue checklist items. */
  items?: string[];
}

/** An alert already raised and not resolved, as far as the rules need it. */
export interface StandingAlert {
  alertId: string;
  kind: AlertKind;
  status: AlertStatus;
  threshold: Threshold;
  dueDate: CalendarDate;
  bookingId?: string;
  referralId?: string;
  version: number;
}

const ACTIVE = new Set(["booked", "arrived"]);

/**
 * Move-on is secured only when confirmed with an address available by the day he leaves;
 * a confirmed address from a later date still leaves nights with nowhere to live.
 */
export function moveOnSecured(stay: Pick<StayFacts, "moveOn" | "departureDate">): boolean {
  const m = stay.moveOn;
  return m?.status === "confirmed" && m.availableFrom !== undefined && m.availableFrom <= stay.departureDate;
}

/** The licence or HDC period runs past the departure, so he needs an address for it or is recalled. */
export function licenceRunsPastDeparture(
  stay: Pick<StayFacts, "departureDate" | "hdcEndDate" | "licenceEndDate">,
): boolean {
  return (
    (stay.hdcEndDate !== undefined && stay.departureDate < stay.hdcEndDate) ||
    (stay.licenceEndDate !== undefined && stay.departureDate < stay.licenceEndDate)
  );
}

function due(
  kind: AlertKind,
  subjectId: string,
  dueDate: CalendarDate,
  night: CalendarDate,
  ladder: readonly number[],
  hasOverdue: boolean,
  extra: Pick<DueAlert, "crn" | "premisesId" | "bookingId" | "referralId">,
): DueAlert | undefined {
  const daysLeft = daysBetween(night, dueDate);
  const threshold = dueThreshold(ladder, daysLeft, hasOverdue);
  if (threshold === undefined) return undefined;
  return {
    alertId: alertIdOf(kind, subjectId, dueDate, thresholdKey(threshold, night)),
    kind,
    subjectId,
    threshold,
    daysLeft,
    dueDate,
    ...extra,
  };
}

/**
 * What a stay is due tonight. Licence-gap has no overdue step: once overdue the
 * departure alert is raised every night and already names the stay.
 */
export function stayAlertsDue(stay: StayFacts, night: CalendarDate): DueAlert[] {
  if (!ACTIVE.has(stay.status) || moveOnSecured(stay)) return [];
  const extra = { crn: stay.crn, premisesId: stay.premisesId, bookingId: stay.bookingId };
  const out: DueAlert[] = [];
  const departure = due(
    "departure-without-move-on",
    stay.bookingId,
    stay.departureDate,
    night,
    DEPARTURE_LADDER,
    true,
    extra,
  );
  if (departure) out.push(departure);
  if (licenceRunsPastDeparture(stay)) {
    const gap = due("licence-gap", stay.bookingId, stay.departureDate, night, DEPARTURE_LADDER, false, extra);
    if (gap) out.push(gap);
  }
  return out;
}

export function referralAlertsDue(referral: ReferralFacts, night: CalendarDate): DueAlert[] {
  if (referral.status !== "submitted" || !referral.homelessIfNotPlaced) return [];
  const alert = due(
    "release-without-accommodation",
    referral.referralId,
    referral.expectedArrivalDate,
    night,
    RELEASE_LADDER,
    false,
    { crn: referral.crn, referralId: referral.referralId },
  );
  return alert ? [alert] : [];
}

const STAY_GONE: Record<string, string> = {
  departed: "resident departed",
  cancelled: "booking cancelled",
  "non-arrival": "resident did not arrive",
};

/**
 * Why a standing alert no longer stands, or undefined while it does. `current` is the
 * subject as it is now (undefined when it no longer exists); `dueNow` is what the rules
 * say is due for that subject tonight.
 */
export function resolutionReason(
  alert: StandingAlert,
  current: StayFacts | ReferralFacts | undefined,
  dueNow: DueAlert[],
): string | undefined {
  if (!current)
    return alert.kind === "release-without-accommodation"
      ? "referral no longer exists"
      : "booking no longer exists";
  if ("bookingId" in current) {
    if (!ACTIVE.has(current.status)) return STAY_GONE[current.status] ?? `booking ${current.status}`;
    if (current.departureDate !== alert.dueDate)
      return `expected departure changed to ${current.departureDate}`;
    if (moveOnSecured(current)) return "move-on confirmed";
    if (alert.kind === "licence-gap" && !licenceRunsPastDeparture(current)) {
      return "licence and HDC end no longer after departure";
    }
  } else {
    if (current.status !== "submitted") return `referral ${current.status}`;
    if (!current.homelessIfNotPlaced) return "no longer homeless if not placed";
    if (current.expectedArrivalDate !== alert.dueDate)
      return `expected arrival changed to ${current.expectedArrivalDate}`;
  }
  const next = dueNow.find((d) => d.kind === alert.kind);
  if (!next) return undefined;
  if (next.alertId !== alert.alertId && urgencyRank(next.threshold) <= urgencyRank(alert.threshold)) {
    return `superseded by the ${next.threshold === "overdue" ? "overdue" : `${next.threshold}-day`} alert`;
  }
  return undefined;
}

export interface NightPlan {
  raise: DueAlert[];
  resolve: { alert: StandingAlert; reason: string }[];
}

/**
 * The whole night's decision. `subjects` must hold the current state of every subject
 * named by a standing alert (missing = no longer exists) and of every due stay and referral.
 */
export function planNight(input: {
  night: CalendarDate;
  stays: StayFacts[];
  referrals: ReferralFacts[];
  standing: StandingAlert[];
  subjects: Map<string, StayFacts | ReferralFacts | undefined>;
}): NightPlan {
  const dueBySubject = new Map<string, DueAlert[]>();
  for (const s of input.stays) dueBySubject.set(s.bookingId, stayAlertsDue(s, input.night));
  for (const r of input.referrals) dueBySubject.set(r.referralId, referralAlertsDue(r, input.night));
  const standingIds = new Set(input.standing.map((a) => a.alertId));
  const raise = [...dueBySubject.values()].flat().filter((d) => !standingIds.has(d.alertId));
  const resolve: NightPlan["resolve"] = [];
  for (const alert of input.standing) {
    const subjectId = alert.bookingId ?? alert.referralId ?? "";
    const current = input.subjects.get(subjectId);
    const dueNow =
      dueBySubject.get(subjectId) ??
      (current
        ? "bookingId" in current
          ? stayAlertsDue(current, input.night)
          : referralAlertsDue(current, input.night)
        : []);
    const reason = resolutionReason(alert, current, dueNow);
    if (reason) resolve.push({ alert, reason });
  }
  return { raise, resolve };
}
