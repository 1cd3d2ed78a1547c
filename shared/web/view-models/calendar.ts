import * as z from "zod";
import { addDays, type CalendarDate, dayOfWeek, daysBetween } from "../../domain/dates.js";
import type { Occupancy, Segment } from "../../domain/occupancy.js";
import { BED_NIGHT_STATES, OUT_OF_SERVICE_REASONS } from "../../domain/vocabulary.js";
import { calendarDate } from "../../schemas/common.js";
import type { OutOfService } from "../../schemas/premises.js";
import { formatDate, formatDateTime, formatShortDate, formatWeekdayDate } from "./govuk-dates.js";
import { placementPath } from "./placement.js";
import { premisesBase } from "./premises-nav.js";

/** The windows the calendar offers: a week up to a year (the API allows at most 366 nights). */
export const CALENDAR_NIGHTS = [7, 14, 28, 56, 84, 182, 364] as const;
export const MIN_CALENDAR_NIGHTS = 7;
export const MAX_CALENDAR_NIGHTS = 364;
export const DEFAULT_CALENDAR_NIGHTS = 28;

/** The calendar's form (a GET, so it works without JavaScript): first night and how many nights. */
export const calendarQuerySchema = z.strictObject({
  from: calendarDate.optional(),
  nights: z.coerce
    .number()
    .int()
    .min(MIN_CALENDAR_NIGHTS)
    .max(MAX_CALENDAR_NIGHTS)
    .default(DEFAULT_CALENDAR_NIGHTS),
});

export const CALENDAR_FIELDS = {
  from: { href: "#from-day", label: "First night" },
  nights: { href: "#nights", label: "Number of nights" },
} as const;

export type BedNightState = keyof typeof BED_NIGHT_STATES;

/** What the calendar needs to know of each stay beyond its footprint: who, and whether they have arrived. */
export interface StayInfo {
  bookingId: string;
  status: string;
  name: string;
  crn: string;
}

/** Colour of each state, from the GOV.UK tag's own modifiers. */
export const STATE_TAG_CLASSES: Record<BedNightState, string> = {
  occupied: "govuk-tag--blue",
  booked: "govuk-tag--light-blue",
  buffer: "govuk-tag--grey",
  "out-of-service": "govuk-tag--red",
  "on-hold": "govuk-tag--yellow",
  free: "govuk-tag--green",
};

/** What the occupancy operation answers for one premises. */
export type PremisesOccupancy = Occupancy & { premisesId: string; name: string; today: CalendarDate };

/**
 * A night's state as people say it: a stay not yet arrived is "booked", a person in the bed
 * "occupied"; an out-of-service period held for a named person is "on hold".
 */
export function segmentState(
  segment: Segment | undefined,
  stays: ReadonlyMap<string, StayInfo>,
): BedNightState {
  if (!segment) return "free";
  if (segment.kind === "buffer") return "buffer";
  if (segment.kind === "out-of-service")
    return segment.reason === "bed-on-hold" ? "on-hold" : "out-of-service";
  const stay = segment.bookingId ? stays.get(segment.bookingId) : undefined;
  return stay?.status === "booked" ? "booked" : "occupied";
}

export const calendarPath = (premisesId: string) => `${premisesBase(premisesId)}/calendar`;
export const dayPath = (premisesId: string, date: CalendarDate) => `${calendarPath(premisesId)}/${date}`;

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

export interface CalendarCell {
  /** Nights the cell spans: one segment, or a run of free nights. */
  colspan: number;
  state: BedNightState;
  text: string;
  classes: string;
  /** Read out in full: "Occupied by X123456, 3 December 2026 to 9 December 2026". */
  title: string;
  href?: string;
}

export function calendarModel(input: {
  occupancy: PremisesOccupancy;
  stays: ReadonlyMap<string, StayInfo>;
  nights: number;
}) {
  const { occupancy, stays, nights } = input;
  const { premisesId, from, to, today } = occupancy;
  const dates = Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
  const columns = dates.map((date, i) => {
    const [, m, d] = date.split("-").map(Number) as [number, number, number];
    return {
      date,
      href: dayPath(premisesId, date),
      weekday: WEEKDAYS[dayOfWeek(date)]!,
      day: String(d),
      // The month is named where it starts and on the first column, as a wall planner does.
      month: i === 0 || d === 1 ? MONTHS[m - 1]! : "",
      label: formatWeekdayDate(date),
      today: date === today,
    };
  });

  const rows = occupancy.beds.map((bed) => {
    const cells: CalendarCell[] = [];
    let night = from;
    const free = (until: CalendarDate) => {
      const n = daysBetween(night, until);
      if (n > 0) {
        cells.push({
          colspan: n,
          state: "free",
          text: "",
          classes: "",
          title: `${BED_NIGHT_STATES.free}, ${formatDate(night)} to ${formatDate(addDays(until, -1))}`,
        });
      }
    };
    for (const s of bed.segments) {
      free(s.startDate);
      const state = segmentState(s, stays);
      const stay = s.bookingId ? stays.get(s.bookingId) : undefined;
      const who = s.kind === "occupied" ? (stay?.crn ?? s.crn) : undefined;
      const text =
        s.kind === "occupied"
          ? (who ?? BED_NIGHT_STATES[state])
          : s.kind === "out-of-service" && state === "out-of-service"
            ? "Out of service"
            : BED_NIGHT_STATES[state];
      cells.push({
        colspan: daysBetween(s.startDate, s.endDate) + 1,
        state,
        text,
        classes: STATE_TAG_CLASSES[state],
        title: `${BED_NIGHT_STATES[state]}${who ? ` by ${who}` : ""}, ${formatDate(s.startDate)} to ${formatDate(s.endDate)}`,
        ...(s.kind === "occupied" && s.bookingId ? { href: placementPath(premisesId, s.bookingId) } : {}),
      });
      night = addDays(s.endDate, 1);
    }
    free(addDays(to, 1));
    return { bedId: bed.bedId, room: bed.room, cells };
  });

  const windowOptions = CALENDAR_NIGHTS.map((n) => ({
    value: String(n),
    text: n === 7 ? "1 week" : n === 364 ? "52 weeks" : `${n / 7} weeks`,
    selected: n === nights,
  }));
  const base = calendarPath(premisesId);
  const step = (by: number) => `${base}?from=${addDays(from, by)}&nights=${nights}`;
  return {
    heading: occupancy.name,
    range: `${formatDate(from)} to ${formatDate(to)}`,
    columns,
    rows,
    free: occupancy.days.map((d) => d.free),
    windowOptions,
    earlier: step(-nights),
    later: step(nights),
    csvHref: `${base}.csv?from=${from}&nights=${nights}`,
    key: (Object.keys(BED_NIGHT_STATES) as BedNightState[]).map((s) => ({
      text: BED_NIGHT_STATES[s],
      classes: STATE_TAG_CLASSES[s],
    })),
  };
}

