import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LocalStreamPublisher, startLocalStreamPublisher } from "../../infra/local/stream-publisher.js";
import { CATCH_UP_GRACE_MS, STREAM_RETRY_ATTEMPTS } from "../../shared/domain/delivery-limits.js";
import { EMAIL_KINDS, templateEnvName } from "../../shared/domain/notification-routing.js";
import type { Notification } from "../../shared/schemas/notifications.js";
import {
  type Email,
  type EmailTransport,
  SendOutcomeUnknown,
  setEmailTransport,
} from "../../shared/services/email-transport.js";
import { deliverNotification, resetSnsClient, retryUnpublished } from "../../shared/services/notifier.js";
import { handleStreamBatch, isOutboxInsert } from "../../shared/services/stream-publisher.js";
import { claimChannel, isClaim, notificationPut, settleChannel } from "../../shared/store/notifications.js";
import { transact } from "../../shared/store/transact.js";
import { useLocalApi } from "../support/local-api.js";
import { admin, createPremises, NOW } from "./allocation-fixtures.js";

/**
 * The stream publisher (two of them, as Lambda may run a record twice) and the nightly
 * catch-up racing for the same notifications on DynamoDB Local, with Notify and SNS slow
 * and failing: each email goes to Notify exactly once and is recorded exactly once, each
 * event is published once, and nothing is left undelivered.
 */

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();
const sns = mockClient(SNSClient);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A repeatable latency per (id, attempt), 0–40 ms. */
const jitter = (key: string) => [...key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9973, 7) % 41;

/**
 * A Notify stand-in: slow, failing the first `failFirst(reference)` sends of each email
 * with a 503 (an answer: nothing was created), and able to find what it accepted.
 */
function notifyStandIn() {
  const accepted: (Email & { id: string })[] = [];
  const calls = new Map<string, number>();
  const state = {
    failFirst: (_email: Email) => 0,
    /** Before a send resolves: to hold it in flight, or to lose its answer. */
    during: async (_email: Email): Promise<void> => {},
    /** After accepting: throw to lose the answer (a timeout after Notify took it). */
    afterAccept: (_email: Email): void => {},
  };
  const transport: EmailTransport = {
    name: "notify",
    async send(email) {
      const n = (calls.get(email.reference) ?? 0) + 1;
      calls.set(email.reference, n);
      await sleep(jitter(`${email.reference}${n}`));
      await state.during(email);
      if (n <= state.failFirst(email)) {
        throw Object.assign(new Error("Notify answered 503"), { response: { status: 503 } });
      }
      const id = `notify-${accepted.length + 1}`;
      accepted.push({ ...email, id });
      state.afterAccept(email);
      return { id };
    },
    async findSent(reference) {
      await sleep(jitter(reference));
      const found = accepted.find((e) => e.reference === reference);
      return found ? { id: found.id } : undefined;
    },
  };
  const acceptedFor = (reference: string) => accepted.filter((e) => e.reference === reference);
  return { transport, accepted, acceptedFor, calls, state };
}

const notify = notifyStandIn();
/** Successful SNS publishes by notification id (the mock also records the failed calls). */
const eventsOut = new Map<string, number>();
const snsCalls = new Map<string, number>();
let snsFailFirst: (message: { bookingId?: string }) => number = () => 0;

beforeAll(async () => {
  process.env.TOPIC_ARN = "arn:aws:sns:eu-west-2:111122223333:ap-events";
  for (const k of EMAIL_KINDS) process.env[templateEnvName(k)] = `tpl-${k}`;
  setEmailTransport(notify.transport);
  await createPremises(api, "p-race", { beds: 2 });
  expect(
    (await api.call("PATCH", "/premises/p-race", { as: admin, body: { email: "p-race.ap@justice.gov.uk" } }))
      .status,
  ).toBe(200);
  expect(
    (
      await api.call("PUT", "/areas/london/mailbox", {
        as: admin,
        body: { email: "cru.london@justice.gov.uk" },
      })
    ).status,
  ).toBe(200);
});
afterAll(() => {
  setEmailTransport(undefined);
  delete process.env.TOPIC_ARN;
});
beforeEach(() => {
  process.env.AP_FIXED_NOW = NOW;
  notify.state.failFirst = () => 0;
  notify.state.during = async () => {};
  notify.state.afterAccept = () => {};
  snsFailFirst = () => 0;
  sns.reset();
  resetSnsClient();
  sns.on(PublishCommand).callsFake(async (input: { Message: string }) => {
    const message = JSON.parse(input.Message);
    const id = message.notificationId as string;
    const n = (snsCalls.get(id) ?? 0) + 1;
    snsCalls.set(id, n);
    await sleep(jitter(`sns${id}${n}`));
    if (n <= snsFailFirst(message))
      throw Object.assign(new Error("SNS throttled"), { name: "ThrottlingException" });
    eventsOut.set(id, (eventsOut.get(id) ?? 0) + 1);
    return { MessageId: `m-${id}-${n}` };
  });
});

