import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LocalStreamPublisher, startLocalStreamPublisher } from "../../infra/local/stream-publisher.js";
import { EMAIL_KINDS, templateEnvName } from "../../shared/domain/notification-routing.js";
import {
  type Email,
  type EmailTransport,
  PermanentEmailFailure,
  setEmailTransport,
} from "../../shared/services/email-transport.js";
import { resetSnsClient } from "../../shared/services/notifier.js";
import { handleStreamBatch, isOutboxInsert } from "../../shared/services/stream-publisher.js";
import { useLocalApi } from "../support/local-api.js";
import { createPremises, cru, NOW, putReferral } from "./allocation-fixtures.js";

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();
const sns = mockClient(SNSClient);

/** A Notify stand-in: records what it accepted, and fails the next `failNext` sends. */
function notifyStandIn() {
  const accepted: Email[] = [];
  let failNext = 0;
  let permanent = false;
  const transport: EmailTransport = {
    name: "notify",
    async send(email) {
      if (permanent) throw new PermanentEmailFailure("Notify answered 400: template not found");
      if (failNext > 0) {
        failNext--;
        throw Object.assign(new Error("Notify answered 503"), { response: { status: 503 } });
      }
      accepted.push(email);
      return { id: `notify-${accepted.length}` };
    },
    async findSent(reference) {
      const i = accepted.findIndex((e) => e.reference === reference);
      return i < 0 ? undefined : { id: `notify-${i + 1}` };
    },
  };
  return {
    transport,
    accepted,
    failNext: (n: number) => {
      failNext = n;
    },
    permanently: (on: boolean) => {
      permanent = on;
    },
  };
}

const notify = notifyStandIn();
let publisher: LocalStreamPublisher;
let snsFailures = 0;

beforeAll(async () => {
  process.env.TOPIC_ARN = "arn:aws:sns:eu-west-2:111122223333:ap-events";
  for (const k of EMAIL_KINDS) process.env[templateEnvName(k)] = `tpl-${k}`;
  setEmailTransport(notify.transport);
  resetSnsClient();
  publisher = await startLocalStreamPublisher({
    endpoint: process.env.DYNAMODB_ENDPOINT!,
    tableName: api.tableName,
    handler: handleStreamBatch,
    filter: isOutboxInsert,
    maxRetryAttempts: 6,
    idleMs: 100,
  });
  await createPremises(api, "p-mail", { beds: 3, bufferDays: 0 });
  const patched = await api.call("PATCH", "/premises/p-mail", {
    as: { role: "admin" },
    body: { email: "p-mail.ap@justice.gov.uk" },
  });
  expect(patched.status).toBe(200);
  expect(patched.body.email).toBe("p-mail.ap@justice.gov.uk");
  const mailbox = await api.call("PUT", "/areas/london/mailbox", {
    as: { role: "admin" },
    body: { email: "cru.london@justice.gov.uk" },
  });
  expect(mailbox.status).toBe(200);
  expect((await api.call("GET", "/areas/london/mailbox", { as: cru })).body.email).toBe(
    "cru.london@justice.gov.uk",
  );
  const bad = await api.call("PUT", "/areas/london/mailbox", {
    as: { role: "admin" },
    body: { email: "nope" },
  });
  expect(bad.status).toBe(400);
});

afterAll(async () => {
  await publisher.stop();
  setEmailTransport(undefined);
  delete process.env.TOPIC_ARN;
});

beforeEach(() => {
  sns.reset();
  resetSnsClient();
  sns.on(PublishCommand).callsFake(() => {
    if (snsFailures > 0) {
      snsFailures--;
      throw Object.assign(new Error("SNS throttled"), { name: "ThrottlingException" });
    }
    return { MessageId: `m-${Math.random().toString(36).slice(2)}` };
  });
});
afterEach(() => {
  snsFailures = 0;
  notify.failNext(0);
  notify.permanently(false);
});

const published = () => sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!));

