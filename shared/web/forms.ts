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

/** An optional text field: blank is "not given", so the schema sees it as absent. */
export function optionalText(form: FormFields, name: string): string | undefined {
  const v = field(form, name)?.trim();
  return v ? v : undefined;
}

/**
 * The GOV.UK date input's three fields (`name-day`, `name-month`, `name-year`) as the
 * `YYYY-MM-DD` the schemas expect. Nothing is judged here: whatever was typed is passed
 * on, so the schema's own message says what is wrong. All three blank is "not given".
 */
export function dateFromParts(form: FormFields, name: string): string | undefined {
  const day = (field(form, `${name}-day`) ?? "").trim();
  const month = (field(form, `${name}-month`) ?? "").trim();
  const year = (field(form, `${name}-year`) ?? "").trim();
  if (!day && !month && !year) return undefined;
  const pad = (s: string) => (/^\d$/.test(s) ? `0${s}` : s);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The date input's three values from a `YYYY-MM-DD` (to fill a form again). */
export function dateParts(date: string | undefined): { day: string; month: string; year: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? "");
  if (!m) return { day: "", month: "", year: "" };
  return { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! };
}
