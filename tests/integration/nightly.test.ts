import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { handler } from "../../functions/nightly.js";
import { startLocalStreamPublisher } from "../../infra/local/stream-publisher.js";
import { resetSnsClient } from "../../shared/services/notifier.js";
import { handleStreamBatch, isOutboxInsert } from "../../shared/services/stream-publisher.js";
import { useLocalApi } from "../support/local-api.js";
import {
  alertsIn,
  booking,
  freshTable,
  outbox,
  putBooking,
  putReferral,
  referral,
} from "./alerts-fixtures.js";

const api = useLocalApi();
const sns = mockClient(SNSClient);
const manager = { role: "ap-manager", premises: ["p1"] } as const;

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  resetSnsClient();
  process.env.TOPIC_ARN = "arn:aws:sns:eu-west-2:111122223333:ap-alerts";
  process.env.AP_FIXED_NOW = "2026-11-23T02:00:00Z";
});
afterAll(() => {
  delete process.env.TOPIC_ARN;
  delete process.env.AP_FIXED_NOW;
});

/**
 * What the deployed stream publisher does with the run's outbox items: the local poller on
 * this table's stream, run until it has caught up. `maxRetryAttempts: 0` gives up at once.
 */
async function streamPublish(table: string, maxRetryAttempts?: number) {
  const publisher = await startLocalStreamPublisher({
    endpoint: process.env.DYNAMODB_ENDPOINT!,
    tableName: table,
    handler: handleStreamBatch,
    filter: isOutboxInsert,
    idleMs: 50,
    ...(maxRetryAttempts === undefined ? {} : { maxRetryAttempts }),
  });
  try {
    await publisher.drain(30_000);
  } finally {
    await publisher.stop();
  }
  return publisher.deadLetters;
}

/** The next night: the clock moves on a day, so what was left in the outbox is past the grace period. */
const nextNight = () => {
  process.env.AP_FIXED_NOW = "2026-11-24T02:00:00Z";
};

const published = () => sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!));

async function seedNight(table: string) {
  const address = { address: "12 Acacia Avenue, Leeds", category: "private-rented" as const };
  await putBooking(
    api.ddb,
    table,
    booking({
      bookingId: "bk-dep",
      departureDate: "2026-12-01",
      moveOn: { status: "in-progress", ...address },
    }),
  );
  await putBooking(
    api.ddb,
    table,
    booking({
      bookingId: "bk-hdc",
      bedId: "b2",
      person: { crn: "X222222", name: "Paul Hdc", gender: "male" },
      departureDate: "2026-12-10",
      hdcEndDate: "2027-04-10",
      releaseType: "hdc",
    }),
  );
  await putBooking(
    api.ddb,
    table,
    booking({
      bookingId: "bk-ok",
      bedId: "b3",
      departureDate: "2026-11-30",
      moveOn: { status: "confirmed", availableFrom: "2026-11-30", ...address },
    }),
  );
  await putBooking(
    api.ddb,
    table,
    booking({ bookingId: "bk-far", bedId: "b4", departureDate: "2027-01-30" }),
  );
  await putBooking(
    api.ddb,
    table,
    booking({ bookingId: "bk-gone", bedId: "b5", status: "departed", departureDate: "2026-11-25" }),
  );
  await putReferral(api.ddb, table, referral({ referralId: "rf-soon", expectedArrivalDate: "2026-11-25" }));
  await putReferral(
    api.ddb,
    table,
    referral({ referralId: "rf-housed", expectedArrivalDate: "2026-11-25", homelessIfNotPlaced: false }),
  );
  await putReferral(api.ddb, table, referral({ referralId: "rf-later", expectedArrivalDate: "2026-12-05" }));
}

