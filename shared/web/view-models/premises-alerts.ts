import * as z from "zod";
import { ALERT_KINDS, type AlertKind } from "../../domain/alert-rules.js";
import type { CalendarDate } from "../../domain/dates.js";
import { ALERT_KIND_LABELS, ALERT_STATUS_LABELS } from "../../domain/vocabulary.js";
import { type Alert, alertKind, alertStatus } from "../../schemas/alerts.js";
import { tableCsv } from "./csv.js";
import { formatDate, formatDatesIn, formatDateTime, relativeDays } from "./govuk-dates.js";
import { placementPath } from "./placement.js";
import { premisesBase } from "./premises-nav.js";

/** The alerts page's filter: the list operation's own status and kind. */
export const alertsFilterSchema = z.strictObject({
  status: alertStatus.default("open"),
  kind: alertKind.optional(),
});
export type AlertsFilter = z.infer<typeof alertsFilterSchema>;

/** Kinds raised to a premises; the CRU's (release, placement deadline) belong to no premises. */
export const PREMISES_ALERT_KINDS: readonly AlertKind[] = ALERT_KINDS.filter(
  (k) => k !== "release-without-accommodation" && k !== "placement-overdue",
);

export const alertsPath = (premisesId: string) => `${premisesBase(premisesId)}/alerts`;

const thresholdText = (t: Alert["threshold"]) => (t === "overdue" ? "Overdue" : `${t} days before`);

export function alertRows(alerts: readonly Alert[], premisesId: string, today: CalendarDate) {
  return alerts.map((a) => ({
    alertId: a.alertId,
    kind: ALERT_KIND_LABELS[a.kind],
    crn: a.crn,
    due: formatDate(a.dueDate),
    dueDate: a.dueDate,
    when: relativeDays(today, a.dueDate),
    threshold: thresholdText(a.threshold),
    detail: a.detail ? formatDatesIn(a.detail) : "",
    raised: formatDateTime(a.raisedAt),
    raisedAt: a.raisedAt,
    status: ALERT_STATUS_LABELS[a.status],
    statusClasses:
      a.status === "open"
        ? "govuk-tag--red"
        : a.status === "acknowledged"
          ? "govuk-tag--blue"
          : "govuk-tag--grey",
    acknowledged: a.acknowledgedAt
      ? `${formatDateTime(a.acknowledgedAt)}${a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ""}`
      : "",
    placementHref: a.bookingId ? placementPath(premisesId, a.bookingId) : undefined,
    acknowledgeAction:
      a.status === "open" ? `${alertsPath(premisesId)}/${a.alertId}/acknowledgement` : undefined,
  }));
}

export function alertsPageModel(input: {
  premises: { premisesId: string; name: string };
  alerts: readonly Alert[];
  filter: AlertsFilter;
  today: CalendarDate;
}) {
  const { premises, alerts, filter, today } = input;
  const base = alertsPath(premises.premisesId);
  const query = (f: Partial<AlertsFilter>) => {
    const q = new URLSearchParams();
    if (f.status) q.set("status", f.status);
    if (f.kind) q.set("kind", f.kind);
    const s = q.toString();
    return s ? `?${s}` : "";
  };
  const selected = [
    ...(filter.status !== "open"
      ? [
          {
            heading: { text: "Status" },
            items: [
              { text: ALERT_STATUS_LABELS[filter.status], href: `${base}${query({ kind: filter.kind })}` },
            ],
          },
        ]
      : []),
    ...(filter.kind
      ? [
          {
            heading: { text: "Kind" },
            items: [
              { text: ALERT_KIND_LABELS[filter.kind], href: `${base}${query({ status: filter.status })}` },
            ],
          },
        ]
      : []),
  ];
  return {
    heading: premises.name,
    listHeading: `${ALERT_STATUS_LABELS[filter.status]} alerts${filter.kind ? `: ${ALERT_KIND_LABELS[filter.kind]}` : ""}`,
    rows: alertRows(alerts, premises.premisesId, today),
    filterAction: base,
    statusItems: (Object.keys(ALERT_STATUS_LABELS) as (keyof typeof ALERT_STATUS_LABELS)[]).map((s) => ({
      value: s,
      text: ALERT_STATUS_LABELS[s],
      checked: s === filter.status,
    })),
    kindItems: [
      { value: "", text: "All kinds", checked: !filter.kind },
      ...PREMISES_ALERT_KINDS.map((k) => ({
        value: k,
        text: ALERT_KIND_LABELS[k],
        checked: k === filter.kind,
      })),
    ],
    selectedFilters: selected.length
      ? {
          heading: { text: "Selected filters" },
          clearLink: { text: "Clear filters", href: base },
          categories: selected,
        }
      : undefined,
    csvHref: `${base}.csv${query(filter)}`,
  };
}

export const ALERTS_CSV_HEADER = [
  "alert_id",
  "kind",
  "status",
  "crn",
  "due_date",
  "threshold",
  "detail",
  "raised_at",
  "acknowledged",
] as const;

/** The same rows as the page, with machine dates where a spreadsheet sorts by them. */
export function alertsCsv(rows: ReturnType<typeof alertRows>): string {
  return tableCsv(
    ALERTS_CSV_HEADER,
    rows.map((r) => [
      r.alertId,
      r.kind,
      r.status,
      r.crn,
      r.dueDate,
      r.threshold,
      r.detail,
      r.raisedAt,
      r.acknowledged,
    ]),
  );
}
