import { addDays, type CalendarDate, daysBetween, maxDate, minDate } from "./dates.js";

/**
 * The footprint rule. A stay occupies nights `arrivalDate … departureDate-1` and then holds
 * up to `bufferDays` buffer nights so an extension can be granted when move-on falls
 * through. On one bed no night may hold two of occupied / buffer / out-of-service.
 *
 * Stored footprints are EFFECTIVE: a buffer is the intended `bufferDays` clipped at the
 * next occupied or out-of-service night on the bed. So the only thing a write has to keep
 * apart is the "hard" nights (occupied, out-of-service); buffers follow from them, and
 * when a neighbour goes away a clipped buffer grows back by recomputing the layout.
 */

export type SegmentKind = "occupied" | "buffer" | "out-of-service" | "held";

export const MAX_BUFFER_DAYS = 14;
/** How far a write must look either side of the nights it changes to see every buffer it can clip or free. */
export const LAYOUT_MARGIN_DAYS = MAX_BUFFER_DAYS + 1;

export interface Footprint {
  /** `hold`: nights an approved stay reduction freed, kept for the referral they were freed for. */
  kind: "stay" | "out-of-service" | "hold";
  bedId: string;
  /** First night held (arrival for stays). */
  startDate: CalendarDate;
  /** Last night held, buffer included. */
  lastNight: CalendarDate;
  /** Stays: the first night not occupied. */
  departureDate?: CalendarDate;
  /** Stays: the buffer this stay should have when nothing is in the way. */
  bufferDays?: number;
  bookingId?: string;
  outOfServiceId?: string;
  holdId?: string;
  /** Holds: the referral the nights are kept for, and until when (an instant). */
  forReferralId?: string;
  holdUntil?: string;
}

export interface Segment {
  kind: SegmentKind;
  startDate: CalendarDate;
  endDate: CalendarDate;
  bookingId?: string;
  outOfServiceId?: string;
  holdId?: string;
  referralId?: string;
}

export interface Conflict extends Omit<Segment, "kind"> {
  kind: SegmentKind | "archived";
  detail?: string;
}

export const footprintId = (fp: Pick<Footprint, "kind" | "bookingId" | "outOfServiceId" | "holdId">) =>
  fp.kind === "stay"
    ? `STAY#${fp.bookingId}`
    : fp.kind === "hold"
      ? `HOLD#${fp.holdId}`
      : `OOS#${fp.outOfServiceId}`;

const ref = (fp: Footprint) =>
  fp.kind === "stay"
    ? { bookingId: fp.bookingId }
    : fp.kind === "hold"
      ? { referralId: fp.forReferralId }
      : { outOfServiceId: fp.outOfServiceId };

export const overlaps = (
  a: { startDate: string; endDate: string },
  b: { startDate: string; endDate: string },
) => a.startDate <= b.endDate && b.startDate <= a.endDate;

/** Occupied nights of a stay, an out-of-service period or a hold: nights nobody else may ever share. */
export function hardSegment(fp: Footprint): Segment | undefined {
  if (fp.kind === "out-of-service" || fp.kind === "hold") {
    return {
      kind: fp.kind === "hold" ? "held" : "out-of-service",
      startDate: fp.startDate,
      endDate: fp.lastNight,
      ...ref(fp),
    };
  }
  const end = addDays(fp.departureDate!, -1);
  return end >= fp.startDate
    ? { kind: "occupied", startDate: fp.startDate, endDate: end, ...ref(fp) }
    : undefined;
}

export function bufferSegment(fp: Footprint): Segment | undefined {
  if (fp.kind !== "stay") return undefined;
  const start = maxDate(fp.departureDate!, fp.startDate);
  return fp.lastNight >= start
    ? { kind: "buffer", startDate: start, endDate: fp.lastNight, ...ref(fp) }
    : undefined;
}

export function segmentsOf(fp: Footprint): Segment[] {
  return [hardSegment(fp), bufferSegment(fp)].filter((s): s is Segment => s !== undefined);
}

export const bufferNightsOf = (fp: Footprint): number => {
  const b = bufferSegment(fp);
  return b ? daysBetween(b.startDate, b.endDate) + 1 : 0;
};

