import { isBankHoliday } from "./bank-holidays.js";
import { addDays, type CalendarDate, dayOfWeek } from "./dates.js";

/** Monday to Friday and not an England and Wales bank holiday. */
export function isWorkingDay(date: CalendarDate): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !isBankHoliday(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: CalendarDate): CalendarDate {
  let d = addDays(date, 1);
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** `n` working days after `date` (n = 0 is `date` itself). */
export function addWorkingDays(date: CalendarDate, n: number): CalendarDate {
  let d = date;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d);
  return d;
}
