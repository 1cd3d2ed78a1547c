import { describe, expect, it } from "vitest";
import { actionsFor, allowsAction } from "../../shared/domain/booking-actions.js";

describe("what a booking's state allows", () => {
  it("offers arrival, non-arrival, extension and cancellation before arrival, departure and extension after", () => {
    expect(actionsFor("booked")).toEqual(["arrival", "non-arrival", "extension", "cancellation"]);
    expect(actionsFor("arrived")).toEqual(["extension", "departure"]);
  });

  it("offers nothing once the stay is over", () => {
    for (const s of ["departed", "cancelled", "non-arrival"] as const) expect(actionsFor(s)).toEqual([]);
    expect(allowsAction("departed", "departure")).toBe(false);
  });
});
