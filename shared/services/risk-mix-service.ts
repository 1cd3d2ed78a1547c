import { type ResidentStay, type RiskLimits, riskMixFor } from "../domain/risk-mix.js";
import type { RiskMixBody } from "../schemas/pre-arrival.js";
import type { FootprintItem } from "../store/premises-store.js";

/**
 * Residents from the stay footprints a bed search or an allocation has already read: each
 * carries its booking's RoSH and MAPPA level (stayDetails), so the mix costs no extra read.
 * A departed stay's footprint ends its occupied nights at the real departure.
 */
export function residentStays(items: readonly FootprintItem[]): ResidentStay[] {
  return items
    .filter((f) => f.kind === "stay" && f.departureDate !== undefined)
    .map((f) => ({
      bookingId: f.bookingId,
      startDate: f.startDate,
      departureDate: f.departureDate!,
      riskOfSeriousHarm: typeof f.riskOfSeriousHarm === "string" ? f.riskOfSeriousHarm : undefined,
      mappaLevel: typeof f.mappaLevel === "number" ? f.mappaLevel : undefined,
    }));
}

export function premisesRiskMix(
  premisesId: string,
  limits: RiskLimits | undefined,
  items: readonly FootprintItem[],
  proposal: { arrivalDate: string; departureDate: string; bookingId?: string },
  person: { riskOfSeriousHarm: string; mappaLevel?: number },
): RiskMixBody {
  return { premisesId, ...riskMixFor(residentStays(items), proposal, person, limits) };
}

/** Readable breach lines for a bed option or a 409 detail. */
export const breachLines = (mix: RiskMixBody) =>
  mix.breaches.map(
    (b) => `${b.limit} limit ${b.max} exceeded (${b.peak} at once) from ${b.startDate} to ${b.endDate}`,
  );
