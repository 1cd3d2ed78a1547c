import { addDays, type CalendarDate } from "./dates.js";
import type { Footprint } from "./footprint.js";

/**
 * Nights an approved stay reduction frees are held for the referral the reduction was made
 * for, so the bed the AP manager agreed to free is not taken by someone else first. A hold
 * ends when that referral is allocated into it, or when it expires.
 */
export const DEFAULT_HOLD_HOURS = 48;

export const holdUntilFrom = (now: Date, hours = DEFAULT_HOLD_HOURS): string =>
  new Date(now.getTime() + hours * 3_600_000).toISOString();

/** A hold past its expiry holds nothing, whether or not the nightly job has ended it yet. */
export const isExpiredHold = (fp: Pick<Footprint, "kind" | "holdUntil">, nowIso: string): boolean =>
  fp.kind === "hold" && (fp.holdUntil === undefined || fp.holdUntil <= nowIso);

/** The footprints that still bind a writer: expired holds dropped. */
export const liveFootprints = <T extends Pick<Footprint, "kind" | "holdUntil">>(
  footprints: readonly T[],
  nowIso: string,
): T[] => footprints.filter((fp) => !isExpiredHold(fp, nowIso));

/**
 * The footprints an allocation of `referralId` must keep clear of: its own holds are not
 * in the way (the allocation consumes them), nor are expired ones.
 */
export function footprintsFor(
  footprints: readonly Footprint[],
  referralId: string,
  nowIso: string,
): { binding: Footprint[]; consumed: Footprint[] } {
  const live = liveFootprints(footprints, nowIso);
  return {
    binding: live.filter((fp) => !(fp.kind === "hold" && fp.forReferralId === referralId)),
    consumed: live.filter((fp) => fp.kind === "hold" && fp.forReferralId === referralId),
  };
}

/**
 * The nights a stay held before a change and no longer holds after it: what a reduction
 * frees. Undefined when nothing is freed (the stay's footprint did not get shorter).
 */
export function freedNights(
  before: Pick<Footprint, "lastNight">,
  after: Pick<Footprint, "lastNight"> | undefined,
  arrival: CalendarDate,
): { startDate: CalendarDate; endDate: CalendarDate } | undefined {
  const newLast = after ? after.lastNight : addDays(arrival, -1);
  if (before.lastNight <= newLast) return undefined;
  return { startDate: addDays(newLast, 1), endDate: before.lastNight };
}

/** The hold footprint for nights freed for a referral. */
export function holdFootprint(
  bedId: string,
  holdId: string,
  forReferralId: string,
  nights: { startDate: CalendarDate; endDate: CalendarDate },
  holdUntil: string,
): Footprint {
  return {
    kind: "hold",
    bedId,
    holdId,
    forReferralId,
    holdUntil,
    startDate: nights.startDate,
    lastNight: nights.endDate,
  };
}
