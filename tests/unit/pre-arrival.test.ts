import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "../../shared/domain/dates.js";
import type { NoticeType } from "../../shared/domain/notice.js";
import {
  derivedPlan,
  dueDateOf,
  LEAD_DAYS,
  newPlan,
  nextDueDate,
  overdueItems,
  readinessFromSummary,
  readinessOf,
  replan,
  scheduleItems,
  summaryOf,
  updateItem,
} from "../../shared/domain/pre-arrival.js";
import { PRE_ARRIVAL_ITEMS } from "../../shared/domain/vocabulary.js";

const AT = "2026-12-01T10:00:00.000Z";
const dateArb = fc.integer({ min: 0, max: 3000 }).map((n) => addDays("2025-01-01", n));
const noticeArb = fc.constantFrom<NoticeType>("emergency", "short-notice", "standard");

describe("pre-arrival due dates", () => {
  it("puts each item its lead time before arrival when the notice allows", () => {
    const s = scheduleItems({
      arrivalDate: "2027-01-31",
      noticeType: "standard",
      startDate: "2026-12-01",
      mappaLevel: 2,
    });
    expect(s.compressed).toBe(false);
    expect(s.noticeDays).toBe(61);
    expect(Object.fromEntries(s.items.map((i) => [i.itemId, i.dueDate]))).toEqual({
      "risk-information": "2027-01-17",
      "licence-conditions": "2027-01-21",
      "mappa-meeting": "2027-01-21",
      "key-worker": "2027-01-24",
      "medication-and-gp": "2027-01-26",
      "induction-planned": "2027-01-28",
      "room-prepared": "2027-01-29",
      "travel-arranged": "2027-01-30",
    });
  });

  it("has the MAPPA meeting only when a MAPPA level is set, and a label for every item", () => {
    const without = scheduleItems({
      arrivalDate: "2027-01-31",
      noticeType: "standard",
      startDate: "2026-12-01",
    });
    expect(without.items.map((i) => i.itemId)).not.toContain("mappa-meeting");
    expect(without.items).toHaveLength(7);
    for (const id of Object.keys(LEAD_DAYS)) expect(PRE_ARRIVAL_ITEMS).toHaveProperty(id);
  });

  it("moves items whose lead time exceeds the notice to arrival day and says compressed", () => {
    // 5 days' notice: risk info (14), licence (10), key worker (7) cannot be met in time.
    const s = scheduleItems({ arrivalDate: "2026-12-06", noticeType: "emergency", startDate: "2026-12-01" });
    const byId = Object.fromEntries(s.items.map((i) => [i.itemId, i]));
    expect(s.compressed).toBe(true);
    expect(byId["risk-information"]).toMatchObject({ dueDate: "2026-12-06", compressed: true });
    expect(byId["key-worker"]).toMatchObject({ dueDate: "2026-12-06", compressed: true });
    expect(byId["medication-and-gp"]).toMatchObject({ dueDate: "2026-12-01", compressed: false });
    expect(byId["travel-arranged"]).toMatchObject({ dueDate: "2026-12-05", compressed: false });
  });

  it("an emergency is compressed even with every lead time met", () => {
    const s = scheduleItems({ arrivalDate: "2027-03-01", noticeType: "emergency", startDate: "2026-12-01" });
    expect(s.items.every((i) => !i.compressed)).toBe(true);
    expect(s.compressed).toBe(true);
  });

  it("property: no due date after arrival, none before the start unless on arrival day; compressed iff a lead time exceeds the notice (or emergency)", () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: -5, max: 60 }),
        noticeArb,
        fc.option(fc.constantFrom(1, 2, 3), { nil: undefined }),
        (start, gap, noticeType, mappaLevel) => {
          const arrivalDate = addDays(start, gap);
          const s = scheduleItems({ arrivalDate, noticeType, startDate: start, mappaLevel });
          for (const i of s.items) {
            expect(i.dueDate <= arrivalDate).toBe(true);
            expect(i.dueDate === arrivalDate || i.dueDate >= start).toBe(true);
            expect(i.compressed).toBe(i.leadDays > s.noticeDays);
          }
          const anyExceeds = s.items.some((i) => i.leadDays > Math.max(0, daysBetween(start, arrivalDate)));
          expect(s.compressed).toBe(anyExceeds || noticeType === "emergency");
        },
      ),
    );
  });

  it("dueDateOf is arrival minus lead, or arrival when the notice is short", () => {
    expect(dueDateOf("2026-12-20", 14, 14)).toBe("2026-12-06");
    expect(dueDateOf("2026-12-20", 14, 13)).toBe("2026-12-20");
  });
});

