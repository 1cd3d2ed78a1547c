import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  alertIdOf,
  DEPARTURE_LADDER,
  type DueAlert,
  dueThreshold,
  planNight,
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

describe("thresholds", () => {
  it.each([
    [29, undefined],
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
  ])("%i days before departure is threshold %s", (daysLeft, expected) => {
    expect(dueThreshold(DEPARTURE_LADDER, daysLeft, true)).toBe(expected);
  });

  it("release ladder is 7 then 2 and has no overdue step", () => {
    expect(dueThreshold([7, 2], 8, false)).toBeUndefined();
    expect(dueThreshold([7, 2], 7, false)).toBe(7);
    expect(dueThreshold([7, 2], 2, false)).toBe(2);
    expect(dueThreshold([7, 2], -1, false)).toBeUndefined();
  });

  it.each([
    ["month end", "2026-01-31", "2026-02-28", 28, 28],
    ["year end", "2026-12-18", "2027-01-01", 14, 14],
    ["leap day as departure", "2028-02-01", "2028-02-29", 28, 28],
    ["leap day as the night", "2028-02-29", "2028-03-07", 7, 7],
    ["across leap day", "2028-02-27", "2028-03-01", 3, 7],
    ["into BST (29 Mar 2026)", "2026-03-28", "2026-03-30", 2, 2],
    ["into GMT (25 Oct 2026)", "2026-10-24", "2026-10-26", 2, 2],
    ["overdue across BST", "2026-03-30", "2026-03-29", -1, "overdue"],
  ])("counts days across %s", (_label, night, departure, daysLeft, threshold) => {
    const [due] = stayAlertsDue(stay({ departureDate: departure }), night);
    expect(due).toMatchObject({ kind: "departure-without-move-on", daysLeft, threshold, dueDate: departure });
  });

  it("the 02:00 run's night is the London date, also when UTC is still yesterday", () => {
    expect(londonDateOf(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(londonDateOf(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
    expect(londonDateOf(new Date("2026-03-29T01:00:00Z"))).toBe("2026-03-29");
  });
});

describe("which stays and referrals are due", () => {
  const night = "2026-11-23";

  it("raises departure without move-on unless confirmed with an address available by departure", () => {
    expect(stayAlertsDue(stay({ departureDate: addDays(night, 29) }), night)).toEqual([]);
    expect(
      stayAlertsDue(stay({ moveOn: { status: "confirmed", availableFrom: "2026-12-21" } }), night),
    ).toEqual([]);
    const late = stayAlertsDue(stay({ moveOn: { status: "confirmed", availableFrom: "2026-12-22" } }), night);
    expect(late.map((a) => a.kind)).toEqual(["departure-without-move-on"]);
    expect(stayAlertsDue(stay({ status: "departed" }), night)).toEqual([]);
    expect(stayAlertsDue(stay({ status: "booked" }), night)).toHaveLength(1);
  });

  it("raises a licence gap when HDC or licence runs past departure, within 28 days, not when overdue", () => {
    const hdc = stayAlertsDue(stay({ hdcEndDate: "2027-04-21" }), night);
    expect(hdc.map((a) => [a.kind, a.threshold])).toEqual([
      ["departure-without-move-on", 28],
      ["licence-gap", 28],
    ]);
    expect(stayAlertsDue(stay({ licenceEndDate: "2026-12-21" }), night).map((a) => a.kind)).not.toContain(
      "licence-gap",
    );
    expect(stayAlertsDue(stay({ licenceEndDate: "2026-12-22" }), night).map((a) => a.kind)).toContain(
      "licence-gap",
    );
    const overdue = stayAlertsDue(stay({ departureDate: "2026-11-20", hdcEndDate: "2027-01-01" }), night);
    expect(overdue.map((a) => [a.kind, a.threshold])).toEqual([["departure-without-move-on", "overdue"]]);
  });

  it("raises release without accommodation only for submitted, homeless-if-not-placed referrals at 7 and 2 days", () => {
    expect(referralAlertsDue(referral({ expectedArrivalDate: "2026-11-30" }), night)[0]?.threshold).toBe(7);
    expect(referralAlertsDue(referral({ expectedArrivalDate: "2026-11-25" }), night)[0]?.threshold).toBe(2);
    expect(referralAlertsDue(referral({ expectedArrivalDate: "2026-12-01" }), night)).toEqual([]);
    expect(referralAlertsDue(referral({ homelessIfNotPlaced: false }), night)).toEqual([]);
    expect(referralAlertsDue(referral({ status: "allocated" }), night)).toEqual([]);
    expect(referralAlertsDue(referral(), night)[0]?.premisesId).toBeUndefined();
  });

  it("ids are deterministic, and an extension (new due date) or a new overdue night gives a new id", () => {
    const a = alertIdOf("departure-without-move-on", "bk1", "2026-12-21", "7");
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(alertIdOf("departure-without-move-on", "bk1", "2026-12-21", "7")).toBe(a);
    expect(alertIdOf("departure-without-move-on", "bk1", "2026-12-28", "7")).not.toBe(a);
    expect(alertIdOf("licence-gap", "bk1", "2026-12-21", "7")).not.toBe(a);
    const d1 = stayAlertsDue(stay({ departureDate: "2026-11-20" }), "2026-11-23")[0]!;
    const d2 = stayAlertsDue(stay({ departureDate: "2026-11-20" }), "2026-11-24")[0]!;
    expect(d1.alertId).not.toBe(d2.alertId);
  });
});

describe("resolution", () => {
  const night = "2026-11-23";
  const standing = (due: DueAlert, status: StandingAlert["status"] = "open"): StandingAlert => ({
    alertId: due.alertId,
    kind: due.kind,
    status,
    threshold: due.threshold,
    dueDate: due.dueDate,
    bookingId: due.bookingId,
    referralId: due.referralId,
    version: 1,
  });
  const raised = stayAlertsDue(stay({ hdcEndDate: "2027-06-01" }), night);
  const dep = standing(raised[0]!);
  const gap = standing(raised[1]!);

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

  it("resolves a licence gap when the licence no longer outlasts the stay, keeps it while it does", () => {
    const fixed = stay({ hdcEndDate: "2026-12-01" });
    expect(resolutionReason(gap, fixed, stayAlertsDue(fixed, night))).toBe(
      "licence and HDC end no longer after departure",
    );
    const still = stay({ hdcEndDate: "2027-06-01" });
    expect(resolutionReason(gap, still, stayAlertsDue(still, night))).toBeUndefined();
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
});

/**
 * A model of the job over a timeline: a store of alerts keyed by id with put-if-absent,
 * runs on an arbitrary subset of nights, an optional extension and an optional confirmed
 * move-on part-way through.
 */
describe("nightly timeline (property)", () => {
  const start = "2026-01-20";
  const arb = fc.record({
    departIn: fc.integer({ min: 0, max: 50 }),
    extendAt: fc.option(
      fc.record({ night: fc.integer({ min: 0, max: 60 }), by: fc.integer({ min: 1, max: 40 }) }),
    ),
    confirmAt: fc.option(fc.integer({ min: 0, max: 70 })),
    hdc: fc.boolean(),
    runs: fc.array(fc.boolean(), { minLength: 75, maxLength: 75 }),
    startShift: fc.integer({ min: 0, max: 900 }),
  });

  it("raises each (subject, kind, threshold) at most once, the most urgent due one on every run night, and catches up after missed nights", () => {
    fc.assert(
      fc.property(arb, (t) => {
        const first = addDays(start, t.startShift);
        let departure = addDays(first, t.departIn);
        let moveOn: StayFacts["moveOn"] = { status: "in-progress" };
        const store = new Map<string, StandingAlert & { night: string }>();
        const raisedKeys: string[] = [];
        for (let i = 0; i < t.runs.length; i++) {
          const night = addDays(first, i);
          if (t.extendAt && t.extendAt.night === i) departure = addDays(departure, t.extendAt.by);
          if (t.confirmAt === i) moveOn = { status: "confirmed", availableFrom: departure };
          if (!t.runs[i]) continue;
          const s = stay({
            departureDate: departure,
            moveOn,
            hdcEndDate: t.hdc ? addDays(departure, 120) : undefined,
          });
          const inWindow = s.departureDate <= addDays(night, STAY_LOOKAHEAD_DAYS);
          const standingNow = [...store.values()].filter((a) => a.status !== "resolved");
          const plan = planNight({
            night,
            stays: inWindow ? [s] : [],
            referrals: [],
            standing: standingNow,
            subjects: new Map([[s.bookingId, s]]),
          });
          for (const { alert } of plan.resolve) store.get(alert.alertId)!.status = "resolved";
          const perKind = new Map<string, number>();
          for (const due of plan.raise) {
            if (store.has(due.alertId)) continue; // attribute_not_exists
            store.set(due.alertId, { ...due, status: "open", version: 1, night });
            raisedKeys.push(
              `${due.kind}|${due.dueDate}|${due.threshold === "overdue" ? `overdue-${night}` : due.threshold}`,
            );
            perKind.set(due.kind, (perKind.get(due.kind) ?? 0) + 1);
          }
          // Never a flood: one alert per kind per night, whatever was missed.
          for (const n of perKind.values()) expect(n).toBe(1);
          // Every due case is raised by the night it is due (missed thresholds are caught up
          // at the current, most urgent one).
          for (const due of stayAlertsDue(s, night)) expect(store.has(due.alertId)).toBe(true);
          // At most one standing alert per kind: older thresholds were superseded.
          const standingAfter = [...store.values()].filter((a) => a.status !== "resolved");
          expect(new Set(standingAfter.map((a) => a.kind)).size).toBe(standingAfter.length);
          // Once move-on is secured nothing stands.
          if (moveOn.status === "confirmed" && moveOn.availableFrom! <= departure)
            expect(standingAfter).toEqual([]);
        }
        expect(new Set(raisedKeys).size).toBe(raisedKeys.length);
      }),
      { numRuns: 300 },
    );
  });

  it("a second run on the same night raises and resolves nothing", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 40 }), fc.boolean(), (daysLeft, hdc) => {
        const night = "2028-02-29";
        const s = stay({
          departureDate: addDays(night, daysLeft),
          hdcEndDate: hdc ? "2029-01-01" : undefined,
        });
        const subjects = new Map([[s.bookingId, s]]);
        const first = planNight({ night, stays: [s], referrals: [], standing: [], subjects });
        const standing = first.raise.map((d) => ({ ...d, status: "open" as const, version: 1 }));
        const again = planNight({ night, stays: [s], referrals: [], standing, subjects });
        return again.raise.length === 0 && again.resolve.length === 0;
      }),
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
