import { addDays, type CalendarDate, daysBetween, londonDateOf } from "./dates.js";
import type { NoticeType } from "./notice.js";
import type { PRE_ARRIVAL_ITEMS } from "./vocabulary.js";

/**
 * The pre-arrival plan: what the AP does between the allocation and the arrival, each item
 * due a number of days before arrival. Where the notice is shorter than an item's usual lead
 * time the item is due on arrival day and the plan says `compressed`, so the lack of time is
 * visible rather than hidden behind a due date already in the past.
 */

export type PreArrivalItemId = keyof typeof PRE_ARRIVAL_ITEMS;
export type PreArrivalItemStatus = "to-do" | "done" | "not-needed";
export type Readiness = "ready" | "on-track" | "at-risk" | "compressed";

/** Usual lead times, in days before arrival, in the order the checklist is shown. */
export const LEAD_DAYS: Readonly<Record<PreArrivalItemId, number>> = {
  "risk-information": 14,
  "licence-conditions": 10,
  "mappa-meeting": 10,
  "key-worker": 7,
  "medication-and-gp": 5,
  "induction-planned": 3,
  "room-prepared": 2,
  "travel-arranged": 1,
};

export const PRE_ARRIVAL_ITEM_IDS = Object.keys(LEAD_DAYS) as PreArrivalItemId[];

