import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { nowIso } from "../domain/clock.js";
import { emailFor, eventTypeOf, personalisationOf, templateEnvName } from "../domain/notification-routing.js";
import { logger } from "../observability/logger.js";
import { getAreaMailbox } from "../store/mailboxes-store.js";
import {
  type Channel,
  claimChannel,
  leaveOutboxIfDone,
  type NotificationRecord,
  settleChannel,
  unpublishedNotifications,
} from "../store/notifications.js";
import { getPremisesSummary } from "../store/premises-store.js";
import { getReferral } from "../store/referrals-store.js";
import { emailTransport, PermanentEmailFailure } from "./email-transport.js";

/** A channel that failed this many times is given up on (`failed`); the record is kept. */
export const MAX_ATTEMPTS = 5;

let sns: SNSClient | undefined;
const snsClient = () => (sns ??= new SNSClient({}));

/** For tests that swap in aws-sdk-client-mock. */
export function resetSnsClient(): void {
  sns = undefined;
}

export interface Delivery {
  notificationId: string;
  /** What each channel ended as after this attempt; `pending` means a later attempt must retry. */
  email: NotificationRecord["emailStatus"] | "held-elsewhere";
  event: NotificationRecord["eventStatus"] | "held-elsewhere";
  /** Whether this call published the event now (for the nightly job's counts). */
  publishedNow: boolean;
}

/** Thrown when a channel is still pending, so the stream record is retried (bounded) and then dead-lettered. */
export class DeliveryPending extends Error {
  constructor(readonly delivery: Delivery) {
    super(`notification ${delivery.notificationId}: email ${delivery.email}, event ${delivery.event}`);
    this.name = "DeliveryPending";
  }
}

async function mailboxOf(
  n: NotificationRecord,
  audience: NonNullable<ReturnType<typeof emailFor>>["audience"],
): Promise<{ email?: string; area?: string }> {
  if (audience.to === "premises") return { email: (await getPremisesSummary(audience.premisesId))?.email };
  const area = audience.area ?? (n.referralId ? (await getReferral(n.referralId))?.area : undefined);
  if (!area) return {};
  return { email: (await getAreaMailbox(area))?.email, area };
}

const message = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 500);

async function sendEmail(claimed: NotificationRecord): Promise<NotificationRecord["emailStatus"]> {
  const plan = emailFor(claimed);
  if (!plan) {
    await settleChannel(claimed, "email", { status: "not-emailed", attempt: false });
    return "not-emailed";
  }
  const attempts = (claimed.emailAttempts ?? 0) + 1;
  try {
    const mailbox = await mailboxOf(claimed, plan.audience);
    if (!mailbox.email) {
      await settleChannel(claimed, "email", {
        status: "no-mailbox",
        attempt: false,
        fields: { emailAt: nowIso(), emailError: `no mailbox set for the ${plan.audience.to}` },
      });
      return "no-mailbox";
    }
    const transport = emailTransport();
    const templateId =
      process.env[templateEnvName(plan.email)] ?? (transport.name === "local" ? `local-${plan.email}` : "");
    if (!templateId) throw new PermanentEmailFailure(`${templateEnvName(plan.email)} is not configured`);
    const personalisation = personalisationOf(claimed, mailbox.area);
    const sent = await transport.send({
      templateId,
      emailAddress: mailbox.email,
      personalisation,
      reference: claimed.notificationId,
    });
    const status = transport.name === "local" ? "delivered-locally" : "sent";
    await settleChannel(claimed, "email", {
      status,
      attempt: true,
      fields: {
        emailAt: nowIso(),
        emailTemplateId: templateId,
        emailTo: mailbox.email,
        emailPersonalisation: personalisation,
        ...(sent.id ? { emailReference: sent.id } : {}),
      },
    });
    return status;
  } catch (err) {
    const giveUp = err instanceof PermanentEmailFailure || attempts >= MAX_ATTEMPTS;
    logger.warn("email not sent", {
      notificationId: claimed.notificationId,
      attempts,
      giveUp,
      error: err as Error,
    });
    await settleChannel(claimed, "email", {
      status: giveUp ? "failed" : "pending",
      attempt: true,
      fields: { emailError: message(err) },
    }).catch(() => undefined);
    return giveUp ? "failed" : "pending";
  }
}