describe("nightly alerts job", () => {
  it("raises each kind once, notifies (through the stream publisher) without names or addresses, and a second run raises nothing", async () => {
    const table = await freshTable();
    await seedNight(table);
    const first = await handler({ date: "2026-11-23" });
    expect(first).toMatchObject({
      date: "2026-11-23",
      raised: 4,
      resolved: 0,
      // The run sends none of its own fresh alerts: their outbox items are the publisher's.
      notified: 0,
      outboxPending: 0,
      byKind: {
        "departure-without-move-on": { raised: 2, resolved: 0 },
        // bk-hdc's move-on is not confirmed: one departure alert that names the HDC, no licence gap.
        "licence-gap": { raised: 0, resolved: 0 },
        // rf-later, 12 days out, is inside the 56-day Duty to Refer window: raised at 14 days.
        "release-without-accommodation": { raised: 2, resolved: 0 },
      },
    });
    expect(published()).toHaveLength(0);
    expect(await outbox(api.ddb, table)).toHaveLength(4);
    expect(await streamPublish(table)).toEqual([]);
    const open = await alertsIn(api.ddb, table, "open");
    const view = open.map((a) => [a.kind, a.bookingId ?? a.referralId, a.threshold, a.daysLeft]).sort();
    expect(view).toEqual([
      ["departure-without-move-on", "bk-dep", 14, 8],
      ["departure-without-move-on", "bk-hdc", 28, 17],
      ["release-without-accommodation", "rf-later", 14, 12],
      ["release-without-accommodation", "rf-soon", 2, 2],
    ]);
    const messages = published();
    expect(messages).toHaveLength(4);
    const text = JSON.stringify(sns.commandCalls(PublishCommand).map((c) => c.args[0].input));
    for (const secret of ["John Smith", "Paul Hdc", "Adam Jones", "Acacia", "Leeds"])
      expect(text).not.toContain(secret);
    expect(messages.find((m) => m.bookingId === "bk-hdc")).toMatchObject({
      kind: "departure-without-move-on",
      premisesId: "p1",
      crn: "X222222",
      daysLeft: 17,
    });
    expect(messages.find((m) => m.bookingId === "bk-hdc").detail).toMatch(/HDC ends 2027-04-10/);
    expect(open.find((a) => a.bookingId === "bk-hdc")?.detail).toBe(
      "HDC ends 2027-04-10: the licence or HDC outlasts the stay, and move-on is not confirmed",
    );
    expect(messages.find((m) => m.referralId === "rf-soon")).toMatchObject({
      crn: "Y765432",
      daysLeft: 2,
    });
    expect(await outbox(api.ddb, table)).toHaveLength(0);

    const again = await handler({ date: "2026-11-23" });
    expect(again).toMatchObject({ raised: 0, resolved: 0, notified: 0 });
    expect(published()).toHaveLength(4);
    expect(await alertsIn(api.ddb, table, "open")).toHaveLength(4);
  });

  it("resolves alerts whose cause is gone: move-on confirmed, referral allocated, stay extended, departed", async () => {
    const table = await freshTable();
    await seedNight(table);
    await putBooking(
      api.ddb,
      table,
      booking({ bookingId: "bk-leaves", bedId: "b6", departureDate: "2026-11-28" }),
    );
    expect((await handler({ date: "2026-11-23" })).raised).toBe(5);
    expect(await streamPublish(table)).toEqual([]);
    expect(published()).toHaveLength(5);

    const confirm = await api.call("PUT", "/bookings/bk-dep/move-on", {
      as: manager,
      body: {
        status: "confirmed",
        category: "private-rented",
        address: "12 Acacia Avenue, Leeds",
        availableFrom: "2026-12-01",
      },
    });
    expect(confirm.status).toBe(200);
    await putReferral(
      api.ddb,
      table,
      referral({ referralId: "rf-soon", status: "allocated", expectedArrivalDate: "2026-11-25" }),
    );
    await putBooking(
      api.ddb,
      table,
      booking({
        bookingId: "bk-hdc",
        bedId: "b2",
        person: { crn: "X222222", name: "Paul Hdc", gender: "male" },
        departureDate: "2027-02-10",
        hdcEndDate: "2027-04-10",
        version: 2,
      }),
    );
    await putBooking(
      api.ddb,
      table,
      booking({
        bookingId: "bk-leaves",
        bedId: "b6",
        status: "departed",
        departureDate: "2026-11-28",
        actualDepartureDate: "2026-11-23",
        version: 2,
      }),
    );

    sns.resetHistory();
    nextNight();
    const next = await handler({ date: "2026-11-24" });
    // Nothing new is raised; the one notification sent is the move-on-confirmed event the
    // PUT above left in the outbox (no stream publisher ran after it), caught up by the job
    // the next night, once it is older than the grace period.
    expect(next).toMatchObject({ raised: 0, resolved: 4, notified: 1, retriedFromOutbox: 1 });
    const reasons = (await alertsIn(api.ddb, table, "resolved"))
      .map((a) => [a.bookingId ?? a.referralId, a.kind, a.resolvedReason])
      .sort();
    expect(reasons).toEqual([
      ["bk-dep", "departure-without-move-on", "move-on confirmed"],
      ["bk-hdc", "departure-without-move-on", "expected departure changed to 2027-02-10"],
      ["bk-leaves", "departure-without-move-on", "resident departed"],
      ["rf-soon", "release-without-accommodation", "referral allocated"],
    ]);
    // rf-later is still unplaced and still inside its window.
    expect((await alertsIn(api.ddb, table, "open")).map((a) => a.referralId)).toEqual(["rf-later"]);
    const someResolved = (await alertsIn(api.ddb, table, "resolved"))[0]!;
    const audit = await api.ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :a)",
        ExpressionAttributeValues: { ":pk": `ALERT#${someResolved.alertId}`, ":a": "AUDIT#" },
      }),
    );
    expect(audit.Items?.map((i) => i.action).sort()).toEqual(["alert.raised", "alert.resolved"]);
  });

  it("catches up after missed nights with only the most urgent due threshold, then raises overdue once", async () => {
    const table = await freshTable();
    await putBooking(api.ddb, table, booking({ bookingId: "bk-late", departureDate: "2026-11-28" }));
    const first = await handler({ date: "2026-11-23" });
    expect(first.raised).toBe(1);
    const [alert] = await alertsIn(api.ddb, table, "open");
    expect(alert).toMatchObject({ threshold: 7, daysLeft: 5 });

    // Nights skipped until the 2-day threshold has passed: the overdue alert supersedes the 7-day one.
    const overdue = await handler({ date: "2026-11-29" });
    expect(overdue).toMatchObject({ raised: 1, resolved: 1 });
    const [o1] = await alertsIn(api.ddb, table, "open");
    expect(o1).toMatchObject({ threshold: "overdue", daysLeft: -1, night: "2026-11-29" });
    // One overdue alert, not one a night: later nights leave it standing.
    for (const night of ["2026-11-30", "2026-12-05"]) {
      expect(await handler({ date: night })).toMatchObject({ raised: 0, resolved: 0 });
    }
    expect(await alertsIn(api.ddb, table, "open")).toEqual([o1]);
    expect((await alertsIn(api.ddb, table, "resolved")).map((a) => a.resolvedReason)).toEqual([
      "superseded by the overdue alert",
    ]);
  });

  it("does not raise an acknowledged threshold again; the next threshold raises a new alert", async () => {
    const table = await freshTable();
    await putBooking(api.ddb, table, booking({ bookingId: "bk-ack", departureDate: "2026-12-15" }));
    await handler({ date: "2026-11-23" });
    const [alert] = await alertsIn(api.ddb, table, "open");
    const ack = await api.call("POST", `/alerts/${alert!.alertId}/acknowledgement`, {
      as: manager,
      body: { note: "Duty to refer sent to Leeds" },
    });
    expect(ack.status).toBe(200);
    expect((await handler({ date: "2026-11-24" })).raised).toBe(0);
    const later = await handler({ date: "2026-12-01" });
    expect(later).toMatchObject({ raised: 1, resolved: 1 });
    const [fresh] = await alertsIn(api.ddb, table, "open");
    expect(fresh).toMatchObject({ threshold: 14, bookingId: "bk-ack" });
    const old = await api.ddb.send(
      new GetCommand({ TableName: table, Key: { PK: `ALERT#${alert!.alertId}`, SK: "#ALERT" } }),
    );
    expect(old.Item).toMatchObject({
      status: "resolved",
      acknowledgedNote: "Duty to refer sent to Leeds",
      resolvedReason: "superseded by the 14-day alert",
    });
  });

  it("two concurrent invocations for one night raise and notify each alert once", async () => {
    const table = await freshTable();
    for (let i = 0; i < 20; i++) {
      await putBooking(
        api.ddb,
        table,
        booking({
          bookingId: `bk-c${i}`,
          bedId: `b${i}`,
          departureDate: `2026-12-${String(1 + (i % 20)).padStart(2, "0")}`,
        }),
      );
    }
    for (let i = 0; i < 5; i++)
      await putReferral(
        api.ddb,
        table,
        referral({ referralId: `rf-c${i}`, expectedArrivalDate: "2026-11-26" }),
      );
    const [a, b] = await Promise.all([handler({ date: "2026-11-23" }), handler({ date: "2026-11-23" })]);
    expect(a.raised + b.raised).toBe(25);
    expect(a.notified + b.notified).toBe(0);
    expect(await alertsIn(api.ddb, table, "open")).toHaveLength(25);
    expect(await outbox(api.ddb, table)).toHaveLength(25);
    // No publisher ran: the next night two concurrent runs catch the 25 up, each sent once.
    nextNight();
    const [c, d] = await Promise.all([handler({ date: "2026-11-24" }), handler({ date: "2026-11-24" })]);
    expect(c.notified + d.notified).toBe(25);
    const ids = published().map((m) => m.alertId);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    const notifications = await api.ddb.send(
      new QueryCommand({
        TableName: table,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": "NOTIFICATIONS#p1" },
      }),
    );
    // The first night's (the second night's new alerts are left to the publisher).
    expect(notifications.Items?.filter((n) => n.createdAt < "2026-11-24")).toHaveLength(20);
  });

  it("what the publisher gave up on stays in the outbox and the next night sends it; that night's new alert is left to the publisher", async () => {
    const table = await freshTable();
    await seedNight(table);
    sns.on(PublishCommand).rejects(new Error("SNS is down"));
    const failed = await handler({ date: "2026-11-23" });
    expect(failed).toMatchObject({ raised: 4, notified: 0, outboxPending: 0 });
    // The publisher tries each once and dead-letters it.
    expect(await streamPublish(table, 0)).toHaveLength(4);
    const waiting = await outbox(api.ddb, table);
    expect(waiting).toHaveLength(4);
    expect(
      waiting.every(
        (n) =>
          n.published === false &&
          n.eventAttempts >= 1 &&
          n.emailStatus === "no-mailbox" &&
          n.eventClaimedUntil === undefined &&
          n.eventClaimToken === undefined,
      ),
    ).toBe(true);
    // The same night the catch-up leaves them alone: they are younger than the grace period.
    expect(await handler({ date: "2026-11-23" })).toMatchObject({ notified: 0, outboxPending: 0 });

    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: "m-2" });
    // The next night also raises bk-dep's 7-day alert; the four left over go out now.
    nextNight();
    const next = await handler({ date: "2026-11-24" });
    expect(next).toMatchObject({ raised: 1, notified: 4, retriedFromOutbox: 4, outboxPending: 0 });
    const sent = published().map((m) => m.alertId);
    expect(new Set(sent)).toEqual(new Set(waiting.map((n) => n.alertId)));
    expect(sent).toHaveLength(4);
    const left = await outbox(api.ddb, table);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({
      kind: "departure-without-move-on",
      bookingId: "bk-dep",
      eventStatus: "pending",
    });
  });

  it("refuses a malformed date", async () => {
    await expect(handler({ date: "2026-02-30" })).rejects.toThrow(/calendar date/);
  });
});
