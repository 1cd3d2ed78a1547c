import type * as z from "zod";
import type { InvalidParamLike } from "./form-errors.js";

export type Parsed<T> = { ok: true; data: T } | { ok: false; invalid: InvalidParamLike[] };

/**
 * A form's candidate body checked by the API's own zod schema. The names are the API's
 * (`person.crn`), the reasons the schema's (worded by the shared zod error map), so a form
 * and a JSON client are told the same thing about the same mistake.
 */
export function parseWith<S extends z.ZodType>(schema: S, candidate: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(candidate);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    invalid: result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      if (issue.code === "unrecognized_keys") {
        return { name: [...path, ...issue.keys].join("."), reason: "is not a known field" };
      }
      // A field left out is "required", whether the schema wanted a type or one of a list.
      const reason =
        (issue.code === "invalid_type" || issue.code === "invalid_value") && issue.input === undefined
          ? "is required"
          : issue.message;
      return { name: path.join(".") || "body", reason };
    }),
  };
}
