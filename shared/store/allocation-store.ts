import { nowIso } from "../domain/clock.js";
import { addDays, type CalendarDate, daysBetween, maxDate } from "../domain/dates.js";
import { bufferNightsOf, type Footprint, footprintId, LAYOUT_MARGIN_DAYS } from "../domain/footprint.js";
import { liveFootprints } from "../domain/holds.js";
import type { StaySpan } from "../domain/referral-rules.js";
import type { Booking } from "../schemas/bookings.js";
import type { Referral } from "../schemas/referrals.js";
import { tableName } from "./client.js";
import { effectiveArrival, effectiveDeparture } from "./items.js";
import { keys } from "./keys.js";
import { type FootprintItem, getBed, queryFootprints } from "./premises-store.js";
import type { TransactItem } from "./transact.js";

type Item = Record<string, unknown>;

/** The domain view of a stored footprint. */
export function toFootprint(item: FootprintItem): Footprint {
  const fp: Footprint = {
    kind: item.kind,
    bedId: item.bedId,
    startDate: item.startDate,
    lastNight: item.lastNight,
  };
  if (item.kind === "stay") {
    fp.bookingId = item.bookingId;
    fp.departureDate = item.departureDate;
    // Items written before bufferDays was stored hold their whole intended buffer.
    fp.bufferDays =
      typeof item.bufferDays === "number"
        ? item.bufferDays
        : Math.max(0, daysBetween(item.departureDate!, item.lastNight) + 1);
  } else if (item.kind === "hold") {
    fp.holdId = item.holdId as string;
    fp.forReferralId = item.forReferralId as string;
    fp.holdUntil = item.holdUntil as string;
  } else {
    fp.outOfServiceId = item.outOfServiceId;
  }
  return fp;
}

export interface BedCalendar {
  premisesId: string;
  bedId: string;
  calendarVersion: number;
  /** Set when the bed is archived: no stay may occupy a night on or after it. */
  archivedFrom?: CalendarDate;
  from: CalendarDate;
  to: CalendarDate;
  items: FootprintItem[];
  footprints: Footprint[];
  /** Every footprint of the premises the same Query returned (all beds): the risk mix reads these. */
  premisesItems: FootprintItem[];
}

/**
 * The bed's lock version and its footprints around the nights a write touches, wide enough
 * to see every buffer the write can clip or free. One GetItem and one window Query:
 * the cost does not depend on how much history the premises has.
 */
export async function loadBedCalendar(
  premisesId: string,
  bedId: string,
  firstNight: CalendarDate,
  lastNight: CalendarDate,
): Promise<BedCalendar | undefined> {
  const bed = await getBed(premisesId, bedId);
  if (!bed) return undefined;
  const calendar = await loadBedCalendarAt(premisesId, bedId, bed.calendarVersion, firstNight, lastNight);
  return bed.archivedFrom ? { ...calendar, archivedFrom: bed.archivedFrom } : calendar;
}

/**
 * The bed's footprints around a stay, for a calendar version the caller has ALREADY read
 * with a strongly consistent read. The order matters: the version must be read before the
 * footprints, so a write committed in between bumps the version and fails our condition.
 */
export async function loadBedCalendarAt(
  premisesId: string,
  bedId: string,
  calendarVersion: number,
  firstNight: CalendarDate,
  lastNight: CalendarDate,
): Promise<BedCalendar> {
  const from = addDays(firstNight, -LAYOUT_MARGIN_DAYS);
  const to = addDays(lastNight, LAYOUT_MARGIN_DAYS);
  const premisesItems = await queryFootprints(premisesId, from, to);
  const items = premisesItems.filter((f) => f.bedId === bedId);
  return {
    premisesId,
    bedId,
    calendarVersion,
    from,
    to,
    items,
    // An expired hold binds nobody: left out here, so the next write on the bed also deletes it.
    footprints: liveFootprints(items.map(toFootprint), nowIso()),
    premisesItems,
  };
}

