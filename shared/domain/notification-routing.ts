/**
 * Who hears about what. Pure rules over a committed notification (an outbox item): which
 * email it becomes and for which mailbox, and which domain event it publishes. Kept apart
 * from the senders so the routing is tested on its own, without I/O.
 */

/** The `type` of an outbox item: the stream filter selects outbox inserts by it. */
export const NOTIFICATION_TYPE = "notification";

/**
 * The event source mapping's filter: only inserts of outbox items reach the publisher. Its
 * own status updates (MODIFY) and every other item on the table never invoke it. CDK
 * passes this to FilterCriteria; the local poller applies the same predicate.
 */
export const OUTBOX_INSERT_FILTER = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { type: { S: [NOTIFICATION_TYPE] } } },
};

/** The email kinds; each has its own GOV.UK Notify template (an env var per kind, set by CDK). */
export const EMAIL_KINDS = [
  "booking-made",
  "booking-changed",
  "booking-cancelled",
  "stay-reduction-requested",
  "stay-reduction-decided",
  "alert-raised",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** `NOTIFY_TEMPLATE_BOOKING_MADE` and so on. */
export const templateEnvName = (kind: EmailKind) =>
  `NOTIFY_TEMPLATE_${kind.toUpperCase().replace(/-/g, "_")}`;

/** The AP's shared mailbox, or the CRU area's. */
export type Audience = { to: "premises"; premisesId: string } | { to: "cru-area"; area?: string };

/**
 * What routing reads of a notification (shared/schemas/notifications.ts holds its full
 * shape: ids, dates, the CRN and counts, never a name).
 */
export interface RoutableNotification {
  kind: string;
  premisesId?: string;
  area?: string;
  alertId?: string;
}

/** Notification kinds that are emails to the premises, and the email each becomes. */
const TO_PREMISES: Readonly<Record<string, EmailKind>> = {
  "booking-made": "booking-made",
  "booking-changed": "booking-changed",
  "booking-cancelled": "booking-cancelled",
  // A transfer changes the stay for both premises: each gets its own outbox item.
  "booking-transferred": "booking-changed",
  "stay-reduction-requested": "stay-reduction-requested",
};

/** A stay reduction's decision goes back to the CRU area that asked for the nights. */
const TO_CRU_AREA: Readonly<Record<string, EmailKind>> = {
  "stay-reduction-approved": "stay-reduction-decided",
  "stay-reduction-declined": "stay-reduction-decided",
};

export interface EmailPlan {
  email: EmailKind;
  audience: Audience;
}

/**
 * The email a notification becomes, if any. An alert goes to whoever it is for: the
 * premises when it is about a stay there, otherwise (a referral not yet placed: release
 * without accommodation, placement deadlines) the CRU area of the referral.
 */
export function emailFor(n: RoutableNotification): EmailPlan | undefined {
  if (n.alertId) {
    return n.premisesId
      ? { email: "alert-raised", audience: { to: "premises", premisesId: n.premisesId } }
      : { email: "alert-raised", audience: { to: "cru-area", area: n.area } };
  }
  const premisesEmail = TO_PREMISES[n.kind];
  if (premisesEmail && n.premisesId) {
    return { email: premisesEmail, audience: { to: "premises", premisesId: n.premisesId } };
  }
  const areaEmail = TO_CRU_AREA[n.kind];
  if (areaEmail) return { email: areaEmail, audience: { to: "cru-area", area: n.area } };
  return undefined;
}

/** Domain event names on SNS (`eventType` attribute), for subscribers that filter by it. */
const EVENT_TYPES: Readonly<Record<string, string>> = {
  "booking-made": "booking.made",
  "booking-changed": "booking.changed",
  "booking-cancelled": "booking.cancelled",
  "booking-transferred": "booking.transferred",
  "person-arrived": "person.arrived",
  "non-arrival": "person.did-not-arrive",
  "person-departed": "person.departed",
  "move-on-confirmed": "move-on.confirmed",
  "stay-reduction-requested": "stay-reduction.requested",
  "stay-reduction-approved": "stay-reduction.approved",
  "stay-reduction-declined": "stay-reduction.declined",
  "buffer-override": "booking.buffer-overridden",
  "buffer-consumed": "booking.buffer-consumed",
};

/** Every committed notification is published; alerts as `alert.raised` whatever their kind. */
export const eventTypeOf = (n: Pick<RoutableNotification, "kind" | "alertId">): string =>
  n.alertId ? "alert.raised" : (EVENT_TYPES[n.kind] ?? `notification.${n.kind}`);
