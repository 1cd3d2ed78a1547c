import { createHash } from "node:crypto";
import { type CalendarDate, daysBetween, londonDateOf, maxDate } from "./dates.js";

/**
 * When the nightly job warns that someone will leave an AP, or be released, with nowhere
 * to live; that a booked arrival was never recorded; that a licence or HDC period is not
 * covered by the confirmed move-on; or that the CRU has not placed a referral in time.
 * Pure: the job reads what is due, asks these rules, and writes what they say.
 *
 * Ladders (days before the due date; the due date is the expected departure for stays,
 * the expected arrival for referrals):
 * - departure-without-move-on: 56, 28, 14, 7, 2, then overdue once.
 * - release-without-accommodation: 56, 28, 14, 7, 2, then overdue once. 56 days is the
 *   Homelessness Reduction Act's "threatened with homelessness" window (Duty to Refer).
 * - licence-gap: 56, 28, 14, 7, 2, then overdue once.
 * - arrival-overdue and placement-overdue: overdue once.
 *
 * Catch-up rule (short notice, missed nights): on any night only the most urgent threshold
 * that is due is raised for a subject; less urgent thresholds it has already passed count
 * as passed and are never raised late. A referral with 10 days' notice is raised on its
 * first night at 14 days, and a job that was down for a week raises one alert per stay at
 * its real urgency, not a burst of stale warnings. A subject never has two standing alerts
 * of one kind, and one stay never has both a departure-without-move-on and a licence-gap,
 * nor either of them while its arrival is overdue.
 */

