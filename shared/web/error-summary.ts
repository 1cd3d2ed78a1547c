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

export function formErrors(problem: ProblemDetails, spec: Record<string, FieldSpec>): FormErrors {
  const summary: FormErrors["summary"] = [];
  const fields: FormErrors["fields"] = {};
  for (const p of problem.invalidParams ?? []) {
    const known = spec[p.name];
    const text = sentence(`${known?.label ?? p.name} ${p.reason}`);
    if (!fields[p.name]) fields[p.name] = { text };
    summary.push({ text, ...(known ? { href: known.href ?? `#${p.name}` } : {}) });
  }
  if (summary.length === 0) summary.push({ text: sentence(problem.detail) });
  return { summary, fields };
}
