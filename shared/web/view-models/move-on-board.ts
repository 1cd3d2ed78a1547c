import type { CalendarDate } from "../../domain/dates.js";
import {
  ALERT_KIND_LABELS,
  BOOKING_STATUS_LABELS,
  MOVE_ON_CATEGORIES,
  MOVE_ON_STATUS_LABELS,
} from "../../domain/vocabulary.js";
import type { BoardEntry } from "../../schemas/move-on.js";
import { tableCsv } from "./csv.js";
import { formatDate } from "./govuk-dates.js";
import { placementPath } from "./placement.js";
import { premisesBase } from "./premises-nav.js";

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/** The board's rows in the operation's order (most urgent first), worded for people. */
export function moveOnRows(items: readonly BoardEntry[], premisesId: string) {
  return items.map((e) => ({
    bookingId: e.bookingId,
    href: placementPath(premisesId, e.bookingId),
    name: e.person.name,
    crn: e.person.crn,
    bed: e.bedId,
    stay: BOOKING_STATUS_LABELS[e.status as keyof typeof BOOKING_STATUS_LABELS] ?? e.status,
    arrivalDate: e.arrivalDate,
    arrival: formatDate(e.arrivalDate),
    departureDate: e.expectedDepartureDate,
    departure: formatDate(e.expectedDepartureDate),
    daysLeft: e.daysLeft,
    left: e.overdue
      ? `Overdue by ${days(-e.daysLeft)}`
      : e.daysLeft === 0
        ? "Departs today"
        : days(e.daysLeft),
    moveOnStatus: MOVE_ON_STATUS_LABELS[e.moveOn.status],
    category: e.moveOn.category ? MOVE_ON_CATEGORIES[e.moveOn.category] : "",
    availableFrom: e.moveOn.availableFrom ? formatDate(e.moveOn.availableFrom) : "",
    availableFromDate: e.moveOn.availableFrom ?? "",
    secured: e.moveOn.secured,
    tag: e.overdue
      ? { text: "Overdue", classes: "govuk-tag--red" }
      : e.moveOn.secured
        ? { text: "Secured", classes: "govuk-tag--green" }
        : { text: "Not secured", classes: "govuk-tag--yellow" },
    hdcEnd: e.hdcEndDate ? formatDate(e.hdcEndDate) : "",
    hdcEndDate: e.hdcEndDate ?? "",
    licenceEnd: e.licenceEndDate ? formatDate(e.licenceEndDate) : "",
    licenceEndDate: e.licenceEndDate ?? "",
    alerts: e.openAlerts.kinds.map((k) => ALERT_KIND_LABELS[k as keyof typeof ALERT_KIND_LABELS] ?? k),
    alertCount: e.openAlerts.count,
  }));
}

export function moveOnBoardModel(input: {
  premises: { premisesId: string; name: string };
  board: { date: CalendarDate; items: readonly BoardEntry[] };
}) {
  const { premises, board } = input;
  const rows = moveOnRows(board.items, premises.premisesId);
  return {
    heading: premises.name,
    date: formatDate(board.date),
    rows,
    unsecured: rows.filter((r) => !r.secured).length,
    csvHref: `${premisesBase(premises.premisesId)}/move-on-board.csv`,
  };
}

export const MOVE_ON_CSV_HEADER = [
  "booking_id",
  "crn",
  "name",
  "bed",
  "stay",
  "arrival_date",
  "expected_departure_date",
  "days_left",
  "move_on_status",
  "move_on_category",
  "available_from",
  "secured",
  "hdc_end_date",
  "licence_end_date",
  "open_alerts",
] as const;

export function moveOnCsv(rows: ReturnType<typeof moveOnRows>): string {
  return tableCsv(
    MOVE_ON_CSV_HEADER,
    rows.map((r) => [
      r.bookingId,
      r.crn,
      r.name,
      r.bed,
      r.stay,
      r.arrivalDate,
      r.departureDate,
      r.daysLeft,
      r.moveOnStatus,
      r.category,
      r.availableFromDate,
      r.secured ? "yes" : "no",
      r.hdcEndDate,
      r.licenceEndDate,
      r.alerts.join("; "),
    ]),
  );
}
