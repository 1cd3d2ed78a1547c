import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  alertIdOf,
  DEADLINE_KINDS,
  DEPARTURE_LADDER,
  type DueAlert,
  dueThreshold,
  licenceGapCause,
  moveOnSecured,
  placementAlertsDue,
  planNight,
  RELEASE_LADDER,
  RELEASE_LOOKAHEAD_DAYS,
  type ReferralFacts,
  referralAlertsDue,
  resolutionReason,
  STAY_LOOKAHEAD_DAYS,
  type StandingAlert,
  type StayFacts,
  stayAlertsDue,
} from "../../shared/domain/alert-rules.js";
import { addDays, londonDateOf } from "../../shared/domain/dates.js";
import { byUrgency, onBoard } from "../../shared/domain/move-on-board.js";

const stay = (over: Partial<StayFacts> = {}): StayFacts => ({
  bookingId: "bk1",
  premisesId: "p1",
  crn: "X123456",
  status: "arrived",
  departureDate: "2026-12-21",
  moveOn: { status: "in-progress" },
  ...over,
});

const referral = (over: Partial<ReferralFacts> = {}): ReferralFacts => ({
  referralId: "rf1",
  crn: "X654321",
  status: "submitted",
  homelessIfNotPlaced: true,
  expectedArrivalDate: "2026-11-30",
  ...over,
});

const standing = (due: DueAlert, status: StandingAlert["status"] = "open"): StandingAlert => ({
  alertId: due.alertId,
  kind: due.kind,
  status,
  threshold: due.threshold,
  dueDate: due.dueDate,
  dueAt: due.dueAt,
  bookingId: due.bookingId,
  referralId: due.referralId,
  version: 1,
});

