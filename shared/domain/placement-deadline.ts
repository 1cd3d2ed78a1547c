import { addDays, londonDateOf, londonTimeOfDayMs, startOfLondonDay } from "./dates.js";
import type { NoticeType } from "./notice.js";
import { addWorkingDays, isWorkingDay, nextWorkingDay } from "./working-days.js";

/**
 * The CRU's own deadline for placing a referral, counted from the request (domain notes):
 * emergency within 2 hours; short notice within 5 working days; standard within 10.
 * Working days skip weekends and England and Wales bank holidays; a request made after
 * 13:00 London time, or on a day that is not a working day, counts from the next working
 * day. A working-day deadline falls at the end of its day in London (23:59:59.999, BST or
 * GMT), so a placement made any time that day is in time.
 */
export const EMERGENCY_DEADLINE_MS = 2 * 60 * 60 * 1000;
export const WORKING_DAYS_TO_PLACE: Record<Exclude<NoticeType, "emergency">, number> = {
  "short-notice": 5,
  standard: 10,
};
/** After this time of day (London) a request counts from the next working day. */
export const SAME_DAY_CUT_OFF_MS = 13 * 60 * 60 * 1000;

/** The working day a request is counted from. */
export function countedFrom(requestedAt: Date): string {
  const day = londonDateOf(requestedAt);
  if (!isWorkingDay(day) || londonTimeOfDayMs(requestedAt) > SAME_DAY_CUT_OFF_MS) return nextWorkingDay(day);
  return day;
}

export function placementDeadline(requestedAt: Date, noticeType: NoticeType): Date {
  if (noticeType === "emergency") return new Date(requestedAt.getTime() + EMERGENCY_DEADLINE_MS);
  const day = addWorkingDays(countedFrom(requestedAt), WORKING_DAYS_TO_PLACE[noticeType]);
  return new Date(startOfLondonDay(addDays(day, 1)).getTime() - 1);
}

/**
 * Non-arrival reasons that mean no bed is needed any more: he is in custody (arrested or
 * recalled) or stays in prison (parole not granted). Any other non-arrival (failed to
 * arrive, hospital, other) still needs a bed, so the referral goes back to the CRU queue.
 */
export const NON_ARRIVAL_NO_BED_NEEDED: ReadonlySet<string> = new Set([
  "arrested-or-recalled",
  "parole-not-granted",
]);

export const nonArrivalNeedsBed = (reason: string): boolean => !NON_ARRIVAL_NO_BED_NEEDED.has(reason);
