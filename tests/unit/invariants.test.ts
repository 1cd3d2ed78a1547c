import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates.js";
import type { Booking } from "../../shared/schemas/bookings.js";
import type { Referral } from "../../shared/schemas/referrals.js";
import { auditItem } from "../../shared/store/audit.js";
import { bookingItem, referralItem } from "../../shared/store/items.js";
import { keys } from "../../shared/store/keys.js";
import { checkInvariants, type Item } from "../support/invariants.js";

process.env.TABLE_NAME = "unit";
const AT = "2026-11-23T10:00:00.000Z";

/** A small, consistent table built with the same item builders the stores use. */
function world(opts: { stays?: { arrival: string; departure: string; buffer: number }[] } = {}) {
  const stays = opts.stays ?? [{ arrival: "2026-12-01", departure: "2026-12-10", buffer: 2 }];
  const items: Item[] = [
    { ...keys.premises("p1"), type: "premises", premisesId: "p1", bufferDays: 2, version: 1 },
    { ...keys.bed("p1", "b1"), type: "bed", bedId: "b1", calendarVersion: stays.length + 1 },
    auditItem(keys.premises("p1").PK, {
      actor: "admin",
      action: "premises.created",
      entityType: "premises",
      entityId: "p1",
    }),
  ];
  stays.forEach((s, n) => {
    const referralId = `r${n}`;
    const bookingId = `bk${n}`;
    const crn = `X${String(100000 + n)}`;
    const referral: Referral = {
      referralId,
      status: "allocated",
      person: { crn, name: `P ${n}`, dateOfBirth: "1990-01-01", gender: "male" },
      riskOfSeriousHarm: "medium",
      releaseType: "licence",
      earlyRelease: false,
      expectedArrivalDate: s.arrival,
      expectedDepartureDate: s.departure,
      area: "london",
      preferredPremisesIds: [],
      requiredCharacteristics: [],
      homelessIfNotPlaced: false,
      noticeType: "standard",
      noticeDays: 30,
      submittedAt: AT,
      submittedBy: "cru",
      placement: {
        premisesId: "p1",
        bedId: "b1",
        bookingId,
        arrivalDate: s.arrival,
        departureDate: s.departure,
        allocatedAt: AT,
        allocatedBy: "cru",
      },
      version: 2,
      updatedAt: AT,
    };
    const booking: Booking = {
      bookingId,
      referralId,
      premisesId: "p1",
      bedId: "b1",
      status: "booked",
      person: { crn, name: `P ${n}`, gender: "male" },
      riskOfSeriousHarm: "medium",
      releaseType: "licence",
      noticeType: "standard",
      arrivalDate: s.arrival,
      departureDate: s.departure,
      bufferDays: 2,
      bufferNights: s.buffer,
      moveOn: { status: "not-started" },
      version: 1,
      createdAt: AT,
      createdBy: "cru",
      updatedAt: AT,
    };
    const lastNight = addDays(s.departure, s.buffer - 1);
    items.push(
      referralItem(referral),
      bookingItem(booking),
      {
        ...keys.stayFootprint("p1", lastNight, "b1", bookingId),
        type: "footprint",
        kind: "stay",
        premisesId: "p1",
        bedId: "b1",
        startDate: s.arrival,
        departureDate: s.departure,
        lastNight,
        bookingId,
        bufferDays: 2,
        status: "booked",
      },
      { ...keys.person(crn), type: "person", crn, version: 1 },
      {
        ...keys.personReferral(crn, referralId),
        type: "person-referral",
        referralId,
        status: "allocated",
        arrivalDate: s.arrival,
        departureDate: s.departure,
      },
      auditItem(keys.referral(referralId).PK, {
        actor: "cru",
        action: "referral.allocated",
        entityType: "referral",
        entityId: referralId,
      }),
      auditItem(keys.booking(bookingId).PK, {
        actor: "cru",
        action: "booking.allocated",
        entityType: "booking",
        entityId: bookingId,
      }),
    );
  });
  return items;
}

const find = (items: Item[], pred: (i: Item) => boolean) => {
  const found = items.find(pred);
  if (!found) throw new Error("fixture item not found");
  return found;
};
const failing = (items: Item[]) =>
  checkInvariants(items)
    .checks.filter((c) => c.violations.length > 0)
    .map((c) => c.name);

