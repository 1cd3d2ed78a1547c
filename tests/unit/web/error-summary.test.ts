import { describe, expect, it } from "vitest";
import * as z from "zod";
import { conflict, invalidParam } from "../../../shared/domain/errors.js";
import { calendarDate } from "../../../shared/schemas/common.js";
import { formErrors, problemOfError, problemOfZod } from "../../../shared/web/error-summary.js";

const spec = {
  arrivalDate: { label: "Arrival date", href: "#arrivalDate-day" },
  reason: { label: "Reason" },
};

describe("the GOV.UK error summary from problem details", () => {
  it("names each field the schema refused, linking to it, with the same reason the API gives", () => {
    const schema = z.strictObject({ arrivalDate: calendarDate, reason: z.string().min(1) });
    const result = schema.safeParse({ arrivalDate: "2026-02-30" });
    expect(result.success).toBe(false);
    const errors = formErrors(problemOfZod(result.error!), spec);
    expect(errors.summary).toEqual([
      { text: "Arrival date is not a real calendar date", href: "#arrivalDate-day" },
      { text: "Reason is required", href: "#reason" },
    ]);
    expect(errors.fields.arrivalDate).toEqual({ text: "Arrival date is not a real calendar date" });
  });

  it("keeps a domain error's own invalid params, and shows a conflict's detail", () => {
    const invalid = problemOfError(invalidParam("arrivalDate", "must be today or up to 7 days back"));
    expect(formErrors(invalid!, spec).fields.arrivalDate?.text).toBe(
      "Arrival date must be today or up to 7 days back",
    );
    const clash = problemOfError(conflict("Booking b1 is departed; cannot record arrival"));
    expect(formErrors(clash!, spec).summary).toEqual([
      { text: "Booking b1 is departed; cannot record arrival" },
    ]);
  });

  it("leaves faults that are not the user's to fix to the error page", () => {
    expect(problemOfError(new Error("boom"))).toBeUndefined();
  });
});
