import type { CalendarDate } from "../../domain/dates.js";

/** The three boxes of a GOV.UK date input, as typed. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateParts = { day: "", month: "", year: "" };

type FormValue = string | readonly string[] | undefined;
export type FormBody = Readonly<Record<string, FormValue>>;

/** One value of a posted form: the first when a name came twice, trimmed. */
export const single = (form: FormBody, name: string): string => {
  const v = form[name];
  return (Array.isArray(v) ? (v[0] ?? "") : typeof v === "string" ? v : "").trim();
};

/** Every value of a multi-valued field (checkboxes), blanks dropped. */
export const many = (form: FormBody, name: string): string[] => {
  const v = form[name];
  const all = Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
  return all.map((s) => s.trim()).filter((s) => s !== "");
};

/** The boxes named `{prefix}-day`, `{prefix}-month`, `{prefix}-year` (govukDateInput's namePrefix). */
export const datePartsOf = (form: FormBody, prefix: string): DateParts => ({
  day: single(form, `${prefix}-day`),
  month: single(form, `${prefix}-month`),
  year: single(form, `${prefix}-year`),
});

/** A date inside the schema's range that no calendar has: what unreadable boxes become. */
const UNREAL_DATE = "2000-00-00";

/**
 * The `YYYY-MM-DD` the boxes spell, or undefined when all three are blank (the field was left
 * out). Boxes that are blank or not numbers spell a date no calendar has, so the API's own date
 * schema refuses it as "not a real calendar date": the form never judges a date itself.
 */
export function calendarDateOf(parts: DateParts): CalendarDate | undefined {
  if (parts.day === "" && parts.month === "" && parts.year === "") return undefined;
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) {
    return UNREAL_DATE;
  }
  return `${parts.year}-${parts.month.padStart(2, "0")}-${parts.day.padStart(2, "0")}`;
}

/** The boxes for a date already held, without leading zeros as people type them. */
export function datePartsFrom(date: CalendarDate | undefined): DateParts {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!m) return EMPTY_DATE;
  return { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! };
}
