import type { z } from "zod";
import type { InvalidParam } from "../domain/errors.js";

/**
 * A zod failure as the contract's invalidParams: the JSON API's problem+json and the pages'
 * GOV.UK error summary both come from this, so a field is refused in the same words in both.
 */
export function zodIssuesToParams(error: z.ZodError, prefix: string): InvalidParam[] {
  return error.issues.map((issue) => {
    const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    // Worded by the one error map (schemas/error-map.ts): "is required" only when absent.
    const reason = issue.message;
    if (issue.code === "unrecognized_keys") {
      return { name: [...path, ...issue.keys].join("."), reason: "is not a known field" };
    }
    return { name: path.join(".") || prefix || "body", reason };
  });
}