describe("readiness", () => {
  const plan = newPlan({ arrivalDate: "2027-01-31", noticeType: "standard", startDate: "2026-12-01" }, AT);

  it("is on track before anything is due, at risk once an item is overdue, ready when all is done or not needed", () => {
    expect(readinessOf(plan, "2027-01-17")).toBe("on-track");
    expect(overdueItems(plan, "2027-01-17")).toEqual([]);
    expect(readinessOf(plan, "2027-01-18")).toBe("at-risk");
    expect(overdueItems(plan, "2027-01-18").map((i) => i.itemId)).toEqual(["risk-information"]);
    let p = plan;
    for (const i of plan.items) {
      const r = updateItem(
        p,
        i.itemId,
        i.itemId === "key-worker"
          ? { status: "done", keyWorker: "Sam Key" }
          : { status: i.itemId === "induction-planned" ? "not-needed" : "done" },
        "sam",
        AT,
      );
      if (!r.ok) throw new Error(r.reason);
      p = r.plan;
    }
    expect(readinessOf(p, "2027-02-10")).toBe("ready");
    expect(nextDueDate(p)).toBeUndefined();
    expect(p.version).toBe(plan.version + plan.items.length);
  });

  it("an overdue item after the person is no longer expected is not at risk", () => {
    expect(readinessOf(plan, "2027-02-10", false)).toBe("on-track");
  });

  it("a short-notice plan is compressed until an item is overdue; an emergency stays compressed", () => {
    const short = newPlan(
      { arrivalDate: "2026-12-11", noticeType: "short-notice", startDate: "2026-12-01" },
      AT,
    );
    expect(short.compressed).toBe(true);
    expect(readinessOf(short, "2026-12-01")).toBe("compressed");
    expect(readinessOf(short, "2026-12-02")).toBe("at-risk"); // licence conditions (10 days) due 1 Dec
    const emergency = newPlan(
      { arrivalDate: "2026-12-04", noticeType: "emergency", startDate: "2026-12-01" },
      AT,
    );
    expect(readinessOf(emergency, "2026-12-10")).toBe("compressed");
  });

  it("nextDueDate is the earliest open item", () => {
    expect(nextDueDate(plan)).toBe("2027-01-17");
    const r = updateItem(plan, "risk-information", { status: "done" }, "sam", AT);
    expect(r.ok && nextDueDate(r.plan)).toBe("2027-01-21");
  });
});

describe("updateItem", () => {
  const plan = newPlan({ arrivalDate: "2027-01-31", noticeType: "standard", startDate: "2026-12-01" }, AT);

  it("refuses an item the plan does not have (MAPPA without a level) with 404", () => {
    expect(updateItem(plan, "mappa-meeting", { status: "done" }, "sam", AT)).toMatchObject({
      ok: false,
      status: 404,
    });
  });

  it("needs a key worker's name to mark the key worker assigned, and takes it only on that item", () => {
    expect(updateItem(plan, "key-worker", { status: "done" }, "sam", AT)).toMatchObject({
      ok: false,
      name: "keyWorker",
    });
    expect(updateItem(plan, "room-prepared", { status: "done", keyWorker: "x" }, "sam", AT)).toMatchObject({
      ok: false,
      name: "keyWorker",
    });
    const named = updateItem(plan, "key-worker", { status: "to-do", keyWorker: "Jo Bloggs" }, "sam", AT);
    expect(named.ok).toBe(true);
    if (!named.ok) return;
    const done = updateItem(named.plan, "key-worker", { status: "done", note: "met" }, "sam", AT);
    expect(done.ok && done.after).toMatchObject({
      status: "done",
      keyWorker: "Jo Bloggs",
      note: "met",
      updatedBy: "sam",
    });
  });
});

describe("derivedPlan", () => {
  it("derives a plan for a booking made before plans existed from its creation date", () => {
    const p = derivedPlan({
      arrivalDate: "2026-12-10",
      noticeType: "short-notice",
      mappaLevel: 3,
      createdAt: "2026-11-30T23:30:00Z",
    });
    expect(p.noticeDays).toBe(10);
    expect(p.items.map((i) => i.itemId)).toContain("mappa-meeting");
    expect(p.items.find((i) => i.itemId === "risk-information")?.dueDate).toBe("2026-12-10");
    expect(p.version).toBe(1);
  });
});

