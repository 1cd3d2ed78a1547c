import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as nightly } from "../../functions/nightly.js";
import { addDays } from "../../shared/domain/dates.js";
import { MAX_STAY_NIGHTS } from "../../shared/domain/stay-rules.js";
import { useLocalApi } from "../support/local-api.js";
import { booking, putBooking } from "./alerts-fixtures.js";

// The overdue-arrival read is a key range on ACTIVE-STAYS bounded by the longest stay a
// booking may have. The bound once came from the submission rule (366 nights) while stays may
// be booked, re-dated or extended to MAX_STAY_NIGHTS: a longer booked stay never raised
// arrival-overdue.
const api = useLocalApi();
const cru = { role: "cru" } as const;

beforeAll(async () => {
  process.env.AP_FIXED_NOW = "2026-11-23T10:00:00Z";
  await putBooking(
    api.ddb,
    api.tableName,
    booking({
      bookingId: "long-late",
      premisesId: "p1",
      bedId: "b1",
      status: "booked",
      arrivalDate: "2026-11-20",
      departureDate: addDays("2026-11-20", MAX_STAY_NIGHTS),
    }),
  );
});

afterAll(() => {
  delete process.env.AP_FIXED_NOW;
});

describe("arrival-overdue for the longest stays", () => {
  it("a booked stay as long as the stay rule allows, never arrived, raises arrival-overdue", async () => {
    expect(MAX_STAY_NIGHTS).toBeGreaterThan(366);
    await nightly({ date: "2026-11-23" });
    const late = await api.call("GET", "/alerts?kind=arrival-overdue", { as: cru });
    expect(late.status).toBe(200);
    expect(late.body.items.map((a: { bookingId: string }) => a.bookingId)).toEqual(["long-late"]);
  });
});
