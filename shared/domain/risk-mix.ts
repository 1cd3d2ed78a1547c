import { addDays, type CalendarDate } from "./dates.js";

/**
 * Who else is in the building, by risk, on each night of a proposed stay: what an AP manager
 * weighs before accepting a placement ("the focus is on filling beds rather than appropriate
 * placements"). Counted from the stay footprints the bed search already read.
 */

export type Rosh = "low" | "medium" | "high" | "very-high";

export interface ResidentStay {
  bookingId?: string;
  /** First occupied night. */
  startDate: CalendarDate;
  /** First night not occupied (buffer nights hold nobody). */
  departureDate: CalendarDate;
  riskOfSeriousHarm?: Rosh | string;
  mappaLevel?: number;
}

export interface MixCounts {
  residents: number;
  rosh: { low: number; medium: number; high: number; veryHigh: number };
  mappa: { level1: number; level2: number; level3: number };
}

/** A run of nights with the same counts; `startDate … endDate` both included. */
export interface MixSegment extends MixCounts {
  startDate: CalendarDate;
  endDate: CalendarDate;
}

export interface RiskLimits {
  /** At most this many very-high RoSH residents on one night. */
  veryHighRosh?: number;
  /** At most this many high or very-high RoSH residents on one night. */
  highOrAboveRosh?: number;
  /** At most this many MAPPA level 3 residents on one night. */
  mappaLevel3?: number;
}

export type RiskLimitName = keyof RiskLimits;
export const RISK_LIMIT_NAMES: readonly RiskLimitName[] = ["veryHighRosh", "highOrAboveRosh", "mappaLevel3"];

export interface LimitBreach {
  limit: RiskLimitName;
  max: number;
  /** The most residents of that kind on one night with the new person counted. */
  peak: number;
  startDate: CalendarDate;
  endDate: CalendarDate;
}

const emptyCounts = (): MixCounts => ({
  residents: 0,
  rosh: { low: 0, medium: 0, high: 0, veryHigh: 0 },
  mappa: { level1: 0, level2: 0, level3: 0 },
});

function add(c: MixCounts, s: Pick<ResidentStay, "riskOfSeriousHarm" | "mappaLevel">) {
  c.residents++;
  if (s.riskOfSeriousHarm === "low") c.rosh.low++;
  else if (s.riskOfSeriousHarm === "medium") c.rosh.medium++;
  else if (s.riskOfSeriousHarm === "high") c.rosh.high++;
  else if (s.riskOfSeriousHarm === "very-high") c.rosh.veryHigh++;
  if (s.mappaLevel === 1) c.mappa.level1++;
  else if (s.mappaLevel === 2) c.mappa.level2++;
  else if (s.mappaLevel === 3) c.mappa.level3++;
}

const sameCounts = (a: MixCounts, b: MixCounts) =>
  a.residents === b.residents &&
  a.rosh.low === b.rosh.low &&
  a.rosh.medium === b.rosh.medium &&
  a.rosh.high === b.rosh.high &&
  a.rosh.veryHigh === b.rosh.veryHigh &&
  a.mappa.level1 === b.mappa.level1 &&
  a.mappa.level2 === b.mappa.level2 &&
  a.mappa.level3 === b.mappa.level3;

/** Counts for every night `arrivalDate … departureDate-1`; `excludeBookingId` is the stay itself. */
export function riskMixByNight(
  stays: readonly ResidentStay[],
  arrivalDate: CalendarDate,
  departureDate: CalendarDate,
  excludeBookingId?: string,
): (MixCounts & { date: CalendarDate })[] {
  const relevant = stays.filter(
    (s) =>
      (excludeBookingId === undefined || s.bookingId !== excludeBookingId) &&
      s.startDate < departureDate &&
      s.departureDate > arrivalDate,
  );
  const out: (MixCounts & { date: CalendarDate })[] = [];
  for (let date = arrivalDate; date < departureDate; date = addDays(date, 1)) {
    const counts = emptyCounts();
    for (const s of relevant) if (s.startDate <= date && date < s.departureDate) add(counts, s);
    out.push({ date, ...counts });
  }
  return out;
}