describe("readiness summary", () => {
  it("property: the summary a referral keeps gives the same readiness as the plan", () => {
    const statusArb = fc.constantFrom("to-do" as const, "done" as const, "not-needed" as const);
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 40 }),
        noticeArb,
        fc.array(statusArb, { minLength: 8, maxLength: 8 }),
        fc.integer({ min: -20, max: 50 }),
        fc.boolean(),
        (start, gap, noticeType, statuses, offset, expected) => {
          const plan = newPlan(
            { arrivalDate: addDays(start, gap), noticeType, startDate: start, mappaLevel: 1 },
            AT,
          );
          const p = { ...plan, items: plan.items.map((i, n) => ({ ...i, status: statuses[n]! })) };
          const today = addDays(start, offset);
          expect(readinessFromSummary(summaryOf(p), today, expected)).toBe(readinessOf(p, today, expected));
        },
      ),
    );
  });
});

describe("replan (a booking's dates, notice or MAPPA level change before arrival)", () => {
  const start = "2026-12-01";
  const plan = newPlan({ arrivalDate: "2027-01-31", noticeType: "standard", startDate: start }, AT);
  const marked = (() => {
    const r = updateItem(plan, "risk-information", { status: "done", note: "OASys in" }, "sam", AT);
    if (!r.ok) throw new Error("fixture");
    return r.plan;
  })();

  it("moves every due date with a new arrival, scheduled from the day of the change, keeping what was done", () => {
    const later = "2026-12-10T09:00:00.000Z";
    const moved = replan(
      marked,
      { arrivalDate: "2026-12-15", noticeType: "standard", today: "2026-12-10" },
      later,
    );
    expect(moved.arrivalDate).toBe("2026-12-15");
    expect(moved.version).toBe(marked.version + 1);
    expect(moved.updatedAt).toBe(later);
    // Five days' notice now: items with a longer lead are due on arrival day, and the plan says so.
    expect(Object.fromEntries(moved.items.map((i) => [i.itemId, [i.dueDate, i.compressed]]))).toEqual({
      "risk-information": ["2026-12-15", true],
      "licence-conditions": ["2026-12-15", true],
      "key-worker": ["2026-12-15", true],
      "medication-and-gp": ["2026-12-10", false],
      "induction-planned": ["2026-12-12", false],
      "room-prepared": ["2026-12-13", false],
      "travel-arranged": ["2026-12-14", false],
    });
    expect(moved.compressed).toBe(true);
    expect(moved.items.find((i) => i.itemId === "risk-information")).toMatchObject({
      status: "done",
      note: "OASys in",
      updatedBy: "sam",
    });
  });

  it("adds the MAPPA meeting to do once a level is set, and keeps a done one when the level goes", () => {
    const withLevel = replan(
      marked,
      { arrivalDate: "2027-01-31", noticeType: "standard", mappaLevel: 2, today: "2026-12-05" },
      AT,
    );
    expect(withLevel.items.find((i) => i.itemId === "mappa-meeting")).toMatchObject({
      status: "to-do",
      dueDate: "2027-01-21",
    });
    // An unchanged arrival keeps every other due date.
    expect(withLevel.items.filter((i) => i.itemId !== "mappa-meeting")).toEqual(marked.items);
    const done = updateItem(withLevel, "mappa-meeting", { status: "done" }, "sam", AT);
    if (!done.ok) throw new Error("fixture");
    const dropped = replan(
      done.plan,
      { arrivalDate: "2027-01-31", noticeType: "standard", today: "2026-12-06" },
      AT,
    );
    expect(dropped.items.map((i) => i.itemId)).toContain("mappa-meeting");
    const undone = replan(
      withLevel,
      { arrivalDate: "2027-01-31", noticeType: "standard", today: "2026-12-06" },
      AT,
    );
    expect(undone.items.map((i) => i.itemId)).not.toContain("mappa-meeting");
  });

  it("property: idempotent, never undoes a status, never dates an item after arrival; unchanged input gives the same plan", () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 120 }),
        noticeArb,
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        fc.subarray(["risk-information", "room-prepared", "travel-arranged"] as const),
        (today, ahead, noticeType, mappaLevel, doneIds) => {
          let p = newPlan({ arrivalDate: addDays(today, 60), noticeType: "standard", startDate: today }, AT);
          for (const id of doneIds) {
            const r = updateItem(p, id, { status: "not-needed" }, "sam", AT);
            if (r.ok) p = r.plan;
          }
          const change = { arrivalDate: addDays(today, ahead), noticeType, mappaLevel, today };
          const once = replan(p, change, AT);
          expect(replan(once, change, AT)).toBe(once);
          expect(replan(p, { arrivalDate: p.arrivalDate, noticeType: p.noticeType, today }, AT)).toBe(p);
          for (const id of doneIds) {
            expect(once.items.find((i) => i.itemId === id)?.status).toBe("not-needed");
          }
          for (const i of once.items) expect(i.dueDate <= once.arrivalDate).toBe(true);
          expect(once.compressed).toBe(noticeType === "emergency" || once.items.some((i) => i.compressed));
        },
      ),
    );
  });
});
