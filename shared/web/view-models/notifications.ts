import {
  EMAIL_STATUS_LABELS,
  EVENT_STATUS_LABELS,
  keysOf,
  NOTIFICATION_KIND_LABELS,
} from "../../domain/vocabulary.js";
import type { FieldSpec, FormErrors } from "../error-summary.js";
import { formatDate, formatDateTime } from "./govuk-dates.js";

/**
 * The admin's notifications page: what the notifier sent (or, locally, recorded) for each
 * change, newest first, filtered by premises and kind with a GET form. Ids, dates and the CRN
 * only, as the notifications themselves carry.
 */
export const NOTIFICATIONS_PATH = "/admin/notifications";

export const NOTIFICATION_FILTER_FIELDS = {
  premisesId: { href: "#premisesId", label: "Premises" },
  kind: { href: "#kind", label: "Kind" },
  cursor: { href: "#main-content", label: "Page" },
} as const satisfies Record<string, FieldSpec>;

/** One notification as the page reads it: the schema's fields it shows (see schemas/notifications.ts). */
export interface ShownNotification {
  notificationId: string;
  kind: string;
  createdAt: string;
  premisesId?: string;
  area?: string;
  crn?: string;
  bookingId?: string;
  referralId?: string;
  alertId?: string;
  requestId?: string;
  arrivalDate?: string;
  departureDate?: string;
  emailStatus?: string;
  emailTemplateId?: string;
  emailTo?: string;
  emailError?: string;
  eventStatus?: string;
  eventType?: string;
  eventError?: string;
}

const labelOf = (labels: Record<string, string>, key: string | undefined) =>
  key === undefined ? "Not recorded" : (labels[key] ?? key);

const STATUS_TAG: Record<string, string> = {
  sent: "govuk-tag--green",
  published: "govuk-tag--green",
  "delivered-locally": "govuk-tag--green",
  pending: "govuk-tag--yellow",
  failed: "govuk-tag--red",
  "no-mailbox": "govuk-tag--grey",
  "not-emailed": "govuk-tag--grey",
};

export interface NotificationFilter {
  premisesId: string;
  kind: string;
}

/** The page's link with its filters and, for a later page, the cursor. */
export function notificationsHref(filter: Partial<NotificationFilter>, cursor?: string): string {
  const q = new URLSearchParams();
  if (filter.premisesId) q.set("premisesId", filter.premisesId);
  if (filter.kind) q.set("kind", filter.kind);
  if (cursor) q.set("cursor", cursor);
  const s = q.toString();
  return s ? `${NOTIFICATIONS_PATH}?${s}` : NOTIFICATIONS_PATH;
}

export function notificationRow(n: ShownNotification, premisesNames: ReadonlyMap<string, string>) {
  const ids = [
    n.bookingId && `Booking ${n.bookingId}`,
    n.referralId && `Referral ${n.referralId}`,
    n.alertId && `Alert ${n.alertId}`,
    n.requestId && `Request ${n.requestId}`,
  ].filter((x): x is string => !!x);
  const dates = [
    n.arrivalDate && `Arrival ${formatDate(n.arrivalDate)}`,
    n.departureDate && `Departure ${formatDate(n.departureDate)}`,
  ].filter((x): x is string => !!x);
  return {
    notificationId: n.notificationId,
    kind: n.kind,
    kindText: labelOf(NOTIFICATION_KIND_LABELS, n.kind),
    created: formatDateTime(n.createdAt),
    where: n.premisesId
      ? (premisesNames.get(n.premisesId) ?? n.premisesId)
      : n.area
        ? `CRU area ${n.area}`
        : "",
    crn: n.crn ?? "",
    ids,
    dates,
    template: n.emailTemplateId ?? "",
    recipient: n.emailTo ?? "",
    email: {
      text: labelOf(EMAIL_STATUS_LABELS, n.emailStatus),
      classes: STATUS_TAG[n.emailStatus ?? ""] ?? "govuk-tag--grey",
      attributes: { "data-status": n.emailStatus ?? "" },
    },
    emailError: n.emailError ?? "",
    event: {
      text: labelOf(EVENT_STATUS_LABELS, n.eventStatus),
      classes: STATUS_TAG[n.eventStatus ?? ""] ?? "govuk-tag--grey",
      attributes: { "data-status": n.eventStatus ?? "" },
    },
    eventType: n.eventType ?? "",
    eventError: n.eventError ?? "",
  };
}

export function notificationsPageModel(input: {
  premises: readonly { premisesId: string; name: string }[];
  filter: NotificationFilter;
  items: readonly ShownNotification[];
  nextCursor?: string;
  paged: boolean;
  errors?: FormErrors;
}) {
  const { filter } = input;
  const names = new Map(input.premises.map((p) => [p.premisesId, p.name]));
  const premisesItems = [
    { value: "", text: "All premises", selected: filter.premisesId === "" },
    ...[...input.premises]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({ value: p.premisesId, text: p.name, selected: p.premisesId === filter.premisesId })),
  ];
  const kindItems = [
    { value: "", text: "All kinds", selected: filter.kind === "" },
    ...keysOf(NOTIFICATION_KIND_LABELS).map((k) => ({
      value: k,
      text: NOTIFICATION_KIND_LABELS[k],
      selected: k === filter.kind,
    })),
  ];
  const selected = [
    filter.premisesId && `Premises: ${names.get(filter.premisesId) ?? filter.premisesId}`,
    filter.kind && `Kind: ${labelOf(NOTIFICATION_KIND_LABELS, filter.kind)}`,
  ].filter((x): x is string => !!x);
  return {
    heading: "Notifications",
    action: NOTIFICATIONS_PATH,
    premisesItems,
    kindItems,
    selected,
    clearHref: NOTIFICATIONS_PATH,
    rows: input.items.map((n) => notificationRow(n, names)),
    empty: selected.length ? "No notification matches these filters." : "No notification has been sent yet.",
    pagination:
      input.nextCursor || input.paged
        ? {
            ...(input.paged ? { previous: { href: notificationsHref(filter), text: "First page" } } : {}),
            ...(input.nextCursor ? { next: { href: notificationsHref(filter, input.nextCursor) } } : {}),
          }
        : undefined,
    errors: input.errors,
  };
}