export const ALERT_KINDS = [
  "departure-without-move-on",
  "release-without-accommodation",
  "licence-gap",
  "arrival-overdue",
  "placement-overdue",
  "pre-arrival-overdue",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** The kinds these rules raise and resolve; any other kind (pre-arrival) is left alone. */
export const NIGHTLY_KINDS: ReadonlySet<AlertKind> = new Set([
  "departure-without-move-on",
  "release-without-accommodation",
  "licence-gap",
  "arrival-overdue",
  "placement-overdue",
]);
/** The hourly run checks only the CRU's placement deadlines. */
export const DEADLINE_KINDS: ReadonlySet<AlertKind> = new Set(["placement-overdue"]);
export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const THRESHOLDS = [56, 28, 14, 7, 2, "overdue"] as const;
export type Threshold = (typeof THRESHOLDS)[number];

/** Days before departure at which a stay without secured move-on is raised; then overdue once. */
export const DEPARTURE_LADDER = [56, 28, 14, 7, 2] as const;
/** Days before expected release at which an unplaced, otherwise homeless person is raised; then overdue once. */
export const RELEASE_LADDER = [56, 28, 14, 7, 2] as const;
/** Days before departure at which a confirmed move-on that leaves the licence or HDC uncovered is raised. */
export const LICENCE_GAP_LADDER = DEPARTURE_LADDER;
/** How far ahead of departure the job looks: the top of the departure ladder. */
export const STAY_LOOKAHEAD_DAYS = 56;
export const RELEASE_LOOKAHEAD_DAYS = 56;
/**
 * How far back the job looks for submitted referrals whose arrival date has passed, so the
 * overdue step is raised once even after missed nights or a late non-arrival that sends a
 * referral back to the queue. Bounded, so old unplaced referrals are not re-read for ever.
 */
export const RELEASE_LOOKBACK_DAYS = 28;
/** How far back a placement deadline may have passed and still be raised (missed runs). */
export const PLACEMENT_LOOKBACK_DAYS = 28;

/** Move-on categories that cannot hold an HDC curfew or be a licence address. */
export const NO_LICENCE_ADDRESS_CATEGORIES: ReadonlySet<string> = new Set([
  "no-fixed-abode",
  "temporary-accommodation",
]);

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

/** Every threshold, overdue included, is raised once per subject and due date. */
export function thresholdKey(t: Threshold): string {
  return String(t);
}

/**
 * Deterministic, so a re-run or a retried invocation writes the same id and the
 * `attribute_not_exists` put raises it at most once. The due date is part of the id:
 * after an extension the new departure date starts a fresh ladder.
 */
export function alertIdOf(kind: AlertKind, subjectId: string, dueDate: string, key: string): string {
  return createHash("sha256").update(`${kind}|${subjectId}|${dueDate}|${key}`).digest("hex").slice(0, 32);
}

export interface MoveOnFacts {
  status: "not-started" | "in-progress" | "confirmed" | "none";
  category?: string;
  availableFrom?: CalendarDate;
  availableUntil?: CalendarDate;
}

export interface StayFacts {
  bookingId: string;
  premisesId: string;
  crn: string;
  status: "booked" | "arrived" | "departed" | "cancelled" | "non-arrival";
  /** Planned arrival; for a booked stay, the day its arrival is due to be recorded. */
  arrivalDate?: CalendarDate;
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
  area?: string;
  /** Instant (ISO 8601) by which the CRU should have placed it. */
  placementDeadline?: string;
}

export interface DueAlert {
  alertId: string;
  kind: AlertKind;
  subjectId: string;
  threshold: Threshold;
  daysLeft: number;
  dueDate: CalendarDate;
  /** An instant due (placement deadline), where the due date alone is not precise enough. */
  dueAt?: string;
  /** Why, in ids and dates only (it goes into notifications). */
  detail?: string;
  premisesId?: string;
  area?: string;
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
  dueAt?: string;
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
  return licencePeriodEnd(stay) !== undefined;
}

/** The last day of the licence or HDC period still to run after the departure, if any. */
export function licencePeriodEnd(
  stay: Pick<StayFacts, "departureDate" | "hdcEndDate" | "licenceEndDate">,
): CalendarDate | undefined {
  const ends = [stay.hdcEndDate, stay.licenceEndDate].filter(
    (d): d is CalendarDate => d !== undefined && d > stay.departureDate,
  );
  return ends.length === 0 ? undefined : ends.reduce(maxDate);
}

function licenceWording(stay: Pick<StayFacts, "departureDate" | "hdcEndDate" | "licenceEndDate">): string {
  const parts: string[] = [];
  if (stay.hdcEndDate && stay.hdcEndDate > stay.departureDate) parts.push(`HDC ends ${stay.hdcEndDate}`);
  if (stay.licenceEndDate && stay.licenceEndDate > stay.departureDate)
    parts.push(`licence ends ${stay.licenceEndDate}`);
  return parts.join(", ");
}

/**
 * Why a stay's confirmed, secured move-on leaves part of the licence or HDC period after the
 * departure without an address that can hold it, or undefined when there is no gap:
 * a category that cannot hold a curfew or licence address (no fixed abode, B&B/temporary),
 * or an address available only until a date before the period ends.
 */
export function licenceGapCause(stay: StayFacts): string | undefined {
  const end = licencePeriodEnd(stay);
  const m = stay.moveOn;
  if (end === undefined || !m || !moveOnSecured(stay)) return undefined;
  if (m.category && NO_LICENCE_ADDRESS_CATEGORIES.has(m.category)) {
    return `${licenceWording(stay)}, after the departure ${stay.departureDate}; move-on category ${m.category} cannot hold an HDC curfew or licence address`;
  }
  if (m.availableUntil !== undefined && m.availableUntil < end) {
    return `${licenceWording(stay)}, after the departure ${stay.departureDate}; the move-on address is available only until ${m.availableUntil}`;
  }
  return undefined;
}

/** A booked stay whose arrival day has passed with no arrival recorded. */
export function arrivalOverdue(stay: StayFacts, night: CalendarDate): boolean {
  return stay.status === "booked" && stay.arrivalDate !== undefined && stay.arrivalDate < night;
}

function due(
  kind: AlertKind,
  subjectId: string,
  dueDate: CalendarDate,
  night: CalendarDate,
  ladder: readonly number[],
  hasOverdue: boolean,
  extra: Pick<DueAlert, "crn" | "premisesId" | "bookingId" | "referralId" | "area" | "detail">,
): DueAlert | undefined {
  const daysLeft = daysBetween(night, dueDate);
  const threshold = dueThreshold(ladder, daysLeft, hasOverdue);
  if (threshold === undefined) return undefined;
  return {
    alertId: alertIdOf(kind, subjectId, dueDate, thresholdKey(threshold)),
    kind,
    subjectId,
    threshold,
    daysLeft,
    dueDate,
    ...extra,
  };
}

/**
 * What a stay is due tonight: at most one alert. A booked stay past its arrival day raises
 * only arrival-overdue (its departure is not yet real). Otherwise a stay without secured
 * move-on raises departure-without-move-on (its detail says when the licence or HDC
 * outlasts the stay), and a secured move-on that leaves the licence or HDC uncovered
 * raises licence-gap: the two cannot both be due.
 */
export function stayAlertsDue(stay: StayFacts, night: CalendarDate): DueAlert[] {
  if (!ACTIVE.has(stay.status)) return [];
  const extra = { crn: stay.crn, premisesId: stay.premisesId, bookingId: stay.bookingId };
  if (arrivalOverdue(stay, night)) {
    const arrivalDate = stay.arrivalDate!;
    return [
      {
        alertId: alertIdOf("arrival-overdue", stay.bookingId, arrivalDate, thresholdKey("overdue")),
        kind: "arrival-overdue",
        subjectId: stay.bookingId,
        threshold: "overdue",
        daysLeft: daysBetween(night, arrivalDate),
        dueDate: arrivalDate,
        detail: `arrival due ${arrivalDate} not recorded: record the arrival or the non-arrival`,
        ...extra,
      },
    ];
  }
  if (!moveOnSecured(stay)) {
    const detail = licenceRunsPastDeparture(stay)
      ? `${licenceWording(stay)}: the licence or HDC outlasts the stay, and move-on is not confirmed`
      : undefined;
    const d = due(
      "departure-without-move-on",
      stay.bookingId,
      stay.departureDate,
      night,
      DEPARTURE_LADDER,
      true,
      { ...extra, ...(detail ? { detail } : {}) },
    );
    return d ? [d] : [];
  }
  const cause = licenceGapCause(stay);
  if (!cause) return [];
  const gap = due("licence-gap", stay.bookingId, stay.departureDate, night, LICENCE_GAP_LADDER, true, {
    ...extra,
    detail: cause,
  });
  return gap ? [gap] : [];
}

/** Release without accommodation: a submitted referral that would otherwise be released homeless. */
export function releaseAlertsDue(referral: ReferralFacts, night: CalendarDate): DueAlert[] {
  if (referral.status !== "submitted" || !referral.homelessIfNotPlaced) return [];
  const alert = due(
    "release-without-accommodation",
    referral.referralId,
    referral.expectedArrivalDate,
    night,
    RELEASE_LADDER,
    true,
    {
      crn: referral.crn,
      referralId: referral.referralId,
      ...(referral.area ? { area: referral.area } : {}),
    },
  );
  return alert ? [alert] : [];
}

/** Placement overdue: still submitted after its CRU deadline, as of `asOf`. */
export function placementAlertsDue(referral: ReferralFacts, asOf: Date): DueAlert[] {
  const deadline = referral.placementDeadline;
  if (referral.status !== "submitted" || !deadline || asOf.getTime() <= Date.parse(deadline)) return [];
  const dueDate = londonDateOf(new Date(deadline));
  return [
    {
      // The instant, not the date, is in the id: a referral sent back to the queue gets a new deadline.
      alertId: alertIdOf("placement-overdue", referral.referralId, deadline, thresholdKey("overdue")),
      kind: "placement-overdue",
      subjectId: referral.referralId,
      threshold: "overdue",
      daysLeft: daysBetween(londonDateOf(asOf), dueDate),
      dueDate,
      dueAt: deadline,
      detail: `not placed by its CRU deadline ${deadline}`,
      crn: referral.crn,
      referralId: referral.referralId,
      ...(referral.area ? { area: referral.area } : {}),
    },
  ];
}

/** Everything a referral is due: release ladder by night, and the placement deadline when `asOf` is given. */
export function referralAlertsDue(referral: ReferralFacts, night: CalendarDate, asOf?: Date): DueAlert[] {
  return [...releaseAlertsDue(referral, night), ...(asOf ? placementAlertsDue(referral, asOf) : [])];
}

const STAY_GONE: Record<string, string> = {
  departed: "resident departed",
  cancelled: "booking cancelled",
  "non-arrival": "non-arrival recorded",
};

function stayResolution(alert: StandingAlert, current: StayFacts, dueNow: DueAlert[]): string | undefined {
  if (alert.kind === "arrival-overdue") {
    if (current.status === "arrived") return "arrival recorded";
    if (current.status !== "booked") return STAY_GONE[current.status] ?? `booking ${current.status}`;
    if (current.arrivalDate !== alert.dueDate) return `expected arrival changed to ${current.arrivalDate}`;
    return undefined;
  }
  if (!ACTIVE.has(current.status)) return STAY_GONE[current.status] ?? `booking ${current.status}`;
  if (current.departureDate !== alert.dueDate)
    return `expected departure changed to ${current.departureDate}`;
  if (dueNow.some((d) => d.kind === "arrival-overdue")) return "superseded by the arrival-overdue alert";
  if (alert.kind === "departure-without-move-on" && moveOnSecured(current)) return "move-on confirmed";
  if (alert.kind === "licence-gap") {
    if (!licenceRunsPastDeparture(current)) return "licence and HDC end no longer after departure";
    if (!moveOnSecured(current)) return "move-on no longer confirmed";
    if (!licenceGapCause(current)) return "move-on covers the licence and HDC period";
  }
  return undefined;
}

function referralResolution(alert: StandingAlert, current: ReferralFacts): string | undefined {
  if (current.status !== "submitted") return `referral ${current.status}`;
  if (alert.kind === "placement-overdue") {
    if (current.placementDeadline !== alert.dueAt)
      return `placement deadline changed to ${current.placementDeadline ?? "none"}`;
    return undefined;
  }
  if (!current.homelessIfNotPlaced) return "no longer homeless if not placed";
  if (current.expectedArrivalDate !== alert.dueDate)
    return `expected arrival changed to ${current.expectedArrivalDate}`;
  return undefined;
}

const isReferralAlert = (kind: AlertKind) =>
  kind === "release-without-accommodation" || kind === "placement-overdue";

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
  if (!current) return isReferralAlert(alert.kind) ? "referral no longer exists" : "booking no longer exists";
  const reason =
    "bookingId" in current ? stayResolution(alert, current, dueNow) : referralResolution(alert, current);
  if (reason) return reason;
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
 * The whole run's decision. `subjects` must hold the current state of every subject
 * named by a standing alert (missing = no longer exists) and of every due stay and referral.
 * `asOf` (the run's instant) enables the placement-deadline check; `kinds` narrows the run
 * to some kinds (the hourly deadlines run). Standing alerts of other kinds are left alone.
 */
export function planNight(input: {
  night: CalendarDate;
  asOf?: Date;
  kinds?: ReadonlySet<AlertKind>;
  stays: StayFacts[];
  referrals: ReferralFacts[];
  standing: StandingAlert[];
  subjects: Map<string, StayFacts | ReferralFacts | undefined>;
}): NightPlan {
  const kinds = input.kinds ?? NIGHTLY_KINDS;
  const dueOf = (subject: StayFacts | ReferralFacts): DueAlert[] =>
    ("bookingId" in subject
      ? stayAlertsDue(subject, input.night)
      : referralAlertsDue(subject, input.night, input.asOf)
    ).filter((d) => kinds.has(d.kind));
  const dueBySubject = new Map<string, DueAlert[]>();
  for (const s of input.stays) dueBySubject.set(s.bookingId, dueOf(s));
  for (const r of input.referrals) dueBySubject.set(r.referralId, dueOf(r));
  const standing = input.standing.filter((a) => kinds.has(a.kind));
  const standingIds = new Set(standing.map((a) => a.alertId));
  const raise = [...dueBySubject.values()].flat().filter((d) => !standingIds.has(d.alertId));
  const resolve: NightPlan["resolve"] = [];
  for (const alert of standing) {
    const subjectId = alert.bookingId ?? alert.referralId ?? "";
    const current = input.subjects.get(subjectId);
    const dueNow = dueBySubject.get(subjectId) ?? (current ? dueOf(current) : []);
    const reason = resolutionReason(alert, current, dueNow);
    if (reason) resolve.push({ alert, reason });
  }
  return { raise, resolve };
}
