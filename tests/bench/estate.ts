import { addDays } from "../../shared/domain/dates.js";
import type { Booking } from "../../shared/schemas/bookings.js";
import type { Referral } from "../../shared/schemas/referrals.js";
import { stayDetails } from "../../shared/store/allocation-store.js";
import { bookingItem, referralItem } from "../../shared/store/items.js";
import { keys } from "../../shared/store/keys.js";
import { personReferralItem } from "../../shared/store/referrals-store.js";

/**
 * The national estate the bench measures against, generated deterministically so the three
 * history sizes differ only in finished stays. Items come from the real item builders (or
 * copy the stores' shapes where no builder is exported) so every index key is what the
 * application itself would write.
 */

export const TODAY = "2026-11-23";
export const NOW = `${TODAY}T10:00:00.000Z`;
export const BUFFER_DAYS = 2;

/** Premises per CRU area: 100 in all; north-east has the 12 the bed search is measured on. */
export const AREA_PREMISES = {
  london: 16,
  midlands: 14,
  "north-east": 12,
  "north-west": 14,
  "south-east-and-eastern": 14,
  "south-west-and-south-central": 12,
  wales: 8,
  womens: 10,
} as const;
export type Area = keyof typeof AREA_PREMISES;

const AREA_CODE: Record<Area, string> = {
  london: "lon",
  midlands: "mid",
  "north-east": "ne",
  "north-west": "nw",
  "south-east-and-eastern": "see",
  "south-west-and-south-central": "swsc",
  wales: "wal",
  womens: "wom",
};

export interface PremisesPlan {
  premisesId: string;
  area: Area;
  gender: "male" | "female";
  index: number;
  beds: string[];
  characteristics: string[];
}

export const premisesId = (area: Area, n: number) => `${AREA_CODE[area]}-${String(n + 1).padStart(2, "0")}`;

/** Deterministic 0..1 from integers, so every run (and every history size) seeds the same estate. */
export function unit(...xs: number[]): number {
  let h = 2166136261;
  for (const x of xs) {
    h ^= x;
    h = Math.imul(h, 16777619) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 2246822519) >>> 0;
  }
  return (h >>> 8) / 16777216;
}

export function planEstate(): PremisesPlan[] {
  const out: PremisesPlan[] = [];
  let index = 0;
  for (const [area, count] of Object.entries(AREA_PREMISES) as [Area, number][]) {
    for (let n = 0; n < count; n++, index++) {
      // 20–36 beds (average ~28): the estate is "about 100 premises and 2,500–3,000 beds".
      const bedCount = 20 + Math.floor(unit(index, 1) * 17);
      out.push({
        premisesId: premisesId(area, n),
        area,
        gender: area === "womens" ? "female" : "male",
        index,
        beds: Array.from({ length: bedCount }, (_, b) => `b${b + 1}`),
        characteristics: unit(index, 2) < 0.5 ? ["accepts-sex-offenders", "catered"] : ["catered"],
      });
    }
  }
  return out;
}

const crnOf = (n: number) =>
  `${String.fromCharCode(65 + (Math.floor(n / 1_000_000) % 26))}${String(n % 1_000_000).padStart(6, "0")}`;

/** CRN ranges kept apart so no seeded person collides with one the bench submits. */
export const CRN_BASE = { current: 0, open: 100_000, history: 1_000_000, bench: 9_000_000 } as const;
export const benchCrn = (n: number) => crnOf(CRN_BASE.bench + n);

type Item = Record<string, unknown>;

export function premisesItems(p: PremisesPlan): Item[] {
  return [
    {
      ...keys.premises(p.premisesId),
      ...keys.premisesList(p.area, p.premisesId),
      type: "premises",
      premisesId: p.premisesId,
      name: `Bench AP ${p.premisesId}`,
      area: p.area,
      gender: p.gender,
      bufferDays: BUFFER_DAYS,
      characteristics: p.characteristics,
      bedCount: p.beds.length,
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    },
    ...p.beds.map((bedId, b) => ({
      ...keys.bed(p.premisesId, bedId),
      type: "bed",
      premisesId: p.premisesId,
      bedId,
      room: String(b + 1),
      characteristics:
        b % 3 === 0 ? ["single-room", "en-suite"] : b % 7 === 0 ? ["ground-floor", "step-free"] : [],
      calendarVersion: 1,
      createdAt: NOW,
    })),
  ];
}

