import { addDays, type CalendarDate, daysBetween, LATEST_DATE, maxDate, minDate } from "./dates.js";
import { ROOM_CHARACTERISTICS } from "./vocabulary.js";

/**
 * Occupancy of one premises over a window of nights, as a pure function of its beds and
 * the footprint items that touch the window. No I/O: the service reads, this decides.
 */

export type NightKind = "occupied" | "buffer" | "out-of-service";

export type RoomCharacteristic = keyof typeof ROOM_CHARACTERISTICS;
export const ROOM_CHARACTERISTIC_SLUGS = Object.keys(ROOM_CHARACTERISTICS) as RoomCharacteristic[];

export interface OccupancyBed {
  bedId: string;
  room: string;
  characteristics: readonly string[];
}

/** The fields of a stored footprint item this computation depends on. */
export interface OccupancyFootprint {
  /** `hold`: nights an approved stay reduction freed, held for one referral (shown as `bed-on-hold`). */
  kind: "stay" | "out-of-service" | "hold";
  bedId: string;
  /** First night held (first occupied night for a stay). */
  startDate: CalendarDate;
  /** Last night held, buffer included. */
  lastNight: CalendarDate;
  /** Stays: first night not occupied; buffer nights are departureDate … lastNight. */
  departureDate?: CalendarDate;
  bookingId?: string;
  outOfServiceId?: string;
  crn?: string;
  riskOfSeriousHarm?: string;
  noticeType?: string;
  status?: string;
  reason?: string;
  holdId?: string;
  forReferralId?: string;
  holdUntil?: string;
}

export interface Segment {
  kind: NightKind;
  /** First night of the segment inside the window. */
  startDate: CalendarDate;
  /** Last night of the segment inside the window (inclusive). */
  endDate: CalendarDate;
  bookingId?: string;
  crn?: string;
  riskOfSeriousHarm?: string;
  noticeType?: string;
  /** The stay's own arrival and departure, which clipping to the window may hide. */
  arrivalDate?: CalendarDate;
  departureDate?: CalendarDate;
  outOfServiceId?: string;
  reason?: string;
  /** Held nights (an out-of-service segment with reason `bed-on-hold`): the hold and whom it is for. */
  holdId?: string;
  forReferralId?: string;
  holdUntil?: string;
}

export interface BedOccupancy {
  bedId: string;
  room: string;
  characteristics: string[];
  segments: Segment[];
}

export interface DayOccupancy {
  date: CalendarDate;
  beds: number;
  outOfService: number;
  occupied: number;
  buffer: number;
  free: number;
  arrivals: number;
  departures: number;
  freeByCharacteristic: Record<RoomCharacteristic, number>;
  /**
   * Beds claimed by more than one footprint that night. The write path forbids it, so
   * anything but 0 is a data fault the manager must see rather than have hidden.
   */
  clashes: number;
}

export interface Movement {
  date: CalendarDate;
  type: "arrival" | "departure";
  bedId: string;
  bookingId?: string;
  crn?: string;
  riskOfSeriousHarm?: string;
  noticeType?: string;
}

export interface Occupancy {
  from: CalendarDate;
  to: CalendarDate;
  days: DayOccupancy[];
  beds: BedOccupancy[];
  movements: Movement[];
}

/** Footprints of stays that will not happen hold no nights, whatever a stale item says. */
const VOID_STATUSES = new Set(["cancelled", "non-arrival"]);

const FREE = 0;
const OCCUPIED = 1;
const OUT_OF_SERVICE = 2;
const BUFFER = 3;
const KIND_OF: Record<number, NightKind> = {
  [OCCUPIED]: "occupied",
  [OUT_OF_SERVICE]: "out-of-service",
  [BUFFER]: "buffer",
};

/**
 * When stored footprints overlap (never by design), a night shows the most consequential
 * claim: a person in the bed, then a bed unusable, then a held buffer.
 */
const precedence = (state: number) =>
  state === OCCUPIED ? 3 : state === OUT_OF_SERVICE ? 2 : state === BUFFER ? 1 : 0;

