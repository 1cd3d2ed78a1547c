import { describe, expect, it } from "vitest";
import {
  BANK_HOLIDAYS_TO,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  isBankHoliday,
} from "../../shared/domain/bank-holidays.js";
import { addDays, dayOfWeek, londonDateOf } from "../../shared/domain/dates.js";
import { addWorkingDays, isWorkingDay, nextWorkingDay } from "../../shared/domain/working-days.js";

/** Easter Sunday (Anonymous Gregorian algorithm), to cross-check Good Friday and Easter Monday. */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

describe("England and Wales bank holidays", () => {
  it("reach at least two years ahead of today (extend the list from gov.uk before this fails)", () => {
    const today = londonDateOf(new Date());
    const last = ENGLAND_AND_WALES_BANK_HOLIDAYS.at(-1)!;
    expect(last >= addDays(today, 730), `the list ends ${last}; today is ${today}`).toBe(true);
    expect(BANK_HOLIDAYS_TO >= last).toBe(true);
  });

  it("are sorted, unique, and each falls on a weekday (substitute days replace weekend dates)", () => {
    const list = [...ENGLAND_AND_WALES_BANK_HOLIDAYS];
    expect([...list].sort()).toEqual(list);
    expect(new Set(list).size).toBe(list.length);
    for (const d of list) expect([1, 2, 3, 4, 5], d).toContain(dayOfWeek(d));
  });

  it("hold eight a year, with Good Friday and Easter Monday around Easter", () => {
    for (let year = 2024; year <= 2029; year++) {
      const ofYear = ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((d) => d.startsWith(`${year}-`));
      expect(ofYear, String(year)).toHaveLength(8);
      const easter = easterSunday(year);
      expect(isBankHoliday(addDays(easter, -2)), `Good Friday ${year}`).toBe(true);
      expect(isBankHoliday(addDays(easter, 1)), `Easter Monday ${year}`).toBe(true);
    }
  });

  it.each([
    ["2026-12-28", "Boxing Day 2026 falls on a Saturday"],
    ["2027-12-27", "Christmas Day 2027 falls on a Saturday"],
    ["2027-12-28", "Boxing Day 2027 falls on a Sunday"],
    ["2028-01-03", "New Year's Day 2028 falls on a Saturday"],
  ])("includes the substitute day %s (%s)", (date) => {
    expect(isBankHoliday(date)).toBe(true);
    expect(isWorkingDay(date)).toBe(false);
  });
});

describe("working days", () => {
  it("skip weekends and bank holidays", () => {
    expect(isWorkingDay("2026-12-01")).toBe(true); // Tuesday
    expect(isWorkingDay("2026-12-05")).toBe(false); // Saturday
    expect(isWorkingDay("2026-12-25")).toBe(false);
    expect(nextWorkingDay("2026-12-24")).toBe("2026-12-29");
    expect(nextWorkingDay("2027-03-25")).toBe("2027-03-30"); // over Easter 2027
    expect(addWorkingDays("2026-12-23", 10)).toBe("2027-01-11");
    expect(addWorkingDays("2026-12-01", 0)).toBe("2026-12-01");
    expect(addWorkingDays("2026-11-27", 5)).toBe("2026-12-04"); // Friday + 5 = next Friday
  });
});
