/**
 * Calendar dates are `YYYY-MM-DD` strings in Europe/London. Arithmetic is done on
 * UTC midnights so that BST/GMT changes can never shift a date by one.
 */
export type CalendarDate = string;

/** The dates the service can hold: older is a typo for a date of birth, later is a typo for anything. */
export const EARLIEST_DATE: CalendarDate = "1900-01-01";
export const LATEST_DATE: CalendarDate = "2200-12-31";

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [, y, mo, d] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toEpochDay(date: CalendarDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a calendar date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

function fromEpochDay(day: number): CalendarDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a >= b ? a : b;
}

/** Every date from `from` to `to`, both included. */
export function eachDate(from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const out: CalendarDate[] = [];
  for (let d = toEpochDay(from), end = toEpochDay(to); d <= end; d++) out.push(fromEpochDay(d));
  return out;
}

const londonDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date in Europe/London at the given instant. */
export function londonDateOf(instant: Date): CalendarDate {
  return londonDate.format(instant);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return new Date(toEpochDay(date) * MS_PER_DAY).getUTCDay();
}

const londonClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** Milliseconds since London midnight at the given instant (wall-clock, BST or GMT). */
export function londonTimeOfDayMs(instant: Date): number {
  const parts = Object.fromEntries(londonClock.formatToParts(instant).map((p) => [p.type, p.value]));
  return (
    ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 +
    instant.getUTCMilliseconds()
  );
}

/**
 * The instant London's day `date` begins. The clocks change at 01:00 UTC, never at
 * midnight, so London's offset at 00:00 UTC that day is the offset at its midnight.
 */
export function startOfLondonDay(date: CalendarDate): Date {
  const utcMidnight = toEpochDay(date) * MS_PER_DAY;
  const offset = londonTimeOfDayMs(new Date(utcMidnight)) % MS_PER_DAY;
  // 00:00 UTC is 00:00 (GMT) or 01:00 (BST) in London; subtract what London is ahead.
  return new Date(utcMidnight - offset);
}
