import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates.js";
import { readCapacity, resetCapacity } from "../../shared/store/capacity.js";
import { keys } from "../../shared/store/keys.js";
import { useLocalApi } from "../support/local-api.js";
import { allocate, createPremises, cru, NOW, putReferral } from "./allocation-fixtures.js";

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();

/** Three years of past stays on every bed: footprints and bookings written straight to the table. */
async function writeHistory(premisesId: string, beds: number) {
  const items: Record<string, unknown>[] = [];
  for (let bed = 1; bed <= beds; bed++) {
    for (let start = "2023-11-01"; start < "2026-10-01"; start = addDays(start, 90)) {
      const bookingId = `hist-${premisesId}-${bed}-${start}`;
      const departureDate = addDays(start, 84);
      items.push({
        ...keys.stayFootprint(premisesId, addDays(departureDate, 1), `b${bed}`, bookingId),
        type: "footprint",
        kind: "stay",
        premisesId,
        bedId: `b${bed}`,
        startDate: start,
        departureDate,
        lastNight: addDays(departureDate, 1),
        bufferDays: 2,
        bookingId,
        status: "departed",
      });
      items.push({
        ...keys.booking(bookingId),
        type: "booking",
        bookingId,
        premisesId,
        status: "departed",
        arrivalDate: start,
        departureDate,
        GSI1PK: `PREMISES#${premisesId}#BOOKINGS`,
        GSI1SK: `${departureDate}#${bookingId}`,
      });
    }
  }
  for (let i = 0; i < items.length; i += 25) {
    await api.ddb.send(
      new BatchWriteCommand({
        RequestItems: { [api.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  return items.length / 2;
}

async function measure<T>(fn: () => Promise<T>) {
  resetCapacity();
  const result = await fn();
  return { result, ...readCapacity() };
}

describe("cost does not grow with history (AP_MEASURE_CAPACITY=1)", () => {
  beforeAll(() => {
    process.env.AP_MEASURE_CAPACITY = "1";
  });
  afterAll(() => {
    delete process.env.AP_MEASURE_CAPACITY;
  });

  it("allocation and bed options cost the same for a 30-bed AP with 3 years of history as with none", async () => {
    await createPremises(api, "cap-new", { beds: 30, area: "wales" });
    await createPremises(api, "cap-old", { beds: 30, area: "midlands" });
    const historic = await writeHistory("cap-old", 30);
    expect(historic).toBeGreaterThan(300);

    const costs: Record<string, { allocation: object; bedOptions: object }> = {};
    // Separate areas, so each search reads exactly one premises and the two runs differ only in history.
    for (const [premisesId, area] of [
      ["cap-new", "wales"],
      ["cap-old", "midlands"],
    ] as const) {
      const r = await putReferral(api, { area, preferredPremisesIds: [premisesId] });
      const options = await measure(() =>
        api.call("GET", `/referrals/${r.referralId}/bed-options`, { as: cru }),
      );
      expect(options.result.status).toBe(200);
      expect(options.result.body.options.length).toBe(30);
      expect(options.result.body.options[0]).toMatchObject({ premisesId, fit: "exact" });
      const allocation = await measure(() => allocate(api, r.referralId, { premisesId, bedId: "b7" }));
      expect(allocation.result.status).toBe(201);
      costs[premisesId] = {
        allocation: {
          requests: allocation.requests,
          readUnits: allocation.readUnits,
          writeUnits: allocation.writeUnits,
          units: allocation.units,
        },
        bedOptions: { requests: options.requests, readUnits: options.readUnits, units: options.units },
      };
    }
    console.info("capacity per call", JSON.stringify(costs));
    expect(costs["cap-old"]).toEqual(costs["cap-new"]);
  });
});
