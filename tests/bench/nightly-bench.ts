/**
 * Nightly job at national scale: 3,000 active stays (about a third leaving within 28 days)
 * plus N historical stays and referrals, on DynamoDB Local. Prints one JSON line per night
 * with duration, requests and read units.
 *
 *   TZ=Europe/London npx tsx tests/bench/nightly-bench.ts [--active 3000] [--history 100000]
 */
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { startDynamoDbLocal } from "../../infra/local/dynamodb-local.js";
import { createTable, tableDefinitionsFromTemplate } from "../../infra/local/tables.js";
import { addDays } from "../../shared/domain/dates.js";
import { readCapacity, resetCapacity } from "../../shared/store/capacity.js";
import { ddb } from "../../shared/store/client.js";
import { bookingItem, referralItem } from "../../shared/store/items.js";
import { batchPut, booking, referral } from "../integration/alerts-fixtures.js";
import { withoutStream } from "./env.js";

const { values } = parseArgs({
  options: { active: { type: "string", default: "3000" }, history: { type: "string", default: "100000" } },
});
const ACTIVE = Number(values.active);
const HISTORY = Number(values.history);
const NIGHT = "2026-11-23";

process.env.AP_FIXED_NOW = `${NIGHT}T02:00:00Z`;
process.env.LOG_LEVEL = "SILENT";
delete process.env.TOPIC_ARN;

const engine = await startDynamoDbLocal();
try {
  const client = new DynamoDBClient({
    endpoint: engine.endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await createTable(client, withoutStream(tableDefinitionsFromTemplate()[0]!), "bench");
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  process.env.DYNAMODB_ENDPOINT = engine.endpoint;
  process.env.TABLE_NAME = "bench";
  process.env.AWS_REGION = "eu-west-2";

  const load = Date.now();
  const active = Array.from({ length: ACTIVE }, (_, i) =>
    bookingItem(
      booking({
        bookingId: `a${i}`,
        premisesId: `p${i % 100}`,
        bedId: `b${i % 30}`,
        person: { crn: `X${String(100000 + i)}`, name: "Bench Person", gender: "male" },
        arrivalDate: addDays(NIGHT, -(i % 84)),
        departureDate: addDays(NIGHT, 84 - (i % 84)),
        hdcEndDate: i % 10 === 0 ? addDays(NIGHT, 200) : undefined,
        moveOn:
          i % 3 === 0
            ? { status: "confirmed", availableFrom: addDays(NIGHT, 84 - (i % 84)) }
            : { status: "in-progress" },
      }),
    ),
  );
  const referrals = Array.from({ length: 60 }, (_, i) =>
    referralItem(referral({ referralId: `r${i}`, expectedArrivalDate: addDays(NIGHT, i % 14) })),
  );
  const history: Record<string, unknown>[] = [];
  for (let i = 0; i < HISTORY; i++) {
    const departed = addDays(NIGHT, -30 - (i % 1500));
    history.push(
      bookingItem(
        booking({
          bookingId: `h${i}`,
          premisesId: `p${i % 100}`,
          status: i % 6 === 0 ? "cancelled" : "departed",
          arrivalDate: addDays(departed, -84),
          departureDate: departed,
          actualDepartureDate: departed,
        }),
      ),
    );
    if (i % 2 === 0) {
      history.push(
        referralItem(
          referral({
            referralId: `hr${i}`,
            status: i % 4 === 0 ? "departed" : "submitted",
            expectedArrivalDate: addDays(departed, -84),
          }),
        ),
      );
    }
  }
  await batchPut(doc, "bench", [...active, ...referrals, ...history], 16);
  const loadSeconds = (Date.now() - load) / 1000;

  const { handler } = await import("../../functions/nightly.js");
  const reads = { requests: 0, units: 0 };
  ddb().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (/^(Query|Get)/.test((context as { commandName?: string }).commandName ?? "")) {
        reads.requests++;
        reads.units +=
          (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity
            ?.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: "initialize", name: "benchReadMeter" },
  );
  process.env.AP_MEASURE_CAPACITY = "1";
  for (const date of [NIGHT, NIGHT, addDays(NIGHT, 1)]) {
    resetCapacity();
    reads.requests = 0;
    reads.units = 0;
    const started = performance.now();
    const summary = await handler({ date });
    const ms = Math.round(performance.now() - started);
    console.log(
      JSON.stringify({
        active: ACTIVE,
        history: history.length,
        loadSeconds,
        date,
        durationMs: ms,
        raised: summary.raised,
        resolved: summary.resolved,
        notified: summary.notified,
        requests: readCapacity().requests,
        readRequests: reads.requests,
        readUnits: reads.units,
        totalUnits: readCapacity().units,
      }),
    );
  }
  client.destroy();
} finally {
  await engine.stop();
}