/** Commits notifications as a change's transaction would (the outbox item only). */
async function commit(ns: Notification[]) {
  const records = [];
  for (const n of ns) {
    const { item, record } = notificationPut(n);
    await transact([item]);
    records.push(record);
  }
  return records;
}

const keyOf = (notificationId: string) => ({ PK: `NOTIFICATION#${notificationId}`, SK: "#NOTIFICATION" });

async function stored(notificationId: string) {
  return (await api.ddb.send(new GetCommand({ TableName: api.tableName, Key: keyOf(notificationId) }))).Item!;
}

async function outboxLeft() {
  const out = await api.ddb.send(
    new QueryCommand({
      TableName: api.tableName,
      IndexName: "GSI2",
      KeyConditionExpression: "GSI2PK = :pk",
      ExpressionAttributeValues: { ":pk": "OUTBOX#unpublished" },
    }),
  );
  return out.Items ?? [];
}

/** The stream record of a committed item, as the deployed mapping hands it over. */
async function streamRecordOf(notificationId: string): Promise<DynamoDBRecord> {
  const { emailClaimToken, emailClaimedUntil, eventClaimToken, eventClaimedUntil, ...item } =
    await stored(notificationId);
  return {
    eventName: "INSERT",
    dynamodb: {
      SequenceNumber: `${notificationId}-${Math.random()}`,
      NewImage: marshall(
        { ...item, emailStatus: "pending", eventStatus: "pending", published: false },
        { removeUndefinedValues: true },
      ),
    },
  } as unknown as DynamoDBRecord;
}

/** Lets the clock of the claim run out, as if CLAIM_MS had passed since it was taken. */
async function expireClaim(notificationId: string) {
  await api.ddb.send(
    new UpdateCommand({
      TableName: api.tableName,
      Key: keyOf(notificationId),
      UpdateExpression: "SET emailClaimedUntil = :past",
      ExpressionAttributeValues: { ":past": Date.now() - 1 },
    }),
  );
}

/** The catch-up's clock: past the grace period of everything committed at NOW. */
const pastGrace = () => {
  process.env.AP_FIXED_NOW = new Date(Date.parse(NOW) + CATCH_UP_GRACE_MS + 60_000).toISOString();
};