/** The window a valid query asks for. */
export const windowOf = (q: { from?: CalendarDate; nights: number }, today: CalendarDate) => {
  const from = q.from ?? today;
  return { from, to: addDays(from, q.nights - 1) };
};

export interface DayBed {
  bedId: string;
  room: string;
  state: BedNightState;
  stateText: string;
  classes: string;
  person?: { name: string; crn: string; href: string };
  detail?: string;
}

/**
 * One night: each bed, its state, who is in it and until when. Out-of-service periods are
 * described from their own records, since the night's segment is clipped to the one night.
 */
export function dayModel(input: {
  occupancy: PremisesOccupancy;
  stays: ReadonlyMap<string, StayInfo>;
  outOfService: readonly OutOfService[];
}) {
  const { occupancy, stays } = input;
  const { premisesId, from: date } = occupancy;
  const periods = new Map(input.outOfService.map((o) => [o.outOfServiceId, o]));
  const beds: DayBed[] = occupancy.beds.map((bed) => {
    const s = bed.segments.find((x) => x.startDate <= date && x.endDate >= date);
    const state = segmentState(s, stays);
    const base = {
      bedId: bed.bedId,
      room: bed.room,
      state,
      stateText: BED_NIGHT_STATES[state],
      classes: STATE_TAG_CLASSES[state],
    };
    if (!s) return base;
    if (s.kind === "out-of-service") {
      const period = s.outOfServiceId ? periods.get(s.outOfServiceId) : undefined;
      const reason = s.reason
        ? OUT_OF_SERVICE_REASONS[s.reason as keyof typeof OUT_OF_SERVICE_REASONS]
        : undefined;
      // A hold (nights a stay reduction freed) lapses at an instant, not after a last night.
      const until = period
        ? `until ${formatDate(period.endDate)}`
        : s.holdUntil
          ? `held until ${formatDateTime(s.holdUntil)}`
          : undefined;
      return { ...base, detail: [reason, until].filter(Boolean).join(", ") || undefined };
    }
    const stay = s.bookingId ? stays.get(s.bookingId) : undefined;
    if (s.kind === "buffer") {
      return { ...base, detail: "Held empty after a departure" };
    }
    const person =
      s.bookingId !== undefined
        ? {
            name: stay?.name ?? s.crn ?? s.bookingId,
            crn: stay?.crn ?? s.crn ?? "",
            href: placementPath(premisesId, s.bookingId),
          }
        : undefined;
    const dates =
      s.arrivalDate && s.departureDate
        ? `${state === "booked" ? "Arrives" : "Arrived"} ${formatShortDate(s.arrivalDate)}, departs ${formatShortDate(s.departureDate)}`
        : undefined;
    return { ...base, ...(person ? { person } : {}), ...(dates ? { detail: dates } : {}) };
  });
  const counts = (Object.keys(BED_NIGHT_STATES) as BedNightState[])
    .map((st) => ({
      key: { text: BED_NIGHT_STATES[st] },
      value: { text: String(beds.filter((b) => b.state === st).length) },
    }))
    .filter((row, i) => i < 4 || row.value.text !== "0");
  const day = occupancy.days[0];
  return {
    heading: formatWeekdayDate(date),
    premisesName: occupancy.name,
    date,
    beds,
    summary: [
      { key: { text: "Beds" }, value: { text: String(beds.length) } },
      ...counts,
      { key: { text: "Arrivals" }, value: { text: String(day?.arrivals ?? 0) } },
      { key: { text: "Departures" }, value: { text: String(day?.departures ?? 0) } },
    ],
    previous: { href: dayPath(premisesId, addDays(date, -1)), text: formatDate(addDays(date, -1)) },
    next: { href: dayPath(premisesId, addDays(date, 1)), text: formatDate(addDays(date, 1)) },
    backHref: `${calendarPath(premisesId)}?from=${date}`,
  };
}
