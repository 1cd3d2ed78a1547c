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
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

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
function readable(reason: string, spec: Record<string, FieldSpec>): string {
  let text = reason;
  const names = Object.keys(spec)
    .filter((n) => /[A-Z.]/.test(n))
    .sort((a, b) => b.length - a.length);
  for (const n of names) {
    text = text.replace(new RegExp(`\\b${n.replace(/\./g, "\\.")}\\b`, "g"), lowerFirst(spec[n]!.label));
  }
  return text;
}

/**
 * One message per field (the first the problem gives, as GOV.UK asks), in the problem's order;
 * names the form has no input for are listed without a link.
 */
export function formErrors(problem: ProblemDetails, spec: Record<string, FieldSpec>): FormErrors {
  const summary: FormErrors["summary"] = [];
  const fields: FormErrors["fields"] = {};
  for (const p of problem.invalidParams ?? []) {
    const key = fieldOf(p.name, spec);
    if (key === undefined) {
      summary.push({ text: sentence(`${p.name} ${readable(p.reason, spec)}`) });
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
) =>
  invalid?.length ? formErrors({ status: 400, detail: "", invalidParams: [...invalid] }, spec) : NO_ERRORS;