/** The stay footprint fields copied from the booking, so occupancy views need no booking reads. */
export const stayDetails = (b: Booking) => ({
  crn: b.person.crn,
  riskOfSeriousHarm: b.riskOfSeriousHarm,
  // For the risk mix of later bed searches: counted from footprints, never per-night reads.
  mappaLevel: b.mappaLevel ?? null,
  noticeType: b.noticeType,
  status: b.status,
  referralId: b.referralId,
});

/**
 * The booking's copy on its stay footprint refreshed in place (risk, MAPPA level, notice,
 * status), for a change that leaves the stay's nights alone: a PATCH of the referral's risk.
 * The footprint's key follows from the booking (its last night is the last buffer night, or
 * the night before the departure), so the booking's own version condition in the same
 * transaction guarantees the key is current; the condition here refuses to create one.
 */
export function stayDetailsUpdate(b: Booking): TransactItem {
  const lastNight = addDays(maxDate(effectiveDeparture(b), effectiveArrival(b)), b.bufferNights - 1);
  const details = stayDetails(b);
  const names = Object.keys(details);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.stayFootprint(b.premisesId, lastNight, b.bedId, b.bookingId),
      UpdateExpression: `SET ${names.map((_n, i) => `#f${i} = :f${i}`).join(", ")}`,
      ConditionExpression: "attribute_exists(PK) AND bookingId = :booking",
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
      ExpressionAttributeValues: {
        ":booking": b.bookingId,
        ...Object.fromEntries(names.map((n, i) => [`:f${i}`, details[n as keyof typeof details]])),
      },
    },
  };
}

function footprintItem(premisesId: string, fp: Footprint, carry: Item): FootprintItem {
  const key =
    fp.kind === "stay"
      ? keys.stayFootprint(premisesId, fp.lastNight, fp.bedId, fp.bookingId!)
      : fp.kind === "hold"
        ? keys.holdFootprint(premisesId, fp.lastNight, fp.bedId, fp.holdId!)
        : keys.outOfServiceFootprint(premisesId, fp.lastNight, fp.bedId, fp.outOfServiceId!);
  return {
    ...carry,
    ...key,
    type: "footprint",
    kind: fp.kind,
    premisesId,
    bedId: fp.bedId,
    startDate: fp.startDate,
    lastNight: fp.lastNight,
    ...(fp.kind === "stay"
      ? { departureDate: fp.departureDate, bookingId: fp.bookingId, bufferDays: fp.bufferDays }
      : fp.kind === "hold"
        ? holdAttributes(fp)
        : { outOfServiceId: fp.outOfServiceId }),
  } as FootprintItem;
}

/**
 * A hold's own fields, with its place on the sparse expiry index (GSI2 `HOLDS`, by
 * `holdUntil`) that the nightly job queries instead of scanning for expired holds.
 */
export const holdAttributes = (fp: Footprint) => ({
  holdId: fp.holdId,
  forReferralId: fp.forReferralId,
  holdUntil: fp.holdUntil,
  GSI2PK: HOLDS_INDEX_PK,
  GSI2SK: `${fp.holdUntil}#${fp.holdId}`,
});
export const HOLDS_INDEX_PK = "HOLDS";

export interface CalendarChange {
  items: TransactItem[];
  /** Neighbouring stays whose effective buffer changed (clipped or grown back). */
  neighbours: { bookingId: string; bufferNights: number }[];
}

/**
 * The writes that turn the stored footprints into `after`: changed footprints are deleted
 * and put again (the last night is in the sort key). `primary` is the booking (or out-of-service period) the caller
 * writes in full; its footprint carries `primaryDetails`, other stays keep their fields and
 * get their booking's `bufferNights` updated.
 */
