import type { DueAlert, StandingAlert } from "../domain/alert-rules.js";
import { type PreArrivalFacts, planPreArrivalNight } from "../domain/pre-arrival-alerts.js";
import type { Booking } from "../schemas/bookings.js";
import { getBookingItem } from "../store/alerts-store.js";
import { queryPreArrivalOverdue } from "../store/pre-arrival-store.js";
import { planOf } from "./pre-arrival-service.js";

const factsOf = (b: Booking): PreArrivalFacts => ({
  bookingId: b.bookingId,
  premisesId: b.premisesId,
  crn: b.person.crn,
  status: b.status,
  arrivalDate: b.arrivalDate,
  plan: planOf(b).plan,
});

/**
 * The night's pre-arrival-overdue decisions. Reads the sparse index of plans with something
 * overdue (one key range) and one GetItem per standing alert whose booking left that set
 * (items done, arrived, cancelled): the cost follows current problems, not history.
 */
export async function preArrivalNight(
  night: string,
  standing: StandingAlert[],
): Promise<{ raise: DueAlert[]; resolve: { alert: StandingAlert; reason: string }[] }> {
  const due = (await queryPreArrivalOverdue(night)).map(factsOf);
  const subjects = new Map<string, PreArrivalFacts | undefined>(due.map((f) => [f.bookingId, f]));
  const missing = [...new Set(standing.map((a) => a.bookingId ?? ""))].filter(
    (id) => id !== "" && !subjects.has(id),
  );
  for (let i = 0; i < missing.length; i += 8) {
    await Promise.all(
      missing.slice(i, i + 8).map(async (id) => {
        const b = await getBookingItem(id);
        subjects.set(id, b ? factsOf(b) : undefined);
      }),
    );
  }
  return planPreArrivalNight({ night, due, standing, subjects });
}
