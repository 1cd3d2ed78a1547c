import * as z from "zod";

/**
 * One place that words zod's issues for clients, installed once for every schema (common.ts
 * imports it). Messages read after the field name in `invalidParams`: "bufferDays expected
 * an integer, got a string". Messages a schema gives itself (`.regex(re, "…")`) win.
 */

const INTEGER_FORMATS = new Set(["safeint", "int32", "uint32", "int64", "uint64"]);

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "something that is not a number";
    return Number.isInteger(value) ? "a number" : "a fraction";
  }
  if (typeof value === "object") return "an object";
  if (typeof value === "bigint") return "a big integer";
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  null: "null",
};

type RawIssue = z.core.$ZodRawIssue;

function expectedOf(issue: RawIssue & { expected?: string }): string {
  const def = (issue.inst as { _zod?: { def?: { format?: string } } } | undefined)?._zod?.def;
  if (issue.expected === "number" && def?.format && INTEGER_FORMATS.has(def.format)) return "an integer";
  return EXPECTED[issue.expected ?? ""] ?? (issue.expected ? `a ${issue.expected}` : "another type");
}

const unitOf = (origin: unknown) =>
  origin === "string" ? " characters" : origin === "array" || origin === "set" ? " items" : "";

function list(values: readonly unknown[]): string {
  const shown = values.slice(0, 20).map((v) => JSON.stringify(v));
  return values.length > 20 ? `${shown.join(", ")}, …` : shown.join(", ");
}

export function describeIssue(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `expected ${expectedOf(issue)}, got ${describeValue(issue.input)}`;
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string" && min === 1) return "must not be empty";
      if (issue.origin === "array" || issue.origin === "string")
        return `must have at least ${min}${unitOf(issue.origin)}`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be ${min} or more`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "array" || issue.origin === "string")
        return `must have at most ${max}${unitOf(issue.origin)}`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be ${max} or less`;
    }
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${list(issue.values)}`;
    case "invalid_union": {
      // A union of literals or enums (mappaLevel, any characteristic) reads as one list of values.
      const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
      const values = branches.flatMap((b) =>
        b.length === 1 && b[0]?.code === "invalid_value" ? b[0].values : [],
      );
      if (branches.length > 0 && branches.every((b) => b.length === 1 && b[0]?.code === "invalid_value"))
        return `must be one of ${list(values)}`;
      return `is not one of the allowed values or shapes (got ${describeValue(issue.input)})`;
    }
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}`;
    case "invalid_format":
      return "is not in the expected format";
    default:
      return undefined;
  }
}

z.config({ customError: (issue) => describeIssue(issue) });
