import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { now, nowIso } from "../domain/clock.js";
import {
  CATCH_UP_GRACE_MS,
  CLOCK_SKEW_MS,
  MAX_SEND_ATTEMPTS,
  SEND_DEADLINE_MS,
} from "../domain/delivery-limits.js";
import { NOTIFICATION_CONTENT_FIELDS, PERSONALISATION_FIELDS } from "../domain/notification-fields.js";
import { type EmailPlan, emailFor, eventTypeOf, templateEnvName } from "../domain/notification-routing.js";
import { logger } from "../observability/logger.js";
import { getAreaMailbox } from "../store/mailboxes-store.js";
import {
  type Claim,
  claimChannel,
  isClaim,
  isTerminal,
  leaveOutboxIfDone,
  type NotClaimed,
  type NotificationRecord,
  type Outcome,
  settleChannel,
  settleUnclaimed,
  unpublishedNotifications,
} from "../store/notifications.js";
import { getPremisesSummary } from "../store/premises-store.js";
import { getReferral } from "../store/referrals-store.js";
import { emailTransport, PermanentEmailFailure, SendOutcomeUnknown } from "./email-transport.js";

/** A channel that failed this many times is given up on (`failed`); the record is kept. */
export const MAX_ATTEMPTS = MAX_SEND_ATTEMPTS;

let sns: SNSClient | undefined;
// Each publish is abandoned after the send deadline, so it never outlives its claim.
const snsClient = () =>
  (sns ??= new SNSClient({ requestHandler: { requestTimeout: SEND_DEADLINE_MS, connectionTimeout: 5_000 } }));

/** For tests that swap in aws-sdk-client-mock. */
export function resetSnsClient(): void {
  sns = undefined;
}

type EmailOutcome = NonNullable<NotificationRecord["emailStatus"]>;
type EventOutcome = NonNullable<NotificationRecord["eventStatus"]>;

export interface Delivery {
  notificationId: string;
  /**
   * What each channel ended as after this attempt; `pending` means a later attempt must
   * retry; `held-elsewhere` that another sender holds it right now (it settles it).
   */
  email: EmailOutcome | "held-elsewhere";
  event: EventOutcome | "held-elsewhere";
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

/** What a sender knows of a notification before it claims anything: at least its id. */
export type Known = Pick<NotificationRecord, "notificationId"> & Partial<NotificationRecord>;

/** What Notify fills its template with: the content fields (shared/schemas/notifications.ts), each present. */
export function personalisationOf(n: Known, area?: string): Record<string, string> {
  const values: Record<string, unknown> = { ...n, area: n.area ?? area };
  const out: Record<string, string> = {};
  for (const f of PERSONALISATION_FIELDS) {
    const v = values[f];
    out[f] = v === undefined || v === null ? "" : String(v);
  }
  return out;
}

/** The SNS event's detail: the same content fields, with the notification's id, time and event type. */
export function eventDetailOf(n: NotificationRecord, eventType: string): Record<string, unknown> {
  const detail: Record<string, unknown> = {
    notificationId: n.notificationId,
    createdAt: n.createdAt,
    eventType,
  };
  for (const f of NOTIFICATION_CONTENT_FIELDS) detail[f] = n[f];
  return detail;
}

async function mailboxOf(
  n: Known,
  audience: EmailPlan["audience"],
): Promise<{ email?: string; area?: string }> {
  if (audience.to === "premises") return { email: (await getPremisesSummary(audience.premisesId))?.email };
  const area = audience.area ?? (n.referralId ? (await getReferral(n.referralId))?.area : undefined);
  if (!area) return {};
  return { email: (await getAreaMailbox(area))?.email, area };
}

const message = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 500);

/** Where an email goes, or why it goes nowhere (settled without a send). */
type Route =
  | { plan: EmailPlan; mailbox: { email: string; area?: string } }
  | { settle: Outcome & { status: "not-emailed" | "no-mailbox" } };

async function routeOf(n: Known & Pick<NotificationRecord, "kind">): Promise<Route> {
  const plan = emailFor(n);
  if (!plan) return { settle: { status: "not-emailed", attempt: false } };
  const mailbox = await mailboxOf(n, plan.audience);
  if (!mailbox.email) {
    return {
      settle: {
        status: "no-mailbox",
        attempt: false,
        fields: { emailAt: nowIso(), emailError: `no mailbox set for the ${plan.audience.to}` },
      },
    };
  }
  return { plan, mailbox: { email: mailbox.email, area: mailbox.area } };
}

