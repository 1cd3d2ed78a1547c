import { type CalendarDate, daysBetween, londonDateOf } from "../../domain/dates.js";
import type { InvalidParam } from "../../domain/errors.js";
import { placementDeadline } from "../../domain/placement-deadline.js";
import {
  AREAS,
  NOTICE_TYPES,
  PLACEMENT_CONCERN_REASONS,
  PRE_ARRIVAL_READINESS,
  REFERRAL_STATUS_LABELS,
  RISK_LEVELS,
  WITHDRAWAL_REASONS,
} from "../../domain/vocabulary.js";
import {
  type ListReferralsQuery,
  listReferralsQuery,
  type NoticeType,
  type Referral,
  type ReferralStatus,
} from "../../schemas/referrals.js";
import { type FieldSpec, type FormErrors, invalidFormErrors, problemOfZod } from "../error-summary.js";
import { type DateParts, dateOfParts, type FormFields, fieldText, typedDateParts } from "../forms.js";
import { formatDateTime, formatShortDate, relativeDays } from "./govuk-dates.js";

/**
 * The CRU queue: one tab per referral status CRU works from. "Unable to place" is the
 * `withdrawn` status (the data has no other way to say a referral left the queue unplaced);
 * each row there says why, from the withdrawal's reason. Two more tabs are the placement
 * review views (#13): allocated placements whose AP manager raised a concern the CRU has not
 * answered, and those nobody has reviewed with arrival within 2 days.
 */
export const QUEUE_TABS = [
  { key: "to-place", status: "submitted", text: "To place" },
  { key: "allocated", status: "allocated", text: "Allocated" },
  { key: "unable-to-place", status: "withdrawn", text: "Unable to place" },
  { key: "concerns", status: "allocated", review: "concern", text: "Concerns" },
  {
    key: "unreviewed",
    status: "allocated",
    review: "unreviewed-soon",
    text: "Unreviewed, arriving within 2 days",
  },
] as const satisfies readonly {
  key: string;
  status: ReferralStatus;
  review?: "concern" | "unreviewed-soon";
  text: string;
}[];

const reviewOf = (tab: QueueTab): "concern" | "unreviewed-soon" | undefined =>
  "review" in tab ? tab.review : undefined;

export type QueueTab = (typeof QUEUE_TABS)[number];
export const QUEUE_PAGE_SIZE = 25;

const tabOf = (key: string): QueueTab => QUEUE_TABS.find((t) => t.key === key) ?? QUEUE_TABS[0];

/** What the filter form holds, as typed (GET parameters). */
export interface QueueFilter {
  tab: QueueTab;
  area: string;
  noticeType: string;
  arrivalFrom: DateParts;
  arrivalTo: DateParts;
  cursor: string;
}

export const QUEUE_FILTER_FIELDS: Record<string, FieldSpec> = {
  area: { href: "#area", label: "Area" },
  noticeType: { href: "#noticeType", label: "Notice" },
  arrivalFrom: { href: "#arrivalFrom-day", label: "Arriving from" },
  arrivalTo: { href: "#arrivalTo-day", label: "Arriving to" },
  cursor: { href: "#main-content", label: "Page" },
};

export function queueFilterOf(search: FormFields): QueueFilter {
  return {
    tab: tabOf(fieldText(search, "tab")),
    area: fieldText(search, "area"),
    noticeType: fieldText(search, "noticeType"),
    arrivalFrom: typedDateParts(search, "arrivalFrom"),
    arrivalTo: typedDateParts(search, "arrivalTo"),
    cursor: fieldText(search, "cursor"),
  };
}

/** The GET /referrals query the filter asks for, judged by the API's own query schema. */
export function queueQueryOf(
  filter: QueueFilter,
): { ok: true; query: ListReferralsQuery } | { ok: false; invalid: InvalidParam[] } {
  const review = reviewOf(filter.tab);
  // The review views take no status, area or notice (the API does not combine them): the
  // page narrows those in memory, and "unreviewed" has its own arrival window.
  const candidate = Object.fromEntries(
    Object.entries({
      ...(review
        ? { review }
        : {
            status: filter.tab.status,
            area: filter.area || undefined,
            noticeType: filter.noticeType || undefined,
          }),
      ...(review === "unreviewed-soon"
        ? {}
        : { arrivalFrom: dateOfParts(filter.arrivalFrom), arrivalTo: dateOfParts(filter.arrivalTo) }),
      sort: "arrival",
      limit: String(QUEUE_PAGE_SIZE),
      cursor: filter.cursor || undefined,
    }).filter(([, v]) => v !== undefined),
  );
  const parsed = listReferralsQuery.safeParse(candidate);
  return parsed.success
    ? { ok: true, query: parsed.data }
    : { ok: false, invalid: problemOfZod(parsed.error).invalidParams ?? [] };
}

