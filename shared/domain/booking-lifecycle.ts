import type { CalendarDate } from "./dates.js";

/**
 * What a booking's lifecycle state is, in words, so that a refused change says what
 * happened to the booking rather than guessing at what the caller forgot.
 */
export interface BookingState {
  bookingId: string;
  status: "booked" | "arrived" | "departed" | "cancelled" | "non-arrival";
  arrivalDate: CalendarDate;
  actualArrivalDate?: CalendarDate;
  actualDepartureDate?: CalendarDate;
  departureDate: CalendarDate;
}

export function describeBookingState(b: BookingState): string {
  switch (b.status) {
    case "booked":
      return `Booking ${b.bookingId} is booked to arrive on ${b.arrivalDate} and has no arrival recorded`;
    case "arrived":
      return `Booking ${b.bookingId} has already arrived on ${b.actualArrivalDate ?? b.arrivalDate}`;
    case "departed":
      return `Booking ${b.bookingId} has already departed on ${b.actualDepartureDate ?? b.departureDate}`;
    case "cancelled":
      return `Booking ${b.bookingId} was cancelled`;
    case "non-arrival":
      return `Booking ${b.bookingId} was recorded as a non-arrival`;
  }
}

/** What would have to happen first, when something can: an arrival before a departure. */
const NEXT_STEP: Partial<Record<BookingState["status"], Partial<Record<string, string>>>> = {
  booked: {
    "record a departure": "record the arrival first",
    transfer: "a stay is transferred only once the resident has arrived",
  },
  arrived: {
    cancel: "a resident who has arrived departs instead",
    "change the dates": "record an extension or a departure instead",
  },
};

/** The detail of a 409 for a change the booking's state does not allow. */
export function lifecycleConflictDetail(b: BookingState, action: string): string {
  const hint = NEXT_STEP[b.status]?.[action];
  return `${describeBookingState(b)}; cannot ${action}${hint ? ` (${hint})` : ""}`;
}
