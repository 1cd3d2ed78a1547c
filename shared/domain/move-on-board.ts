import { moveOnSecured } from "./alert-rules.js";
import { type CalendarDate, daysBetween } from "./dates.js";

export interface BoardStay {
  bookingId: string;
  status: string;
  departureDate: CalendarDate;
  moveOn?: { status: string; availableFrom?: CalendarDate };
}

/**
 * Who belongs on a manager's move-on board tonight: everyone booked in or resident whose
 * departure is today or later, and residents still here after their departure date.
 * A booked stay whose departure has passed never started and is not a resident.
 */
export function onBoard(stay: BoardStay, today: CalendarDate): boolean {
  if (stay.status === "arrived") return true;
  return stay.status === "booked" && stay.departureDate >= today;
}

/** 0 overdue, 1 leaving without secured move-on, 2 secured. */
export function urgencyBand(stay: BoardStay, today: CalendarDate): 0 | 1 | 2 {
  if (stay.status === "arrived" && stay.departureDate < today) return 0;
  return moveOnSecured(stay as Parameters<typeof moveOnSecured>[0]) ? 2 : 1;
}

/** Overdue first, then fewest days left without secured move-on, secured last. */
export function byUrgency(today: CalendarDate) {
  return (a: BoardStay, b: BoardStay): number =>
    urgencyBand(a, today) - urgencyBand(b, today) ||
    daysBetween(today, a.departureDate) - daysBetween(today, b.departureDate) ||
    a.bookingId.localeCompare(b.bookingId);
}