async function stored(bookingId: string) {
  const out = await api.ddb.send(
    new QueryCommand({
      TableName: api.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk",
      ExpressionAttributeValues: { ":pk": "NOTIFICATIONS#p-mail" },
    }),
  );
  return (out.Items ?? []).filter((i) => i.bookingId === bookingId);
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

async function allocate(bedId: string, arrivalDate = "2026-12-01", departureDate = "2027-01-10") {
  const referral = await putReferral(api, {
    expectedArrivalDate: arrivalDate,
    expectedDepartureDate: departureDate,
  });
  const res = await api.call("POST", `/referrals/${referral.referralId}/allocation`, {
    as: cru,
    body: { premisesId: "p-mail", bedId, arrivalDate, departureDate },
  });
  expect(res.status).toBe(201);
  return { bookingId: res.body.bookingId as string, referral };
}

describe("the stream publisher (DynamoDB Local's stream, the deployed handler)", () => {
  it("emails the premises' mailbox and publishes booking.made once, with ids, dates and the CRN but no name", async () => {
    const { bookingId, referral } = await allocate("b1");
    await publisher.drain();
    const emails = notify.accepted.filter((e) => e.personalisation.bookingId === bookingId);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      emailAddress: "p-mail.ap@justice.gov.uk",
      templateId: "tpl-booking-made",
      personalisation: {
        kind: "booking-made",
        premisesId: "p-mail",
        crn: referral.person.crn,
        arrivalDate: "2026-12-01",
        departureDate: "2027-01-10",
      },
    });
    expect(JSON.stringify(emails[0])).not.toContain(referral.person.name);
    const events = published().filter((m) => m.bookingId === bookingId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ eventType: "booking.made", crn: referral.person.crn });
    expect(JSON.stringify(events)).not.toContain(referral.person.name);
    const [item] = await stored(bookingId);
    expect(item).toMatchObject({
      emailStatus: "sent",
      emailAttempts: 1,
      eventStatus: "published",
      published: true,
    });
    expect(await outboxLeft()).toEqual([]);

    // An admin sees it at GET /notifications, by premises and kind (key-conditioned queries).
    const listed = await api.call("GET", "/notifications?premisesId=p-mail&kind=booking-made", {
      as: { role: "admin" },
    });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((n: { bookingId: string }) => n.bookingId)).toContain(bookingId);
    expect(listed.body.items.every((n: { kind: string }) => n.kind === "booking-made")).toBe(true);
    const byKind = await api.call("GET", "/notifications?kind=booking-made&limit=1", {
      as: { role: "admin" },
    });
    expect(byKind.body.items).toHaveLength(1);
    expect((await api.call("GET", "/notifications", { as: cru })).status).toBe(403);
  });

  it("under injected SNS and Notify failures loses nothing and sends nothing twice", async () => {
    snsFailures = 2;
    notify.failNext(2);
    const { bookingId } = await allocate("b2");
    const cancelled = await api.call("POST", `/bookings/${bookingId}/cancellation`, {
      as: cru,
      body: { reason: "release date moved" },
    });
    expect(cancelled.status).toBe(200);
    await publisher.drain(30_000);
    const emails = notify.accepted.filter((e) => e.personalisation.bookingId === bookingId);
    expect(emails.map((e) => e.personalisation.kind).sort()).toEqual(["booking-cancelled", "booking-made"]);
    const events = published().filter((m) => m.bookingId === bookingId && m.notificationId);
    // Every call is recorded by the mock, failed ones too: the successful ones are one per notification.
    const ids = events.map((e) => e.notificationId);
    expect(new Set(ids).size).toBe(2);
    expect(sns.commandCalls(PublishCommand).length).toBe(ids.length);
    expect(ids.length).toBe(2 + 2);
    const items = await stored(bookingId);
    expect(items).toHaveLength(2);
    for (const item of items) expect(item).toMatchObject({ emailStatus: "sent", eventStatus: "published" });
    expect(items.reduce((n, i) => n + i.emailAttempts, 0)).toBe(4);
    expect(items.reduce((n, i) => n + i.eventAttempts, 0)).toBe(4);
    expect(publisher.deadLetters).toEqual([]);
    expect(await outboxLeft()).toEqual([]);

    // A record redelivered (Lambda retries whole batches from the first failure) sends nothing.
    const sentBefore = notify.accepted.length;
    const callsBefore = sns.commandCalls(PublishCommand).length;
    const redelivered = await handleStreamBatch(
      {
        Records: items.map((i) => ({
          eventName: "INSERT",
          dynamodb: {
            SequenceNumber: i.notificationId,
            NewImage: { type: { S: "notification" }, notificationId: { S: i.notificationId } },
          },
        })),
      },
      {} as never,
    );
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(notify.accepted.length).toBe(sentBefore);
    expect(sns.commandCalls(PublishCommand).length).toBe(callsBefore);
  });

  it("records a permanent Notify refusal as failed after one attempt, and still publishes the event", async () => {
    notify.permanently(true);
    const { bookingId } = await allocate("b3");
    await publisher.drain();
    const [item] = await stored(bookingId);
    expect(item).toMatchObject({ emailStatus: "failed", emailAttempts: 1, eventStatus: "published" });
    expect(item!.emailError).toMatch(/template not found/);
    expect(await outboxLeft()).toEqual([]);
  });

  it("locally (no Notify key configured) an allocation shows a delivered-locally email in GET /notifications within seconds", async () => {
    setEmailTransport(undefined);
    try {
      const started = Date.now();
      const { bookingId } = await allocate("b1", "2027-02-01", "2027-03-01");
      let found: Record<string, unknown> | undefined;
      while (!found && Date.now() - started < 10_000) {
        const res = await api.call("GET", "/notifications?premisesId=p-mail&kind=booking-made", {
          as: { role: "admin" },
        });
        found = res.body.items.find(
          (n: { bookingId: string; emailStatus: string }) =>
            n.bookingId === bookingId && n.emailStatus === "delivered-locally",
        );
        if (!found) await new Promise((r) => setTimeout(r, 200));
      }
      expect(found).toMatchObject({
        emailTo: "p-mail.ap@justice.gov.uk",
        emailTemplateId: "tpl-booking-made",
        emailPersonalisation: { bookingId, kind: "booking-made" },
      });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      setEmailTransport(notify.transport);
    }
  });
});