async function publishEvent(claimed: NotificationRecord): Promise<NotificationRecord["eventStatus"]> {
  const attempts = (claimed.eventAttempts ?? 0) + 1;
  const eventType = eventTypeOf(claimed);
  try {
    const topicArn = process.env.TOPIC_ARN;
    let messageId: string | undefined;
    if (topicArn) {
      const { notificationId, createdAt, kind, premisesId, area, crn, bookingId, referralId, alertId } =
        claimed;
      const payload = {
        notificationId,
        createdAt,
        eventType,
        kind,
        premisesId,
        area,
        crn,
        bookingId,
        referralId,
        alertId,
        requestId: claimed.requestId,
        arrivalDate: claimed.arrivalDate,
        departureDate: claimed.departureDate,
        daysLeft: claimed.daysLeft,
        detail: claimed.detail,
      };
      const out = await snsClient().send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify(payload),
          MessageAttributes: {
            kind: { DataType: "String", StringValue: claimed.kind },
            eventType: { DataType: "String", StringValue: eventType },
            ...(premisesId ? { premisesId: { DataType: "String", StringValue: premisesId } } : {}),
          },
        }),
      );
      messageId = out.MessageId;
    }
    // Locally there is no topic: the event is recorded as delivered on the item itself.
    const status = topicArn ? "published" : "delivered-locally";
    await settleChannel(claimed, "event", {
      status,
      attempt: true,
      fields: { eventAt: nowIso(), eventType, ...(messageId ? { eventMessageId: messageId } : {}) },
    });
    return status;
  } catch (err) {
    const giveUp = attempts >= MAX_ATTEMPTS;
    logger.warn("event not published", {
      notificationId: claimed.notificationId,
      attempts,
      giveUp,
      error: err as Error,
    });
    await settleChannel(claimed, "event", {
      status: giveUp ? "failed" : "pending",
      attempt: true,
      fields: { eventError: message(err), eventType },
    }).catch(() => undefined);
    return giveUp ? "failed" : "pending";
  }
}

async function runChannel(
  notificationId: string,
  channel: Channel,
): Promise<{ status: Delivery["email"] | Delivery["event"]; done: boolean }> {
  const claimed = await claimChannel(notificationId, channel);
  if (!claimed) {
    // Done already (a retried record) or held by another sender right now.
    return { status: "held-elsewhere", done: false };
  }
  const status = channel === "email" ? await sendEmail(claimed) : await publishEvent(claimed);
  return { status, done: true };
}

/**
 * Sends one committed notification on both channels, each at most once: a conditional
 * claim per channel means a retried stream record, a second poller or the nightly
 * catch-up never emails or publishes it twice. A failure leaves that channel pending (with
 * its attempts counted) and the other channel unaffected.
 */
export async function deliverNotification(
  record: Pick<NotificationRecord, "notificationId">,
): Promise<Delivery> {
  const email = await runChannel(record.notificationId, "email");
  const event = await runChannel(record.notificationId, "event");
  // Two senders may each have finished one channel, each seeing the other pending.
  if (email.status === "held-elsewhere" || event.status === "held-elsewhere") {
    await leaveOutboxIfDone(record.notificationId);
  }
  return {
    notificationId: record.notificationId,
    email: email.status as Delivery["email"],
    event: event.status as Delivery["event"],
    publishedNow: event.done && (event.status === "published" || event.status === "delivered-locally"),
  };
}

/** For the stream publisher: delivers, and throws while a channel is still pending (retry). */
export async function deliverOrThrow(record: Pick<NotificationRecord, "notificationId">): Promise<Delivery> {
  const delivery = await deliverNotification(record);
  if (delivery.email === "pending" || delivery.event === "pending") throw new DeliveryPending(delivery);
  return delivery;
}

/**
 * Delivers committed notifications (the nightly job's own alerts, or its catch-up of what
 * the stream publisher left); returns how many events went out in this call.
 */
export async function publishNotifications(
  records: Pick<NotificationRecord, "notificationId">[],
): Promise<number> {
  let published = 0;
  for (const r of records) {
    try {
      if ((await deliverNotification(r)).publishedNow) published++;
    } catch (error) {
      logger.warn("notification not delivered; left in the outbox", {
        notificationId: r.notificationId,
        error: error as Error,
      });
    }
  }
  return published;
}

/** Sends what earlier attempts left in the outbox; returns how many events went out now. */
export async function retryUnpublished(limit = 1000): Promise<{ pending: number; published: number }> {
  const pending = await unpublishedNotifications(limit);
  return { pending: pending.length, published: await publishNotifications(pending) };
}