/** Consecutive nights with equal counts as one segment: an 84-night stay is a handful of rows. */
export function compressMix(nights: readonly (MixCounts & { date: CalendarDate })[]): MixSegment[] {
  const out: MixSegment[] = [];
  for (const { date, ...counts } of nights) {
    const last = out[out.length - 1];
    if (last && sameCounts(last, counts) && addDays(last.endDate, 1) === date) last.endDate = date;
    else out.push({ startDate: date, endDate: date, ...structuredClone(counts) });
  }
  return out;
}

/** The largest count of each kind over the nights. */
export function peakOf(nights: readonly MixCounts[]): MixCounts {
  const p = emptyCounts();
  for (const n of nights) {
    p.residents = Math.max(p.residents, n.residents);
    p.rosh.low = Math.max(p.rosh.low, n.rosh.low);
    p.rosh.medium = Math.max(p.rosh.medium, n.rosh.medium);
    p.rosh.high = Math.max(p.rosh.high, n.rosh.high);
    p.rosh.veryHigh = Math.max(p.rosh.veryHigh, n.rosh.veryHigh);
    p.mappa.level1 = Math.max(p.mappa.level1, n.mappa.level1);
    p.mappa.level2 = Math.max(p.mappa.level2, n.mappa.level2);
    p.mappa.level3 = Math.max(p.mappa.level3, n.mappa.level3);
  }
  return p;
}

const countFor = (limit: RiskLimitName, c: MixCounts) =>
  limit === "veryHighRosh"
    ? c.rosh.veryHigh
    : limit === "highOrAboveRosh"
      ? c.rosh.high + c.rosh.veryHigh
      : c.mappa.level3;

/** Whether the person counts towards a limit: a low-RoSH person never makes a very-high limit worse. */
export function countsTowards(
  limit: RiskLimitName,
  person: Pick<ResidentStay, "riskOfSeriousHarm" | "mappaLevel">,
): boolean {
  if (limit === "veryHighRosh") return person.riskOfSeriousHarm === "very-high";
  if (limit === "highOrAboveRosh")
    return person.riskOfSeriousHarm === "high" || person.riskOfSeriousHarm === "very-high";
  return person.mappaLevel === 3;
}

/**
 * The limits placing `person` would exceed: a limit is exceeded on a night when the person
 * counts towards it and the residents already of that kind that night, plus the person, are
 * more than the limit. Each breach names the first and last night it happens and its peak.
 */
export function limitBreaches(
  nights: readonly (MixCounts & { date: CalendarDate })[],
  person: Pick<ResidentStay, "riskOfSeriousHarm" | "mappaLevel">,
  limits: RiskLimits | undefined,
): LimitBreach[] {
  if (!limits) return [];
  const out: LimitBreach[] = [];
  for (const limit of RISK_LIMIT_NAMES) {
    const max = limits[limit];
    if (max === undefined || !countsTowards(limit, person)) continue;
    let breach: LimitBreach | undefined;
    for (const n of nights) {
      const withPerson = countFor(limit, n) + 1;
      if (withPerson <= max) continue;
      if (!breach) breach = { limit, max, peak: withPerson, startDate: n.date, endDate: n.date };
      else {
        breach.endDate = n.date;
        breach.peak = Math.max(breach.peak, withPerson);
      }
    }
    if (breach) out.push(breach);
  }
  return out;
}

export interface RiskMix {
  arrivalDate: CalendarDate;
  departureDate: CalendarDate;
  nights: MixSegment[];
  peak: MixCounts;
  limits?: RiskLimits;
  breaches: LimitBreach[];
}

/** Everything the bed search and the allocation show about one premises for one proposed stay. */
export function riskMixFor(
  stays: readonly ResidentStay[],
  proposal: { arrivalDate: CalendarDate; departureDate: CalendarDate; bookingId?: string },
  person: Pick<ResidentStay, "riskOfSeriousHarm" | "mappaLevel">,
  limits: RiskLimits | undefined,
): RiskMix {
  const nights = riskMixByNight(stays, proposal.arrivalDate, proposal.departureDate, proposal.bookingId);
  return {
    arrivalDate: proposal.arrivalDate,
    departureDate: proposal.departureDate,
    nights: compressMix(nights),
    peak: peakOf(nights),
    ...(limits && Object.keys(limits).length > 0 ? { limits } : {}),
    breaches: limitBreaches(nights, person, limits),
  };
}
