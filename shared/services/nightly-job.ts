import {
  ALERT_KINDS,
  type AlertKind,
  DEADLINE_KINDS,
  PLACEMENT_LOOKBACK_DAYS,
  planNight,
  RELEASE_LOOKAHEAD_DAYS,
  RELEASE_LOOKBACK_DAYS,
  type ReferralFacts,
  STAY_LOOKAHEAD_DAYS,
  type StandingAlert,
  type StayFacts,
} from "../domain/alert-rules.js";
import { now, today } from "../domain/clock.js";
import { startOfLondonDay } from "../domain/dates.js";
import { PRE_ARRIVAL_KIND } from "../domain/pre-arrival-alerts.js";
import { logger } from "../observability/logger.js";
import type { Booking } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import * as alerts from "../store/alerts-store.js";
import { endExpiredHold, expiredHolds } from "../store/holds-store.js";
import { retryUnpublished } from "./notifier.js";
import { preArrivalNight } from "./pre-arrival-nightly.js";

export interface NightlySummary {
  date: string;
  /** "nightly" checks every kind; "deadlines" (hourly) only the CRU's placement deadlines. */
  mode: RunMode;
  raised: number;
  resolved: number;
  /**
   * Events this run sent itself: the catch-up of outbox items older than CATCH_UP_GRACE_MS.
   * Tonight's new alerts are not among them: their outbox items reach the stream publisher
   * within seconds, and the run leaves them to it rather than racing it for the same claims.
   */
  notified: number;
  /** The same count (kept for readers of the older summary, where it was a part of `notified`). */
  retriedFromOutbox: number;
  /** Outbox items past the grace period still not done after the catch-up; the next run retries them. */
  outboxPending: number;
  byKind: Record<AlertKind, { raised: number; resolved: number }>;
  /** Holds on freed nights whose expiry had passed, ended tonight (nightly mode only). */
  holdsEnded: number;
}

export type RunMode = "nightly" | "deadlines";

export const stayFacts = (b: Booking): StayFacts => ({
  bookingId: b.bookingId,
  premisesId: b.premisesId,
  crn: b.person.crn,
  status: b.status,
  arrivalDate: b.arrivalDate,
  departureDate: b.departureDate,
  moveOn: b.moveOn
    ? {
        status: b.moveOn.status,
        category: b.moveOn.category,
        availableFrom: b.moveOn.availableFrom,
        availableUntil: b.moveOn.availableUntil,
      }
    : undefined,
  hdcEndDate: b.hdcEndDate,
  licenceEndDate: b.licenceEndDate,
});

export const referralFacts = (r: Referral): ReferralFacts => ({
  referralId: r.referralId,
  crn: r.person.crn,
  status: r.status,
  homelessIfNotPlaced: r.homelessIfNotPlaced,
  expectedArrivalDate: r.expectedArrivalDate,
  area: r.area,
  placementDeadline: r.placementDeadline,
});

