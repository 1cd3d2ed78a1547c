import type { CalendarDate } from "./dates.js";

/**
 * England and Wales bank holidays, as published at https://www.gov.uk/bank-holidays
 * (division "england-and-wales"), substitute days included: when a holiday falls on a
 * weekend the next weekday is the bank holiday, and only that day is listed.
 *
 * Kept as data, not computed, because the list is what the government announces (one-off
 * holidays such as a coronation are added by proclamation). A unit test fails when the
 * list no longer reaches two years ahead: extend it from gov.uk before then.
 * 2029 follows the statutory pattern and is to be checked against gov.uk once published.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly CalendarDate[] = [
  // 2024
  "2024-01-01", // New Year's Day
  "2024-03-29", // Good Friday
  "2024-04-01", // Easter Monday
  "2024-05-06", // Early May bank holiday
  "2024-05-27", // Spring bank holiday
  "2024-08-26", // Summer bank holiday
  "2024-12-25", // Christmas Day
  "2024-12-26", // Boxing Day
  // 2025
  "2025-01-01",
  "2025-04-18",
  "2025-04-21",
  "2025-05-05",
  "2025-05-26",
  "2025-08-25",
  "2025-12-25",
  "2025-12-26",
  // 2026
  "2026-01-01",
  "2026-04-03",
  "2026-04-06",
  "2026-05-04",
  "2026-05-25",
  "2026-08-31",
  "2026-12-25",
  "2026-12-28", // Boxing Day (substitute day: 26 December is a Saturday)
  // 2027
  "2027-01-01",
  "2027-03-26",
  "2027-03-29",
  "2027-05-03",
  "2027-05-31",
  "2027-08-30",
  "2027-12-27", // Christmas Day (substitute day: 25 December is a Saturday)
  "2027-12-28", // Boxing Day (substitute day: 26 December is a Sunday)
  // 2028
  "2028-01-03", // New Year's Day (substitute day: 1 January is a Saturday)
  "2028-04-14",
  "2028-04-17",
  "2028-05-01",
  "2028-05-29",
  "2028-08-28",
  "2028-12-25",
  "2028-12-26",
  // 2029 (statutory pattern; confirm against gov.uk)
  "2029-01-01",
  "2029-03-30",
  "2029-04-02",
  "2029-05-07",
  "2029-05-28",
  "2029-08-27",
  "2029-12-25",
  "2029-12-26",
];

const HOLIDAYS: ReadonlySet<CalendarDate> = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);

export const isBankHoliday = (date: CalendarDate): boolean => HOLIDAYS.has(date);

/** The first and last dates the list covers; working-day counts outside it are not trusted. */
export const BANK_HOLIDAYS_FROM = "2024-01-01";
export const BANK_HOLIDAYS_TO = "2029-12-31";
