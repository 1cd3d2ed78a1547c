import { type CalendarDate, daysBetween } from "../../domain/dates.js";
import { BED_FITS } from "../../domain/vocabulary.js";
import type { RiskMixBody } from "../../schemas/pre-arrival.js";
import type { Referral } from "../../schemas/referrals.js";
import { type RiskMixView, riskMixView } from "./cru-risk-mix.js";
import { formatDate, formatDatesIn, formatShortDate } from "./govuk-dates.js";

/** One option as GET /referrals/{id}/bed-options gives it (the operation's own result). */
export interface BedOptionData {
  premisesId: string;
  bedId: string;
  fit: keyof typeof BED_FITS;
  arrivalDate: CalendarDate;
  departureDate: CalendarDate;
  reasons: readonly string[];
  allocatable?: boolean;
  stayReduction?: {
    bookingId: string;
    currentDepartureDate: CalendarDate;
    newDepartureDate: CalendarDate;
    nightsShorter: number;
  };
}

export interface PremisesInfo {
  name: string;
  bufferDays?: number;
}

/** What each group means, said once for the user; the per-bed reasons come from the search itself. */
const GROUP_DESCRIPTIONS: Record<BedOptionData["fit"], string> = {
  exact:
    "Free for every night asked for, with the premises' buffer nights kept clear before and after the stay.",
  "buffer-override":
    "Free only if a buffer is cut short. Buffer nights are kept after a departure so that a stay can be extended when move-on falls through. Allocating one of these beds needs a reason, which is recorded with the booking and sent to the AP manager.",
  "near-miss":
    "Not free for the nights asked for. Each bed says what would make it fit: a different arrival date, a shorter stay, or a stay reduction for the resident whose stay is in the way, which the AP manager decides.",
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const sentence = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

export interface BedOptionView {
  premisesName: string;
  bedId: string;
  /** "14 Jan 2027 to 8 Apr 2027 (84 nights)". */
  dates: string;
  /** Set when the option's dates are not the ones asked for. */
  changedDates?: string;
  reasons: string[];
  /** Link to the allocation page for this bed and these dates; absent when it cannot be allocated yet. */
  allocateHref?: string;
  needsOverrideReason: boolean;
  /** The premises' risk limits this person would exceed there (#13): allocating needs a reason. */
  riskBreaches: string[];
  needsRiskMixReason: boolean;
  /** Link to request the stay reduction that would free the asked-for dates. */
  stayReduction?: { href: string; text: string };
}

export interface BedOptionsPage {
  title: string;
  heading: string;
  asked: { dates: string; nights: number };
  groups: { fit: BedOptionData["fit"]; heading: string; description: string; options: BedOptionView[] }[];
  total: number;
  /** Each premises with an option: its risk mix on the asked-for nights. */
  riskMix: ({ premisesId: string; premisesName: string } & RiskMixView)[];
}

const datesText = (arrival: CalendarDate, departure: CalendarDate) =>
  `${formatShortDate(arrival)} to ${formatShortDate(departure)} (${plural(daysBetween(arrival, departure), "night")})`;

export interface BedOptionsInput {
  referral: Pick<Referral, "referralId" | "person" | "expectedArrivalDate" | "expectedDepartureDate">;
  options: readonly BedOptionData[];
  /** The asked-for dates the search used (an overdue referral is searched from today). */
  asked?: { arrivalDate: CalendarDate; departureDate: CalendarDate };
  premises: ReadonlyMap<string, PremisesInfo>;
  /** The search's risk mix per premises (GET bed-options `riskMix`). */
  riskMix?: readonly RiskMixBody[];
  allocateHref: (option: BedOptionData) => string;
  stayReductionHref: (
    option: BedOptionData & { stayReduction: NonNullable<BedOptionData["stayReduction"]> },
  ) => string;
}

export function bedOptionView(input: BedOptionsInput, option: BedOptionData): BedOptionView {
  const asked = input.asked ?? {
    arrivalDate: input.referral.expectedArrivalDate,
    departureDate: input.referral.expectedDepartureDate,
  };
  const differs = option.arrivalDate !== asked.arrivalDate || option.departureDate !== asked.departureDate;
  const allocatable = option.allocatable ?? true;
  const reduction = option.stayReduction;
  const mix = input.riskMix?.find((m) => m.premisesId === option.premisesId);
  const premisesName = input.premises.get(option.premisesId)?.name ?? option.premisesId;
  const riskBreaches = mix ? riskMixView(mix, premisesName).breaches : [];
  return {
    premisesName,
    bedId: option.bedId,
    dates: datesText(option.arrivalDate, option.departureDate),
    ...(differs
      ? { changedDates: `Not the dates asked for (${datesText(asked.arrivalDate, asked.departureDate)})` }
      : {}),
    reasons: option.reasons.map((r) => sentence(formatDatesIn(r))),
    ...(allocatable ? { allocateHref: input.allocateHref(option) } : {}),
    needsOverrideReason: option.fit === "buffer-override",
    riskBreaches,
    needsRiskMixReason: riskBreaches.length > 0,
    ...(reduction
      ? {
          stayReduction: {
            href: input.stayReductionHref({ ...option, stayReduction: reduction }),
            text: `Request a stay reduction: the resident in bed ${option.bedId} leaves on ${formatDate(reduction.newDepartureDate)} instead of ${formatDate(reduction.currentDepartureDate)}`,
          },
        }
      : {}),
  };
}

/**
 * The options grouped by how they fit, in the order the search ranked them (exact fits
 * first). Each group explains itself; each bed carries the search's reasons with dates as
 * GOV.UK writes them, and the actions it allows.
 */
export function bedOptionsPage(input: BedOptionsInput): BedOptionsPage {
  const asked = input.asked ?? {
    arrivalDate: input.referral.expectedArrivalDate,
    departureDate: input.referral.expectedDepartureDate,
  };
  const fits = Object.keys(BED_FITS) as BedOptionData["fit"][];
  return {
    title: `Bed options – ${input.referral.person.crn} – Approved Premises`,
    heading: `Bed options for ${input.referral.person.name}`,
    asked: {
      dates: datesText(asked.arrivalDate, asked.departureDate),
      nights: daysBetween(asked.arrivalDate, asked.departureDate),
    },
    groups: fits.map((fit) => ({
      fit,
      heading: BED_FITS[fit],
      description: GROUP_DESCRIPTIONS[fit],
      options: input.options.filter((o) => o.fit === fit).map((o) => bedOptionView({ ...input, asked }, o)),
    })),
    total: input.options.length,
    riskMix: [...new Set(input.options.map((o) => o.premisesId))].flatMap((premisesId) => {
      const mix = input.riskMix?.find((m) => m.premisesId === premisesId);
      if (!mix) return [];
      const premisesName = input.premises.get(premisesId)?.name ?? premisesId;
      return [{ premisesId, premisesName, ...riskMixView(mix, premisesName) }];
    }),
  };
}