describe("thresholds", () => {
  it.each([
    [57, undefined],
    [56, 56],
    [29, 56],
    [28, 28],
    [15, 28],
    [14, 14],
    [8, 14],
    [7, 7],
    [3, 7],
    [2, 2],
    [0, 2],
    [-1, "overdue"],
    [-40, "overdue"],
  ])("%i days before the due date is threshold %s", (daysLeft, expected) => {
    expect(dueThreshold(DEPARTURE_LADDER, daysLeft, true)).toBe(expected);
    expect(dueThreshold(RELEASE_LADDER, daysLeft, true)).toBe(expected);
  });

  it("both ladders start at the Duty to Refer window of 56 days", () => {
    expect(DEPARTURE_LADDER).toEqual([56, 28, 14, 7, 2]);
    expect(RELEASE_LADDER).toEqual([56, 28, 14, 7, 2]);
    expect(STAY_LOOKAHEAD_DAYS).toBe(56);
    expect(RELEASE_LOOKAHEAD_DAYS).toBe(56);
  });

  it.each([
    ["month end", "2026-01-31", "2026-02-28", 28, 28],
    ["year end", "2026-12-18", "2027-01-01", 14, 14],
    ["leap day as departure", "2028-02-01", "2028-02-29", 28, 28],
    ["leap day as the night", "2028-02-29", "2028-03-07", 7, 7],
    ["across leap day", "2028-02-27", "2028-03-01", 3, 7],
    ["into BST (29 Mar 2026)", "2026-03-28", "2026-03-30", 2, 2],
    ["into GMT (25 Oct 2026)", "2026-10-24", "2026-10-26", 2, 2],
    ["56 days across the change to GMT", "2026-09-01", "2026-10-27", 56, 56],
    ["56 days across the change to BST", "2026-02-01", "2026-03-29", 56, 56],
    ["overdue across BST", "2026-03-30", "2026-03-29", -1, "overdue"],
  ])("counts days across %s", (_label, night, departure, daysLeft, threshold) => {
    const [due] = stayAlertsDue(stay({ departureDate: departure }), night);
    expect(due).toMatchObject({ kind: "departure-without-move-on", daysLeft, threshold, dueDate: departure });
    const [release] = referralAlertsDue(referral({ expectedArrivalDate: departure }), night);
    expect(release).toMatchObject({ kind: "release-without-accommodation", daysLeft, threshold });
  });

  it("the 02:00 run's night is the London date, also when UTC is still yesterday", () => {
    expect(londonDateOf(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(londonDateOf(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
    expect(londonDateOf(new Date("2026-03-29T01:00:00Z"))).toBe("2026-03-29");
  });
});

describe("which stays and referrals are due", () => {
  const night = "2026-11-23";

  it("raises departure without move-on from 56 days unless confirmed with an address available by departure", () => {
    expect(stayAlertsDue(stay({ departureDate: addDays(night, 57) }), night)).toEqual([]);
    expect(stayAlertsDue(stay({ departureDate: addDays(night, 56) }), night)[0]?.threshold).toBe(56);
    expect(
      stayAlertsDue(stay({ moveOn: { status: "confirmed", availableFrom: "2026-12-21" } }), night),
    ).toEqual([]);
    const late = stayAlertsDue(stay({ moveOn: { status: "confirmed", availableFrom: "2026-12-22" } }), night);
    expect(late.map((a) => a.kind)).toEqual(["departure-without-move-on"]);
    expect(stayAlertsDue(stay({ status: "departed" }), night)).toEqual([]);
    // Booked, arrival still ahead: the departure ladder applies.
    expect(stayAlertsDue(stay({ status: "booked", arrivalDate: "2026-11-24" }), night)).toHaveLength(1);
  });

  it("short notice starts at the most urgent threshold reached, on the first night", () => {
    expect(
      referralAlertsDue(referral({ expectedArrivalDate: addDays(night, 10) }), night)[0]?.threshold,
    ).toBe(14);
    expect(referralAlertsDue(referral({ expectedArrivalDate: addDays(night, 1) }), night)[0]?.threshold).toBe(
      2,
    );
    expect(stayAlertsDue(stay({ departureDate: addDays(night, 20) }), night)[0]?.threshold).toBe(28);
  });

  it("raises release without accommodation only for submitted, homeless-if-not-placed referrals, then overdue once", () => {
    expect(referralAlertsDue(referral({ expectedArrivalDate: "2027-01-18" }), night)[0]?.threshold).toBe(56);
    expect(referralAlertsDue(referral({ expectedArrivalDate: "2027-01-19" }), night)).toEqual([]);
    expect(referralAlertsDue(referral({ expectedArrivalDate: "2026-11-30" }), night)[0]?.threshold).toBe(7);
    expect(referralAlertsDue(referral({ expectedArrivalDate: "2026-11-25" }), night)[0]?.threshold).toBe(2);
    expect(referralAlertsDue(referral({ homelessIfNotPlaced: false }), night)).toEqual([]);
    expect(referralAlertsDue(referral({ status: "allocated" }), night)).toEqual([]);
    expect(referralAlertsDue(referral(), night)[0]?.premisesId).toBeUndefined();
    const overdue1 = referralAlertsDue(referral({ expectedArrivalDate: "2026-11-20" }), night)[0]!;
    const overdue2 = referralAlertsDue(referral({ expectedArrivalDate: "2026-11-20" }), "2026-11-30")[0]!;
    expect(overdue1.threshold).toBe("overdue");
    expect(overdue2.alertId).toBe(overdue1.alertId);
  });

  it("ids are deterministic; an extension (new due date) gives a new id; overdue is one id, not one a night", () => {
    const a = alertIdOf("departure-without-move-on", "bk1", "2026-12-21", "7");
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(alertIdOf("departure-without-move-on", "bk1", "2026-12-21", "7")).toBe(a);
    expect(alertIdOf("departure-without-move-on", "bk1", "2026-12-28", "7")).not.toBe(a);
    expect(alertIdOf("licence-gap", "bk1", "2026-12-21", "7")).not.toBe(a);
    const d1 = stayAlertsDue(stay({ departureDate: "2026-11-20" }), "2026-11-23")[0]!;
    const d2 = stayAlertsDue(stay({ departureDate: "2026-11-20" }), "2026-11-24")[0]!;
    expect(d1.threshold).toBe("overdue");
    expect(d2.alertId).toBe(d1.alertId);
  });
});

describe("arrival overdue", () => {
  const booked = (over: Partial<StayFacts> = {}) =>
    stay({ status: "booked", arrivalDate: "2026-11-22", departureDate: "2026-12-10", ...over });

  it("is raised the night after the arrival day, to the premises, and replaces every departure alert", () => {
    expect(stayAlertsDue(booked(), "2026-11-22").map((a) => a.kind)).toEqual(["departure-without-move-on"]);
    const [due, ...rest] = stayAlertsDue(booked({ hdcEndDate: "2027-06-01" }), "2026-11-23");
    expect(rest).toEqual([]);
    expect(due).toMatchObject({
      kind: "arrival-overdue",
      threshold: "overdue",
      daysLeft: -1,
      dueDate: "2026-11-22",
      premisesId: "p1",
      bookingId: "bk1",
    });
    expect(due!.detail).not.toMatch(/John|Smith/);
    // Even with the departure itself overdue, one arrival-overdue alert and nothing else.
    expect(stayAlertsDue(booked({ departureDate: "2026-11-25" }), "2026-12-01").map((a) => a.kind)).toEqual([
      "arrival-overdue",
    ]);
  });

  it("is one alert, the same on every later night", () => {
    const ids = ["2026-11-23", "2026-11-24", "2026-12-05"].map((n) => stayAlertsDue(booked(), n)[0]!.alertId);
    expect(new Set(ids).size).toBe(1);
  });

  it.each([
    ["arrived", { status: "arrived" as const }, "arrival recorded"],
    ["non-arrival", { status: "non-arrival" as const }, "non-arrival recorded"],
    ["cancelled", { status: "cancelled" as const }, "booking cancelled"],
  ])("is resolved by %s", (_l, change, reason) => {
    const [raised] = stayAlertsDue(booked(), "2026-11-23");
    const current = booked(change);
    expect(resolutionReason(standing(raised!), current, stayAlertsDue(current, "2026-11-24"))).toBe(reason);
  });

  it("resolves a standing departure alert of the stay as superseded", () => {
    const [dep] = stayAlertsDue(booked(), "2026-11-22");
    const s = booked();
    expect(resolutionReason(standing(dep!), s, stayAlertsDue(s, "2026-11-23"))).toBe(
      "superseded by the arrival-overdue alert",
    );
  });
});

describe("licence gap", () => {
  const night = "2026-11-23";
  const confirmed = (moveOn: Partial<NonNullable<StayFacts["moveOn"]>> = {}, over: Partial<StayFacts> = {}) =>
    stay({
      hdcEndDate: "2027-04-21",
      moveOn: { status: "confirmed", category: "private-rented", availableFrom: "2026-12-21", ...moveOn },
      ...over,
    });

  it.each([
    ["B&B / temporary", { category: "temporary-accommodation" }, /temporary-accommodation cannot hold/],
    ["no fixed abode", { category: "no-fixed-abode" }, /no-fixed-abode cannot hold/],
    ["address ends before HDC", { availableUntil: "2027-02-01" }, /available only until 2027-02-01/],
  ])("is raised for a confirmed move-on that does not cover the HDC: %s", (_l, moveOn, detail) => {
    const due = stayAlertsDue(confirmed(moveOn), night);
    expect(due.map((a) => [a.kind, a.threshold])).toEqual([["licence-gap", 28]]);
    expect(due[0]!.detail).toMatch(detail);
    expect(due[0]!.detail).toMatch(/HDC ends 2027-04-21/);
  });

  it("counts the licence end too, and the later of the two", () => {
    const s = confirmed({ availableUntil: "2027-05-01" }, { licenceEndDate: "2027-09-01" });
    expect(stayAlertsDue(s, night).map((a) => a.kind)).toEqual(["licence-gap"]);
    const covered = confirmed({ availableUntil: "2027-09-01" }, { licenceEndDate: "2027-09-01" });
    expect(stayAlertsDue(covered, night)).toEqual([]);
  });

  it("is not raised when the move-on covers the period, or when nothing runs past the departure", () => {
    expect(stayAlertsDue(confirmed(), night)).toEqual([]);
    expect(stayAlertsDue(confirmed({ availableUntil: "2027-04-21" }), night)).toEqual([]);
    expect(
      stayAlertsDue(confirmed({ category: "temporary-accommodation" }, { hdcEndDate: "2026-12-21" }), night),
    ).toEqual([]);
    expect(
      stayAlertsDue(confirmed({ category: "temporary-accommodation" }, { hdcEndDate: undefined }), night),
    ).toEqual([]);
  });

  it("follows the departure ladder from 56 days, then overdue once", () => {
    const s = confirmed({ category: "temporary-accommodation" });
    expect(stayAlertsDue(s, addDays(s.departureDate, -57))).toEqual([]);
    expect(stayAlertsDue(s, addDays(s.departureDate, -56))[0]?.threshold).toBe(56);
    const o1 = stayAlertsDue(s, addDays(s.departureDate, 1))[0]!;
    const o2 = stayAlertsDue(s, addDays(s.departureDate, 5))[0]!;
    expect(o1.threshold).toBe("overdue");
    expect(o2.alertId).toBe(o1.alertId);
  });

  it("is never raised with departure without move-on: unconfirmed move-on gets one departure alert that names the licence", () => {
    const [only, ...rest] = stayAlertsDue(
      stay({ hdcEndDate: "2027-04-21", licenceEndDate: "2027-08-01" }),
      night,
    );
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ kind: "departure-without-move-on", threshold: 28 });
    expect(only!.detail).toBe(
      "HDC ends 2027-04-21, licence ends 2027-08-01: the licence or HDC outlasts the stay, and move-on is not confirmed",
    );
    // Confirmed, but from after the departure: still not secured, so still the departure alert alone.
    const late = stayAlertsDue(
      confirmed({ category: "temporary-accommodation", availableFrom: "2026-12-30" }),
      night,
    );
    expect(late.map((a) => a.kind)).toEqual(["departure-without-move-on"]);
    expect(stayAlertsDue(stay(), night)[0]!.detail).toBeUndefined();
  });

  it("is resolved when the move-on covers the period or is no longer confirmed", () => {
    const gap = standing(stayAlertsDue(confirmed({ availableUntil: "2027-02-01" }), night)[0]!);
    const covered = confirmed({ availableUntil: "2027-06-01" });
    expect(resolutionReason(gap, covered, stayAlertsDue(covered, night))).toBe(
      "move-on covers the licence and HDC period",
    );
    const unconfirmed = stay({ hdcEndDate: "2027-04-21" });
    expect(resolutionReason(gap, unconfirmed, stayAlertsDue(unconfirmed, night))).toBe(
      "move-on no longer confirmed",
    );
    const shorter = confirmed({ availableUntil: "2027-02-01" }, { hdcEndDate: "2026-12-01" });
    expect(resolutionReason(gap, shorter, stayAlertsDue(shorter, night))).toBe(
      "licence and HDC end no longer after departure",
    );
    const still = confirmed({ availableUntil: "2027-02-01" });
    expect(resolutionReason(gap, still, stayAlertsDue(still, night))).toBeUndefined();
  });
});

describe("placement overdue", () => {
  const deadline = "2026-11-24T23:59:59.999Z";
  const r = (over: Partial<ReferralFacts> = {}) =>
    referral({ area: "london", placementDeadline: deadline, homelessIfNotPlaced: false, ...over });

  it("is raised once the deadline has passed for a submitted referral, to its CRU area", () => {
    expect(placementAlertsDue(r(), new Date(deadline))).toEqual([]);
    const [due] = placementAlertsDue(r(), new Date("2026-11-25T00:00:00Z"));
    expect(due).toMatchObject({
      kind: "placement-overdue",
      threshold: "overdue",
      area: "london",
      dueAt: deadline,
      dueDate: "2026-11-24",
      daysLeft: -1,
      referralId: "rf1",
    });
    expect(due!.premisesId).toBeUndefined();
    const later = placementAlertsDue(r(), new Date("2026-11-27T10:00:00Z"))[0]!;
    expect(later.alertId).toBe(due!.alertId);
    expect(placementAlertsDue(r({ status: "allocated" }), new Date("2026-11-27T10:00:00Z"))).toEqual([]);
    expect(placementAlertsDue(r({ placementDeadline: undefined }), new Date("2026-11-27T10:00:00Z"))).toEqual(
      [],
    );
  });

  it("is checked only when the run gives an instant", () => {
    expect(referralAlertsDue(r(), "2026-11-26")).toEqual([]);
    expect(referralAlertsDue(r(), "2026-11-26", new Date("2026-11-26T02:00:00Z")).map((a) => a.kind)).toEqual(
      ["placement-overdue"],
    );
  });

  it("is resolved by placement or withdrawal, and by a new deadline when the referral is back in the queue", () => {
    const asOf = new Date("2026-11-25T10:00:00Z");
    const alert = standing(placementAlertsDue(r(), asOf)[0]!);
    expect(resolutionReason(alert, r({ status: "allocated" }), [])).toBe("referral allocated");
    expect(resolutionReason(alert, r({ status: "withdrawn" }), [])).toBe("referral withdrawn");
    const requeued = r({ placementDeadline: "2026-12-09T23:59:59.999Z" });
    expect(resolutionReason(alert, requeued, referralAlertsDue(requeued, "2026-11-25", asOf))).toBe(
      "placement deadline changed to 2026-12-09T23:59:59.999Z",
    );
    expect(resolutionReason(alert, r(), referralAlertsDue(r(), "2026-11-25", asOf))).toBeUndefined();
    expect(resolutionReason(alert, undefined, [])).toBe("referral no longer exists");
  });

  it("the deadlines-only run raises and resolves placement alerts and nothing else", () => {
    const asOf = new Date("2026-11-25T10:00:00Z");
    const homeless = r({ homelessIfNotPlaced: true, expectedArrivalDate: "2026-11-26" });
    const release = standing(referralAlertsDue(homeless, "2026-11-20")[0]!);
    const plan = planNight({
      night: "2026-11-25",
      asOf,
      kinds: DEADLINE_KINDS,
      stays: [],
      referrals: [homeless],
      standing: [release],
      subjects: new Map([[homeless.referralId, { ...homeless, status: "allocated" as const }]]),
    });
    expect(plan.raise.map((d) => d.kind)).toEqual(["placement-overdue"]);
    expect(plan.resolve).toEqual([]);
  });
});

describe("resolution", () => {
  const night = "2026-11-23";
  const raised = stayAlertsDue(stay({ hdcEndDate: "2027-06-01" }), night);
  const dep = standing(raised[0]!);

  it.each([
    ["departed", stay({ status: "departed" }), "resident departed"],
    ["cancelled", stay({ status: "cancelled" }), "booking cancelled"],
    ["extended", stay({ departureDate: "2027-02-01" }), "expected departure changed to 2027-02-01"],
    [
      "move-on confirmed",
      stay({ moveOn: { status: "confirmed", availableFrom: "2026-12-01" } }),
      "move-on confirmed",
    ],
    ["gone", undefined, "booking no longer exists"],
  ])("resolves a departure alert when %s", (_l, current, reason) => {
    expect(resolutionReason(dep, current, current ? stayAlertsDue(current, night) : [])).toBe(reason);
  });

  it("a more urgent threshold supersedes an open or acknowledged one; a less urgent one never does", () => {
    const s = stay({ departureDate: "2026-12-21" });
    const later = stayAlertsDue(s, "2026-12-08");
    expect(resolutionReason(standing(raised[0]!, "acknowledged"), s, later)).toBe(
      "superseded by the 14-day alert",
    );
    const earlier14 = standing(later[0]!);
    expect(resolutionReason(earlier14, s, stayAlertsDue(s, night))).toBeUndefined();
  });

  it("an overdue alert stands, open or acknowledged, night after night", () => {
    const s = stay({ departureDate: "2026-11-20" });
    const overdue = standing(stayAlertsDue(s, night)[0]!, "acknowledged");
    expect(resolutionReason(overdue, s, stayAlertsDue(s, "2026-12-20"))).toBeUndefined();
  });

  it("resolves release alerts when the referral is allocated, withdrawn or no longer homeless", () => {
    const r = referralAlertsDue(referral(), night)[0]!;
    const st = standing(r);
    expect(resolutionReason(st, referral({ status: "allocated" }), [])).toBe("referral allocated");
    expect(resolutionReason(st, referral({ status: "withdrawn" }), [])).toBe("referral withdrawn");
    expect(resolutionReason(st, referral({ homelessIfNotPlaced: false }), [])).toBe(
      "no longer homeless if not placed",
    );
    expect(resolutionReason(st, referral(), referralAlertsDue(referral(), night))).toBeUndefined();
  });

  it("leaves alerts of kinds it does not raise (pre-arrival) alone", () => {
    const preArrival: StandingAlert = {
      alertId: "f".repeat(32),
      kind: "pre-arrival-overdue",
      status: "open",
      threshold: "overdue",
      dueDate: "2026-11-30",
      bookingId: "bk-gone",
      version: 1,
    };
    const plan = planNight({ night, stays: [], referrals: [], standing: [preArrival], subjects: new Map() });
    expect(plan.resolve).toEqual([]);
  });
});

/**
 * A model of the job over a timeline: a store of alerts keyed by id with put-if-absent,
 * runs on an arbitrary subset of nights, an optional extension, an optional confirmed
 * move-on part-way through (possibly one that leaves the HDC uncovered), and a booked stay
 * that may arrive late or never.
 */
describe("nightly timeline (property)", () => {
  const start = "2026-01-20";
  const arb = fc.record({
    departIn: fc.integer({ min: 0, max: 80 }),
    extendAt: fc.option(
      fc.record({ night: fc.integer({ min: 0, max: 60 }), by: fc.integer({ min: 1, max: 40 }) }),
    ),
    confirmAt: fc.option(fc.integer({ min: 0, max: 70 })),
    confirmCategory: fc.constantFrom("private-rented", "temporary-accommodation"),
    availableUntilIn: fc.option(fc.integer({ min: 1, max: 200 })),
    hdc: fc.boolean(),
    arrivesAt: fc.option(fc.integer({ min: -10, max: 20 })),
    runs: fc.array(fc.boolean(), { minLength: 95, maxLength: 95 }),
    startShift: fc.integer({ min: 0, max: 900 }),
  });

  it("raises each (subject, kind, threshold) at most once, one alert per stay per night, the most urgent due on every run night, and catches up after missed nights", () => {
    fc.assert(
      fc.property(arb, (t) => {
        const first = addDays(start, t.startShift);
        const arrivalDate = addDays(first, 3);
        let departure = addDays(first, Math.max(4, t.departIn));
        let moveOn: StayFacts["moveOn"] = { status: "in-progress" };
        let status: StayFacts["status"] = "booked";
        const store = new Map<string, StandingAlert & { night: string }>();
        const raisedKeys: string[] = [];
        for (let i = 0; i < t.runs.length; i++) {
          const night = addDays(first, i);
          if (t.extendAt && t.extendAt.night === i) departure = addDays(departure, t.extendAt.by);
          if (t.confirmAt === i)
            moveOn = {
              status: "confirmed",
              category: t.confirmCategory,
              availableFrom: departure,
              ...(t.availableUntilIn !== null
                ? { availableUntil: addDays(departure, t.availableUntilIn) }
                : {}),
            };
          // Arrival recorded during the day (3 + arrivesAt days in), so seen from the next night.
          if (t.arrivesAt !== null && i === 4 + t.arrivesAt && status === "booked") status = "arrived";
          if (!t.runs[i]) continue;
          const s = stay({
            status,
            arrivalDate,
            departureDate: departure,
            moveOn,
            hdcEndDate: t.hdc ? addDays(departure, 120) : undefined,
          });
          const inWindow =
            s.departureDate <= addDays(night, STAY_LOOKAHEAD_DAYS) ||
            (s.status === "booked" && s.arrivalDate! < night);
          const standingNow = [...store.values()].filter((a) => a.status !== "resolved");
          const plan = planNight({
            night,
            stays: inWindow ? [s] : [],
            referrals: [],
            standing: standingNow,
            subjects: new Map([[s.bookingId, s]]),
          });
          for (const { alert } of plan.resolve) store.get(alert.alertId)!.status = "resolved";
          let raisedTonight = 0;
          for (const due of plan.raise) {
            if (store.has(due.alertId)) continue; // attribute_not_exists
            store.set(due.alertId, { ...due, status: "open", version: 1, night });
            raisedKeys.push(`${due.kind}|${due.dueDate}|${due.threshold}`);
            raisedTonight++;
          }
          // Never a flood, never two causes: at most one alert for the stay per night.
          expect(raisedTonight).toBeLessThanOrEqual(1);
          // Every due case is raised by the night it is due.
          for (const due of stayAlertsDue(s, night)) expect(store.has(due.alertId)).toBe(true);
          // At most one standing alert for the stay: older thresholds and other causes resolved.
          const standingAfter = [...store.values()].filter((a) => a.status !== "resolved");
          expect(standingAfter.length).toBeLessThanOrEqual(1);
          // Arrival overdue excludes every departure alert.
          if (s.status === "booked" && arrivalDate < night)
            expect(standingAfter.map((a) => a.kind)).toEqual(["arrival-overdue"]);
          // Once move-on is secured and covers the licence nothing stands.
          if (s.status === "arrived" && moveOnSecured(s) && !licenceGapCause(s))
            expect(standingAfter).toEqual([]);
        }
        // Overdue included: each threshold of each due date is raised once, never once a night.
        expect(new Set(raisedKeys).size).toBe(raisedKeys.length);
      }),
      { numRuns: 120 },
    );
  }, 30_000);

  it("a second run on the same night raises and resolves nothing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 60 }),
        fc.boolean(),
        fc.constantFrom("booked", "arrived"),
        fc.option(fc.constantFrom("private-rented", "temporary-accommodation")),
        (daysLeft, hdc, status, confirmed) => {
          const night = "2028-02-29";
          const departureDate = addDays(night, daysLeft);
          const s = stay({
            status: status as StayFacts["status"],
            arrivalDate: addDays(night, -2),
            departureDate,
            hdcEndDate: hdc ? "2029-01-01" : undefined,
            ...(confirmed
              ? { moveOn: { status: "confirmed", category: confirmed, availableFrom: departureDate } }
              : {}),
          });
          const r = referral({
            expectedArrivalDate: departureDate,
            placementDeadline: "2028-02-20T23:59:59.999Z",
          });
          const subjects = new Map<string, StayFacts | ReferralFacts>([
            [s.bookingId, s],
            [r.referralId, r],
          ]);
          const asOf = new Date("2028-02-29T02:00:00Z");
          const input = { night, asOf, stays: [s], referrals: [r], subjects };
          const first = planNight({ ...input, standing: [] });
          const standingNow = first.raise.map((d) => ({ ...d, status: "open" as const, version: 1 }));
          const again = planNight({ ...input, standing: standingNow });
          return first.raise.length >= 1 && again.raise.length === 0 && again.resolve.length === 0;
        },
      ),
    );
  });
});

