import type { InvalidParam } from "../domain/errors.js";
import { addDays, type CalendarDate, daysBetween } from "./dates.js";

/** A standard AP stay is 12 weeks. */
export const STANDARD_STAY_NIGHTS = 84;
/** The longest placement (ESAP, 52 weeks) with a little room; anything longer is a typo. */
export const MAX_STAY_NIGHTS = 366;
/** Referrals are made months, not years, before release. */
export const MAX_ARRIVAL_DAYS_AHEAD = 730;
/** Approved premises house adults. */
export const MIN_AGE_AT_ARRIVAL = 18;

export interface ReferralDraft {
  person: { dateOfBirth: CalendarDate; gender: "male" | "female" };
  /** Only `hdc` (home detention curfew) has an HDC end date, and it must have one. */
  releaseType: string;
  expectedArrivalDate: CalendarDate;
  expectedDepartureDate?: CalendarDate;
  licenceEndDate?: CalendarDate;
  hdcEndDate?: CalendarDate;
  area: string;
  preferredPremisesIds?: string[];
  requiredCharacteristics?: string[];
}

export interface KnownPremises {
  gender: "male" | "female";
}

export const defaultDeparture = (arrival: CalendarDate) => addDays(arrival, STANDARD_STAY_NIGHTS);

const yearsOld = (dateOfBirth: CalendarDate, on: CalendarDate) => {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [oy, om, od] = on.split("-").map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
};

/**
 * The cross-field rules zod cannot see. `premises` maps each preferred id to the premises
 * found (undefined when unknown). Every broken rule is reported, each naming its field, so
 * CRU can fix a referral in one round trip.
 */
export function referralProblems(
  draft: ReferralDraft,
  today: CalendarDate,
  premises: ReadonlyMap<string, KnownPremises | undefined>,
): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const arrival = draft.expectedArrivalDate;
  const departure = draft.expectedDepartureDate ?? defaultDeparture(arrival);

  if (draft.person.dateOfBirth >= today) {
    problems.push({ name: "person.dateOfBirth", reason: "must be in the past" });
  } else if (yearsOld(draft.person.dateOfBirth, arrival) < MIN_AGE_AT_ARRIVAL) {
    problems.push({
      name: "person.dateOfBirth",
      reason: `the person must be ${MIN_AGE_AT_ARRIVAL} or over on arrival`,
    });
  }

  // A bed can only be allocated from today on, so a referral for an arrival already past
  // could never be placed; the person's arrival is then recorded on a booking, not here.
  const ahead = daysBetween(today, arrival);
  if (ahead < 0) {
    problems.push({ name: "expectedArrivalDate", reason: `must be today (${today}) or later` });
  } else if (ahead > MAX_ARRIVAL_DAYS_AHEAD) {
    problems.push({
      name: "expectedArrivalDate",
      reason: `must not be more than ${MAX_ARRIVAL_DAYS_AHEAD} days ahead`,
    });
  }

  if (departure <= arrival) {
    problems.push({ name: "expectedDepartureDate", reason: "must be after expectedArrivalDate" });
  } else if (daysBetween(arrival, departure) > MAX_STAY_NIGHTS) {
    problems.push({
      name: "expectedDepartureDate",
      reason: `a stay may not be longer than ${MAX_STAY_NIGHTS} nights`,
    });
  }

  if (draft.licenceEndDate !== undefined && draft.licenceEndDate < arrival) {
    problems.push({ name: "licenceEndDate", reason: "must not be before expectedArrivalDate" });
  }
  const hdc = hdcEndDateProblem(draft, arrival);
  if (hdc) problems.push({ name: "hdcEndDate", reason: hdc });

  // Women's APs are their own CRU area; a referral's area and the person's gender must agree.
  if (draft.person.gender === "female" && draft.area !== "womens") {
    problems.push({ name: "area", reason: "a woman's referral goes to the womens area" });
  } else if (draft.person.gender === "male" && draft.area === "womens") {
    problems.push({ name: "area", reason: "the womens area places women only" });
  }

  const seen = new Set<string>();
  (draft.preferredPremisesIds ?? []).forEach((premisesId, i) => {
    const name = `preferredPremisesIds.${i}`;
    if (seen.has(premisesId)) {
      problems.push({ name, reason: "repeats a premises already preferred" });
      return;
    }
    seen.add(premisesId);
    const found = premises.get(premisesId);
    if (!found) {
      problems.push({ name, reason: `${premisesId} is not a known premises` });
    } else if (found.gender !== draft.person.gender) {
      problems.push({
        name,
        reason: `${premisesId} is a ${found.gender === "male" ? "men's" : "women's"} AP and cannot take this person`,
      });
    }
  });

  const characteristics = new Set<string>();
  (draft.requiredCharacteristics ?? []).forEach((c, i) => {
    if (characteristics.has(c))
      problems.push({ name: `requiredCharacteristics.${i}`, reason: "repeats a characteristic" });
    characteristics.add(c);
  });

  return problems;
}

/**
 * HDC (home detention curfew) is early release on licence with a curfew until the HDC end
 * date: only an HDC release has one, it must have one, and the curfew ends within the
 * licence. One reason at most, the first that applies.
 */
function hdcEndDateProblem(draft: ReferralDraft, arrival: CalendarDate): string | undefined {
  const end = draft.hdcEndDate;
  if (draft.releaseType === "hdc" && end === undefined) return "is required when releaseType is hdc";
  if (end === undefined) return undefined;
  if (draft.releaseType !== "hdc") return `applies only to releaseType hdc, not ${draft.releaseType}`;
  if (end < arrival) return "must not be before expectedArrivalDate";
  if (draft.licenceEndDate !== undefined && end > draft.licenceEndDate)
    return "must not be after licenceEndDate";
  return undefined;
}

export interface StaySpan {
  referralId: string;
  status: string;
  arrivalDate: CalendarDate;
  departureDate: CalendarDate;
  /** Set once the referral is placed: where, and which booking. */
  premisesId?: string | null;
  bookingId?: string | null;
}

export const OPEN_REFERRAL_STATUSES: ReadonlySet<string> = new Set(["submitted", "allocated", "arrived"]);

/** Stays share a night when each starts before the other ends (the departure day is free). */
export const staysOverlap = (
  a: Pick<StaySpan, "arrivalDate" | "departureDate">,
  b: Pick<StaySpan, "arrivalDate" | "departureDate">,
) => a.arrivalDate < b.departureDate && b.arrivalDate < a.departureDate;

/** Open referrals of the same person whose stay shares a night with the new one. */
export function overlappingOpenReferrals(
  existing: readonly StaySpan[],
  proposed: Pick<StaySpan, "arrivalDate" | "departureDate">,
) {
  return existing.filter((r) => OPEN_REFERRAL_STATUSES.has(r.status) && staysOverlap(r, proposed));
}

/** Withdrawal is possible until the person arrives. */
export const WITHDRAWABLE_STATUSES: ReadonlySet<string> = new Set(["submitted", "allocated"]);
