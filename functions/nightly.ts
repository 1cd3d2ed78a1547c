import { today } from "../shared/domain/clock.js";
import { isCalendarDate } from "../shared/domain/dates.js";
import { type NightlySummary, runNightly } from "../shared/services/nightly-job.js";

/**
 * Scheduled at 02:00 Europe/London, so "today" is the night's date. A `date` in the event
 * re-runs (or catches up) a given night; running one night twice raises nothing new.
 * The hourly schedule sends `{mode: "deadlines"}`: only the CRU's placement deadlines are
 * checked, against the current instant.
 */
export const handler = async (event?: { date?: unknown; mode?: unknown }): Promise<NightlySummary> => {
  const requested = event?.date;
  const mode = event?.mode ?? "nightly";
  if (mode !== "nightly" && mode !== "deadlines") {
    throw new Error(`mode must be "nightly" or "deadlines", got ${JSON.stringify(mode)}`);
  }
  if (requested !== undefined && (typeof requested !== "string" || !isCalendarDate(requested))) {
    throw new Error(`date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(requested)}`);
  }
  if (mode === "deadlines") {
    if (requested !== undefined) throw new Error("the deadlines mode checks the current instant; no date");
    return runNightly(today(), { mode });
  }
  return runNightly((requested as string | undefined) ?? today());
};
