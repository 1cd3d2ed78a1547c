import { addDays, type CalendarDate } from "./dates.js";
import {
  type Conflict,
  type Footprint,
  footprintId,
  hardSegment,
  holdsNights,
  layoutBed,
  outOfServiceConflicts,
} from "./footprint.js";

/**
 * Archiving a bed closes it from a date: no stay may occupy a night on or after it. Stays
 * already running past the date are in the way (409); a bed is never deleted, so its
 * history and its audit stay readable.
 */
export function archiveConflicts(onBed: readonly Footprint[], fromDate: CalendarDate): Conflict[] {
  return onBed
    .map(hardSegment)
    .filter((s) => s !== undefined)
    .filter((s) => s.kind !== "out-of-service" && s.endDate >= fromDate)
    .map((s) => ({
      ...s,
      detail:
        s.kind === "held"
          ? `nights held for referral ${s.referralId} run to ${s.endDate}`
          : `booking ${s.bookingId} occupies the bed until ${s.endDate}`,
    }));
}

/**
 * An archive date is today or later: nights already past are history, not a plan. Out-of-service
 * periods running past it are no obstacle (an archived bed is out of use anyway); stays and held
 * nights are (archiveConflicts).
 */
export function archiveDateProblem(
  archivedFrom: CalendarDate,
  today: CalendarDate,
): FieldProblem | undefined {
  return archivedFrom < today
    ? { name: "archivedFrom", reason: `must be today (${today}) or later` }
    : undefined;
}

export interface OutOfServicePeriod {
  startDate: CalendarDate;
  endDate: CalendarDate;
}

export interface FieldProblem {
  name: string;
  reason: string;
}

/**
 * A change to an out-of-service period: dates in order, and a period already over cannot
 * be moved (its nights are history); one under way may be ended early, never in the past.
 */
export function outOfServiceChangeProblems(
  current: OutOfServicePeriod,
  next: OutOfServicePeriod,
  today: CalendarDate,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (next.endDate < next.startDate)
    problems.push({ name: "endDate", reason: "must be on or after startDate" });
  if (current.endDate < today) {
    problems.push({
      name: "endDate",
      reason: `the period ended on ${current.endDate}; it can no longer change`,
    });
    return problems;
  }
  if (current.startDate <= today && next.startDate !== current.startDate) {
    problems.push({
      name: "startDate",
      reason: `the period started on ${current.startDate}; it cannot move`,
    });
  }
  if (next.startDate !== current.startDate && next.startDate < today) {
    problems.push({ name: "startDate", reason: "cannot be in the past" });
  }
  if (next.endDate !== current.endDate && next.endDate < addDays(today, -1)) {
    problems.push({ name: "endDate", reason: `cannot end before yesterday (${addDays(today, -1)})` });
  }
  return problems;
}

/** What else on the bed a changed out-of-service period would overlap (its own old self excluded). */
export function changedOutOfServiceConflicts(
  onBed: readonly Footprint[],
  outOfServiceId: string,
  bedId: string,
  next: OutOfServicePeriod,
): Conflict[] {
  const others = onBed.filter((fp) => footprintId(fp) !== `OOS#${outOfServiceId}`);
  return outOfServiceConflicts(others, { bedId, ...next });
}

/** Only a period not yet over can be cancelled; one already under way is ended early instead. */
export function cancellationProblem(current: OutOfServicePeriod, today: CalendarDate): string | undefined {
  if (current.endDate < today) return `the period ended on ${current.endDate}; it can no longer be cancelled`;
  if (current.startDate < today)
    return `the period started on ${current.startDate}; end it early (PATCH endDate) instead`;
  return undefined;
}

/** The period a change asks for: the fields it names, the current period's for the rest. */
export const changedPeriod = (
  current: OutOfServicePeriod,
  change: { startDate?: CalendarDate; endDate?: CalendarDate },
): OutOfServicePeriod => ({
  startDate: change.startDate ?? current.startDate,
  endDate: change.endDate ?? current.endDate,
});

/**
 * The bed's footprints after an out-of-service period moves to `next`, or goes (`undefined`,
 * a cancellation). Stays whose buffer the old period clipped grow back; see layoutBed for
 * `horizon`. The caller has checked `changedOutOfServiceConflicts` first.
 */
export function bedWithOutOfService(
  onBed: readonly Footprint[],
  outOfServiceId: string,
  bedId: string,
  next: OutOfServicePeriod | undefined,
  horizon?: CalendarDate,
): Footprint[] {
  const others = onBed.filter((fp) => footprintId(fp) !== `OOS#${outOfServiceId}`);
  const moved: Footprint[] = next
    ? [{ kind: "out-of-service", bedId, outOfServiceId, startDate: next.startDate, lastNight: next.endDate }]
    : [];
  return layoutBed([...others, ...moved], horizon).filter(holdsNights);
}