/** The intended buffer, clipped before the first hard night of anything else that follows the departure. */
export function effectiveLastNight(stay: Footprint, others: readonly Footprint[]): CalendarDate {
  const departure = stay.departureDate!;
  const floor = addDays(maxDate(departure, stay.startDate), -1);
  let last = addDays(departure, (stay.bufferDays ?? 0) - 1);
  for (const other of others) {
    const hard = hardSegment(other);
    if (!hard || hard.endDate < departure || hard.startDate > last) continue;
    last = minDate(last, addDays(hard.startDate, -1));
  }
  return maxDate(last, floor);
}

/**
 * Every stay's effective last night from the hard nights on the bed. Only stays whose whole
 * intended buffer lies on or before `horizon` are recomputed: the caller has read the bed up
 * to there, so those are the only ones whose next neighbour it is sure to have seen.
 */
export function layoutBed(footprints: readonly Footprint[], horizon?: CalendarDate): Footprint[] {
  return footprints.map((fp) => {
    if (fp.kind !== "stay") return fp;
    const intendedEnd = addDays(fp.departureDate!, (fp.bufferDays ?? 0) - 1);
    if (horizon !== undefined && intendedEnd > horizon) return fp;
    const others = footprints.filter((o) => footprintId(o) !== footprintId(fp));
    const lastNight = effectiveLastNight(fp, others);
    return lastNight === fp.lastNight ? fp : { ...fp, lastNight };
  });
}

/** A footprint that holds no night (a same-day departure with no buffer) is not stored. */
export const holdsNights = (fp: Footprint) => fp.lastNight >= fp.startDate;

export interface StayProposal {
  bookingId: string;
  bedId: string;
  arrivalDate: CalendarDate;
  departureDate: CalendarDate;
  bufferDays: number;
}

export interface FitOptions {
  /** A recorded override lets the stay land in another stay's buffer and keep a clipped buffer itself. */
  allowBufferOverride: boolean;
  /**
   * Changes to an existing stay (extension, recorded dates) may eat into the stay's own
   * buffer without an override: that is what the buffer is for.
   */
  ownBufferMayShrink?: boolean;
  /** How far the caller has read the bed; see layoutBed. */
  horizon?: CalendarDate;
  /** The bed is archived from this night: no stay may occupy it on or after. */
  closedFrom?: CalendarDate;
}

export type Fit = "exact" | "buffer-override";

export type FitResult =
  | {
      ok: true;
      fit: Fit;
      footprint: Footprint;
      /** The bed's footprints after the change, the proposal's own included when it holds a night. */
      after: Footprint[];
      /** Buffer clashes the override resolved (empty for an exact fit). */
      overridden: Conflict[];
      /** Other stays whose buffer the change clips. */
      affectedBookingIds: string[];
    }
  | { ok: false; conflicts: Conflict[]; needsOverrideOnly: boolean };

/**
 * Whether a stay (new, or an existing one with new dates) fits on a bed. `onBed` holds the
 * bed's current effective footprints; the proposal's own old footprint, if any, is ignored.
 */