describe("invariant checker", () => {
  it("passes a consistent table and says how much it looked at", () => {
    const report = checkInvariants(
      world({
        stays: [
          { arrival: "2026-12-01", departure: "2026-12-10", buffer: 2 },
          { arrival: "2026-12-12", departure: "2026-12-20", buffer: 2 },
        ],
      }),
    );
    expect(report.violations).toEqual([]);
    const nights = report.checks.find((c) => c.name.startsWith("no bed-night"))!;
    expect(nights.checked).toBe(9 + 2 + 8 + 2);
    // Holds and transfers are absent from this world; their own tests below exercise them.
    const present = report.checks.filter((c) => !/^holds|^transferred/.test(c.name));
    expect(present.every((c) => c.checked > 0)).toBe(true);
  });

  it("passes a hold for a known referral on the expiry index, and finds one for an unknown referral", () => {
    const hold = (forReferralId: string, holdId: string) => ({
      ...keys.holdFootprint("p1", "2026-12-25", "b1", holdId),
      type: "footprint",
      kind: "hold",
      premisesId: "p1",
      bedId: "b1",
      startDate: "2026-12-22",
      lastNight: "2026-12-25",
      holdId,
      forReferralId,
      holdUntil: "2026-11-25T10:00:00.000Z",
      GSI2PK: "HOLDS",
      GSI2SK: `2026-11-25T10:00:00.000Z#${holdId}`,
    });
    const ok = checkInvariants([...world(), hold("r0", "h1")]);
    expect(ok.violations).toEqual([]);
    expect(ok.checks.find((c) => c.name.startsWith("holds"))!.checked).toBe(1);
    const bad = [...world(), { ...hold("nobody", "h2"), GSI2SK: "stale" }];
    expect(failing(bad)).toEqual(["holds name a referral and are on the expiry index"]);
    // A hold on a night a stay holds is a double-held night like any other.
    const clash = [...world(), { ...hold("r0", "h3"), startDate: "2026-12-09" }];
    expect(failing(clash)).toContain("no bed-night holds two footprints");
  });

  it("finds a transferred stay whose replacement booking does not exist", () => {
    const items = world();
    const b = find(items, (i) => i.type === "booking");
    b.transfer = {
      toBookingId: "gone",
      premisesId: "p2",
      bedId: "b1",
      date: "2026-12-05",
      reason: "x",
      emergency: false,
    };
    expect(failing(items)).toContain("transferred stays chain to the booking that replaced them");
  });

  it("finds two stays sharing a night", () => {
    const items = world({
      stays: [
        { arrival: "2026-12-01", departure: "2026-12-10", buffer: 2 },
        { arrival: "2026-12-11", departure: "2026-12-20", buffer: 2 },
      ],
    });
    const report = checkInvariants(items);
    expect(report.violations.some((v) => v.includes("night 2026-12-11: held by STAY#bk0 and STAY#bk1"))).toBe(
      true,
    );
  });

  it("finds a booked stay whose footprint was lost (a partial write)", () => {
    const items = world().filter((i) => i.type !== "footprint");
    expect(failing(items)).toEqual(["stay footprints agree with bookings"]);
    expect(checkInvariants(items).violations[0]).toContain("booking bk0 (booked) has no footprint");
  });

  it("finds a footprint left behind by a cancelled booking", () => {
    const items = world();
    Object.assign(
      find(items, (i) => i.type === "booking"),
      { status: "cancelled", bufferNights: 0 },
    );
    const v = checkInvariants(items).violations.join("\n");
    expect(v).toContain("belongs to cancelled booking bk0");
    expect(v).toContain("booking bk0 (cancelled) still holds footprint");
    // The referral still says allocated while its booking is cancelled.
    expect(v).toContain("referral r0 (allocated): its booking bk0 is cancelled");
  });

  it("finds a footprint whose dates disagree with an extended booking", () => {
    const items = world();
    const b = find(items, (i) => i.type === "booking");
    const extended = bookingItem({ ...(b as unknown as Booking), departureDate: "2026-12-15" });
    items.splice(items.indexOf(b), 1, extended);
    const v = checkInvariants(items).violations.join("\n");
    expect(v).toContain("footprint departureDate is 2026-12-10, booking says 2026-12-15");
  });

  it("finds a person copy that no longer agrees with its referral", () => {
    const items = world();
    Object.assign(
      find(items, (i) => i.type === "person-referral"),
      { status: "cancelled" },
    );
    expect(failing(items)).toEqual(["referral status matches its booking; person copies match referrals"]);
  });

  it("finds an audit event whose entity never committed", () => {
    const items = world();
    items.push(
      auditItem(keys.booking("ghost").PK, {
        actor: "cru",
        action: "booking.allocated",
        entityType: "booking",
        entityId: "ghost",
      }),
    );
    const v = checkInvariants(items).violations;
    expect(v.some((x) => x.includes("on booking ghost): entity does not exist"))).toBe(true);
  });

  it("finds stale index keys on a referral and a booking", () => {
    const items = world();
    Object.assign(
      find(items, (i) => i.type === "referral"),
      { status: "arrived" },
    );
    Object.assign(
      find(items, (i) => i.type === "booking"),
      { GSI2PK: undefined },
    );
    const v = checkInvariants(items).violations.filter((x) => x.startsWith("[index keys"));
    expect(v.some((x) => x.includes('GSI1SK is "allocated#'))).toBe(true);
    expect(v.some((x) => x.includes('GSI2PK is undefined, expected "ACTIVE-STAYS"'))).toBe(true);
  });

  it("night check agrees with a brute-force count for any two stays on one bed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 2 }),
        (a1, len1, a2, len2, buffer) => {
          const base = "2027-01-01";
          const s1 = { arrival: addDays(base, a1), departure: addDays(base, a1 + len1), buffer };
          const s2 = { arrival: addDays(base, a2), departure: addDays(base, a2 + len2), buffer };
          const nightsOf = (s: typeof s1) => {
            const held = (Date.parse(s.departure) - Date.parse(s.arrival)) / 86_400_000 + s.buffer;
            return new Set(Array.from({ length: held }, (_, k) => addDays(s.arrival, k)));
          };
          const n1 = nightsOf(s1);
          const shared = [...nightsOf(s2)].filter((d) => n1.has(d)).length;
          const report = checkInvariants(world({ stays: [s1, s2] }));
          const nightViolations = report.checks[0]!.violations.length;
          expect(nightViolations).toBe(shared);
        },
      ),
      { numRuns: 200 },
    );
  });
});