export function calendarWrites(
  calendar: BedCalendar,
  after: readonly Footprint[],
  primary?: { bookingId: string; details: Item } | { outOfServiceId: string; details: Item },
): CalendarChange {
  const primaryId = primary
    ? "bookingId" in primary
      ? `STAY#${primary.bookingId}`
      : `OOS#${primary.outOfServiceId}`
    : undefined;
  const primaryBookingId = primary && "bookingId" in primary ? primary.bookingId : undefined;
  const table = tableName();
  const before = new Map(calendar.items.map((i) => [footprintId(toFootprint(i)), i]));
  const items: TransactItem[] = [];
  const neighbours: CalendarChange["neighbours"] = [];
  const seen = new Set<string>();
  for (const fp of after) {
    const id = footprintId(fp);
    seen.add(id);
    const old = before.get(id);
    const isPrimary = primaryId !== undefined && id === primaryId;
    const unchanged =
      old &&
      !isPrimary &&
      old.startDate === fp.startDate &&
      old.lastNight === fp.lastNight &&
      old.departureDate === fp.departureDate;
    if (unchanged) continue;
    const next = footprintItem(calendar.premisesId, fp, {
      ...(old ?? {}),
      ...(isPrimary ? primary!.details : {}),
    });
    if (old && old.SK !== next.SK)
      items.push({ Delete: { TableName: table, Key: { PK: old.PK, SK: old.SK } } });
    items.push({ Put: { TableName: table, Item: next } });
    if (fp.kind === "stay" && !isPrimary && old && old.lastNight !== fp.lastNight) {
      neighbours.push({ bookingId: fp.bookingId!, bufferNights: bufferNightsOf(fp) });
    }
  }
  for (const [id, old] of before) {
    if (seen.has(id)) continue;
    items.push({ Delete: { TableName: table, Key: { PK: old.PK, SK: old.SK } } });
    // A neighbour clipped to nothing (a departed stay whose whole buffer was overridden) keeps
    // its booking but no longer holds any night: its booking must say so too.
    if (old.kind === "stay" && old.bookingId && old.bookingId !== primaryBookingId) {
      neighbours.push({ bookingId: old.bookingId, bufferNights: 0 });
    }
  }
  for (const n of neighbours) {
    items.push({
      Update: {
        TableName: table,
        Key: keys.booking(n.bookingId),
        UpdateExpression: "SET bufferNights = :n, version = version + :one",
        ConditionExpression: "attribute_exists(PK)",
        ExpressionAttributeValues: { ":n": n.bufferNights, ":one": 1 },
      },
    });
  }
  return { items, neighbours };
}

/** The person-partition copy of one referral: the shared shape the overlap rules read. */
export type PersonPlacement = StaySpan;

/** Serialises placements of one person: two CRU officers cannot place one person twice at once. */
export function personVersionCondition(crn: string, version: number | undefined): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.person(crn),
      UpdateExpression: "SET version = if_not_exists(version, :zero) + :one, #type = :type, crn = :crn",
      ConditionExpression: version === undefined ? "attribute_not_exists(version)" : "version = :v",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: {
        ":zero": 0,
        ":one": 1,
        ":type": "person",
        ":crn": crn,
        ...(version === undefined ? {} : { ":v": version }),
      },
    },
  };
}

/** The person-partition copy of a referral's placement, for the one-AP-at-a-time rule. */
export function personPlacementUpdate(referral: Referral, status: string, booking?: Booking): TransactItem {
  const dates = booking
    ? {
        ":a": effectiveArrival(booking),
        ":d": maxDate(effectiveDeparture(booking), effectiveArrival(booking)),
      }
    : { ":a": referral.expectedArrivalDate, ":d": referral.expectedDepartureDate };
  return {
    Update: {
      TableName: tableName(),
      Key: keys.personReferral(referral.person.crn, referral.referralId),
      UpdateExpression:
        "SET #type = :type, referralId = :r, #status = :s, arrivalDate = :a, departureDate = :d, premisesId = :p, bookingId = :b",
      ExpressionAttributeNames: { "#type": "type", "#status": "status" },
      ExpressionAttributeValues: {
        ":type": "person-referral",
        ":r": referral.referralId,
        ":s": status,
        ":p": booking?.premisesId ?? null,
        ":b": booking?.bookingId ?? null,
        ...dates,
      },
    },
  };
}
