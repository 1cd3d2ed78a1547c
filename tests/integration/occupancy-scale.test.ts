import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates.js";
import { AREAS } from "../../shared/domain/vocabulary.js";
import { ddb } from "../../shared/store/client.js";
import { keys } from "../../shared/store/keys.js";
import { mapBounded } from "../../shared/store/occupancy-store.js";
import { useLocalApi } from "../support/local-api.js";

/**
 * The national estate: 100 premises, 2,800 beds, every bed with a past stay, a current
 * stay and its buffer, and a future stay; the area view must answer in one request well
 * under a second. Timings go to docs/performance.md ("Occupancy").
 */
const api = useLocalApi();
const PREMISES = 100;
const BEDS = 28;
const TODAY = "2026-11-23";
const areas = Object.keys(AREAS);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(path: string, as: { role: "cru" | "admin" }) {
  const started = performance.now();
  const res = await api.call("GET", path, { as });
  return { ms: performance.now() - started, res };
}

describe("area view at national scale", () => {
  beforeAll(async () => {
    process.env.AP_FIXED_NOW = `${TODAY}T10:00:00Z`;
    const ids = Array.from({ length: PREMISES }, (_, i) => `nat-${String(i).padStart(3, "0")}`);
    await mapBounded(ids, 4, async (premisesId) => {
      const i = Number(premisesId.slice(4));
      const res = await api.call("POST", "/premises", {
        as: { role: "admin" },
        body: {
          premisesId,
          name: `National AP ${i}`,
          area: areas[i % areas.length],
          gender: i % 8 === 7 ? "female" : "male",
          beds: Array.from({ length: BEDS }, (_, b) => ({
            bedId: `b${b}`,
            room: String(b),
            characteristics: b % 3 ? [] : ["single-room"],
          })),
        },
      });
      expect(res.status).toBe(201);
    });
    // Footprints straight into the table: 3 stays a bed, staggered so occupancy varies by night.
    const items = ids.flatMap((premisesId) =>
      Array.from({ length: BEDS }, (_, b) => {
        const offset = (b * 7 + Number(premisesId.slice(4))) % 40;
        const stays = [
          { start: addDays(TODAY, -200 - offset), nights: 84 },
          { start: addDays(TODAY, -60 + offset), nights: 84 },
          { start: addDays(TODAY, 30 + offset), nights: 84 },
        ];
        return stays.map(({ start, nights }, s) => {
          const departureDate = addDays(start, nights);
          const lastNight = addDays(departureDate, 1);
          const bookingId = `bk-${premisesId}-${b}-${s}`;
          return {
            ...keys.stayFootprint(premisesId, lastNight, `b${b}`, bookingId),
            type: "footprint",
            kind: "stay",
            premisesId,
            bedId: `b${b}`,
            startDate: start,
            departureDate,
            lastNight,
            bookingId,
            crn: `X${String(b * 1000 + s).padStart(6, "0")}`,
            riskOfSeriousHarm: "medium",
            noticeType: "standard",
            status: "booked",
          };
        });
      }).flat(),
    );
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) =>
      items.slice(i * 25, i * 25 + 25),
    );
    await mapBounded(batches, 4, async (batch) => {
      let pending: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending?.length) {
        const out = await api.ddb.send(
          new BatchWriteCommand({ RequestItems: { [api.tableName]: pending as never } }),
        );
        pending = out.UnprocessedItems?.[api.tableName] as never;
      }
    });
  }, 600_000);

  it("answers GET /occupancy for all 100 premises in one request, with one DynamoDB read per premises", async () => {
    await timed("/occupancy", { role: "cru" }); // warm the handler module, as a warm Lambda would be
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await timed("/occupancy", { role: "cru" }));
    const last = runs[runs.length - 1]!.res;
    expect(last.status).toBe(200);
    expect(last.body.items).toHaveLength(PREMISES);
    expect(last.body.nextCursor).toBeUndefined();
    expect(last.body.items.reduce((s: number, p: { beds: number }) => s + p.beds, 0)).toBe(PREMISES * BEDS);
    for (const p of last.body.items) {
      expect(p.freeNext28).toHaveLength(28);
      expect(p.occupied + p.buffer + p.outOfService + p.free).toBe(BEDS);
    }
    const ms = runs.map((r) => r.ms);
    const oneArea = [];
    for (let i = 0; i < 5; i++) oneArea.push((await timed("/occupancy?area=london", { role: "cru" })).ms);
    const year = [];
    for (let i = 0; i < 5; i++) {
      year.push(
        (
          await timed(`/premises/nat-000/occupancy?from=${TODAY}&to=${addDays(TODAY, 365)}`, {
            role: "admin",
          })
        ).ms,
      );
    }
    console.log(
      `[occupancy scale] all areas (100 premises, 2,800 beds): median ${median(ms).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms; ` +
        `one area: median ${median(oneArea).toFixed(0)} ms; one premises, 366 nights: median ${median(year).toFixed(0)} ms`,
    );
    // Performance is measured by the bench (docs/performance.md), not asserted by a wall
    // clock that a loaded machine breaks. What this guards is the shape: the national read is
    // a bounded number of DynamoDB requests (the premises list, then one read of each premises'
    // beds and footprints, in parallel): 102 for 100 premises when measured, whatever the history.
    const dynamoCalls: string[] = [];
    ddb().middlewareStack.add(
      (next, context) => async (args) => {
        dynamoCalls.push(context.commandName ?? "?");
        return next(args);
      },
      { step: "initialize", name: "countDynamoCalls" },
    );
    await timed("/occupancy", { role: "cru" });
    console.log(`[occupancy scale] all areas: ${dynamoCalls.length} DynamoDB requests`);
    expect(dynamoCalls.length).toBeGreaterThan(0);
    expect(dynamoCalls.length).toBeLessThanOrEqual(PREMISES + 5);
  }, 180_000); // six national reads; the medians below are the measure, not this ceiling
});
