import { daysBetween } from "../../domain/dates.js";
import { RISK_LIMITS } from "../../domain/vocabulary.js";
import type { RiskMixBody } from "../../schemas/pre-arrival.js";
import { formatShortDate } from "./govuk-dates.js";

/**
 * The risk mix of one premises on the nights of a proposed stay (#13): who is already booked
 * or resident, by RoSH and MAPPA level, in runs of nights with the same counts, and the
 * premises' limits this person would exceed. Counts are the bed search's own; nothing is
 * recounted here.
 */
export interface RiskMixView {
  caption: string;
  head: string[];
  rows: { text: string }[][];
  /** "At most 2 very high RoSH residents at once: with this person 3, 4 Dec 2026 to 10 Dec 2026". */
  breaches: string[];
  limits: string[];
}

const nights = (start: string, end: string) => {
  const n = daysBetween(start, end) + 1;
  return n === 1
    ? formatShortDate(start)
    : `${formatShortDate(start)} to ${formatShortDate(end)} (${n} nights)`;
};

export function riskMixView(mix: RiskMixBody, premisesName: string): RiskMixView {
  const limits = Object.entries(mix.limits ?? {})
    .filter(([, max]) => typeof max === "number")
    .map(([limit, max]) => `At most ${max} ${RISK_LIMITS[limit as keyof typeof RISK_LIMITS]} at once`);
  return {
    caption: `Residents already booked or resident at ${premisesName}, night by night`,
    head: ["Nights", "Residents", "Low", "Medium", "High", "Very high", "MAPPA 1", "MAPPA 2", "MAPPA 3"],
    rows: mix.nights.map((n) => [
      { text: nights(n.startDate, n.endDate) },
      { text: String(n.residents) },
      { text: String(n.rosh.low) },
      { text: String(n.rosh.medium) },
      { text: String(n.rosh.high) },
      { text: String(n.rosh.veryHigh) },
      { text: String(n.mappa.level1) },
      { text: String(n.mappa.level2) },
      { text: String(n.mappa.level3) },
    ]),
    breaches: mix.breaches.map(
      (b) =>
        `At most ${b.max} ${RISK_LIMITS[b.limit]} at once: with this person ${b.peak}, ${nights(b.startDate, b.endDate)}`,
    ),
    limits,
  };
}
