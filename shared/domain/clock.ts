import { type CalendarDate, londonDateOf } from "./dates.js";

/**
 * The one place the system reads the time, so tests and the local runtime can pin
 * "today" (AP_FIXED_NOW) without monkey-patching Date.
 */
export function now(): Date {
  const fixed = process.env.AP_FIXED_NOW;
  return fixed ? new Date(fixed) : new Date();
}

export function today(): CalendarDate {
  return londonDateOf(now());
}

export function nowIso(): string {
  return now().toISOString();
}
