import { today } from "../shared/domain/clock.js";
import { isCalendarDate } from "../shared/domain/dates.js";
import { type NightlySummary, runNightly } from "../shared/services/nightly-job.js";

/**
 * Scheduled at 02:00 Europe/London, so "today" is the night's date. A `date` in the event
 * re-runs (or catches up) a given night; running one night twice raises nothing new.
 */
export const handler = async (event?: { date?: unknown }): Promise<NightlySummary> => {
  const requested = event?.date;
  if (requested !== undefined && (typeof requested !== "string" || !isCalendarDate(requested))) {
    throw new Error(`date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(requested)}`);
  }
  return runNightly((requested as string | undefined) ?? today());
};
