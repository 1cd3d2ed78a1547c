import type { CalendarDate } from "../../domain/dates.js";
import type { Conflict } from "../../domain/errors.js";
import { keysOf, OUT_OF_SERVICE_REASONS } from "../../domain/vocabulary.js";
import type { OutOfService } from "../../schemas/premises.js";
import type { FormErrors } from "../error-summary.js";
import { type DateParts, EMPTY_DATE } from "../forms.js";
import { formatDate, formatDatesIn } from "./govuk-dates.js";
import { premisesBase } from "./premises-nav.js";

/** The form's fields, named as the API names them, in the order the form shows them. */
export const OUT_OF_SERVICE_FIELDS = {
  bedId: { href: "#bedId", label: "Bed" },
  startDate: { href: "#startDate-day", label: "First night out of service" },
  endDate: { href: "#endDate-day", label: "Last night out of service" },
  reason: { href: "#reason", label: "Reason" },
  notes: { href: "#notes", label: "Notes" },
} as const;

export const outOfServicePath = (premisesId: string) => `${premisesBase(premisesId)}/out-of-service-beds`;

export interface OutOfServiceValues {
  bedId: string;
  startDate: DateParts;
  endDate: DateParts;
  reason: string;
  notes: string;
}

export const EMPTY_OUT_OF_SERVICE: OutOfServiceValues = {
  bedId: "",
  startDate: EMPTY_DATE,
  endDate: EMPTY_DATE,
  reason: "",
  notes: "",
};

const CONFLICT_KINDS: Record<string, string> = {
  occupied: "a stay",
  buffer: "a stay's buffer nights",
  "out-of-service": "another out-of-service period",
  held: "a bed hold",
  archived: "the bed's archiving",
};

/**
 * A 409 as the error summary shows it: the operation's own sentence, then each clash it
 * listed, linking to the dates that caused it.
 */
export function conflictErrors(
  detail: string,
  conflicts: readonly Conflict[] = [],
  field: "startDate" | "endDate" | "reason" = "startDate",
): FormErrors {
  const href = field === "reason" ? "#reason" : OUT_OF_SERVICE_FIELDS[field].href;
  const text = formatDatesIn(detail);
  const clashes = conflicts.map((c) => {
    const what = CONFLICT_KINDS[c.kind] ?? c.kind;
    const when =
      c.startDate && c.endDate ? ` from ${formatDate(c.startDate)} to ${formatDate(c.endDate)}` : "";
    return { text: `It overlaps ${what}${when}`, href };
  });
  return {
    summary: [{ text, href }, ...clashes],
    fields: { [field]: { text } },
  };
}

export function outOfServiceFormModel(input: {
  premises: { premisesId: string; name: string; beds: readonly { bedId: string; room: string }[] };
  values: OutOfServiceValues;
  errors: FormErrors;
}) {
  const { premises, values, errors } = input;
  return {
    heading: "Take a bed out of service",
    premisesName: premises.name,
    action: `${outOfServicePath(premises.premisesId)}/new`,
    backHref: outOfServicePath(premises.premisesId),
    values,
    errors,
    bedItems: [
      { value: "", text: "Choose a bed", selected: values.bedId === "" },
      ...premises.beds.map((b) => ({
        value: b.bedId,
        text: `${b.bedId} (room ${b.room})`,
        selected: b.bedId === values.bedId,
      })),
    ],
    reasonItems: keysOf(OUT_OF_SERVICE_REASONS).map((r) => ({
      value: r,
      text: OUT_OF_SERVICE_REASONS[r],
      checked: r === values.reason,
    })),
  };
}

export function outOfServiceListModel(input: {
  premises: { premisesId: string; name: string; beds: readonly { bedId: string; room: string }[] };
  items: readonly OutOfService[];
  today: CalendarDate;
}) {
  const { premises, items, today } = input;
  const rooms = new Map(premises.beds.map((b) => [b.bedId, b.room]));
  const rows = [...items]
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.bedId.localeCompare(b.bedId))
    .map((o) => ({
      outOfServiceId: o.outOfServiceId,
      bedId: o.bedId,
      room: rooms.get(o.bedId) ?? "",
      from: formatDate(o.startDate),
      to: formatDate(o.endDate),
      reason: OUT_OF_SERVICE_REASONS[o.reason],
      notes: o.notes ?? "",
      current: o.startDate <= today,
      status:
        o.startDate <= today
          ? { text: "Now", classes: "govuk-tag--red" }
          : { text: "Planned", classes: "govuk-tag--grey" },
    }));
  return {
    heading: premises.name,
    rows,
    newHref: `${outOfServicePath(premises.premisesId)}/new`,
  };
}
