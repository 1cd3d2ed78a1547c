import { addDays, type CalendarDate, daysBetween } from "./dates.js";
import { type Footprint, fitStay, footprintId, segmentsOf } from "./footprint.js";
import { unsuitability } from "./stay-rules.js";

export type OptionFit = "exact" | "buffer-override" | "near-miss";

/** What holds the asked-for nights on a near miss's bed: another stay or an out-of-service period. */
export interface Blocker {
  kind: "occupied" | "out-of-service";
  bookingId?: string;
  outOfServiceId?: string;
  startDate: CalendarDate;
  endDate: CalendarDate;
}

/** The stay reduction that would free the asked-for dates: a request the AP manager decides. */
export interface StayReductionSuggestion {
  bookingId: string;
  currentDepartureDate: CalendarDate;
  newDepartureDate: CalendarDate;
  nightsShorter: number;
}

export interface BedOption {
  premisesId: string;
  bedId: string;
  fit: OptionFit;
  arrivalDate: CalendarDate;
  departureDate: CalendarDate;
  reasons: string[];
  /**
   * Whether the bed can be allocated for `arrivalDate`…`departureDate` now. False only for a
   * near miss that fits solely through a stay reduction, which must be approved first.
   */
  allocatable: boolean;
  /** Near misses: what is in the way of the asked-for dates. */
  blockers?: Blocker[];
  /** Near misses: the asked-for dates fit if this earlier stay ends sooner. */
  stayReduction?: StayReductionSuggestion;
}

export interface CandidatePremises {
  premisesId: string;
  preferred: boolean;
  gender: string;
  bufferDays: number;
  characteristics: readonly string[];
  /** `archivedFrom`: the bed takes no stay on or after that night (see archiveConflicts). */
  beds: readonly { bedId: string; characteristics: readonly string[]; archivedFrom?: CalendarDate }[];
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
/**
 * A reduction longer than two weeks is not offered: it would ask the manager to end a
 * resident's stay well before the move-on the plan was built around.
 */
export const NEAR_MISS_REDUCTION_MAX_NIGHTS = 14;
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
  closedFrom: CalendarDate | undefined,
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
        { allowBufferOverride: false, closedFrom },
      ).ok,
  );
}

/**
 * The one earlier stay in the way, shortened so that it and its buffer end before the asked-for
 * arrival. Offered only when that stay is the sole obstacle, the new departure is not in the past
 * and the stay still has a night left.
 */
function reductionThatFits(
  onBed: readonly Footprint[],
  bedId: string,
  bufferDays: number,
  req: OptionsRequest,
  blockers: readonly Blocker[],
  closedFrom: CalendarDate | undefined,
): StayReductionSuggestion | undefined {
  const [only, ...more] = blockers;
  if (!only || more.length > 0 || only.kind !== "occupied" || only.bookingId === undefined) return undefined;
  const stay = onBed.find((fp) => fp.kind === "stay" && fp.bookingId === only.bookingId);
  if (!stay?.departureDate || stay.startDate >= req.arrivalDate) return undefined;
  const newDepartureDate = addDays(req.arrivalDate, -(stay.bufferDays ?? 0));
  const nightsShorter = daysBetween(newDepartureDate, stay.departureDate);
  if (newDepartureDate <= stay.startDate || newDepartureDate < req.today) return undefined;
  if (nightsShorter <= 0 || nightsShorter > NEAR_MISS_REDUCTION_MAX_NIGHTS) return undefined;
  const shortened: Footprint = {
    ...stay,
    departureDate: newDepartureDate,
    lastNight: addDays(newDepartureDate, (stay.bufferDays ?? 0) - 1),
  };
  const after = onBed.map((fp) => (footprintId(fp) === footprintId(stay) ? shortened : fp));
  const fits = fitStay(
    after,
    {
      bookingId: "candidate",
      bedId,
      arrivalDate: req.arrivalDate,
      departureDate: req.departureDate,
      bufferDays,
    },
    { allowBufferOverride: false, closedFrom },
  ).ok;
  return fits
    ? { bookingId: only.bookingId, currentDepartureDate: stay.departureDate, newDepartureDate, nightsShorter }
    : undefined;
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
      const closedFrom = bed.archivedFrom;
      // Archived before the asked-for arrival, the bed has no night to offer, not even a near miss.
      if (closedFrom !== undefined && closedFrom <= req.arrivalDate) continue;
      const exact = fitStay(onBed, proposal, { allowBufferOverride: false, closedFrom });
      if (exact.ok) {
        const gap = wastedGap(onBed, exact.footprint);
        ranked.push({
          ...base,
          fit: "exact",
          allocatable: true,
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
      const override = fitStay(onBed, proposal, { allowBufferOverride: true, closedFrom });
      if (override.ok) {
        ranked.push({
          ...base,
          fit: "buffer-override",
          allocatable: true,
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
      const archived = exact.conflicts.find((c) => c.kind === "archived");
      const blockers: Blocker[] = exact.conflicts
        .filter((c) => c.kind !== "buffer" && c.kind !== "archived")
        .map((c) => ({
          kind: c.kind === "out-of-service" ? "out-of-service" : "occupied",
          ...(c.bookingId ? { bookingId: c.bookingId } : {}),
          ...(c.outOfServiceId ? { outOfServiceId: c.outOfServiceId } : {}),
          startDate: c.startDate,
          endDate: c.endDate,
        }));
      const reduction = archived
        ? undefined
        : reductionThatFits(onBed, bed.bedId, premises.bufferDays, req, blockers, closedFrom);
      const reductionReason = reduction
        ? [
            `fits the asked-for dates if booking ${reduction.bookingId} departs ${plural(reduction.nightsShorter, "night")} earlier, on ${reduction.newDepartureDate}: a stay reduction the AP manager decides`,
          ]
        : [];
      const near = tryNearMiss(onBed, bed.bedId, premises.bufferDays, req, closedFrom);
      const clash = [
        ...(blockers.length
          ? [
              `the asked-for dates clash with: ${blockers.map((b) => `${b.kind} ${b.startDate} to ${b.endDate}`).join("; ")}`,
            ]
          : []),
        ...(archived ? [`the bed is archived from ${closedFrom}`] : []),
      ];
      if (near || reduction) {
        ranked.push({
          ...base,
          fit: "near-miss",
          allocatable: near !== undefined,
          arrivalDate: near?.arrivalDate ?? req.arrivalDate,
          departureDate: near?.departureDate ?? req.departureDate,
          reasons: [
            ...(near ? [near.reason] : []),
            ...clash,
            ...reductionReason,
            ...(premises.preferred ? ["preferred premises"] : []),
          ],
          blockers,
          ...(reduction ? { stayReduction: reduction } : {}),
          waste: 0,
          // A change to the referral's own dates is CRU's to make; a reduction needs someone else's agreement.
          change: near
            ? near.change
            : NEAR_MISS_SHIFT_DAYS + NEAR_MISS_SHORTER_DAYS + reduction!.nightsShorter,
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