/** Nights of one footprint as [state, first, last] runs, unclipped. */
function runsOf(fp: OccupancyFootprint): [number, CalendarDate, CalendarDate][] {
  if (fp.kind === "out-of-service" || fp.kind === "hold")
    return [[OUT_OF_SERVICE, fp.startDate, fp.lastNight]];
  const departure = fp.departureDate ?? addDays(fp.lastNight, 1);
  const runs: [number, CalendarDate, CalendarDate][] = [];
  const lastOccupied = addDays(departure, -1);
  const occupiedEnd = minDate(lastOccupied, fp.lastNight);
  if (occupiedEnd >= fp.startDate) runs.push([OCCUPIED, fp.startDate, occupiedEnd]);
  const bufferStart = maxDate(departure, fp.startDate);
  if (fp.lastNight >= bufferStart && fp.lastNight >= departure)
    runs.push([BUFFER, bufferStart, fp.lastNight]);
  return runs;
}

export function emptyCharacteristicCounts(): Record<RoomCharacteristic, number> {
  return Object.fromEntries(ROOM_CHARACTERISTIC_SLUGS.map((c) => [c, 0])) as Record<
    RoomCharacteristic,
    number
  >;
}

export function computeOccupancy(
  beds: readonly OccupancyBed[],
  footprints: readonly OccupancyFootprint[],
  window: { from: CalendarDate; to: CalendarDate },
): Occupancy {
  const { from, to } = window;
  const nights = daysBetween(from, to) + 1;
  if (nights < 1) throw new RangeError(`window ${from}…${to} is empty`);
  const dates = Array.from({ length: nights }, (_, i) => addDays(from, i));
  const bedIndex = new Map(beds.map((b, i) => [b.bedId, i]));

  // Per bed, per night: the state and which footprint holds it.
  const state = beds.map(() => new Uint8Array(nights));
  const owner = beds.map(() => new Int32Array(nights).fill(-1));
  const claims = beds.map(() => new Uint8Array(nights));
  const arrivals = new Uint16Array(nights);
  const departures = new Uint16Array(nights);
  const movements: Movement[] = [];

  const live = footprints.filter((fp) => !(fp.kind === "stay" && fp.status && VOID_STATUSES.has(fp.status)));
  live.forEach((fp, fi) => {
    const b = bedIndex.get(fp.bedId);
    if (b === undefined) return;
    const bedState = state[b]!;
    const bedOwner = owner[b]!;
    const bedClaims = claims[b]!;
    for (const [kind, first, last] of runsOf(fp)) {
      const start = Math.max(0, daysBetween(from, first));
      const end = Math.min(nights - 1, daysBetween(from, last));
      for (let n = start; n <= end; n++) {
        bedClaims[n] = Math.min(255, bedClaims[n]! + 1);
        if (precedence(kind) > precedence(bedState[n]!)) {
          bedState[n] = kind;
          bedOwner[n] = fi;
        }
      }
    }
    if (fp.kind === "stay") {
      const person = {
        bedId: fp.bedId,
        bookingId: fp.bookingId,
        crn: fp.crn,
        riskOfSeriousHarm: fp.riskOfSeriousHarm,
        noticeType: fp.noticeType,
      };
      const a = daysBetween(from, fp.startDate);
      if (a >= 0 && a < nights) {
        arrivals[a]!++;
        movements.push({ date: fp.startDate, type: "arrival", ...person });
      }
      if (fp.departureDate) {
        const d = daysBetween(from, fp.departureDate);
        if (d >= 0 && d < nights) {
          departures[d]!++;
          movements.push({ date: fp.departureDate, type: "departure", ...person });
        }
      }
    }
  });

  const days: DayOccupancy[] = dates.map((date, n) => {
    const day: DayOccupancy = {
      date,
      beds: beds.length,
      outOfService: 0,
      occupied: 0,
      buffer: 0,
      free: 0,
      arrivals: arrivals[n]!,
      departures: departures[n]!,
      freeByCharacteristic: emptyCharacteristicCounts(),
      clashes: 0,
    };
    beds.forEach((bed, b) => {
      const s = state[b]![n]!;
      if (claims[b]![n]! > 1) day.clashes++;
      if (s === OCCUPIED) day.occupied++;
      else if (s === BUFFER) day.buffer++;
      else if (s === OUT_OF_SERVICE) day.outOfService++;
      else {
        day.free++;
        for (const c of bed.characteristics) {
          if (c in day.freeByCharacteristic) day.freeByCharacteristic[c as RoomCharacteristic]++;
        }
      }
    });
    return day;
  });

  const bedRows: BedOccupancy[] = beds.map((bed, b) => {
    const segments: Segment[] = [];
    const bedState = state[b]!;
    const bedOwner = owner[b]!;
    let n = 0;
    while (n < nights) {
      const s = bedState[n]!;
      const o = bedOwner[n]!;
      if (s === FREE) {
        n++;
        continue;
      }
      let end = n;
      while (end + 1 < nights && bedState[end + 1] === s && bedOwner[end + 1] === o) end++;
      segments.push(segmentOf(KIND_OF[s]!, live[o]!, dates[n]!, dates[end]!));
      n = end + 1;
    }
    return { bedId: bed.bedId, room: bed.room, characteristics: [...bed.characteristics], segments };
  });

  movements.sort(
    (x, y) => x.date.localeCompare(y.date) || x.type.localeCompare(y.type) || x.bedId.localeCompare(y.bedId),
  );
  return { from, to, days, beds: bedRows, movements };
}