describe("move-on board order", () => {
  const today = "2026-11-23";
  it("puts overdue residents first, then fewest days left without secured move-on, secured last", () => {
    const rows = [
      {
        bookingId: "secured-soon",
        status: "arrived",
        departureDate: "2026-11-25",
        moveOn: { status: "confirmed", availableFrom: "2026-11-25" },
      },
      {
        bookingId: "late-address",
        status: "arrived",
        departureDate: "2026-11-30",
        moveOn: { status: "confirmed", availableFrom: "2026-12-05" },
      },
      { bookingId: "far", status: "booked", departureDate: "2027-02-01", moveOn: { status: "not-started" } },
      {
        bookingId: "overdue",
        status: "arrived",
        departureDate: "2026-11-20",
        moveOn: { status: "in-progress" },
      },
      { bookingId: "soon", status: "arrived", departureDate: "2026-11-26", moveOn: { status: "none" } },
      {
        bookingId: "stale-booked",
        status: "booked",
        departureDate: "2026-11-01",
        moveOn: { status: "not-started" },
      },
    ];
    const board = rows.filter((r) => onBoard(r, today)).sort(byUrgency(today));
    expect(board.map((r) => r.bookingId)).toEqual(["overdue", "soon", "late-address", "far", "secured-soon"]);
  });
});
