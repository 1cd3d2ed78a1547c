import { addDays, type CalendarDate, daysBetween } from "./dates.js";
import { type Footprint, fitStay, segmentsOf } from "./footprint.js";
import { unsuitability } from "./stay-rules.js";

export type OptionFit = "exact" | "buffer-override" | "near-miss";

export interface BedOption {
  premisesId: string;
  bedId: string;
  fit: OptionFit;
  arrivalDate: CalendarDate;
  departureDate: CalendarDate;
  reasons: string[];
}

export interface CandidatePremises {
  premisesId: string;
  preferred: boolean;
  gender: string;
  bufferDays: number;
  characteristics: readonly string[];
  beds: readonly { bedId: string; characteristics: readonly string[] }[];
  /** Effective footprints read for the search window. */
  footprints: readonly Footprint[];
}

export interface OptionsRequest {
  person: { gender: string };
  requiredCharacteristics: readonly string[];
  arrivalDate: CalendarDate;
  departureDate: CalendarDate;
  today: CalendarDate;
}

/** Near misses: staff move arrival a few days or shorten the stay a week rather than find nothing. */
export const NEAR_MISS_SHIFT_DAYS = 3;
export const NEAR_MISS_SHORTER_DAYS = 7;
/** Read this far around the asked-for dates to judge near misses and neighbours' buffers. */
export const SEARCH_MARGIN_DAYS = NEAR_MISS_SHIFT_DAYS + 15;
const OPEN_GAP = 365;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Free nights left before the stay and after its footprint: nights too few to sell are waste. */
function wastedGap(onBed: readonly Footprint[], fp: Footprint): { before: number; after: number } {
  let before = OPEN_GAP;
  let after = OPEN_GAP;
  for (const other of onBed) {
    for (const seg of segmentsOf(other)) {
      if (seg.endDate < fp.startDate) before = Math.min(before, daysBetween(seg.endDate, fp.startDate) - 1);
      if (seg.startDate > fp.lastNight) after = Math.min(after, daysBetween(fp.lastNight, seg.startDate) - 1);
    }
  }
  return { before, after };
}

interface Ranked extends BedOption {
  preferred: boolean;
  waste: number;
  change: number;
}

function tryNearMiss(
  onBed: readonly Footprint[],
  bedId: string,
  bufferDays: number,
  req: OptionsRequest,
): { arrivalDate: string; departureDate: string; reason: string; change: number } | undefined {
  const nights = daysBetween(req.arrivalDate, req.departureDate);
  const attempts: { arrivalDate: string; departureDate: string; reason: string; change: number }[] = [];
  for (let shift = 1; shift <= NEAR_MISS_SHIFT_DAYS; shift++) {
    for (const sign of [1, -1]) {
      const arrivalDate = addDays(req.arrivalDate, sign * shift);
      if (arrivalDate < req.today) continue;
      attempts.push({
        arrivalDate,
        departureDate: addDays(arrivalDate, nights),
        reason: `fits if arrival moves ${plural(shift, "day")} ${sign > 0 ? "later" : "earlier"}, to ${arrivalDate}`,
        change: shift,
      });
    }
  }
  for (let shorter = 1; shorter <= NEAR_MISS_SHORTER_DAYS && shorter < nights; shorter++) {
    const departureDate = addDays(req.departureDate, -shorter);
    attempts.push({
      arrivalDate: req.arrivalDate,
      departureDate,
      reason: `fits if the stay is ${plural(shorter, "night")} shorter, departing ${departureDate}`,
      change: shorter,
    });
  }
  attempts.sort((a, b) => a.change - b.change);
  return attempts.find(
    (a) =>
      fitStay(
        onBed,
        {
          bookingId: "candidate",
          bedId,
          arrivalDate: a.arrivalDate,
          departureDate: a.departureDate,
          bufferDays,
        },
        {
          allowBufferOverride: false,
        },
      ).ok,
  );
}

/**
 * Every suitable bed that fits, ranked: exact fits (preferred premises first, then the
 * tightest packing), then fits that need a recorded buffer override, then near misses
 * (smallest change first).
 */
export function rankBedOptions(candidates: readonly CandidatePremises[], req: OptionsRequest): BedOption[] {
  const ranked: Ranked[] = [];
  for (const premises of candidates) {
    for (const bed of premises.beds) {
      if (unsuitability(req.person, req.requiredCharacteristics, premises, bed).length > 0) continue;
      const onBed = premises.footprints.filter((fp) => fp.bedId === bed.bedId);
      const proposal = {
        bookingId: "candidate",
        bedId: bed.bedId,
        arrivalDate: req.arrivalDate,
        departureDate: req.departureDate,
        bufferDays: premises.bufferDays,
      };
      const base = { premisesId: premises.premisesId, bedId: bed.bedId, preferred: premises.preferred };
      const exact = fitStay(onBed, proposal, { allowBufferOverride: false });
      if (exact.ok) {
        const gap = wastedGap(onBed, exact.footprint);
        ranked.push({
          ...base,
          fit: "exact",
          arrivalDate: req.arrivalDate,
          departureDate: req.departureDate,
          reasons: [
            ...(premises.preferred ? ["preferred premises"] : []),
            `free nights left: ${gap.before === OPEN_GAP ? "open" : gap.before} before, ${gap.after === OPEN_GAP ? "open" : gap.after} after`,
          ],
          waste: gap.before + gap.after,
          change: 0,
        });
        continue;
      }
      const override = fitStay(onBed, proposal, { allowBufferOverride: true });
      if (override.ok) {
        ranked.push({
          ...base,
          fit: "buffer-override",
          arrivalDate: req.arrivalDate,
          departureDate: req.departureDate,
          reasons: [
            ...(premises.preferred ? ["preferred premises"] : []),
            ...override.overridden.map(
              (c) =>
                `needs a recorded buffer override: ${c.detail ?? "buffer"} (${c.startDate} to ${c.endDate})`,
            ),
          ],
          waste: 0,
          change: override.overridden.length,
        });
        continue;
      }
      const near = tryNearMiss(onBed, bed.bedId, premises.bufferDays, req);
      if (near) {
        const blockers = exact.conflicts
          .filter((c) => c.kind !== "buffer")
          .map((c) => `${c.kind} ${c.startDate} to ${c.endDate}`);
        ranked.push({
          ...base,
          fit: "near-miss",
          arrivalDate: near.arrivalDate,
          departureDate: near.departureDate,
          reasons: [
            near.reason,
            ...(blockers.length ? [`the asked-for dates clash with: ${blockers.join("; ")}`] : []),
            ...(premises.preferred ? ["preferred premises"] : []),
          ],
          waste: 0,
          change: near.change,
        });
      }
    }
  }
  const order: Record<OptionFit, number> = { exact: 0, "buffer-override": 1, "near-miss": 2 };
  ranked.sort(
    (a, b) =>
      order[a.fit] - order[b.fit] ||
      Number(b.preferred) - Number(a.preferred) ||
      a.change - b.change ||
      a.waste - b.waste ||
      a.premisesId.localeCompare(b.premisesId) ||
      a.bedId.localeCompare(b.bedId, "en", { numeric: true }),
  );
  return ranked.map(({ preferred: _p, waste: _w, change: _c, ...option }) => option);
}