/** The filter as query parameters, for links that keep it (tabs, next page). */
export function queueSearch(filter: QueueFilter, changes: { tab?: QueueTab; cursor?: string } = {}): string {
  const params = new URLSearchParams();
  params.set("tab", (changes.tab ?? filter.tab).key);
  if (filter.area) params.set("area", filter.area);
  if (filter.noticeType) params.set("noticeType", filter.noticeType);
  for (const name of ["arrivalFrom", "arrivalTo"] as const) {
    const parts = filter[name];
    if (parts.day || parts.month || parts.year) {
      params.set(`${name}-day`, parts.day);
      params.set(`${name}-month`, parts.month);
      params.set(`${name}-year`, parts.year);
    }
  }
  if (changes.cursor) params.set("cursor", changes.cursor);
  return params.toString();
}

export interface Tag {
  text: string;
  classes: string;
}

/** One table cell: text, optionally a link, a tag, and a second line in secondary text. */
export interface Cell {
  text: string;
  href?: string;
  tag?: Tag;
  secondary?: string;
}

const NOTICE_TAG_CLASSES: Record<NoticeType, string> = {
  emergency: "govuk-tag--red",
  "short-notice": "govuk-tag--orange",
  standard: "govuk-tag--grey",
};

export const noticeTag = (noticeType: NoticeType): Tag => ({
  text: NOTICE_TYPES[noticeType],
  classes: NOTICE_TAG_CLASSES[noticeType],
});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A referral as listed; `placementDeadline` is used when the data carries one. */
export type QueueReferral = Referral & { placementDeadline?: string };

/**
 * The CRU deadline for placing a referral still to be placed: the one the referral carries, or
 * the domain's rule applied to when it was submitted. Placed and withdrawn referrals have none.
 */
export function deadlineOf(referral: QueueReferral): Date | undefined {
  if (referral.status !== "submitted") return undefined;
  if (referral.placementDeadline) return new Date(referral.placementDeadline);
  return placementDeadline(new Date(referral.submittedAt), referral.noticeType);
}

function deadlineCell(referral: QueueReferral, now: Date): Cell {
  const deadline = deadlineOf(referral);
  if (!deadline) return { text: "" };
  const text =
    referral.noticeType === "emergency" ? formatDateTime(deadline) : formatShortDate(londonDateOf(deadline));
  return deadline.getTime() < now.getTime()
    ? { text, tag: { text: "Overdue", classes: "govuk-tag--red" } }
    : { text };
}

function arrivalCell(arrival: CalendarDate, today: CalendarDate, waiting: boolean): Cell {
  const overdue = waiting && daysBetween(today, arrival) < 0;
  return {
    text: formatShortDate(arrival),
    secondary: relativeDays(today, arrival),
    ...(overdue ? { tag: { text: "Arrival passed", classes: "govuk-tag--red" } } : {}),
  };
}

export interface QueueRowsInput {
  tab: QueueTab;
  referrals: readonly QueueReferral[];
  today: CalendarDate;
  now: Date;
  premisesNames: ReadonlyMap<string, string>;
  referralHref: (referralId: string) => string;
  /** Where the CRU answers a placement concern (the booking's). */
  concernHref?: (bookingId: string) => string;
}

export function queueTable(input: QueueRowsInput): { head: string[]; rows: Cell[][] } {
  const { tab, today, now } = input;
  const person = (r: Referral): Cell[] => [
    { text: r.person.name, href: input.referralHref(r.referralId), secondary: r.person.crn },
    {
      text: "",
      tag: noticeTag(r.noticeType),
      secondary: `${plural(r.noticeDays, "day")}' notice${r.earlyRelease ? ", early release" : ""}`,
    },
  ];
  const placedAt = (r: QueueReferral): Cell =>
    r.placement
      ? {
          text: input.premisesNames.get(r.placement.premisesId) ?? r.placement.premisesId,
          secondary: `Bed ${r.placement.bedId}`,
        }
      : { text: "" };
  if (tab.key === "concerns") {
    return {
      head: ["Person", "Notice", "Arrival", "Premises and bed", "Concern", "Action"],
      rows: input.referrals.map((r) => {
        const review = r.placement?.review;
        const bookingId = r.placement?.bookingId;
        return [
          ...person(r),
          arrivalCell(r.placement?.arrivalDate ?? r.expectedArrivalDate, today, false),
          placedAt(r),
          review
            ? {
                text: review.reasons.map((reason) => PLACEMENT_CONCERN_REASONS[reason]).join(", "),
                secondary: `“${review.note}” – ${review.by}, ${formatDateTime(review.at)}`,
              }
            : { text: "" },
          bookingId && input.concernHref
            ? { text: "Answer concern", href: input.concernHref(bookingId), secondary: r.person.crn }
            : { text: "" },
        ];
      }),
    };
  }
  if (tab.key === "unreviewed") {
    return {
      head: ["Person", "Notice", "Arrival", "Premises and bed", "Pre-arrival readiness"],
      rows: input.referrals.map((r) => [
        ...person(r),
        arrivalCell(r.placement?.arrivalDate ?? r.expectedArrivalDate, today, false),
        placedAt(r),
        { text: r.placement?.readiness ? PRE_ARRIVAL_READINESS[r.placement.readiness] : "" },
      ]),
    };
  }
  if (tab.key === "allocated") {
    return {
      head: ["Person", "Notice", "Arrival", "Premises and bed", "Risk of serious harm"],
      rows: input.referrals.map((r) => [
        ...person(r),
        arrivalCell(r.placement?.arrivalDate ?? r.expectedArrivalDate, today, false),
        placedAt(r),
        { text: RISK_LEVELS[r.riskOfSeriousHarm] },
      ]),
    };
  }
  if (tab.key === "unable-to-place") {
    return {
      head: ["Person", "Notice", "Expected arrival", "Reason", "Withdrawn"],
      rows: input.referrals.map((r) => [
        ...person(r),
        { text: formatShortDate(r.expectedArrivalDate) },
        { text: r.withdrawal ? WITHDRAWAL_REASONS[r.withdrawal.reason] : REFERRAL_STATUS_LABELS[r.status] },
        { text: r.withdrawal ? formatShortDate(londonDateOf(new Date(r.withdrawal.at))) : "" },
      ]),
    };
  }
  return {
    head: ["Person", "Notice", "Expected arrival", "Place by", "Risk of serious harm", "Area"],
    rows: input.referrals.map((r) => [
      ...person(r),
      arrivalCell(r.expectedArrivalDate, today, true),
      deadlineCell(r, now),
      { text: RISK_LEVELS[r.riskOfSeriousHarm] },
      { text: AREAS[r.area] },
    ]),
  };
}