function segmentOf(
  kind: NightKind,
  fp: OccupancyFootprint,
  startDate: CalendarDate,
  endDate: CalendarDate,
): Segment {
  if (kind === "out-of-service") {
    // A hold is not usable by anyone else: it shows as out of service, reason bed-on-hold.
    if (fp.kind === "hold")
      return compact({
        kind,
        startDate,
        endDate,
        reason: "bed-on-hold",
        holdId: fp.holdId,
        forReferralId: fp.forReferralId,
        holdUntil: fp.holdUntil,
      });
    return compact({ kind, startDate, endDate, outOfServiceId: fp.outOfServiceId, reason: fp.reason });
  }
  if (kind === "buffer") return compact({ kind, startDate, endDate, bookingId: fp.bookingId });
  return compact({
    kind,
    startDate,
    endDate,
    bookingId: fp.bookingId,
    crn: fp.crn,
    riskOfSeriousHarm: fp.riskOfSeriousHarm,
    noticeType: fp.noticeType,
    arrivalDate: fp.startDate,
    departureDate: fp.departureDate,
  });
}

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export interface PremisesDaySummary {
  beds: number;
  occupied: number;
  buffer: number;
  outOfService: number;
  free: number;
  lowestFreeNext28: { count: number; date: CalendarDate };
  freeNext28: number[];
}

export const AREA_VIEW_NIGHTS = 28;

/** The area view's numbers for one premises, from its occupancy over `date … date+27`. */
export function summariseForAreaView(occupancy: Occupancy): PremisesDaySummary {
  const first = occupancy.days[0];
  if (!first) throw new RangeError("occupancy has no nights");
  let lowest = first;
  for (const day of occupancy.days) if (day.free < lowest.free) lowest = day;
  return {
    beds: first.beds,
    occupied: first.occupied,
    buffer: first.buffer,
    outOfService: first.outOfService,
    free: first.free,
    lowestFreeNext28: { count: lowest.free, date: lowest.date },
    freeNext28: occupancy.days.map((d) => d.free),
  };
}

export const MAX_WINDOW_NIGHTS = 366;
export const DEFAULT_WINDOW_NIGHTS = 84;

export type WindowResult =
  | { ok: true; from: CalendarDate; to: CalendarDate }
  | { ok: false; invalid: { name: "from" | "to"; reason: string }[] };

/**
 * `from` defaults to today and `to` to the 84th night from `from`, or the last date the
 * service holds if sooner (the answer names `to` and every night, and none may be a date the
 * document refuses); both ends are nights included in the window.
 */
export function resolveWindow(
  query: { from?: CalendarDate; to?: CalendarDate },
  today: CalendarDate,
): WindowResult {
  const from = query.from ?? today;
  const to = query.to ?? minDate(addDays(from, DEFAULT_WINDOW_NIGHTS - 1), LATEST_DATE);
  if (to < from) return { ok: false, invalid: [{ name: "to", reason: "must be on or after from" }] };
  const nights = daysBetween(from, to) + 1;
  if (nights > MAX_WINDOW_NIGHTS) {
    return {
      ok: false,
      invalid: [
        {
          name: "to",
          reason: `the window is ${nights} nights; at most ${MAX_WINDOW_NIGHTS} may be asked for`,
        },
      ],
    };
  }
  return { ok: true, from, to };
}
