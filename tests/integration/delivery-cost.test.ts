import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification } from "../../shared/schemas/notifications.js";
import { type Email, type EmailTransport, setEmailTransport } from "../../shared/services/email-transport.js";
import { deliverNotification } from "../../shared/services/notifier.js";
import { handleStreamBatch } from "../../shared/services/stream-publisher.js";
import { ddb } from "../../shared/store/client.js";
import { notificationPut } from "../../shared/store/notifications.js";
import { transact } from "../../shared/store/transact.js";
import { useLocalApi } from "../support/local-api.js";
import { admin, createPremises, NOW } from "./allocation-fixtures.js";

/**
 * What delivering one committed notification costs in DynamoDB calls, by what it is: a
 * kind with no email (settled at commit), an email to a premises with no mailbox, an email
 * sent. Measured through the deployed stream handler on the item's stream image.
 */

process.env.AP_FIXED_NOW = NOW;
const api = useLocalApi();
let calls = 0;
const sent: Email[] = [];
const transport: EmailTransport = {
  name: "notify",
  send: async (email) => {
    sent.push(email);
    return { id: `n-${sent.length}` };
  },
  findSent: async (reference) => (sent.some((e) => e.reference === reference) ? { id: "n" } : undefined),
};

beforeAll(async () => {
  process.env.NOTIFY_TEMPLATE_BOOKING_MADE = "tpl-booking-made";
  setEmailTransport(transport);
  await createPremises(api, "p-quiet", { beds: 1 }); // no mailbox
  await createPremises(api, "p-inbox", { beds: 1 });
  const patched = await api.call("PATCH", "/premises/p-inbox", {
    as: admin,
    body: { email: "p-inbox.ap@justice.gov.uk" },
  });
  expect(patched.status).toBe(200);
  // Every request, failed conditional writes too (the capacity meter counts only answers).
  ddb().middlewareStack.add(
    (next) => async (args) => {
      calls++;
      return next(args);
    },
    { step: "initialize", name: "deliveryCostCounter" },
  );
});
afterAll(() => {
  delete process.env.NOTIFY_TEMPLATE_BOOKING_MADE;
  setEmailTransport(undefined);
});

/** Commits a notification alone, as a change's transaction would, and returns its item. */
async function commit(n: Notification) {
  const { item, record } = notificationPut(n);
  await transact([item]);
  const got = await api.ddb.send(
    new GetCommand({
      TableName: api.tableName,
      Key: { PK: `NOTIFICATION#${record.notificationId}`, SK: "#NOTIFICATION" },
    }),
  );
  return { record, item: got.Item! };
}

const recordOf = (item: Record<string, unknown>, seq: string): DynamoDBRecord =>
  ({
    eventName: "INSERT",
    dynamodb: { SequenceNumber: seq, NewImage: marshall(item, { removeUndefinedValues: true }) },
  }) as unknown as DynamoDBRecord;

/** DynamoDB calls of one stream record through the deployed handler. */
async function callsToDeliver(item: Record<string, unknown>) {
  calls = 0;
  const res = await handleStreamBatch({ Records: [recordOf(item, String(Math.random()))] }, {} as never);
  expect(res.batchItemFailures).toEqual([]);
  return calls;
}

async function stored(notificationId: string) {
  const got = await api.ddb.send(
    new GetCommand({
      TableName: api.tableName,
      Key: { PK: `NOTIFICATION#${notificationId}`, SK: "#NOTIFICATION" },
    }),
  );
  return got.Item!;
}

describe("delivery cost per notification (DynamoDB requests, failed conditions included)", () => {
  it("a kind with no email is settled at commit: the publisher only publishes its event (2 calls, was 4)", async () => {
    const { record, item } = await commit({
      kind: "person-arrived",
      premisesId: "p-inbox",
      bookingId: "bk-1",
      crn: "X100001",
    });
    expect(item.emailStatus).toBe("not-emailed");
    expect(await callsToDeliver(item)).toBe(2);
    expect(await stored(record.notificationId)).toMatchObject({
      emailStatus: "not-emailed",
      eventStatus: "delivered-locally",
      emailAttempts: 0,
    });
    expect((await stored(record.notificationId)).GSI2PK).toBeUndefined();
    // Redelivered, it costs the event's one failed claim and nothing for the email.
    expect(await callsToDeliver(item)).toBe(1);
  });

  it("an email to a premises with no mailbox is settled in one conditional write, no claim (4 calls, was 5)", async () => {
    const { record, item } = await commit({
      kind: "booking-made",
      premisesId: "p-quiet",
      bookingId: "bk-2",
      crn: "X100002",
    });
    expect(item.emailStatus).toBe("pending");
    expect(await callsToDeliver(item)).toBe(4);
    const after = await stored(record.notificationId);
    expect(after).toMatchObject({
      emailStatus: "no-mailbox",
      emailAttempts: 0,
      eventStatus: "delivered-locally",
    });
    expect(after.emailClaimToken).toBeUndefined();
    expect(after.GSI2PK).toBeUndefined();
    expect(sent.filter((e) => e.personalisation.bookingId === "bk-2")).toEqual([]);
  });

  it("an email sent costs a mailbox read and a claim and settle per channel (5 calls, as before)", async () => {
    const { record, item } = await commit({
      kind: "booking-made",
      premisesId: "p-inbox",
      bookingId: "bk-3",
      crn: "X100003",
    });
    expect(await callsToDeliver(item)).toBe(5);
    expect(await stored(record.notificationId)).toMatchObject({ emailStatus: "sent", emailAttempts: 1 });
    expect(sent.filter((e) => e.personalisation.bookingId === "bk-3")).toHaveLength(1);
  });

  it("never reports held-elsewhere for a notification with no email, even with senders racing", async () => {
    const quiet = await commit({
      kind: "person-departed",
      premisesId: "p-inbox",
      bookingId: "bk-4",
      crn: "X100004",
    });
    const noMailbox = await commit({
      kind: "booking-made",
      premisesId: "p-quiet",
      bookingId: "bk-5",
      crn: "X100005",
    });
    for (const { record } of [quiet, noMailbox]) {
      const runs = await Promise.all([
        deliverNotification(record),
        deliverNotification(record),
        deliverNotification({ notificationId: record.notificationId }),
      ]);
      const expected = record.kind === "booking-made" ? "no-mailbox" : "not-emailed";
      expect(runs.map((r) => r.email)).toEqual([expected, expected, expected]);
      expect((await stored(record.notificationId)).emailStatus).toBe(expected);
    }
  });
});
