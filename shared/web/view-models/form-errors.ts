/**
 * Problem details (`invalidParams`, named as the API names them: `person.crn`,
 * `preferredPremisesIds.0`) turned into the GOV.UK error summary and the inline messages of a
 * form. The reasons are the schema's and the operation's own words; the form only says which
 * of its fields a name belongs to and what that field is called on screen.
 */
export interface InvalidParamLike {
  name: string;
  reason: string;
}

export interface FormField {
  /** The id of the element the summary links to (a date input's first box: `{id}-day`). */
  href: string;
  /** What the field is called on screen, as it starts a sentence ("Date of birth"). */
  label: string;
}

export interface FormErrors {
  /** govukErrorSummary `errorList`: one entry per message, in the form's field order. */
  summary: { text: string; href: string }[];
  /** govuk macro `errorMessage` by field key. */
  byField: Record<string, { text: string }>;
}

export const NO_ERRORS: FormErrors = { summary: [], byField: {} };

/** `preferredPremisesIds.2` belongs to `preferredPremisesIds`; `person.crn` is its own field. */
function fieldKeyOf(name: string, fields: Readonly<Record<string, FormField>>): string | undefined {
  if (fields[name]) return name;
  const parts = name.split(".");
  while (parts.length > 1) {
    parts.pop();
    const key = parts.join(".");
    if (fields[key]) return key;
  }
  return undefined;
}

/**
 * API field names inside a reason ("must be after expectedArrivalDate") read as the labels the
 * user sees ("must be after expected arrival date").
 */
function readable(reason: string, fields: Readonly<Record<string, FormField>>): string {
  let text = reason;
  // Only names no one would write in prose (camelCase, dotted): "area" stays a word.
  const names = Object.keys(fields)
    .filter((name) => /[A-Z.]/.test(name))
    .sort((a, b) => b.length - a.length);
  for (const name of names) {
    const label = fields[name]!.label;
    text = text.replace(new RegExp(`\\b${name.replace(/\./g, "\\.")}\\b`, "g"), lowerFirst(label));
  }
  return text;
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

/**
 * One message per field (the first the API gave, as GOV.UK asks), in the order the form lists
 * its fields; names the form does not know go last and link to the summary's own heading.
 */
export function formErrors(
  invalid: readonly InvalidParamLike[],
  fields: Readonly<Record<string, FormField>>,
  fallbackHref = "#main-content",
): FormErrors {
  const byField: Record<string, { text: string }> = {};
  const unplaced: { text: string; href: string }[] = [];
  for (const param of invalid) {
    const key = fieldKeyOf(param.name, fields);
    if (key === undefined) {
      unplaced.push({ text: `${param.name} ${readable(param.reason, fields)}`, href: fallbackHref });
      continue;
    }
    if (byField[key]) continue;
    byField[key] = { text: `${fields[key]!.label} ${readable(param.reason, fields)}` };
  }
  const summary = Object.keys(fields)
    .filter((key) => byField[key])
    .map((key) => ({ text: byField[key]!.text, href: fields[key]!.href }));
  return { summary: [...summary, ...unplaced], byField };
}