export interface PreArrivalItem {
  itemId: PreArrivalItemId;
  status: PreArrivalItemStatus;
  /** The last day it should be done on. */
  dueDate: CalendarDate;
  leadDays: number;
  /** Its usual lead time did not fit in the notice: due on arrival day instead. */
  compressed: boolean;
  note?: string;
  /** key-worker only: who. */
  keyWorker?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export interface PreArrivalPlan {
  arrivalDate: CalendarDate;
  noticeType: NoticeType;
  /** Days from the plan's start (the allocation) to arrival. */
  noticeDays: number;
  compressed: boolean;
  items: PreArrivalItem[];
  version: number;
  createdAt: string;
  updatedAt?: string;
}

export interface PlanInput {
  arrivalDate: CalendarDate;
  noticeType: NoticeType;
  /** The day the AP learns of the person: the allocation date. */
  startDate: CalendarDate;
  mappaLevel?: number;
}

/** The days of notice the AP had: from the allocation to arrival, never negative. */
export const noticeDaysOf = (startDate: CalendarDate, arrivalDate: CalendarDate) =>
  Math.max(0, daysBetween(startDate, arrivalDate));

/** An item's due date: `leadDays` before arrival, or arrival day when the notice is shorter. */
export function dueDateOf(arrivalDate: CalendarDate, leadDays: number, noticeDays: number): CalendarDate {
  return leadDays > noticeDays ? arrivalDate : addDays(arrivalDate, -leadDays);
}

/** The items that apply: the MAPPA meeting only where a MAPPA level is set. */
export const applicableItems = (mappaLevel: number | undefined): PreArrivalItemId[] =>
  PRE_ARRIVAL_ITEM_IDS.filter((id) => id !== "mappa-meeting" || mappaLevel !== undefined);

/**
 * The due dates of a new plan. Compressed when any item's lead time exceeds the notice, and
 * always for an emergency: the AP had no time for the usual pre-arrival work.
 */
export function scheduleItems(input: PlanInput): {
  noticeDays: number;
  compressed: boolean;
  items: Pick<PreArrivalItem, "itemId" | "dueDate" | "leadDays" | "compressed">[];
} {
  const noticeDays = noticeDaysOf(input.startDate, input.arrivalDate);
  const items = applicableItems(input.mappaLevel).map((itemId) => {
    const leadDays = LEAD_DAYS[itemId];
    return {
      itemId,
      leadDays,
      dueDate: dueDateOf(input.arrivalDate, leadDays, noticeDays),
      compressed: leadDays > noticeDays,
    };
  });
  return {
    noticeDays,
    compressed: input.noticeType === "emergency" || items.some((i) => i.compressed),
    items,
  };
}

export function newPlan(input: PlanInput, at: string): PreArrivalPlan {
  const scheduled = scheduleItems(input);
  return {
    arrivalDate: input.arrivalDate,
    noticeType: input.noticeType,
    noticeDays: scheduled.noticeDays,
    compressed: scheduled.compressed,
    items: scheduled.items.map((i) => ({ ...i, status: "to-do" })),
    version: 1,
    createdAt: at,
  };
}

export interface Replan {
  arrivalDate: CalendarDate;
  noticeType: NoticeType;
  mappaLevel?: number;
  /** The day of the change: the AP learns of the new arrival (or MAPPA level) today. */
  today: CalendarDate;
}

/**
 * The plan after the booking's arrival date, notice or MAPPA level changed before arrival.
 * A new arrival moves every item's due date with it, scheduled as a new plan would be from the
 * day of the change (an item whose lead time no longer fits is due on arrival day, compressed);
 * an unchanged arrival keeps every due date. An item that now applies (the MAPPA meeting once a
 * level is set) is added to do. Every item keeps its status, note, key worker and who did it:
 * nothing done is undone. The same input twice gives the plan back unchanged (same version).
 */
export function replan(plan: PreArrivalPlan, change: Replan, at: string): PreArrivalPlan {
  const moved = change.arrivalDate !== plan.arrivalDate;
  const scheduled = scheduleItems({
    arrivalDate: change.arrivalDate,
    noticeType: change.noticeType,
    mappaLevel: change.mappaLevel,
    startDate: change.today,
  });
  const byId = new Map(plan.items.map((i) => [i.itemId, i]));
  const wanted = new Map(scheduled.items.map((i) => [i.itemId, i]));
  const items: PreArrivalItem[] = [];
  for (const itemId of PRE_ARRIVAL_ITEM_IDS) {
    const old = byId.get(itemId);
    const next = wanted.get(itemId);
    if (old && next) items.push(moved ? { ...old, dueDate: next.dueDate, compressed: next.compressed } : old);
    else if (next) items.push({ ...next, status: "to-do" });
    // An item that no longer applies goes unless it was already done (or marked not needed).
    else if (old && old.status !== "to-do") items.push(old);
  }
  const same =
    !moved &&
    change.noticeType === plan.noticeType &&
    items.length === plan.items.length &&
    items.every((i, n) => i === plan.items[n]);
  if (same) return plan;
  return {
    ...plan,
    arrivalDate: change.arrivalDate,
    noticeType: change.noticeType,
    noticeDays: moved ? scheduled.noticeDays : plan.noticeDays,
    compressed: change.noticeType === "emergency" || items.some((i) => i.compressed),
    items,
    version: plan.version + 1,
    updatedAt: at,
  };
}

const isOpen = (i: PreArrivalItem) => i.status === "to-do";

/** Items still to do whose due date has passed (due on D: overdue from D+1). */
export const overdueItems = (plan: Pick<PreArrivalPlan, "items">, today: CalendarDate) =>
  plan.items.filter((i) => isOpen(i) && i.dueDate < today);

/** The earliest due date of an item still to do, or undefined when nothing is left. */
export function nextDueDate(plan: Pick<PreArrivalPlan, "items">): CalendarDate | undefined {
  let next: CalendarDate | undefined;
  for (const i of plan.items) if (isOpen(i) && (next === undefined || i.dueDate < next)) next = i.dueDate;
  return next;
}

/**
 * Ready when nothing is left to do. An emergency is compressed until then (it raises no
 * overdue alerts: there was never time). Otherwise at risk once an item is overdue while
 * the person is still expected, compressed when the notice squeezed some item, else on track.
 */
export function readinessOf(
  plan: Pick<PreArrivalPlan, "items" | "compressed" | "noticeType">,
  today: CalendarDate,
  expected = true,
): Readiness {
  if (!plan.items.some(isOpen)) return "ready";
  if (plan.noticeType === "emergency") return "compressed";
  if (expected && overdueItems(plan, today).length > 0) return "at-risk";
  return plan.compressed ? "compressed" : "on-track";
}

/** Whether the nightly job may raise pre-arrival-overdue for this plan at all. */
export const alertsApply = (plan: Pick<PreArrivalPlan, "noticeType">) => plan.noticeType !== "emergency";

export interface ItemUpdate {
  status: PreArrivalItemStatus;
  note?: string;
  keyWorker?: string;
}

export type UpdateResult =
  | { ok: true; plan: PreArrivalPlan; before: PreArrivalItem; after: PreArrivalItem }
  | { ok: false; status: 404 | 400; name: string; reason: string };

/**
 * One item changed. The key worker is named only on its own item, and that item is done
 * only with a name (given now or earlier), so the placement page can show who it is.
 */
export function updateItem(
  plan: PreArrivalPlan,
  itemId: string,
  update: ItemUpdate,
  by: string,
  at: string,
): UpdateResult {
  const index = plan.items.findIndex((i) => i.itemId === itemId);
  const before = plan.items[index];
  if (!before) return { ok: false, status: 404, name: "itemId", reason: `is not an item of this plan` };
  if (update.keyWorker !== undefined && itemId !== "key-worker") {
    return { ok: false, status: 400, name: "keyWorker", reason: "is only for the key-worker item" };
  }
  const keyWorker = update.keyWorker ?? before.keyWorker;
  if (itemId === "key-worker" && update.status === "done" && !keyWorker) {
    return {
      ok: false,
      status: 400,
      name: "keyWorker",
      reason: "is required to mark the key worker assigned",
    };
  }
  const after: PreArrivalItem = {
    ...before,
    status: update.status,
    ...(update.note !== undefined ? { note: update.note } : {}),
    ...(keyWorker !== undefined ? { keyWorker } : {}),
    updatedAt: at,
    updatedBy: by,
  };
  const items = plan.items.map((i, n) => (n === index ? after : i));
  return { ok: true, plan: { ...plan, items, version: plan.version + 1, updatedAt: at }, before, after };
}

/**
 * A plan for a booking made before plans existed (older data, the demo seed): derived on
 * read from its arrival, notice type and creation date. It is stored on its first update.
 */
export function derivedPlan(booking: {
  arrivalDate: CalendarDate;
  noticeType: NoticeType;
  mappaLevel?: number;
  createdAt: string;
}): PreArrivalPlan {
  return newPlan(
    {
      arrivalDate: booking.arrivalDate,
      noticeType: booking.noticeType,
      mappaLevel: booking.mappaLevel,
      startDate: londonDateOf(new Date(booking.createdAt)),
    },
    booking.createdAt,
  );
}

/** What a placed referral keeps of the plan: enough to give the same readiness with no booking read. */
export interface ReadinessSummary {
  nextDueDate?: CalendarDate;
  compressed: boolean;
  emergency: boolean;
}

export function summaryOf(
  plan: Pick<PreArrivalPlan, "items" | "compressed" | "noticeType">,
): ReadinessSummary {
  const next = nextDueDate(plan);
  return {
    ...(next !== undefined ? { nextDueDate: next } : {}),
    compressed: plan.compressed,
    emergency: plan.noticeType === "emergency",
  };
}

/** readinessOf, from the summary: equal for every plan (a property test holds them together). */
export function readinessFromSummary(s: ReadinessSummary, today: CalendarDate, expected = true): Readiness {
  if (s.nextDueDate === undefined) return "ready";
  if (s.emergency) return "compressed";
  if (expected && s.nextDueDate < today) return "at-risk";
  return s.compressed ? "compressed" : "on-track";
}