export function referralRecord(
  over: Partial<Referral> & { referralId: string; person: Referral["person"] },
): Referral {
  return {
    status: "submitted",
    riskOfSeriousHarm: "medium",
    releaseType: "licence",
    earlyRelease: false,
    expectedArrivalDate: addDays(TODAY, 30),
    expectedDepartureDate: addDays(TODAY, 114),
    area: "north-east",
    preferredPremisesIds: [],
    requiredCharacteristics: [],
    homelessIfNotPlaced: true,
    noticeType: "standard",
    noticeDays: 30,
    submittedAt: NOW,
    submittedBy: "bench-cru",
    version: 1,
    updatedAt: NOW,
    ...over,
  };
}

const personHead = (crn: string, version: number) => ({
  ...keys.person(crn),
  type: "person",
  crn,
  version,
  createdAt: NOW,
  updatedAt: NOW,
});

/** A stay with its booking, footprint, referral and (for live stays) person items. */
function stayItems(
  p: PremisesPlan,
  bedId: string,
  stay: {
    bookingId: string;
    crn: string;
    arrival: string;
    departure: string;
    status: "arrived" | "departed";
    n: number;
  },
  withPerson: boolean,
): Item[] {
  const referralId = `r-${stay.bookingId}`;
  const departed = stay.status === "departed";
  const booking: Booking = {
    bookingId: stay.bookingId,
    referralId,
    premisesId: p.premisesId,
    bedId,
    status: stay.status,
    person: { crn: stay.crn, name: `Resident ${stay.crn}`, gender: p.gender },
    riskOfSeriousHarm: (["low", "medium", "high", "very-high"] as const)[stay.n % 4]!,
    releaseType: (["licence", "hdc", "parole", "recall"] as const)[stay.n % 4]!,
    noticeType: "standard",
    arrivalDate: stay.arrival,
    departureDate: stay.departure,
    actualArrivalDate: stay.arrival,
    ...(departed ? { actualDepartureDate: stay.departure } : {}),
    ...(stay.n % 10 === 0 ? { hdcEndDate: addDays(stay.departure, 60) } : {}),
    bufferDays: BUFFER_DAYS,
    bufferNights: BUFFER_DAYS,
    moveOn:
      stay.n % 3 === 0 || departed
        ? {
            status: "confirmed",
            category: "private-rented",
            address: "1 Bench Street",
            availableFrom: stay.departure,
          }
        : { status: stay.n % 3 === 1 ? "in-progress" : "not-started" },
    ...(departed
      ? { departure: { date: stay.departure, reason: "planned-move-on", moveOnCategory: "private-rented" } }
      : {}),
    version: departed ? 4 : 2,
    createdAt: `${addDays(stay.arrival, -14)}T09:00:00.000Z`,
    createdBy: "bench-cru",
    updatedAt: `${departed ? stay.departure : stay.arrival}T09:00:00.000Z`,
  };
  const lastNight = addDays(stay.departure, BUFFER_DAYS - 1);
  const referral = referralRecord({
    referralId,
    status: stay.status,
    person: { crn: stay.crn, name: booking.person.name, dateOfBirth: "1985-05-05", gender: p.gender },
    area: p.area,
    expectedArrivalDate: stay.arrival,
    expectedDepartureDate: stay.departure,
    submittedAt: `${addDays(stay.arrival, -21)}T09:00:00.000Z`,
    updatedAt: booking.updatedAt,
    placement: {
      premisesId: p.premisesId,
      bedId,
      bookingId: stay.bookingId,
      arrivalDate: stay.arrival,
      departureDate: stay.departure,
      allocatedAt: booking.createdAt,
      allocatedBy: "bench-cru",
    },
    version: departed ? 4 : 3,
  });
  const items: Item[] = [
    bookingItem(booking),
    referralItem(referral),
    {
      ...keys.stayFootprint(p.premisesId, lastNight, bedId, stay.bookingId),
      type: "footprint",
      kind: "stay",
      premisesId: p.premisesId,
      bedId,
      startDate: stay.arrival,
      lastNight,
      departureDate: stay.departure,
      bookingId: stay.bookingId,
      bufferDays: BUFFER_DAYS,
      ...stayDetails(booking),
    },
  ];
  if (withPerson) {
    items.push(personHead(stay.crn, 2), {
      ...personReferralItem(referral),
      premisesId: p.premisesId,
      bookingId: stay.bookingId,
    });
  }
  return items;
}