/** Runs `work` over `xs` with at most `width` in flight: fast without flooding the table. */
async function pool<T, R>(xs: T[], width: number, work: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, xs.length) }, async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await work(xs[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

const WIDTH = 8;

/**
 * The instant placement deadlines are checked against: now when the run is for today,
 * else 02:00 London time of the night asked for (a re-run or catch-up of that night).
 */
function asOfNight(night: string): Date {
  if (night === today()) return now();
  return new Date(startOfLondonDay(night).getTime() + 2 * 3_600_000);
}

/** Reads of one run, each a key range on a sparse or status partition, never a Scan. */
async function readDue(mode: RunMode, night: string, asOf: Date) {
  const deadlines = alerts.queryPassedDeadlines(asOf, PLACEMENT_LOOKBACK_DAYS);
  if (mode === "deadlines") {
    const [passed, standing] = await Promise.all([
      deadlines,
      alerts.queryStandingAlerts([...DEADLINE_KINDS]),
    ]);
    return { stays: [], referrals: passed, standing };
  }
  const [departing, arriving, referrals, passed, standing] = await Promise.all([
    alerts.queryDueStays(night, STAY_LOOKAHEAD_DAYS),
    alerts.queryOverdueArrivals(night, STAY_LOOKAHEAD_DAYS),
    alerts.queryDueReferrals(night, RELEASE_LOOKAHEAD_DAYS, RELEASE_LOOKBACK_DAYS),
    deadlines,
    alerts.queryStandingAlerts(),
  ]);
  const stays = new Map([...departing, ...arriving].map((b) => [b.bookingId, b]));
  const byReferral = new Map([...referrals, ...passed].map((r) => [r.referralId, r]));
  return { stays: [...stays.values()], referrals: [...byReferral.values()], standing };
}

/**
 * One run: catch up the outbox (items past the grace period only), read what is due (stays by departure, booked stays past arrival,
 * referrals by arrival and by placement deadline, standing alerts), decide in pure code, then
 * write. Every write is conditional, so a re-run or a concurrent invocation for the same
 * night raises and resolves nothing twice. The hourly "deadlines" mode checks only the
 * CRU's placement deadlines, against the current instant.
 */
export async function runNightly(
  night: string,
  opts: { mode?: RunMode; asOf?: Date } = {},
): Promise<NightlySummary> {
  const mode = opts.mode ?? "nightly";
  const asOf = opts.asOf ?? asOfNight(night);
  const retried = await retryUnpublished();

  const { stays, referrals, standing: standingAll } = await readDue(mode, night, asOf);
  // Pre-arrival alerts have their own reads and rules (shared/domain/pre-arrival-alerts.ts);
  // planNight leaves alerts of kinds it does not raise alone.
  const standing = standingAll.filter((a) => a.kind !== PRE_ARRIVAL_KIND);
  const preArrival =
    mode === "nightly"
      ? await preArrivalNight(
          night,
          standingAll.filter((a) => a.kind === PRE_ARRIVAL_KIND) as StandingAlert[],
        )
      : { raise: [], resolve: [] };
  const stayList = stays.map(stayFacts);
  const referralList = referrals.map(referralFacts);

  const subjects = new Map<string, StayFacts | ReferralFacts | undefined>();
  for (const s of stayList) subjects.set(s.bookingId, s);
  for (const r of referralList) subjects.set(r.referralId, r);
  // Subjects of standing alerts that are no longer in tonight's due set (departed,
  // extended, allocated): one read each, so the cost follows the open alerts.
  const missing = [
    ...new Map(
      standing
        .map((a) => [a.bookingId ?? a.referralId ?? "", a] as const)
        .filter(([id]) => id !== "" && !subjects.has(id)),
    ).values(),
  ];
  await pool(missing, WIDTH, async (a) => {
    if (a.bookingId) {
      const b = await alerts.getBookingItem(a.bookingId);
      subjects.set(a.bookingId, b ? stayFacts(b) : undefined);
    } else if (a.referralId) {
      const r = await alerts.getReferralItem(a.referralId);
      subjects.set(a.referralId, r ? referralFacts(r) : undefined);
    }
  });

  const byId = new Map(standingAll.map((a) => [a.alertId, a]));
  const plan = planNight({
    night,
    asOf,
    ...(mode === "deadlines" ? { kinds: DEADLINE_KINDS } : {}),
    stays: stayList,
    referrals: referralList,
    standing: standing as StandingAlert[],
    subjects,
  });
  plan.raise.push(...preArrival.raise);
  plan.resolve.push(...preArrival.resolve);

  const byKind = Object.fromEntries(
    ALERT_KINDS.map((k) => [k, { raised: 0, resolved: 0 }]),
  ) as NightlySummary["byKind"];
  let resolved = 0;
  await pool(plan.resolve, WIDTH, async ({ alert, reason }) => {
    const done = await alerts.resolveAlert(byId.get(alert.alertId)!, reason);
    if (done) {
      resolved++;
      byKind[alert.kind].resolved++;
    }
  });

  // Each raised alert commits its outbox item in the same transaction: the stream publisher sends it.
  let raised = 0;
  await pool(plan.raise, WIDTH, async (due) => {
    if (await alerts.raiseAlert(due, night)) {
      raised++;
      byKind[due.kind].raised++;
    }
  });

  // Expired holds already bind nobody; ending them frees the nights in every view and index.
  let holdsEnded = 0;
  if (mode === "nightly") {
    const at = asOf.toISOString();
    await pool(await expiredHolds(at), WIDTH, async (hold) => {
      if (await endExpiredHold(hold, at)) holdsEnded++;
    });
  }

  const summary: NightlySummary = {
    date: night,
    mode,
    raised,
    resolved,
    notified: retried.published,
    retriedFromOutbox: retried.published,
    outboxPending: retried.pending - retried.published,
    byKind,
    holdsEnded,
  };
  logger.info("nightly alerts run", { ...summary });
  return summary;
}
