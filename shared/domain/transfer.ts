import type { CalendarDate } from "./dates.js";
import { recordedDateProblem } from "./stay-rules.js";

/**
 * A transfer moves a resident who has arrived to another bed (usually another AP) on one
 * date: the stay departs on `date` with move-on `another-ap` and a new stay arrives on
 * `date`, keeping the planned departure. The person is never resident in two APs on one
 * night because the old stay's last night is `date - 1` and the new one's first is `date`.
 */
export interface TransferringStay {
  status: string;
  premisesId: string;
  bedId: string;
  arrivalDate: CalendarDate;
  actualArrivalDate?: CalendarDate;
  departureDate: CalendarDate;
}

export interface TransferTarget {
  premisesId: string;
  bedId: string;
  date: CalendarDate;
}

export interface FieldProblem {
  name: string;
  reason: string;
}

/** Every reason the request itself is wrong (a 400); state conflicts are the caller's 409s. */
export function transferProblems(
  stay: TransferringStay,
  target: TransferTarget,
  today: CalendarDate,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const dateProblem = recordedDateProblem(target.date, today);
  if (dateProblem) problems.push({ name: "date", reason: dateProblem });
  const arrived = stay.actualArrivalDate ?? stay.arrivalDate;
  if (target.date <= arrived) problems.push({ name: "date", reason: `must be after the arrival ${arrived}` });
  if (target.date >= stay.departureDate)
    problems.push({
      name: "date",
      reason: `must be before the planned departure ${stay.departureDate}; the resident leaves instead`,
    });
  if (target.premisesId === stay.premisesId && target.bedId === stay.bedId)
    problems.push({ name: "bedId", reason: "is the bed the resident is already in" });
  return problems;
}

/** The new stay: from the transfer date to the planned departure. */
export const transferredStay = (stay: TransferringStay, date: CalendarDate) => ({
  arrivalDate: date,
  departureDate: stay.departureDate,
});

/** DynamoDB's TransactWriteItems limit: a transfer must fit in one, or it is refused whole. */
export const MAX_TRANSACTION_ITEMS = 100;