/** A send bounded by the deadline: past it the outcome is unknown (the transport aborts its request too). */
async function withinDeadline<T>(send: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SendOutcomeUnknown(`no answer within ${SEND_DEADLINE_MS} ms`)),
      SEND_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([send, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a claim still has room for a whole send before another sender could take it over. */
const roomToSend = (claim: Claim) => claim.until - Date.now() >= SEND_DEADLINE_MS + CLOCK_SKEW_MS;

/** Settles a claimed channel; a claim lost to a take-over is logged (it must not happen: see roomToSend). */
async function settle(claim: Claim, outcome: Outcome): Promise<void> {
  if (!(await settleChannel(claim, outcome))) {
    logger.error("claim taken over before its outcome was recorded", {
      notificationId: claim.record.notificationId,
      channel: claim.channel,
      status: outcome.status,
    });
  }
}

async function sendEmail(claim: Claim, known?: Route): Promise<EmailOutcome> {
  const claimed = claim.record;
  const route = known ?? (await routeOf(claimed));
  if ("settle" in route) {
    await settle(claim, route.settle);
    return route.settle.status;
  }
  const attempts = (claimed.emailAttempts ?? 0) + 1;
  const transport = emailTransport();
  const templateId =
    process.env[templateEnvName(route.plan.email)] ??
    (transport.name === "local" ? `local-${route.plan.email}` : "");
  const personalisation = personalisationOf(claimed, route.mailbox.area);
  const sentFields = (id: string | undefined) => ({
    emailAt: nowIso(),
    emailTemplateId: templateId,
    emailTo: route.mailbox.email,
    emailPersonalisation: personalisation,
    ...(id ? { emailReference: id } : {}),
  });
  const status = transport.name === "local" ? "delivered-locally" : "sent";
  try {
    if (claim.unsettled) {
      // An earlier send of this email got no answer: if Notify has it, it went; record that.
      const found = await withinDeadline(transport.findSent(claimed.notificationId));
      if (found) {
        await settle(claim, { status, attempt: false, fields: sentFields(found.id) });
        return status;
      }
    }
    if (!roomToSend(claim)) {
      // Too little of the claim left for a whole send: let it go untouched for a retry.
      await settle(claim, { status: "pending", attempt: false });
      return "pending";
    }
    if (!templateId)
      throw new PermanentEmailFailure(`${templateEnvName(route.plan.email)} is not configured`);
    const sent = await withinDeadline(
      transport.send({
        templateId,
        emailAddress: route.mailbox.email,
        personalisation,
        reference: claimed.notificationId,
      }),
    );
    await settle(claim, { status, attempt: true, fields: sentFields(sent.id) });
    return status;
  } catch (err) {
    const unknown = err instanceof SendOutcomeUnknown;
    const giveUp = !unknown && (err instanceof PermanentEmailFailure || attempts >= MAX_ATTEMPTS);
    logger.warn("email not sent", {
      notificationId: claimed.notificationId,
      attempts,
      giveUp,
      unknown,
      error: err as Error,
    });
    // Unknown: the claim is kept until it expires (by then the request is long aborted), and
    // the next sender asks Notify before sending again.
    await settle(claim, {
      status: unknown ? "unknown" : giveUp ? "failed" : "pending",
      attempt: true,
      fields: { emailError: message(err) },
    }).catch(() => undefined);
    return giveUp ? "failed" : "pending";
  }
}

async function publishEvent(claim: Claim): Promise<EventOutcome> {
  const claimed = claim.record;
  const attempts = (claimed.eventAttempts ?? 0) + 1;
  const eventType = eventTypeOf(claimed);
  try {
    if (!roomToSend(claim)) {
      await settle(claim, { status: "pending", attempt: false });
      return "pending";
    }
    const topicArn = process.env.TOPIC_ARN;
    let messageId: string | undefined;
    if (topicArn) {
      const out = await snsClient().send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify(eventDetailOf(claimed, eventType)),
          MessageAttributes: {
            kind: { DataType: "String", StringValue: claimed.kind },
            eventType: { DataType: "String", StringValue: eventType },
            ...(claimed.premisesId
              ? { premisesId: { DataType: "String", StringValue: claimed.premisesId } }
              : {}),
          },
        }),
      );
      messageId = out.MessageId;
    }
    // Locally there is no topic: the event is recorded as delivered on the item itself.
    const status = topicArn ? "published" : "delivered-locally";
    await settle(claim, {
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
    await settle(claim, {
      status: giveUp ? "failed" : "pending",
      attempt: true,
      fields: { eventError: message(err), eventType },
    }).catch(() => undefined);
    return giveUp ? "failed" : "pending";
  }
}

/** A channel not claimed: its stored outcome when it is done, else another sender has it. */
function notClaimed<S>(c: NotClaimed): S | "held-elsewhere" {
  return isTerminal(c.status) ? (c.status as S) : "held-elsewhere";
}

async function runEmail(n: Known): Promise<{ status: Delivery["email"]; done: boolean }> {
  if (isTerminal(n.emailStatus)) return { status: n.emailStatus as EmailOutcome, done: false };
  // With the content known (the stream image, the outbox index), where the email goes is
  // settled before claiming: one with no email or no mailbox takes one conditional write.
  let route: Route | undefined;
  if (n.kind !== undefined) {
    route = await routeOf({ ...n, kind: n.kind });
    if ("settle" in route) {
      const out = await settleUnclaimed(n, "email", route.settle);
      if (out.settled) return { status: route.settle.status, done: true };
      // Done already (its stored outcome), or another sender holds it and settles it the same way.
      return {
        status: isTerminal(out.status) ? (out.status as EmailOutcome) : route.settle.status,
        done: false,
      };
    }
  }
  const claim = await claimChannel(n.notificationId, "email");
  if (!isClaim(claim)) return { status: notClaimed<EmailOutcome>(claim), done: false };
  return { status: await sendEmail(claim, route), done: true };
}

async function runEvent(n: Known): Promise<{ status: Delivery["event"]; done: boolean; inOutbox?: boolean }> {
  if (isTerminal(n.eventStatus)) return { status: n.eventStatus as EventOutcome, done: false };
  const claim = await claimChannel(n.notificationId, "event");
  if (!isClaim(claim))
    return { status: notClaimed<EventOutcome>(claim), done: false, inOutbox: claim.inOutbox };
  return { status: await publishEvent(claim), done: true };
}

/**
 * Sends one committed notification on both channels, each at most once: a conditional
 * claim per channel, fenced by its token, means a retried stream record, a second poller
 * or the nightly catch-up never emails or publishes it twice. A channel already done in
 * what the caller knows (the stream image, the outbox index) costs nothing. A failure
 * leaves that channel pending (with its attempts counted) and the other unaffected.
 */
export async function deliverNotification(known: Known): Promise<Delivery> {
  const email = await runEmail(known);
  const event = await runEvent(known);
  // Two senders may each have finished one channel, each seeing the other pending: when
  // this call did not settle the event itself (it saw the email's outcome when it did), the
  // item may be left in the outbox index with both channels done. A claim refused on an
  // item already out of the index needs nothing more.
  if (!event.done && event.inOutbox !== false) await leaveOutboxIfDone(known.notificationId);
  return {
    notificationId: known.notificationId,
    email: email.status,
    event: event.status,
    publishedNow: event.done && (event.status === "published" || event.status === "delivered-locally"),
  };
}

/** For the stream publisher: delivers, and throws while a channel is still pending (retry). */
export async function deliverOrThrow(record: Known): Promise<Delivery> {
  const delivery = await deliverNotification(record);
  if (delivery.email === "pending" || delivery.event === "pending") throw new DeliveryPending(delivery);
  return delivery;
}

/**
 * Delivers committed notifications (the nightly job's own alerts, or its catch-up of what
 * the stream publisher left); returns how many events went out in this call.
 */
export async function publishNotifications(records: Known[]): Promise<number> {
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

/**
 * The catch-up: sends what the stream publisher left in the outbox (it gave up, or never saw
 * the record), only items older than CATCH_UP_GRACE_MS, read by a key range on the outbox
 * index. Returns how many were outstanding and how many events went out now.
 */
export async function retryUnpublished(limit = 1000): Promise<{ pending: number; published: number }> {
  const createdBefore = new Date(now().getTime() - CATCH_UP_GRACE_MS).toISOString();
  const pending = await unpublishedNotifications({ limit, createdBefore });
  return { pending: pending.length, published: await publishNotifications(pending) };
}