interface Choice {
  value: string;
  text: string;
  selected: boolean;
}

export interface QueuePage {
  title: string;
  heading: string;
  tabs: { text: string; href: string; active: boolean }[];
  filter: {
    values: QueueFilter;
    areas: Choice[];
    notices: Choice[];
    clearHref: string;
  };
  errors: FormErrors;
  table: { head: string[]; rows: Cell[][] };
  empty: string;
  pagination: { firstHref?: string; nextHref?: string };
}

export function queuePage(input: {
  filter: QueueFilter;
  invalid?: readonly InvalidParam[];
  page?: { items: readonly QueueReferral[]; nextCursor?: string };
  today: CalendarDate;
  now: Date;
  premisesNames: ReadonlyMap<string, string>;
  basePath: string;
  referralHref: (referralId: string) => string;
  concernHref?: (bookingId: string) => string;
}): QueuePage {
  const { filter, basePath } = input;
  const review = reviewOf(filter.tab);
  // The review views are not filtered by the API on area or notice: narrowed here.
  const items = (input.page?.items ?? []).filter(
    (r) =>
      !review ||
      ((!filter.area || r.area === filter.area) &&
        (!filter.noticeType || r.noticeType === filter.noticeType)),
  );
  const errors = invalidFormErrors(input.invalid, QUEUE_FILTER_FIELDS);
  const href = (changes: { tab?: QueueTab; cursor?: string }) =>
    `${basePath}?${queueSearch(filter, changes)}`;
  const anyFilter = Boolean(
    filter.area ||
      filter.noticeType ||
      dateOfParts(filter.arrivalFrom) !== undefined ||
      dateOfParts(filter.arrivalTo) !== undefined,
  );
  return {
    title: `${errors.summary.length ? "Error: " : ""}${filter.tab.text} – Referrals – Approved Premises`,
    heading: "Referrals",
    tabs: QUEUE_TABS.map((tab) => ({
      text: tab.text,
      href: href({ tab }),
      active: tab.key === filter.tab.key,
    })),
    filter: {
      values: filter,
      areas: [
        { value: "", text: "All areas", selected: filter.area === "" },
        ...Object.entries(AREAS).map(([value, text]) => ({ value, text, selected: filter.area === value })),
      ],
      notices: [
        { value: "", text: "Any notice", selected: filter.noticeType === "" },
        ...Object.entries(NOTICE_TYPES).map(([value, text]) => ({
          value,
          text,
          selected: filter.noticeType === value,
        })),
      ],
      clearHref: `${basePath}?tab=${filter.tab.key}`,
    },
    errors,
    table: queueTable({
      tab: filter.tab,
      referrals: items,
      today: input.today,
      now: input.now,
      premisesNames: input.premisesNames,
      referralHref: input.referralHref,
      ...(input.concernHref ? { concernHref: input.concernHref } : {}),
    }),
    empty: anyFilter ? "No referrals match these filters." : `No referrals ${emptyPhrase[filter.tab.key]}.`,
    pagination: {
      ...(filter.cursor ? { firstHref: href({}) } : {}),
      ...(input.page?.nextCursor ? { nextHref: href({ cursor: input.page.nextCursor }) } : {}),
    },
  };
}

const emptyPhrase: Record<QueueTab["key"], string> = {
  "to-place": "are waiting for a bed",
  allocated: "are allocated",
  "unable-to-place": "have been withdrawn",
  concerns: "have a concern waiting for your answer",
  unreviewed: "arriving within 2 days are unreviewed",
};
