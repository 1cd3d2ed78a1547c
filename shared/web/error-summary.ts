import type { z } from "zod";
import { type InvalidParam, isDomainError } from "../domain/errors.js";
import { zodIssuesToParams } from "../schemas/invalid-params.js";

/**
 * The GOV.UK error summary and inline messages, built from the same problem details the
 * JSON API returns: a zod failure becomes invalidParams exactly as the API's validation
 * makes them, and a domain error keeps its own.
 */
export interface FieldSpec {
  /** The field's label as the form shows it; the message is "<label> <reason>". */
  label: string;
  /** Where the summary link goes: a date input's first box, say. Defaults to `#<name>`. */
  href?: string;
}

export interface FormErrors {
  /** For govukErrorSummary's errorList. */
  summary: { text: string; href?: string }[];
  /** For each field's errorMessage, by field name. */
  fields: Record<string, { text: string }>;
}

export interface ProblemDetails {
  status: number;
  detail: string;
  invalidParams?: InvalidParam[];
  conflicts?: { kind: string; detail?: string; startDate?: string; endDate?: string }[];
}

export const problemOfZod = (error: z.ZodError): ProblemDetails => {
  const invalidParams = zodIssuesToParams(error, "");
  return { status: 400, detail: invalidParams.map((p) => `${p.name} ${p.reason}`).join("; "), invalidParams };
};

const FORM_STATUS = { invalid: 400, conflict: 409, "precondition-failed": 412 } as const;

/** A domain error a form can show (invalid input, a conflict, a stale version), or undefined for anything else. */
export function problemOfError(err: unknown): ProblemDetails | undefined {
  if (!isDomainError(err) || !(err.kind in FORM_STATUS)) return undefined;
  return {
    status: FORM_STATUS[err.kind as keyof typeof FORM_STATUS],
    detail: err.message,
    invalidParams: err.invalidParams,
    conflicts: err.conflicts,
  };
}

const sentence = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
export const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

export const NO_ERRORS: FormErrors = { summary: [], fields: {} };

/** `preferredPremisesIds.2` belongs to the `preferredPremisesIds` checkboxes when the form has no input of its own for it. */
function fieldOf(name: string, spec: Record<string, FieldSpec>): string | undefined {
  const parts = name.split(".");
  while (parts.length > 0) {
    const key = parts.join(".");
    if (spec[key]) return key;
    parts.pop();
  }
  return undefined;
}

/**
 * API names inside a reason ("must be after expectedArrivalDate") read as the labels on screen.
 * Only names no one writes in prose (camelCase or dotted) are replaced: "area" stays a word.
 */
export function readable(reason: string, spec: Record<string, FieldSpec>): string {
  let text = reason;
  const names = Object.keys(spec)
    .filter((n) => /[A-Z.]/.test(n))
    .sort((a, b) => b.length - a.length);
  for (const n of names) {
    text = text.replace(new RegExp(`\\b${n.replace(/\./g, "\\.")}\\b`, "g"), lowerFirst(spec[n]!.label));
  }
  return text;
}

export interface FormErrorsOptions {
  /**
   * "form": the summary follows the order the form lists its fields (the spec's), names it has
   * no input for last; "problem" (the default): the order the problem gives them.
   */
  order?: "problem" | "form";
  /**
   * Where a message for a name the form has no input for links, worded exactly as the problem
   * names it ("bedId …", no capital); by default such a message is no link and starts a sentence.
   */
  unplacedHref?: string;
}

/** The params in the order the form lists its fields, names it has no input for last (stable). */
function inFormOrder(params: readonly InvalidParam[], spec: Record<string, FieldSpec>): InvalidParam[] {
  const keys = Object.keys(spec);
  const rank = (p: InvalidParam) => {
    const key = fieldOf(p.name, spec);
    return key === undefined ? keys.length : keys.indexOf(key);
  };
  return params
    .map((p, i) => ({ p, i, r: rank(p) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * One message per field (the first the problem gives, as GOV.UK asks), in the problem's order
 * (or the form's, see FormErrorsOptions); names the form has no input for are listed without a link.
 */
export function formErrors(
  problem: ProblemDetails,
  spec: Record<string, FieldSpec>,
  options: FormErrorsOptions = {},
): FormErrors {
  const summary: FormErrors["summary"] = [];
  const fields: FormErrors["fields"] = {};
  const params = problem.invalidParams ?? [];
  for (const p of options.order === "form" ? inFormOrder(params, spec) : params) {
    const key = fieldOf(p.name, spec);
    if (key === undefined) {
      const text = `${p.name} ${readable(p.reason, spec)}`;
      summary.push(
        options.unplacedHref === undefined ? { text: sentence(text) } : { text, href: options.unplacedHref },
      );
      continue;
    }
    if (fields[key]) continue;
    const text = sentence(`${spec[key]!.label} ${readable(p.reason, spec)}`);
    fields[key] = { text };
    summary.push({ text, href: spec[key]!.href ?? `#${key}` });
  }
  if (summary.length === 0) summary.push({ text: sentence(problem.detail) });
  return { summary, fields };
}

/** Invalid params a form produced itself (a schema's refusal) as the summary and inline messages. */
export const invalidFormErrors = (
  invalid: readonly InvalidParam[] | undefined,
  spec: Record<string, FieldSpec>,
  options: FormErrorsOptions = {},
) =>
  invalid?.length
    ? formErrors({ status: 400, detail: "", invalidParams: [...invalid] }, spec, options)
    : NO_ERRORS;

/**
 * invalidFormErrors as the premises pages' forms list them: in the form's field order, and a
 * name the form has no input for linked to the page's main content.
 */
export const formOrderErrors = (
  invalid: readonly InvalidParam[] | undefined,
  spec: Record<string, FieldSpec>,
) => invalidFormErrors(invalid, spec, { order: "form", unplacedHref: "#main-content" });

export type Parsed<T> = { ok: true; data: T } | { ok: false; invalid: InvalidParam[] };

/**
 * A form's candidate body checked by the API's own zod schema: the names are the API's
 * (`person.crn`), the reasons the schema's, as problemOfZod gives them, except that a field
 * left out "is required" whether the schema wanted a type or one of a list of values.
 */
export function parseWith<S extends z.ZodType>(schema: S, candidate: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(candidate);
  if (result.success) return { ok: true, data: result.data };
  const issues = result.error.issues;
  return {
    ok: false,
    invalid: zodIssuesToParams(result.error, "").map((p, i) => {
      const issue = issues[i]!;
      const missing =
        (issue.code === "invalid_type" || issue.code === "invalid_value") && issue.input === undefined;
      return missing ? { ...p, reason: "is required" } : p;
    }),
  };
}
