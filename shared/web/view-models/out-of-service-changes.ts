import { cancellationProblem, outOfServiceChangeProblems } from "../../domain/bed-changes.js";
import type { CalendarDate } from "../../domain/dates.js";
import { AUDIT_ACTIONS, OUT_OF_SERVICE_REASONS } from "../../domain/vocabulary.js";
import type { Bed, OutOfService } from "../../schemas/premises.js";
import {
  type FieldSpec,
  type FormErrors,
  formOrderErrors,
  NO_ERRORS,
  type ProblemDetails,
} from "../error-summary.js";
import { type DateParts, dateParts, EMPTY_DATE } from "../forms.js";
import { formatDate, formatDatesIn } from "./govuk-dates.js";
import { conflictErrors, outOfServiceListModel, outOfServicePath } from "./out-of-service.js";
import { premisesBase } from "./premises-nav.js";

/**
 * The AP manager's changes to an out-of-service period (end early, new dates, cancel) and to a
 * bed (archive, unarchive): what each page shows and how a refusal reads on it. Which change is
 * offered is the domain's rule (bed-changes.ts), asked, not restated.
 */

export type PeriodChange = "end-early" | "dates" | "cancellation";

export const PERIOD_CHANGES: Record<
  PeriodChange,
  { title: string; button: string; link: string; checkHeading: string; confirm: string; notOffered: string }
> = {
  "end-early": {
    title: "End out-of-service period early",
    link: "End early",
    button: "Continue",
    checkHeading: "Check your answers before ending the period early",
    confirm: "End period early",
    notOffered: "This period can no longer be ended early: it is over or was cancelled.",
  },
  dates: {
    title: "Change out-of-service dates",
    link: "Change dates",
    button: "Continue",
    checkHeading: "Check your answers before changing the dates",
    confirm: "Change dates",
    notOffered: "This period's dates can no longer change: it is over or was cancelled.",
  },
  cancellation: {
    title: "Cancel out-of-service period",
    link: "Cancel",
    button: "Continue",
    checkHeading: "Check your answers before cancelling the period",
    confirm: "Cancel period",
    notOffered:
      "This period can no longer be cancelled: it has begun (end it early instead), is over or was cancelled.",
  },
};

/** The change forms' fields, named as the API names them, in the order the forms show them. */
export const PERIOD_CHANGE_FIELDS = {
  startDate: { href: "#startDate-day", label: "First night out of service" },
  endDate: { href: "#endDate-day", label: "Last night out of service" },
  reason: { href: "#reason", label: "Reason for cancelling" },
} as const satisfies Record<string, FieldSpec>;

export const ARCHIVE_FIELDS = {
  archivedFrom: { href: "#archivedFrom-day", label: "First night the bed takes no stay" },
  reason: { href: "#reason", label: "Reason" },
} as const satisfies Record<string, FieldSpec>;

export const periodPath = (premisesId: string, outOfServiceId: string) =>
  `${outOfServicePath(premisesId)}/${encodeURIComponent(outOfServiceId)}`;
export const changePath = (premisesId: string, outOfServiceId: string, change: PeriodChange) =>
  `${periodPath(premisesId, outOfServiceId)}/${change}`;
export const archivePath = (premisesId: string, bedId: string) =>
  `${premisesBase(premisesId)}/beds/${encodeURIComponent(bedId)}/archive`;
export const unarchivePath = (premisesId: string, bedId: string) =>
  `${premisesBase(premisesId)}/beds/${encodeURIComponent(bedId)}/unarchive`;

type Period = Pick<OutOfService, "startDate" | "endDate" | "status">;

/**
 * The changes a period allows today. A change is offered when the domain would accept the
 * period as it stands (nothing is over yet); cancelling only when it has not begun.
 */
export function offeredChanges(period: Period, today: CalendarDate): PeriodChange[] {
  if (period.status === "cancelled") return [];
  if (outOfServiceChangeProblems(period, period, today).length > 0) return [];
  return ["end-early", "dates", ...(cancellationProblem(period, today) ? [] : ["cancellation" as const])];
}