describe("delivery under races (two stream publishers and the nightly catch-up, DynamoDB Local)", () => {
  it("each email goes to Notify and is recorded exactly once, each event is published once, nothing is lost", async () => {
    const ns: Notification[] = [
      ...Array.from({ length: 18 }, (_, i) => ({
        kind: "booking-made",
        premisesId: "p-race",
        bookingId: `bk-race-${i}`,
        crn: `X${String(200000 + i)}`,
        arrivalDate: "2026-12-01",
        departureDate: "2027-01-10",
      })),
      ...Array.from({ length: 6 }, (_, i) => ({
        kind: "stay-reduction-approved",
        premisesId: "p-race",
        area: "london",
        bookingId: `bk-race-r${i}`,
        requestId: `rq-${i}`,
        crn: `X${String(300000 + i)}`,
      })),
      ...Array.from({ length: 6 }, (_, i) => ({
        kind: "person-arrived",
        premisesId: "p-race",
        bookingId: `bk-race-a${i}`,
        crn: `X${String(400000 + i)}`,
      })),
    ];
    // Each email fails 0–2 times and each event 0–1 times before it goes: always inside MAX_ATTEMPTS.
    const failures = new Map(ns.map((n, i) => [n.bookingId!, i % 3]));
    notify.state.failFirst = (email) => failures.get(email.personalisation.bookingId!) ?? 0;
    snsFailFirst = (message) => (failures.get(message.bookingId!) ?? 0) % 2;

    // The publishers are running before anything commits, as deployed.
    const publishers: LocalStreamPublisher[] = [];
    for (let i = 0; i < 2; i++) {
      publishers.push(
        await startLocalStreamPublisher({
          endpoint: process.env.DYNAMODB_ENDPOINT!,
          tableName: api.tableName,
          handler: handleStreamBatch,
          filter: isOutboxInsert,
          batchSize: 5,
          idleMs: 20,
        }),
      );
    }
    const records = await commit(ns);
    // The catch-up runs at once too, its clock past the grace period, so all three race.
    pastGrace();
    const sweeps = await Promise.all([retryUnpublished(), retryUnpublished(), retryUnpublished()]);
    await Promise.all(publishers.map((p) => p.drain(60_000)));
    await Promise.all(publishers.map((p) => p.stop()));
    // Whatever a publisher gave up on is the next catch-up's.
    for (let i = 0; i < 5 && (await outboxLeft()).length > 0; i++) await retryUnpublished();

    const left = await outboxLeft();
    if (left.length) console.log("LEFT", JSON.stringify(left));
    expect(await outboxLeft()).toEqual([]);
    expect(sweeps.reduce((n, s) => n + s.pending, 0)).toBeGreaterThan(0); // the sweeps did race
    const emailed = records.filter((r) => r.kind !== "person-arrived");
    for (const r of records) {
      const item = await stored(r.notificationId);
      const failed = failures.get(r.bookingId!)!;
      expect(item.emailClaimToken).toBeUndefined();
      expect(item.eventClaimToken).toBeUndefined();
      expect(item).toMatchObject({
        eventStatus: "published",
        published: true,
        eventAttempts: 1 + (failed % 2),
      });
      expect(eventsOut.get(r.notificationId)).toBe(1);
      expect(snsCalls.get(r.notificationId)).toBe(1 + (failed % 2));
      if (r.kind === "person-arrived") {
        expect(item).toMatchObject({ emailStatus: "not-emailed", emailAttempts: 0 });
        expect(notify.calls.get(r.notificationId)).toBeUndefined();
        continue;
      }
      const sent = notify.acceptedFor(r.notificationId);
      expect(sent).toHaveLength(1);
      // Notify was asked exactly as often as it failed, plus the one send it accepted.
      expect(notify.calls.get(r.notificationId)).toBe(failed + 1);
      expect(item).toMatchObject({
        emailStatus: "sent",
        emailAttempts: failed + 1,
        emailReference: sent[0]!.id,
        emailTo: r.kind === "booking-made" ? "p-race.ap@justice.gov.uk" : "cru.london@justice.gov.uk",
      });
    }
    expect(emailed).toHaveLength(24);
    expect(new Set(notify.accepted.map((e) => e.reference)).size).toBe(notify.accepted.length);
    console.info(
      `race: ${records.length} notifications, ${notify.accepted.length} emails accepted, ` +
        `${[...notify.calls.values()].reduce((a, b) => a + b, 0)} Notify sends, ` +
        `${[...snsCalls.values()].reduce((a, b) => a + b, 0)} SNS calls, ` +
        `dead letters ${publishers.reduce((n, p) => n + p.deadLetters.length, 0)}`,
    );
  });

  it("a claim is not taken over while its send is in flight: every other sender is turned away", async () => {
    const [record] = await commit([
      { kind: "booking-made", premisesId: "p-race", bookingId: "bk-slow", crn: "X500001" },
    ]);
    const id = record!.notificationId;
    let release!: () => void;
    let inFlight!: () => void;
    const started = new Promise<void>((r) => {
      inFlight = r;
    });
    notify.state.during = (email) =>
      email.reference === id
        ? new Promise<void>((r) => {
            release = r;
            inFlight();
          })
        : Promise.resolve();
    const first = deliverNotification(record!);
    await started;
    // While Notify holds the send: a second publisher, a redelivered record, the catch-up.
    pastGrace();
    const [second, batch, sweep] = await Promise.all([
      deliverNotification(record!),
      handleStreamBatch({ Records: [await streamRecordOf(id)] }, {} as never),
      retryUnpublished(),
    ]);
    expect(second.email).toBe("held-elsewhere");
    expect(batch.batchItemFailures).toEqual([]);
    expect(sweep.pending).toBeGreaterThanOrEqual(1);
    expect(notify.calls.get(id)).toBe(1);
    expect((await stored(id)).emailClaimToken).toBeDefined();
    release();
    expect((await first).email).toBe("sent");
    expect(notify.acceptedFor(id)).toHaveLength(1);
    expect(await stored(id)).toMatchObject({ emailStatus: "sent", emailAttempts: 1 });
  });

  it("a sender that died after Notify accepted: once its claim expires the next finds the email in Notify and sends nothing", async () => {
    const [record] = await commit([
      { kind: "booking-made", premisesId: "p-race", bookingId: "bk-dead", crn: "X500002" },
    ]);
    const id = record!.notificationId;
    // The dying sender: claims, Notify accepts its email, and it never records the outcome.
    const dying = await claimChannel(id, "email");
    if (!isClaim(dying)) throw new Error("the first claim must win");
    const { id: notifyId } = await notify.transport.send({
      templateId: "tpl-booking-made",
      emailAddress: "p-race.ap@justice.gov.uk",
      personalisation: {},
      reference: id,
    });
    // Until its claim expires nobody else may send.
    pastGrace();
    expect((await deliverNotification(record!)).email).toBe("held-elsewhere");
    await expireClaim(id);
    const [a, b] = await Promise.all([
      deliverNotification(record!),
      handleStreamBatch({ Records: [await streamRecordOf(id)] }, {} as never),
    ]);
    expect(b.batchItemFailures).toEqual([]);
    expect(["sent", "held-elsewhere"]).toContain(a.email);
    expect(notify.acceptedFor(id)).toHaveLength(1);
    expect(notify.calls.get(id)).toBe(1);
    expect(await stored(id)).toMatchObject({
      emailStatus: "sent",
      emailReference: notifyId,
      emailAttempts: 0,
    });
    // The dead sender's late write is fenced off by its stale token.
    expect(await settleChannel(dying, { status: "failed", attempt: true })).toBe(false);
    expect((await stored(id)).emailStatus).toBe("sent");
  });

  it("a sender that died before Notify had it: after the claim expires the email is sent once", async () => {
    const [record] = await commit([
      { kind: "booking-made", premisesId: "p-race", bookingId: "bk-dead2", crn: "X500003" },
    ]);
    const id = record!.notificationId;
    expect(isClaim(await claimChannel(id, "email"))).toBe(true);
    await expireClaim(id);
    expect((await deliverNotification(record!)).email).toBe("sent");
    expect(notify.acceptedFor(id)).toHaveLength(1);
  });

  it("a send with no answer keeps its claim (nobody resends), then the next sender looks it up instead of resending", async () => {
    const [record] = await commit([
      { kind: "booking-made", premisesId: "p-race", bookingId: "bk-lost", crn: "X500004" },
    ]);
    const id = record!.notificationId;
    notify.state.afterAccept = (email) => {
      if (email.reference === id) throw new SendOutcomeUnknown("no answer within 30000 ms");
    };
    expect((await deliverNotification(record!)).email).toBe("pending");
    notify.state.afterAccept = () => {};
    const held = await stored(id);
    expect(held).toMatchObject({ emailStatus: "pending", emailAttempts: 1 });
    expect(held.emailClaimToken).toBeDefined();
    pastGrace();
    const [again, sweep] = await Promise.all([deliverNotification(record!), retryUnpublished()]);
    expect(again.email).toBe("held-elsewhere");
    expect(sweep.pending).toBeGreaterThanOrEqual(1);
    expect(notify.calls.get(id)).toBe(1);
    await expireClaim(id);
    expect((await deliverNotification(record!)).email).toBe("sent");
    expect(notify.calls.get(id)).toBe(1);
    expect(notify.acceptedFor(id)).toHaveLength(1);
    expect((await stored(id)).emailReference).toBe(notify.acceptedFor(id)[0]!.id);
  });

  it("the catch-up leaves an item younger than the grace period to the publisher, by a key range on the outbox index", async () => {
    const [fresh] = await commit([
      { kind: "person-departed", premisesId: "p-race", bookingId: "bk-fresh", crn: "X500005" },
    ]);
    const sweep = await retryUnpublished();
    expect(sweep.published).toBe(0);
    expect((await stored(fresh!.notificationId)).eventStatus).toBe("pending");
    expect(snsCalls.get(fresh!.notificationId)).toBeUndefined();
    pastGrace();
    await retryUnpublished();
    expect((await stored(fresh!.notificationId)).eventStatus).toBe("published");
  });

  it("the local poller retries a failing record as the deployed mapping does (STREAM_RETRY_ATTEMPTS), then dead-letters it", async () => {
    const [record] = await commit([
      { kind: "person-departed", premisesId: "p-race", bookingId: "bk-dlq", crn: "X500006" },
    ]);
    const id = record!.notificationId;
    let invocations = 0;
    const poller = await startLocalStreamPublisher({
      endpoint: process.env.DYNAMODB_ENDPOINT!,
      tableName: api.tableName,
      handler: async (event) => {
        invocations++;
        return {
          batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })),
        };
      },
      filter: (r) => r.dynamodb?.NewImage?.notificationId?.S === id,
      idleMs: 20,
    });
    try {
      await poller.drain(30_000);
    } finally {
      await poller.stop();
    }
    expect(invocations).toBe(1 + STREAM_RETRY_ATTEMPTS);
    expect(poller.deadLetters.map((r) => r.dynamodb?.NewImage?.notificationId?.S)).toEqual([id]);
  });
});
