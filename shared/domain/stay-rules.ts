import { addDays, type CalendarDate, daysBetween } from "./dates.js";
import { PREMISES_CHARACTERISTICS, ROOM_CHARACTERISTICS } from "./vocabulary.js";

/** Arrivals and departures are recorded for today or up to this many days back. */
export const RECORDING_WINDOW_DAYS = 7;
/** ESAP is 52 weeks; allow two years so long licences with extensions still fit. */
export const MAX_STAY_NIGHTS = 730;

/** A reason an actual date cannot be recorded, or undefined when it can. */
export function recordedDateProblem(date: CalendarDate, today: CalendarDate): string | undefined {
  if (date > today) return "cannot be in the future";
  if (date < addDays(today, -RECORDING_WINDOW_DAYS))
    return `can be at most ${RECORDING_WINDOW_DAYS} days ago`;
  return undefined;
}

export function stayLengthProblem(
  arrivalDate: CalendarDate,
  departureDate: CalendarDate,
): string | undefined {
  if (departureDate <= arrivalDate) return "must be after the arrival date";
  if (daysBetween(arrivalDate, departureDate) > MAX_STAY_NIGHTS)
    return `a stay can be at most ${MAX_STAY_NIGHTS} nights`;
  return undefined;
}

const isRoom = (c: string) => c in ROOM_CHARACTERISTICS;
const isPremises = (c: string) => c in PREMISES_CHARACTERISTICS;

/**
 * Required characteristics a placement would not meet. Referrals mix both kinds: room
 * characteristics are properties of the bed, premises characteristics of the premises.
 */
export function unmetCharacteristics(
  required: readonly string[],
  premisesCharacteristics: readonly string[],
  bedCharacteristics: readonly string[],
): string[] {
  return required.filter(
    (c) =>
      (isRoom(c) && !bedCharacteristics.includes(c)) ||
      (isPremises(c) && !premisesCharacteristics.includes(c)),
  );
}

/** Why a person cannot be placed in a bed, in words a CRU officer can act on; empty when suitable. */
export function unsuitability(
  person: { gender: string },
  required: readonly string[],
  premises: { gender: string; characteristics: readonly string[] },
  bed: { characteristics: readonly string[] },
): string[] {
  const reasons: string[] = [];
  if (premises.gender !== person.gender) reasons.push(`the premises takes ${premises.gender} residents only`);
  const unmet = unmetCharacteristics(required, premises.characteristics, bed.characteristics);
  if (unmet.length > 0) reasons.push(`does not meet: ${unmet.join(", ")}`);
  return reasons;
}

/** Person's other placements whose nights overlap: a person may be resident in only one AP at a time. */
export function overlappingPlacements<T extends { arrivalDate: string; departureDate: string }>(
  others: readonly T[],
  arrivalDate: CalendarDate,
  departureDate: CalendarDate,
): T[] {
  return others.filter((o) => o.arrivalDate < departureDate && arrivalDate < o.departureDate);
}

/**
 * Departure reasons where the person moves on to somewhere: only these ask where they went.
 * Someone who died, absconded, was recalled or went to hospital has no move-on to record.
 */
export const MOVE_ON_DEPARTURE_REASONS: ReadonlySet<string> = new Set([
  "planned-move-on",
  "licence-expired",
  "bed-withdrawn",
]);

export const moveOnCategoryRequired = (reason: string): boolean => MOVE_ON_DEPARTURE_REASONS.has(reason);

/** Why a departure's move-on category is missing, or undefined when the departure is complete. */
export function departureCategoryProblem(
  reason: string,
  moveOnCategory: string | undefined,
): string | undefined {
  if (moveOnCategory === undefined && moveOnCategoryRequired(reason))
    return `is required when the reason is ${reason}`;
  return undefined;
}

/**
 * Why a booked stay's dates cannot change as asked, per field; empty when they can. Only a
 * stay not yet under way moves: once the person has arrived, extensions and departures
 * record what happens instead.
 */
export function dateChangeProblems(
  arrivalDate: CalendarDate,
  departureDate: CalendarDate,
  today: CalendarDate,
): { name: string; reason: string }[] {
  const problems: { name: string; reason: string }[] = [];
  if (arrivalDate < today)
    problems.push({ name: "arrivalDate", reason: `cannot be before today (${today})` });
  const length = stayLengthProblem(arrivalDate, departureDate);
  if (length) problems.push({ name: "departureDate", reason: length });
  return problems;
}
