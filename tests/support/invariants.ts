import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, maxDate } from "../../shared/domain/dates.js";
import { bufferNightsOf, type Footprint, footprintId, segmentsOf } from "../../shared/domain/footprint.js";
import type { Booking } from "../../shared/schemas/bookings.js";
import type { Referral } from "../../shared/schemas/referrals.js";
import { alertItem } from "../../shared/store/alerts-store.js";
import { toFootprint } from "../../shared/store/allocation-store.js";
import { stayReductionItem } from "../../shared/store/bookings-store.js";
import {
  ACTIVE_STAY_STATUSES,
  bookingItem,
  effectiveArrival,
  effectiveDeparture,
  referralItem,
  stripKeys,
} from "../../shared/store/items.js";
import { keys } from "../../shared/store/keys.js";
import type { FootprintItem } from "../../shared/store/premises-store.js";

/**
 * The auditor of the reliability suite: reads every item of a table and checks the
 * promises the stores make to each other. It Scans on purpose: it is a test-only
 * auditor, never a product path, and it must see what no index would show it.
 */

export type Item = Record<string, unknown>;

export interface InvariantCheck {
  name: string;
  /** How many things were looked at (nights, bookings, items…), so a pass is not vacuous. */
  checked: number;
  violations: string[];
}

export interface InvariantReport {
  items: number;
  checks: InvariantCheck[];
  violations: string[];
}

/** Referral status → the booking statuses its placed booking may have. */
const BOOKING_STATUS_FOR_REFERRAL: Record<string, readonly string[]> = {
  allocated: ["booked", "non-arrival"],
  arrived: ["arrived"],
  departed: ["departed"],
  // A withdrawn referral that had been allocated keeps its (cancelled) booking.
  withdrawn: ["cancelled", "non-arrival"],
};

/** Statuses the overlap rules treat as still placing or wanting to place the person. */
const OPEN_COPY_STATUSES = new Set(["submitted", "allocated", "arrived"]);

const GSI_ATTRS = ["GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK", "GSI4PK", "GSI4SK"] as const;

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function check(name: string): InvariantCheck {
  return { name, checked: 0, violations: [] };
}

/** Index and key attributes an item has, next to what the item builder would derive from its record. */
function keyMismatches(stored: Item, expected: Item): string[] {
  const out: string[] = [];
  for (const attr of ["PK", "SK", ...GSI_ATTRS]) {
    if (stored[attr] !== expected[attr]) {
      out.push(`${attr} is ${JSON.stringify(stored[attr])}, expected ${JSON.stringify(expected[attr])}`);
    }
  }
  return out;
}

/**
 * Every invariant over a full set of items. Pure, so the unit tests can corrupt a table
 * in memory and see each check fail.
 */