export function periodStatus(period: Period, today: CalendarDate) {
  if (period.status === "cancelled") return { text: "Cancelled", classes: "govuk-tag--grey" };
  if (period.endDate < today) return { text: "Ended", classes: "govuk-tag--grey" };
  if (period.startDate <= today) return { text: "Now", classes: "govuk-tag--red" };
  return { text: "Planned", classes: "govuk-tag--grey" };
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** What one revision changed, in words: dates, reason, notes, the cancellation's reason. */
export function revisionDetail(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (!before) {
    if (str(a.startDate) && str(a.endDate))
      parts.push(`From ${formatDate(str(a.startDate)!)} to ${formatDate(str(a.endDate)!)}`);
    if (str(a.reason)) parts.push(`Reason: ${reasonLabel(str(a.reason)!)}`);
    return parts.join(". ");
  }
  for (const [name, words] of [
    ["startDate", "First night"],
    ["endDate", "Last night"],
  ] as const) {
    const was = str(b[name]);
    const now = str(a[name]);
    if (was && now && was !== now) parts.push(`${words} ${formatDate(was)} changed to ${formatDate(now)}`);
  }
  if (str(a.reason) && str(b.reason) !== str(a.reason)) parts.push(`Reason: ${reasonLabel(str(a.reason)!)}`);
  if (str(b.notes) !== str(a.notes)) parts.push(str(a.notes) ? `Notes: ${str(a.notes)}` : "Notes removed");
  const cancellation = a.cancellation as { reason?: unknown } | undefined;
  if (a.status === "cancelled" && str(cancellation?.reason))
    parts.push(`Reason for cancelling: ${str(cancellation?.reason)}`);
  return parts.join(". ");
}

const reasonLabel = (r: string) => OUT_OF_SERVICE_REASONS[r as keyof typeof OUT_OF_SERVICE_REASONS] ?? r;

/** The period's revisions, newest first, for the MoJ timeline. */
export function revisionTimeline(
  revisions: readonly { at: string; actor: string; action: string; before?: unknown; after?: unknown }[],
) {
  return [...revisions]
    .sort((x, y) => y.at.localeCompare(x.at))
    .map((r) => ({
      label: { text: AUDIT_ACTIONS[r.action as keyof typeof AUDIT_ACTIONS] ?? r.action },
      text: revisionDetail(r.before, r.after),
      datetime: { timestamp: r.at, type: "datetime" },
      byline: { text: r.actor },
    }));
}

type Premises = { premisesId: string; name: string; beds: readonly Pick<Bed, "bedId" | "room">[] };

const roomOf = (premises: Premises, bedId: string) =>
  premises.beds.find((b) => b.bedId === bedId)?.room ?? "";

/** The links each list row offers: the period's page, and each change the manager may make. */
export function periodLinks(
  premisesId: string,
  period: Pick<OutOfService, "outOfServiceId" | "bedId" | "startDate" | "endDate" | "status">,
  today: CalendarDate,
  canChange: boolean,
) {
  const what = `bed ${period.bedId}, ${formatDate(period.startDate)} to ${formatDate(period.endDate)}`;
  return [
    { text: "History", href: periodPath(premisesId, period.outOfServiceId), hidden: what },
    ...(canChange ? offeredChanges(period, today) : []).map((c) => ({
      text: PERIOD_CHANGES[c].link,
      href: changePath(premisesId, period.outOfServiceId, c),
      hidden: what,
    })),
  ];
}

/** The period's own page: what it is now, the changes offered, and every revision. */
export function periodPageModel(input: {
  premises: Premises;
  period: OutOfService & { revisions: readonly Parameters<typeof revisionTimeline>[0][number][] };
  today: CalendarDate;
  canChange: boolean;
}) {
  const { premises, period, today, canChange } = input;
  const rows = [
    ["Bed", `${period.bedId} (room ${roomOf(premises, period.bedId)})`],
    ["First night out of service", formatDate(period.startDate)],
    ["Last night out of service", formatDate(period.endDate)],
    ["Reason", reasonLabel(period.reason)],
    ["Notes", period.notes ?? "None"],
    ...(period.cancellation ? [["Reason for cancelling", period.cancellation.reason]] : []),
  ].map(([key, value]) => ({ key: { text: key }, value: { text: value } }));
  return {
    heading: `Bed ${period.bedId} out of service`,
    caption: premises.name,
    status: periodStatus(period, today),
    rows,
    backHref: outOfServicePath(premises.premisesId),
    actions: (canChange ? offeredChanges(period, today) : []).map((c) => ({
      text: PERIOD_CHANGES[c].link === "Cancel" ? "Cancel period" : PERIOD_CHANGES[c].link,
      href: changePath(premises.premisesId, period.outOfServiceId, c),
      classes: c === "cancellation" ? "govuk-button--warning" : "govuk-button--secondary",
    })),
    timeline: revisionTimeline(period.revisions),
  };
}

/** A change form's boxes as typed (or as the period stands, when first opened). */
export interface PeriodChangeValues {
  startDate: DateParts;
  endDate: DateParts;
  reason: string;
}

export const periodValues = (period: Pick<OutOfService, "startDate" | "endDate">): PeriodChangeValues => ({
  startDate: dateParts(period.startDate),
  endDate: dateParts(period.endDate),
  reason: "",
});

export const EMPTY_PERIOD_VALUES: PeriodChangeValues = {
  startDate: EMPTY_DATE,
  endDate: EMPTY_DATE,
  reason: "",
};

/** The field a refusal belongs to on each form: the one date an end-early form has, or the first night. */
const CONFLICT_FIELD: Record<PeriodChange, keyof typeof PERIOD_CHANGE_FIELDS> = {
  "end-early": "endDate",
  dates: "startDate",
  cancellation: "reason",
};

/**
 * A change refused, on the change's form. A stale version says so in words; a 409 lists what is
 * in the way (conflicts[]) or why the period cannot change (out-of-service-begun, -cancelled);
 * a 400 puts each invalid param at its box.
 */
export function periodChangeErrors(change: PeriodChange, problem: ProblemDetails): FormErrors {
  const field = CONFLICT_FIELD[change];
  const href = PERIOD_CHANGE_FIELDS[field].href;
  if (problem.status === 412) {
    return {
      summary: [
        {
          text: "This period was changed by someone else after you opened this page: check it and try again",
          href: "#main-content",
        },
      ],
      fields: {},
    };
  }
  if (problem.status === 409) {
    if (problem.conflicts?.length) return conflictErrors(problem.detail, problem.conflicts, field);
    const text = formatDatesIn(problem.detail);
    return { summary: [{ text, href }], fields: { [field]: { text } } };
  }
  if (problem.invalidParams?.length)
    return datedErrors(formOrderErrors(problem.invalidParams, PERIOD_CHANGE_FIELDS));
  return { summary: [{ text: formatDatesIn(problem.detail), href }], fields: {} };
}

/** The domain's reasons name dates as `YYYY-MM-DD`; on screen they read as GOV.UK writes dates. */
function datedErrors(errors: FormErrors): FormErrors {
  return {
    summary: errors.summary.map((s) => ({ ...s, text: formatDatesIn(s.text) })),
    fields: Object.fromEntries(
      Object.entries(errors.fields).map(([k, v]) => [k, { text: formatDatesIn(v.text) }]),
    ),
  };
}

/** An archive refused: the bed is in use on or after the date (409 bed-in-use, each stay named), or a bad date. */
export function archiveErrors(problem: ProblemDetails): FormErrors {
  const href = ARCHIVE_FIELDS.archivedFrom.href;
  if (problem.status === 409) {
    const clashes = (problem.conflicts ?? []).map((c) => ({
      text: `In the way: ${formatDatesIn(c.detail ?? c.kind)}`,
      href,
    }));
    const text = `Bed cannot be archived from that night: ${formatDatesIn(problem.detail.split(":")[0] ?? "")}`;
    return { summary: [{ text, href }, ...clashes], fields: { archivedFrom: { text } } };
  }
  if (problem.invalidParams?.length)
    return datedErrors(formOrderErrors(problem.invalidParams, ARCHIVE_FIELDS));
  return { summary: [{ text: formatDatesIn(problem.detail), href }], fields: {} };
}

export function periodChangeFormModel(input: {
  change: PeriodChange;
  premises: Premises;
  period: OutOfService;
  values: PeriodChangeValues;
  errors: FormErrors;
  version: number;
}) {
  const { change, premises, period, values, errors, version } = input;
  const begun = period.startDate;
  return {
    change,
    heading: PERIOD_CHANGES[change].title,
    caption: `Bed ${period.bedId} (room ${roomOf(premises, period.bedId)}) – ${premises.name}`,
    current: `Out of service from ${formatDate(begun)} to ${formatDate(period.endDate)} (${reasonLabel(period.reason)})`,
    action: changePath(premises.premisesId, period.outOfServiceId, change),
    backHref: periodPath(premises.premisesId, period.outOfServiceId),
    submitText: PERIOD_CHANGES[change].button,
    version,
    values,
    errors,
  };
}

/** The answers waiting on a check page, as a summary list with "Change" links to the form. */
export function periodCheckModel(input: {
  change: PeriodChange;
  premises: Premises;
  period: OutOfService;
  body: { startDate?: string; endDate?: string; reason?: string };
}) {
  const { change, premises, period, body } = input;
  const form = changePath(premises.premisesId, period.outOfServiceId, change);
  const row = (key: string, value: string, field?: string, hidden?: string) => ({
    key: { text: key },
    value: { text: value },
    ...(field
      ? {
          actions: {
            items: [
              { href: `${form}#${field}`, text: "Change", visuallyHiddenText: hidden ?? key.toLowerCase() },
            ],
          },
        }
      : {}),
  });
  const rows = [
    row("Bed", `${period.bedId} (room ${roomOf(premises, period.bedId)})`),
    row("Out of service now", `${formatDate(period.startDate)} to ${formatDate(period.endDate)}`),
  ];
  if (change === "end-early")
    rows.push(row("New last night out of service", formatDate(body.endDate ?? ""), "endDate-day"));
  if (change === "dates") {
    rows.push(row("New first night out of service", formatDate(body.startDate ?? ""), "startDate-day"));
    rows.push(row("New last night out of service", formatDate(body.endDate ?? ""), "endDate-day"));
  }
  if (change === "cancellation") rows.push(row("Reason for cancelling", body.reason ?? "", "reason"));
  return {
    heading: PERIOD_CHANGES[change].checkHeading,
    caption: premises.name,
    button: PERIOD_CHANGES[change].confirm,
    back: form,
    action: `${form}/check`,
    rows,
    cancelHref: periodPath(premises.premisesId, period.outOfServiceId),
  };
}

/** The beds as the out-of-service page lists them: archived ones say so, with the date. */
export function bedsModel(
  premises: { premisesId: string; beds: readonly Bed[] },
  today: CalendarDate,
  canChange: boolean,
) {
  return [...premises.beds]
    .sort((a, b) => a.bedId.localeCompare(b.bedId, "en", { numeric: true }))
    .map((b) => ({
      bedId: b.bedId,
      room: b.room,
      archived: b.archivedFrom !== undefined,
      status: b.archivedFrom
        ? {
            text: b.archivedFrom <= today ? "Archived" : `Archived from ${formatDate(b.archivedFrom)}`,
            classes: "govuk-tag--grey",
          }
        : { text: "In use", classes: "govuk-tag--green" },
      archiveReason: b.archive?.reason ?? "",
      links: canChange
        ? [
            b.archivedFrom
              ? { text: "Unarchive", href: unarchivePath(premises.premisesId, b.bedId) }
              : { text: "Archive", href: archivePath(premises.premisesId, b.bedId) },
          ]
        : [],
    }));
}

export interface ArchiveValues {
  archivedFrom: DateParts;
  reason: string;
}

export const EMPTY_ARCHIVE: ArchiveValues = { archivedFrom: EMPTY_DATE, reason: "" };

export function archiveFormModel(input: {
  premises: Premises;
  bed: Bed;
  values: ArchiveValues;
  errors?: FormErrors;
}) {
  const { premises, bed, values } = input;
  return {
    heading: `Archive bed ${bed.bedId}`,
    caption: premises.name,
    action: archivePath(premises.premisesId, bed.bedId),
    backHref: outOfServicePath(premises.premisesId),
    current: bed.archivedFrom ? `Archived from ${formatDate(bed.archivedFrom)}` : undefined,
    values,
    errors: input.errors ?? NO_ERRORS,
  };
}

export function archiveCheckModel(input: {
  premises: Premises;
  bed: Bed;
  body: { archivedFrom: string; reason: string };
}) {
  const { premises, bed, body } = input;
  const form = archivePath(premises.premisesId, bed.bedId);
  const change = (field: string, hidden: string) => ({
    items: [{ href: `${form}#${field}`, text: "Change", visuallyHiddenText: hidden }],
  });
  return {
    heading: "Check your answers before archiving the bed",
    caption: premises.name,
    button: "Archive bed",
    back: form,
    action: `${form}/check`,
    cancelHref: outOfServicePath(premises.premisesId),
    rows: [
      { key: { text: "Bed" }, value: { text: `${bed.bedId} (room ${bed.room})` } },
      {
        key: { text: "First night the bed takes no stay" },
        value: { text: formatDate(body.archivedFrom) },
        actions: change("archivedFrom-day", "first night the bed takes no stay"),
      },
      { key: { text: "Reason" }, value: { text: body.reason }, actions: change("reason", "reason") },
    ],
  };
}

/** The out-of-service page: the list (out-of-service.ts) with each period's links, and the beds with their archive. */
export function outOfServicePageModel(input: {
  premises: { premisesId: string; name: string; beds: readonly Bed[] };
  items: readonly OutOfService[];
  today: CalendarDate;
  canChange: boolean;
}) {
  const { premises, items, today, canChange } = input;
  const list = outOfServiceListModel({ premises, items, today });
  const byId = new Map(items.map((o) => [o.outOfServiceId, o]));
  return {
    ...list,
    canChange,
    rows: list.rows.map((r) => ({
      ...r,
      links: periodLinks(premises.premisesId, byId.get(r.outOfServiceId)!, today, canChange),
    })),
    beds: bedsModel(premises, today, canChange),
  };
}