export interface CurrentStay {
  bookingId: string;
  premisesId: string;
  bedId: string;
  arrival: string;
  departure: string;
}

/** ~89% of beds hold a resident now (arrived 0–83 nights ago, leaving within 84 nights). */
export function currentStays(estate: PremisesPlan[]): { items: Item[]; stays: CurrentStay[] } {
  const items: Item[] = [];
  const stays: CurrentStay[] = [];
  let n = 0;
  for (const p of estate) {
    p.beds.forEach((bedId, b) => {
      if (unit(p.index, b, 3) >= 0.89) return;
      const arrival = addDays(TODAY, -Math.floor(unit(p.index, b, 4) * 84));
      const departure = addDays(arrival, 84);
      const bookingId = `cur-${p.premisesId}-${bedId}`;
      items.push(
        ...stayItems(
          p,
          bedId,
          { bookingId, crn: crnOf(CRN_BASE.current + n), arrival, departure, status: "arrived", n },
          true,
        ),
      );
      stays.push({ bookingId, premisesId: p.premisesId, bedId, arrival, departure });
      n++;
    });
  }
  return { items, stays };
}

/** 500 submitted referrals awaiting a bed, spread over the areas, arriving in the next 60 days. */
export function openReferrals(estate: PremisesPlan[], count = 500): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const p = estate[i % estate.length]!;
    const arrival = addDays(TODAY, 1 + (i % 60));
    const crn = crnOf(CRN_BASE.open + i);
    const referral = referralRecord({
      referralId: `open-${String(i).padStart(4, "0")}`,
      person: { crn, name: `Applicant ${crn}`, dateOfBirth: "1990-02-02", gender: p.gender },
      area: p.area,
      expectedArrivalDate: arrival,
      expectedDepartureDate: addDays(arrival, 84),
      homelessIfNotPlaced: i % 4 !== 0,
      noticeType: i % 60 < 7 ? "emergency" : i % 60 < 28 ? "short-notice" : "standard",
      noticeDays: 1 + (i % 60),
      releaseType: i % 5 === 0 ? "hdc" : "licence",
      earlyRelease: i % 5 === 0,
    });
    items.push(referralItem(referral), personHead(crn, 1), personReferralItem(referral));
  }
  return items;
}

/**
 * Finished stays, walking back from each bed's current stay (or today) with 2–10 night gaps
 * and 56–112 night stays: about 11 a bed over 3 years. `factor` repeats the walk further
 * back (×10 = 30 years), so more history means more finished stays, all in the past.
 * Each stay is a departed booking, its referral and its (past) footprint. Persons of
 * finished stays get no partition here: the one-AP rule reads only the person being placed.
 */
export function* historyItems(
  estate: PremisesPlan[],
  factor: (p: PremisesPlan) => number,
): Generator<Item[], void, void> {
  let n = 0;
  for (const p of estate) {
    const years = 3 * factor(p);
    if (years === 0) continue;
    const batch: Item[] = [];
    p.beds.forEach((bedId, b) => {
      const current =
        unit(p.index, b, 3) < 0.89 ? addDays(TODAY, -Math.floor(unit(p.index, b, 4) * 84)) : TODAY;
      const stop = addDays(TODAY, -Math.round(365.25 * years));
      let end = addDays(current, -(BUFFER_DAYS + Math.floor(unit(p.index, b, 5) * 9)));
      for (let k = 0; ; k++) {
        const nights = 56 + Math.floor(unit(p.index, b, k, 6) * 57);
        const arrival = addDays(end, -nights);
        if (arrival < stop) break;
        const bookingId = `h-${p.premisesId}-${bedId}-${k}`;
        batch.push(
          ...stayItems(
            p,
            bedId,
            {
              bookingId,
              crn: crnOf(CRN_BASE.history + (n % 8_000_000)),
              arrival,
              departure: end,
              status: "departed",
              n,
            },
            false,
          ),
        );
        n++;
        end = addDays(arrival, -(BUFFER_DAYS + Math.floor(unit(p.index, b, k, 7) * 9)));
      }
    });
    yield batch;
  }
}