export function checkInvariants(items: readonly Item[]): InvariantReport {
  const byKey = new Map<string, Item>();
  for (const i of items) byKey.set(`${i.PK}|${i.SK}`, i);
  const has = (k: { PK: string; SK: string }) => byKey.has(`${k.PK}|${k.SK}`);

  const footprints = items.filter((i) => i.type === "footprint") as unknown as FootprintItem[];
  const stayFootprints = footprints.filter((f) => f.kind === "stay");
  const bookings = items.filter((i) => i.type === "booking").map((i) => stripKeys(i) as unknown as Booking);
  const bookingById = new Map(bookings.map((b) => [b.bookingId, b]));
  const referrals = items
    .filter((i) => i.type === "referral")
    .map((i) => stripKeys(i) as unknown as Referral);
  const referralById = new Map(referrals.map((r) => [r.referralId, r]));

  // (1) No night of a bed is held by two footprints.
  const nights = check("no bed-night holds two footprints");
  const perBed = new Map<string, FootprintItem[]>();
  for (const f of footprints) {
    const bed = `${f.premisesId}/${f.bedId}`;
    perBed.set(bed, [...(perBed.get(bed) ?? []), f]);
    const pk = String(f.PK);
    if (pk !== `PREMISES#${f.premisesId}`) nights.violations.push(`footprint ${f.SK} lives in ${pk}`);
    if (!has(keys.bed(f.premisesId, f.bedId)))
      nights.violations.push(`footprint ${f.SK} is on unknown bed ${bed}`);
  }
  for (const [bed, onBed] of perBed) {
    const held = new Map<string, string>();
    for (const item of onBed) {
      const fp: Footprint = toFootprint(item);
      if (fp.lastNight < fp.startDate) nights.violations.push(`${bed}: ${footprintId(fp)} holds no night`);
      for (const seg of segmentsOf(fp)) {
        for (let d = seg.startDate; d <= seg.endDate; d = addDays(d, 1)) {
          nights.checked++;
          const other = held.get(d);
          if (other) nights.violations.push(`${bed} night ${d}: held by ${other} and ${footprintId(fp)}`);
          else held.set(d, footprintId(fp));
        }
      }
    }
  }

  // (2) Footprints (the lock's data) agree with bookings, both ways.
  const stays = check("stay footprints agree with bookings");
  const footprintsOf = new Map<string, FootprintItem[]>();
  for (const f of stayFootprints) {
    const id = String(f.bookingId);
    footprintsOf.set(id, [...(footprintsOf.get(id) ?? []), f]);
    const expectedSk = keys.stayFootprint(f.premisesId, f.lastNight, f.bedId, id).SK;
    if (f.SK !== expectedSk) stays.violations.push(`footprint ${f.SK}: sort key should be ${expectedSk}`);
    const b = bookingById.get(id);
    if (!b) {
      stays.violations.push(`footprint ${f.SK} belongs to no booking`);
    } else if (!["booked", "arrived", "departed"].includes(b.status)) {
      stays.violations.push(`footprint ${f.SK} belongs to ${b.status} booking ${id}`);
    }
  }
  for (const b of bookings) {
    stays.checked++;
    const mine = footprintsOf.get(b.bookingId) ?? [];
    const where = `booking ${b.bookingId} (${b.status})`;
    if (mine.length > 1) stays.violations.push(`${where} has ${mine.length} footprints`);
    const f = mine[0];
    if (b.status === "cancelled" || b.status === "non-arrival") {
      if (f) stays.violations.push(`${where} still holds footprint ${f.SK}`);
      if (b.bufferNights !== 0)
        stays.violations.push(`${where} still counts ${b.bufferNights} buffer nights`);
      continue;
    }
    const arrival = effectiveArrival(b);
    const departure = effectiveDeparture(b);
    if (!f) {
      // A departure recorded on the arrival day with no buffer holds no night, so has no item.
      const holdsNothing = b.status === "departed" && departure <= arrival && b.bufferNights === 0;
      if (!holdsNothing)
        stays.violations.push(
          `${where} has no footprint (nights ${arrival}…${departure}, buffer ${b.bufferNights})`,
        );
      continue;
    }
    const fp = toFootprint(f);
    const mismatch = (field: string, got: unknown, want: unknown) => {
      if (got !== want) stays.violations.push(`${where}: footprint ${field} is ${got}, booking says ${want}`);
    };
    mismatch("premisesId", f.premisesId, b.premisesId);
    mismatch("bedId", f.bedId, b.bedId);
    mismatch("startDate", f.startDate, arrival);
    mismatch("departureDate", f.departureDate, departure);
    mismatch("buffer nights", bufferNightsOf(fp), b.bufferNights);
    mismatch("lastNight", f.lastNight, addDays(maxDate(departure, arrival), b.bufferNights - 1));
    mismatch("status", (f as Item).status, b.status);
    if (b.bufferNights > b.bufferDays || b.bufferNights < 0) {
      stays.violations.push(`${where}: ${b.bufferNights} buffer nights with bufferDays ${b.bufferDays}`);
    }
    if (b.status === "departed" && b.actualDepartureDate === undefined) {
      stays.violations.push(`${where}: departed without an actual departure date`);
    }
  }

  // (3) Referral status agrees with its booking; person-partition copies agree with the referral.
  const placement = check("referral status matches its booking; person copies match referrals");
  const liveBookingsOf = new Map<string, Booking[]>();
  for (const b of bookings) {
    if (!referralById.has(b.referralId)) {
      placement.violations.push(`booking ${b.bookingId} names unknown referral ${b.referralId}`);
    }
    // A stay transferred away is replaced by the booking it names; only the replacement is live.
    if ((b.status === "booked" || b.status === "arrived" || b.status === "departed") && !b.transfer) {
      liveBookingsOf.set(b.referralId, [...(liveBookingsOf.get(b.referralId) ?? []), b]);
    }
  }
  const copies = items.filter((i) => i.type === "person-referral");
  const copiesOf = new Map<string, Item[]>();
  for (const c of copies) {
    const id = String(c.referralId ?? String(c.SK).replace(/^REFERRAL#/, ""));
    copiesOf.set(id, [...(copiesOf.get(id) ?? []), c]);
  }
  for (const r of referrals) {
    placement.checked++;
    const where = `referral ${r.referralId} (${r.status})`;
    const live = liveBookingsOf.get(r.referralId) ?? [];
    if (live.length > 1) {
      placement.violations.push(`${where} has ${live.length} live bookings: ${live.map((b) => b.bookingId)}`);
    }
    const booking = r.placement ? bookingById.get(r.placement.bookingId) : undefined;
    const allowed = BOOKING_STATUS_FOR_REFERRAL[r.status];
    if (r.status === "submitted") {
      if (r.placement) placement.violations.push(`${where} still has a placement`);
      if (live.length > 0) placement.violations.push(`${where} has live booking ${live[0]!.bookingId}`);
    } else if (allowed) {
      if (!r.placement) {
        if (r.status !== "withdrawn") placement.violations.push(`${where} has no placement`);
      } else if (!booking) {
        placement.violations.push(`${where}: placed booking ${r.placement.bookingId} does not exist`);
      } else {
        if (!allowed.includes(booking.status)) {
          placement.violations.push(`${where}: its booking ${booking.bookingId} is ${booking.status}`);
        }
        if (booking.referralId !== r.referralId) {
          placement.violations.push(
            `${where}: booking ${booking.bookingId} names referral ${booking.referralId}`,
          );
        }
        if (booking.premisesId !== r.placement.premisesId || booking.bedId !== r.placement.bedId) {
          placement.violations.push(
            `${where}: placed in ${r.placement.premisesId}/${r.placement.bedId}, booking in ${booking.premisesId}/${booking.bedId}`,
          );
        }
        if (
          ACTIVE_STAY_STATUSES.has(booking.status) &&
          (r.placement.arrivalDate !== effectiveArrival(booking) ||
            r.placement.departureDate !== effectiveDeparture(booking))
        ) {
          placement.violations.push(
            `${where}: placement ${r.placement.arrivalDate}–${r.placement.departureDate}, booking ${effectiveArrival(booking)}–${effectiveDeparture(booking)}`,
          );
        }
      }
      if (r.status === "withdrawn" && live.length > 0) {
        placement.violations.push(`${where} still has live booking ${live[0]!.bookingId}`);
      }
    }

    // The copy the overlap rules read: what it says must be what the referral and booking say.
    const mine = copiesOf.get(r.referralId) ?? [];
    if (mine.length !== 1) {
      placement.violations.push(`${where} has ${mine.length} person copies`);
      continue;
    }
    const copy = mine[0]!;
    if (copy.PK !== keys.person(r.person.crn).PK) {
      placement.violations.push(`${where}: person copy is under ${copy.PK}, not PERSON#${r.person.crn}`);
    }
    if (!has(keys.person(r.person.crn)))
      placement.violations.push(`${where}: no person item for ${r.person.crn}`);
    const expectedStatus =
      booking?.status === "non-arrival" && r.status === "allocated" ? "non-arrival" : r.status;
    if (copy.status !== expectedStatus) {
      placement.violations.push(`${where}: person copy says ${copy.status}, expected ${expectedStatus}`);
    } else if (OPEN_COPY_STATUSES.has(expectedStatus)) {
      const span =
        booking && r.status !== "submitted"
          ? {
              arrivalDate: effectiveArrival(booking),
              departureDate: maxDate(effectiveDeparture(booking), effectiveArrival(booking)),
            }
          : { arrivalDate: r.expectedArrivalDate, departureDate: r.expectedDepartureDate };
      if (copy.arrivalDate !== span.arrivalDate || copy.departureDate !== span.departureDate) {
        placement.violations.push(
          `${where}: person copy ${copy.arrivalDate}–${copy.departureDate}, expected ${span.arrivalDate}–${span.departureDate}`,
        );
      }
    }
  }
  for (const [id, list] of copiesOf) {
    if (!referralById.has(id))
      placement.violations.push(`person copy ${list[0]!.PK}/${list[0]!.SK} names no referral`);
  }

  // (4) Every audit event's entity exists.
  const audit = check("every audit event's entity exists");
  const oosIds = new Set(
    footprints.filter((f) => f.kind === "out-of-service").map((f) => String(f.outOfServiceId)),
  );
  const heads: Record<string, string> = {
    BOOKING: "#BOOKING",
    REFERRAL: "#REFERRAL",
    "STAY-REDUCTION": "#STAY-REDUCTION",
    ALERT: "#ALERT",
    PREMISES: "#PREMISES",
    "OUT-OF-SERVICE": "#OUT-OF-SERVICE",
  };
  for (const a of items.filter((i) => i.type === "audit")) {
    audit.checked++;
    const id = String(a.entityId);
    const where = `audit ${a.PK}/${a.SK} (${a.action} on ${a.entityType} ${id})`;
    let exists: boolean;
    switch (a.entityType) {
      case "premises":
        exists = has(keys.premises(id));
        break;
      case "bed": {
        const [p, b] = id.split("/");
        exists = p !== undefined && b !== undefined && has(keys.bed(p, b));
        break;
      }
      case "out-of-service":
        // A period has its own record; one written before records existed has only its footprint.
        exists = has(keys.outOfService(id)) || oosIds.has(id);
        break;
      case "referral":
        exists = has(keys.referral(id));
        break;
      case "booking":
        exists = has(keys.booking(id));
        break;
      case "stay-reduction":
        exists = has(keys.stayReduction(id));
        break;
      case "alert":
        exists = has(keys.alert(id));
        break;
      default:
        exists = false;
    }
    if (!exists) audit.violations.push(`${where}: entity does not exist`);
    const [prefix] = String(a.PK).split("#");
    const head = prefix ? heads[prefix] : undefined;
    if (!head || !byKey.has(`${a.PK}|${head}`))
      audit.violations.push(`${where}: its partition has no ${head ?? "owner"}`);
    if (!str(a.actor) || !str(a.action) || !str(a.at))
      audit.violations.push(`${where}: missing who/what/when`);
  }

  // (4b) An active out-of-service record holds exactly its nights as one footprint; a cancelled one none.
  const periods = check("an out-of-service record and its footprint agree");
  for (const r of items.filter((i) => i.type === "out-of-service")) {
    periods.checked++;
    const own = footprints.filter(
      (f) => f.kind === "out-of-service" && f.outOfServiceId === r.outOfServiceId,
    );
    const where = `out-of-service ${r.outOfServiceId}`;
    if (r.status === "cancelled") {
      if (own.length > 0) periods.violations.push(`${where} is cancelled but still holds nights`);
    } else if (
      own.length !== 1 ||
      own[0]!.startDate !== r.startDate ||
      own[0]!.lastNight !== r.endDate ||
      own[0]!.bedId !== r.bedId
    ) {
      periods.violations.push(
        `${where} (${r.startDate}…${r.endDate}) has ${own.map((f) => `${f.startDate}…${f.lastNight}`).join(", ") || "no footprint"}`,
      );
    }
  }

  // (5) Index keys are what the shared item builders derive from the record.
  const indexes = check("index keys equal what the item builders compute");
  const builders: Record<string, (record: Item) => Item> = {
    referral: (r) => referralItem(r as unknown as Referral),
    booking: (b) => bookingItem(b as unknown as Booking),
    "stay-reduction": (s) => stayReductionItem(s as never),
    alert: (a) => alertItem(a as never),
  };
  for (const i of items) {
    const build = builders[String(i.type)];
    if (!build) continue;
    indexes.checked++;
    const problems = keyMismatches(i, build(stripKeys(i)));
    if (problems.length > 0) indexes.violations.push(`${i.type} ${i.PK}: ${problems.join("; ")}`);
    if (typeof i.version !== "number" || i.version < 1)
      indexes.violations.push(`${i.type} ${i.PK}: version ${i.version}`);
  }

  // (6) Holds: each is kept for a referral that exists, sits on the expiry index under its
  // own expiry, and is keyed by its last night like every footprint.
  const holds = check("holds name a referral and are on the expiry index");
  for (const f of footprints.filter((f) => f.kind === "hold")) {
    holds.checked++;
    const where = `hold ${f.SK}`;
    const holdId = str(f.holdId);
    const forReferralId = str(f.forReferralId);
    if (!holdId || !forReferralId || !str(f.holdUntil)) {
      holds.violations.push(`${where}: missing holdId, forReferralId or holdUntil`);
      continue;
    }
    if (!referralById.has(forReferralId))
      holds.violations.push(`${where}: names unknown referral ${forReferralId}`);
    const expectedSk = keys.holdFootprint(f.premisesId, f.lastNight, f.bedId, holdId).SK;
    if (f.SK !== expectedSk) holds.violations.push(`${where}: sort key should be ${expectedSk}`);
    if (f.GSI2PK !== "HOLDS" || f.GSI2SK !== `${f.holdUntil}#${holdId}`)
      holds.violations.push(`${where}: expiry index keys ${f.GSI2PK}/${f.GSI2SK}`);
  }

  // (7) Transfers: the two bookings point at each other, the first departed to another AP on
  // the day the second arrived, and the referral is placed in the second.
  const transfers = check("transferred stays chain to the booking that replaced them");
  for (const b of bookings) {
    const to = b.transfer?.toBookingId;
    if (!to) continue;
    transfers.checked++;
    const where = `transferred booking ${b.bookingId}`;
    const next = bookingById.get(to);
    if (!next) {
      transfers.violations.push(`${where}: replacement ${to} does not exist`);
      continue;
    }
    if (next.transferredFrom?.bookingId !== b.bookingId)
      transfers.violations.push(`${where}: ${to} does not name it as transferredFrom`);
    if (b.status !== "departed" || b.departure?.moveOnCategory !== "another-ap")
      transfers.violations.push(`${where}: is ${b.status}, move-on ${b.departure?.moveOnCategory}`);
    if (effectiveDeparture(b) !== effectiveArrival(next))
      transfers.violations.push(
        `${where}: departed ${effectiveDeparture(b)}, next arrived ${effectiveArrival(next)}`,
      );
    if (next.referralId !== b.referralId)
      transfers.violations.push(`${where}: ${to} is for another referral`);
  }

  const checks = [nights, stays, placement, audit, indexes, holds, transfers];
  return {
    items: items.length,
    checks,
    violations: checks.flatMap((c) => c.violations.map((v) => `[${c.name}] ${v}`)),
  };
}

/** Every item of the table, strongly consistent. */
export async function readTable(ddb: DynamoDBDocumentClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await ddb.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** One line per check with what it looked at. */
export function describeReport(report: InvariantReport): string {
  return [
    `${report.items} items`,
    ...report.checks.map(
      (c) =>
        `${c.violations.length === 0 ? "PASS" : "FAIL"} ${c.name} (${c.checked} checked, ${c.violations.length} violations)`,
    ),
  ].join("\n");
}

/** Reads the table and throws an Error listing every violation (the first 50) when any check fails. */
export async function assertInvariants(
  ddb: DynamoDBDocumentClient,
  tableName: string,
): Promise<InvariantReport> {
  const report = checkInvariants(await readTable(ddb, tableName));
  if (report.violations.length > 0) {
    const shown = report.violations.slice(0, 50);
    throw new Error(
      `${report.violations.length} invariant violations:\n  ${shown.join("\n  ")}${report.violations.length > shown.length ? "\n  …" : ""}\n${describeReport(report)}`,
    );
  }
  return report;
}
