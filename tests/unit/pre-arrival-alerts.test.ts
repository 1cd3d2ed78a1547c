import { describe, expect, it } from "vitest";
import type { StandingAlert } from "../../shared/domain/alert-rules.js";
import { newPlan, updateItem } from "../../shared/domain/pre-arrival.js";
import {
  type PreArrivalFacts,
  planPreArrivalNight,
  preArrivalAlertDue,
  preArrivalResolution,
} from "../../shared/domain/pre-arrival-alerts.js";

const AT = "2026-12-01T10:00:00.000Z";
const facts = (over: Partial<PreArrivalFacts> = {}): PreArrivalFacts => ({
  bookingId: "b1",
  premisesId: "p1",
  crn: "X123456",
  status: "booked",
  arrivalDate: "2027-01-31",
  plan: newPlan({ arrivalDate: "2027-01-31", noticeType: "standard", startDate: "2026-12-01" }, AT),
  ...over,
});
const standing = (alertId: string): StandingAlert => ({
  alertId,
  kind: "pre-arrival-overdue",
  status: "open",
  threshold: "overdue",
  dueDate: "2027-01-31",
  bookingId: "b1",
  version: 1,
});

describe("pre-arrival-overdue", () => {
  it("is due once an item is past its date and names the overdue items", () => {
    expect(preArrivalAlertDue(facts(), "2027-01-17")).toBeUndefined();
    const due = preArrivalAlertDue(facts(), "2027-01-22");
    expect(due).toMatchObject({
      kind: "pre-arrival-overdue",
      premisesId: "p1",
      bookingId: "b1",
      dueDate: "2027-01-31",
      daysLeft: 9,
    });
    expect(due?.items).toEqual(["licence-conditions", "risk-information"]);
  });

  it("the same overdue items on the next night give the same id (no second alert); a new item gives a new one", () => {
    const a = preArrivalAlertDue(facts(), "2027-01-22")!;
    expect(preArrivalAlertDue(facts(), "2027-01-23")!.alertId).toBe(a.alertId);
    expect(preArrivalAlertDue(facts(), "2027-01-25")!.alertId).not.toBe(a.alertId);
  });

  it("an emergency or a stay no longer booked raises none", () => {
    const emergency = facts({
      plan: newPlan({ arrivalDate: "2026-12-05", noticeType: "emergency", startDate: "2026-12-01" }, AT),
      arrivalDate: "2026-12-05",
    });
    expect(preArrivalAlertDue(emergency, "2026-12-20")).toBeUndefined();
    expect(preArrivalAlertDue(facts({ status: "arrived" }), "2027-02-01")).toBeUndefined();
  });

  it("resolves when the items are done, when the person arrives, and when superseded", () => {
    const a = preArrivalAlertDue(facts(), "2027-01-18")!;
    expect(preArrivalResolution(a, facts(), "2027-01-18")).toBeUndefined();
    const r = updateItem(facts().plan, "risk-information", { status: "done" }, "sam", AT);
    if (!r.ok) throw new Error("update");
    expect(preArrivalResolution(a, facts({ plan: r.plan }), "2027-01-19")).toBe(
      "overdue pre-arrival items done",
    );
    expect(preArrivalResolution(a, facts({ status: "arrived" }), "2027-01-19")).toBe("resident arrived");
    expect(preArrivalResolution(a, facts(), "2027-01-22")).toMatch(/^superseded/);
    expect(preArrivalResolution(a, undefined, "2027-01-22")).toBe("booking no longer exists");
  });

  it("plans one raise per booking and skips what already stands", () => {
    const f = facts();
    const first = planPreArrivalNight({
      night: "2027-01-22",
      due: [f],
      standing: [],
      subjects: new Map([["b1", f]]),
    });
    expect(first.raise).toHaveLength(1);
    const again = planPreArrivalNight({
      night: "2027-01-23",
      due: [f],
      standing: [standing(first.raise[0]!.alertId)],
      subjects: new Map([["b1", f]]),
    });
    expect(again).toEqual({ raise: [], resolve: [] });
  });
});
