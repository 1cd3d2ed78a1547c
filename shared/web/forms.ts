/** A submitted `application/x-www-form-urlencoded` form: repeated names become arrays. */
export type FormFields = Record<string, string | string[]>;

export const MAX_FORM_BYTES = 64 * 1024;

export function parseForm(body: string): FormFields {
  const out: FormFields = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

/** One value of a field (the first, if repeated); undefined when absent. */
export function field(form: FormFields, name: string): string | undefined {
  const v = form[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Every value of a field (checkboxes). */
export function fields(form: FormFields, name: string): string[] {
  const v = form[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Every value of a field (checkboxes) trimmed, blank ones dropped: what was actually chosen. */
export const filledFields = (form: FormFields, name: string): string[] =>
  fields(form, name)
    .map((v) => v.trim())
    .filter((v) => v !== "");

/** An optional text field: blank is "not given", so the schema sees it as absent. */
export function optionalText(form: FormFields, name: string): string | undefined {
  const v = field(form, name)?.trim();
  return v ? v : undefined;
}

/** A text field trimmed, blank when absent: what a form shows again as typed. */
export const fieldText = (form: FormFields, name: string): string => optionalText(form, name) ?? "";

/** The three boxes of a GOV.UK date input as typed (govukDateInput's `values`). */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateParts = { day: "", month: "", year: "" };

/** The boxes `name-day`, `name-month`, `name-year` (govukDateInput's namePrefix), trimmed. */
export function typedDateParts(form: FormFields, name: string): DateParts {
  return {
    day: (field(form, `${name}-day`) ?? "").trim(),
    month: (field(form, `${name}-month`) ?? "").trim(),
    year: (field(form, `${name}-year`) ?? "").trim(),
  };
}

/** A date inside the schemas' year range that no calendar has: what unreadable boxes spell. */
const UNREAL_DATE = "2000-00-00";

/** The `YYYY-MM-DD` typed boxes spell (see dateFromParts); undefined when all three are blank. */
export function dateOfParts(parts: DateParts): string | undefined {
  const { day, month, year } = parts;
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return UNREAL_DATE;
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/**
 * The GOV.UK date input's three fields (`name-day`, `name-month`, `name-year`) as the
 * `YYYY-MM-DD` the schemas expect. Nothing is judged here: boxes that are blank or not numbers
 * spell a date no calendar has, so the schema's own message ("is not a real calendar date")
 * says what is wrong. All three blank is "not given".
 */
export const dateFromParts = (form: FormFields, name: string): string | undefined =>
  dateOfParts(typedDateParts(form, name));

/** The date input's three values from a `YYYY-MM-DD` (to fill a form again). */
export function dateParts(date: string | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? "");
  if (!m) return { ...EMPTY_DATE };
  return { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! };
}
