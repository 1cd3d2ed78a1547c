import { today } from "../shared/domain/clock.js";

/**
 * Placeholder so the infrastructure can bundle and schedule the nightly job before the
 * alert logic lands; the owner of the nightly job replaces this body.
 */
export const handler = async (event?: { date?: string }) => ({
  date: event?.date ?? today(),
  raised: 0,
  resolved: 0,
  notified: 0,
});
