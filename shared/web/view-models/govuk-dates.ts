import { type CalendarDate, daysBetween, isCalendarDate } from "../../domain/dates.js";

/**
 * Dates as GOV.UK writes them ("1 December 2026", no leading zero, no ordinal). Calendar dates
 * are formatted at UTC midnight, so no clock change can move them by a day; instants are shown
 * in Europe/London.
 */
const longDate = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const shortDate = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
});
const weekdayDate = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const londonDateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h12",
});

const atUtcMidnight = (date: CalendarDate) => new Date(`${date}T00:00:00Z`);

/** "1 December 2026"; anything that is not a calendar date is returned as it came. */
export const formatDate = (date: CalendarDate): string =>
  isCalendarDate(date) ? longDate.format(atUtcMidnight(date)) : date;

/** "1 Dec 2026", for table cells. */
export const formatShortDate = (date: CalendarDate): string =>
  isCalendarDate(date) ? shortDate.format(atUtcMidnight(date)).replace("Sept", "Sep") : date;

/** "Tuesday 1 December 2026". */
export const formatWeekdayDate = (date: CalendarDate): string =>
  isCalendarDate(date) ? weekdayDate.format(atUtcMidnight(date)).replace(",", "") : date;

/** "1 December 2026 at 2:05pm" in London time. */
export function formatDateTime(instant: string | Date): string {
  const at = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(at.getTime())) return String(instant);
  const parts = Object.fromEntries(londonDateTime.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${String(parts.dayPeriod).toLowerCase()}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "Today", "Tomorrow", "In 5 days", "Yesterday", "3 days ago". */
export function relativeDays(today: CalendarDate, date: CalendarDate): string {
  const days = daysBetween(today, date);
  if (days === 0) return "Today";
  if (days === 1) return "Tomorrow";
  if (days === -1) return "Yesterday";
  return days > 0 ? `In ${plural(days, "day")}` : `${plural(-days, "day")} ago`;
}

/** Every ISO calendar date inside a sentence written by the domain, as GOV.UK writes dates. */
export const formatDatesIn = (text: string): string =>
  text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => formatDate(d));
