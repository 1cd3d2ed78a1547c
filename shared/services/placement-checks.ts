import { nowIso } from "../domain/clock.js";
import { addDays } from "../domain/dates.js";
import { conflict } from "../domain/errors.js";
import { type FitResult, fitStay } from "../domain/footprint.js";
import { footprintsFor } from "../domain/holds.js";
import { unsuitability } from "../domain/stay-rules.js";
import type { Booking } from "../schemas/bookings.js";
import type { RiskMixBody } from "../schemas/pre-arrival.js";
import type { Premises } from "../schemas/premises.js";
import type { Referral } from "../schemas/referrals.js";
import type { BedCalendar } from "../store/allocation-store.js";
import { breachLines, premisesRiskMix } from "./risk-mix-service.js";

/** A new stay for a referral on one bed: an allocation, or the arriving half of a transfer. */
export interface PlacementProposal {
  referral: Pick<
    Referral,
    "referralId" | "person" | "requiredCharacteristics" | "riskOfSeriousHarm" | "mappaLevel"
  >;
  premises: Pick<Premises, "premisesId" | "gender" | "characteristics" | "bufferDays" | "riskLimits">;
  bed: { bedId: string; characteristics: readonly string[]; archivedFrom?: string };
  /** The bed's calendar read under its version (loadBedCalendarAt), with the premises' footprints. */
  calendar: BedCalendar;
  bookingId: string;
  arrivalDate: string;
  departureDate: string;
  /** A recorded reason lets the stay cut another stay's buffer (409 `buffer-needed` without one). */
  bufferOverrideReason?: string;
  /** A recorded reason lets the stay exceed the premises' risk limits (409 `risk-mix` without one). */
  riskMixOverrideReason?: string;
  /** A transfer: the stay the person leaves, not counted among the residents on the new nights. */
  leavingBookingId?: string;
}

export interface PlacementCheck {
  fit: Extract<FitResult, { ok: true }>;
  riskMix: RiskMixBody;
  /** The stay cuts another stay's buffer under the recorded reason. */
  bufferOverride: boolean;
  /** The stay exceeds a risk limit under the recorded reason. */
  riskOverride: boolean;
  /** The overrides as the new booking records them (who decided, when, why), none if none applied. */
  overrideRecords(by: string, at: string): Pick<Booking, "bufferOverride" | "riskMixOverride">;
}

/**
 * Every check a new stay on a bed must pass, the same for an allocation and a transfer:
 * the bed suits the person (gender, room and premises characteristics; 409 `unsuitable-bed`),
 * its nights are free with the premises' buffer, nights held for another referral are not
 * taken (409 `bed-not-free`, `buffer-needed` or `held`), and the residents on those nights
 * stay within the premises' risk limits (409 `risk-mix`). The two overrides are recorded
 * decisions: without their reason the check refuses. Pure over what the caller has read.
 */
export function checkPlacement(p: PlacementProposal): PlacementCheck {
  const { referral, premises, bed, calendar } = p;
  const unsuitable = unsuitability(referral.person, referral.requiredCharacteristics ?? [], premises, bed);
  if (unsuitable.length > 0) {
    throw conflict(
      `Bed ${bed.bedId} at ${premises.premisesId} does not suit this referral: ${unsuitable.join("; ")}`,
      unsuitable.map((detail) => ({ kind: "unsuitable", bedId: bed.bedId, detail })),
      "unsuitable-bed",
    );
  }

  // Nights held for this referral are its to take (the write consumes the hold: it is left
  // out of the layout, so the write deletes it); anyone else's live hold is in the way.
  const { binding } = footprintsFor(calendar.footprints, referral.referralId, nowIso());
  const fit = fitStay(
    binding,
    {
      bookingId: p.bookingId,
      bedId: bed.bedId,
      arrivalDate: p.arrivalDate,
      departureDate: p.departureDate,
      bufferDays: premises.bufferDays,
    },
    {
      allowBufferOverride: p.bufferOverrideReason !== undefined,
      horizon: calendar.to,
      closedFrom: bed.archivedFrom ?? calendar.archivedFrom,
    },
  );
  if (!fit.ok) {
    const held = fit.conflicts.find((c) => c.kind === "held");
    throw conflict(
      fit.needsOverrideOnly
        ? `Bed ${bed.bedId} is free only if another stay's buffer is cut short; send bufferOverrideReason to record that decision`
        : held
          ? `Bed ${bed.bedId} has nights held for referral ${held.referralId} until it is allocated or the hold expires`
          : `Bed ${bed.bedId} is not free for every night from ${p.arrivalDate} to ${addDays(p.departureDate, -1)}`,
      fit.conflicts,
      fit.needsOverrideOnly ? "buffer-needed" : held ? "held" : "bed-not-free",
    );
  }

  // Who else is in the building on each night, from the footprints the same Query returned.
  const riskMix = premisesRiskMix(
    premises.premisesId,
    premises.riskLimits,
    calendar.premisesItems,
    { arrivalDate: p.arrivalDate, departureDate: p.departureDate, bookingId: p.leavingBookingId },
    referral,
  );
  if (riskMix.breaches.length > 0 && p.riskMixOverrideReason === undefined) {
    throw conflict(
      `Placing ${referral.person.crn} at ${premises.premisesId} would exceed its risk limits: ${breachLines(riskMix).join("; ")}; send riskMixOverrideReason to record that decision`,
      riskMix.breaches.map((b) => ({
        kind: "risk-mix",
        startDate: b.startDate,
        endDate: b.endDate,
        detail: `${b.limit}: at most ${b.max}, would be ${b.peak}`,
      })),
      "risk-mix",
    );
  }
  const bufferOverride = fit.fit === "buffer-override";
  const riskOverride = riskMix.breaches.length > 0;
  return {
    fit,
    riskMix,
    bufferOverride,
    riskOverride,
    overrideRecords: (by, at) => ({
      ...(bufferOverride && p.bufferOverrideReason !== undefined
        ? {
            bufferOverride: {
              reason: p.bufferOverrideReason,
              by,
              at,
              affectedBookingIds: fit.affectedBookingIds,
            },
          }
        : {}),
      ...(riskOverride && p.riskMixOverrideReason !== undefined
        ? { riskMixOverride: { reason: p.riskMixOverrideReason, by, at } }
        : {}),
    }),
  };
}
