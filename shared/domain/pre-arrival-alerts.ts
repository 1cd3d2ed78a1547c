import { alertIdOf, type DueAlert, type StandingAlert } from "./alert-rules.js";
import { type CalendarDate, daysBetween } from "./dates.js";
import { alertsApply, overdueItems, type PreArrivalPlan } from "./pre-arrival.js";

/**
 * `pre-arrival-overdue`: a booked stay with pre-arrival items past their due date, to the
 * premises. One alert names the overdue items; its id is derived from that set, so a re-run
 * or a second night with the same items raises nothing new, and a changed set raises one
 * new alert that supersedes the last: at most one per booking per night. Emergencies never
 * raise it (there was no time; their plan shows as compressed instead).
 */

export const PRE_ARRIVAL_KIND = "pre-arrival-overdue" as const;

export interface PreArrivalFacts {
  bookingId: string;
  premisesId: string;
  crn: string;
  status: string;
  arrivalDate: CalendarDate;
  plan: PreArrivalPlan;
}

export function preArrivalAlertDue(facts: PreArrivalFacts, night: CalendarDate): DueAlert | undefined {
  if (facts.status !== "booked" || !alertsApply(facts.plan)) return undefined;
  const items = overdueItems(facts.plan, night)
    .map((i) => i.itemId)
    .sort();
  if (items.length === 0) return undefined;
  return {
    alertId: alertIdOf(PRE_ARRIVAL_KIND, facts.bookingId, facts.arrivalDate, `overdue-${items.join(",")}`),
    kind: PRE_ARRIVAL_KIND,
    subjectId: facts.bookingId,
    threshold: "overdue",
    daysLeft: daysBetween(night, facts.arrivalDate),
    dueDate: facts.arrivalDate,
    premisesId: facts.premisesId,
    bookingId: facts.bookingId,
    crn: facts.crn,
    items,
  };
}

const GONE: Record<string, string> = {
  arrived: "resident arrived",
  departed: "resident departed",
  cancelled: "booking cancelled",
  "non-arrival": "resident did not arrive",
};

/** Why a standing pre-arrival alert no longer stands, or undefined while it does. */
export function preArrivalResolution(
  alert: Pick<StandingAlert, "alertId">,
  current: PreArrivalFacts | undefined,
  night: CalendarDate,
): string | undefined {
  if (!current) return "booking no longer exists";
  if (current.status !== "booked") return GONE[current.status] ?? `booking ${current.status}`;
  const due = preArrivalAlertDue(current, night);
  if (!due) return "overdue pre-arrival items done";
  if (due.alertId !== alert.alertId) return `superseded: overdue now ${due.items?.join(", ")}`;
  return undefined;
}

/** The night's pre-arrival decision: what to raise and which standing alerts to resolve. */
export function planPreArrivalNight(input: {
  night: CalendarDate;
  due: readonly PreArrivalFacts[];
  standing: readonly StandingAlert[];
  subjects: ReadonlyMap<string, PreArrivalFacts | undefined>;
}): { raise: DueAlert[]; resolve: { alert: StandingAlert; reason: string }[] } {
  const standingIds = new Set(input.standing.map((a) => a.alertId));
  const raise = input.due
    .map((f) => preArrivalAlertDue(f, input.night))
    .filter((d): d is DueAlert => d !== undefined && !standingIds.has(d.alertId));
  const resolve: { alert: StandingAlert; reason: string }[] = [];
  for (const alert of input.standing) {
    const reason = preArrivalResolution(alert, input.subjects.get(alert.bookingId ?? ""), input.night);
    if (reason) resolve.push({ alert, reason });
  }
  return { raise, resolve };
}