export function fitStay(onBed: readonly Footprint[], proposal: StayProposal, opts: FitOptions): FitResult {
  const id = `STAY#${proposal.bookingId}`;
  const others = onBed.filter((fp) => footprintId(fp) !== id && fp.bedId === proposal.bedId);
  const occupied =
    proposal.departureDate > proposal.arrivalDate
      ? { startDate: proposal.arrivalDate, endDate: addDays(proposal.departureDate, -1) }
      : undefined;
  const intendedBuffer =
    proposal.bufferDays > 0
      ? {
          startDate: proposal.departureDate,
          endDate: addDays(proposal.departureDate, proposal.bufferDays - 1),
        }
      : undefined;

  const hard: Conflict[] = [];
  const soft: Conflict[] = [];
  const closed = closedNights(opts.closedFrom, proposal.arrivalDate, proposal.departureDate);
  if (closed) hard.push(closed);
  for (const other of others) {
    const otherHard = hardSegment(other);
    const otherBuffer = bufferSegment(other);
    if (occupied && otherHard && overlaps(occupied, otherHard)) hard.push(otherHard);
    if (occupied && otherBuffer && overlaps(occupied, otherBuffer)) {
      soft.push({
        ...otherBuffer,
        detail: `arrives within the buffer after booking ${other.bookingId} departs`,
      });
    }
    if (!opts.ownBufferMayShrink && intendedBuffer && otherHard && overlaps(intendedBuffer, otherHard)) {
      soft.push({
        ...otherHard,
        kind: "buffer",
        detail: `this stay's ${proposal.bufferDays}-night buffer would run into ${describeHard(otherHard)}`,
      });
    }
  }
  if (hard.length > 0) return { ok: false, conflicts: [...hard, ...soft], needsOverrideOnly: false };
  if (soft.length > 0 && !opts.allowBufferOverride)
    return { ok: false, conflicts: soft, needsOverrideOnly: true };

  const footprint: Footprint = {
    kind: "stay",
    bedId: proposal.bedId,
    bookingId: proposal.bookingId,
    startDate: proposal.arrivalDate,
    departureDate: proposal.departureDate,
    bufferDays: proposal.bufferDays,
    lastNight: addDays(proposal.departureDate, proposal.bufferDays - 1),
  };
  const laidOut = layoutBed([...others, footprint], opts.horizon);
  const mine = laidOut.find((fp) => footprintId(fp) === id)!;
  const before = new Map(others.map((fp) => [footprintId(fp), fp.lastNight]));
  const affectedBookingIds = laidOut
    .filter(
      (fp) => fp.kind === "stay" && footprintId(fp) !== id && before.get(footprintId(fp)) !== fp.lastNight,
    )
    .map((fp) => fp.bookingId!);
  return {
    ok: true,
    fit: soft.length > 0 ? "buffer-override" : "exact",
    footprint: mine,
    after: laidOut.filter(holdsNights),
    overridden: soft,
    affectedBookingIds,
  };
}

const describeHard = (seg: Segment) =>
  seg.kind === "occupied"
    ? `booking ${seg.bookingId}`
    : seg.kind === "held"
      ? `nights held for referral ${seg.referralId}`
      : "an out-of-service period";

/** The nights of a stay on or after the night its bed is archived from, as a conflict. */
export function closedNights(
  closedFrom: CalendarDate | undefined,
  arrivalDate: CalendarDate,
  departureDate: CalendarDate,
): Conflict | undefined {
  if (closedFrom === undefined || departureDate <= closedFrom || departureDate <= arrivalDate)
    return undefined;
  return {
    kind: "archived",
    startDate: maxDate(arrivalDate, closedFrom),
    endDate: addDays(departureDate, -1),
    detail: `the bed is archived from ${closedFrom}`,
  };
}

/** The bed without one stay (cancelled, did not arrive): neighbours' clipped buffers grow back. */
export function removeStay(
  onBed: readonly Footprint[],
  bookingId: string,
  horizon?: CalendarDate,
): Footprint[] {
  return layoutBed(
    onBed.filter((fp) => footprintId(fp) !== `STAY#${bookingId}`),
    horizon,
  ).filter(holdsNights);
}

/** Out-of-service periods may not touch any held night, buffers included (no override: it is not a stay). */
export function outOfServiceConflicts(
  onBed: readonly Footprint[],
  period: { bedId: string; startDate: CalendarDate; endDate: CalendarDate },
): Conflict[] {
  return onBed
    .filter((fp) => fp.bedId === period.bedId)
    .flatMap(segmentsOf)
    .filter((s) => overlaps(s, period));
}

/** Night → what holds it, for one bed; throws when two footprints share a night (the invariant). */
export function nightsHeld(
  onBed: readonly Footprint[],
): Map<CalendarDate, { kind: SegmentKind; id: string }> {
  const held = new Map<CalendarDate, { kind: SegmentKind; id: string }>();
  for (const fp of onBed) {
    for (const seg of segmentsOf(fp)) {
      for (let d = seg.startDate; d <= seg.endDate; d = addDays(d, 1)) {
        const existing = held.get(d);
        if (existing) {
          throw new Error(`night ${d} on bed ${fp.bedId} held by ${existing.id} and ${footprintId(fp)}`);
        }
        held.set(d, { kind: seg.kind, id: footprintId(fp) });
      }
    }
  }
  return held;
}
