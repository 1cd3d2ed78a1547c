import { MOVE_ON_CATEGORIES, NOTICE_TYPES, RISK_LEVELS } from "../../domain/vocabulary.js";
import type { Booking } from "../../schemas/bookings.js";
import { formatDate } from "./govuk-dates.js";
import { placementPath, placementTags, readinessTag, reviewStatus } from "./placement.js";

export const PREMISES_TABS = {
  upcoming: "Upcoming",
  current: "Current",
  historic: "Historic",
} as const;
export type PremisesTab = keyof typeof PREMISES_TABS;

export const tabOf = (b: Pick<Booking, "status">): PremisesTab =>
  b.status === "booked" ? "upcoming" : b.status === "arrived" ? "current" : "historic";

export const parseTab = (raw: string | undefined): PremisesTab =>
  raw && raw in PREMISES_TABS ? (raw as PremisesTab) : "upcoming";

const byDate =
  (tab: PremisesTab) =>
  (a: Booking, b: Booking): number => {
    // Upcoming by arrival, current by departure (soonest first), historic most recent first.
    if (tab === "upcoming") return a.arrivalDate.localeCompare(b.arrivalDate);
    if (tab === "current") return a.departureDate.localeCompare(b.departureDate);
    return (b.actualDepartureDate ?? b.departureDate).localeCompare(a.actualDepartureDate ?? a.departureDate);
  };

export function premisesPageModel(input: {
  premises: { premisesId: string; name: string };
  bookings: readonly Booking[];
  tab: PremisesTab;
  today: string;
}) {
  const { premises, bookings, tab, today } = input;
  const base = `/premises/${encodeURIComponent(premises.premisesId)}`;
  const counts = { upcoming: 0, current: 0, historic: 0 };
  for (const b of bookings) counts[tabOf(b)]++;
  const rows = bookings
    .filter((b) => tabOf(b) === tab)
    .sort(byDate(tab))
    .map((b) => ({
      href: placementPath(premises.premisesId, b.bookingId),
      crn: b.person.crn,
      name: b.person.name,
      rosh: RISK_LEVELS[b.riskOfSeriousHarm],
      mappa: b.mappaLevel ? `Level ${b.mappaLevel}` : "None",
      notice: NOTICE_TYPES[b.noticeType],
      bed: b.bedId,
      arrival: formatDate(b.actualArrivalDate ?? b.arrivalDate),
      departure: formatDate(b.actualDepartureDate ?? b.departureDate),
      moveOn: b.moveOn.category ? MOVE_ON_CATEGORIES[b.moveOn.category] : undefined,
      tags: placementTags(b, today),
      // The inbound list shows how ready the AP is for each arrival, and whether it was reviewed (#13).
      ...(tab === "upcoming"
        ? { readiness: b.readiness && readinessTag(b.readiness), review: reviewStatus(b) }
        : {}),
    }));
  return {
    heading: premises.name,
    inbound: tab === "upcoming",
    tab,
    tabLabel: PREMISES_TABS[tab],
    tabs: (Object.keys(PREMISES_TABS) as PremisesTab[]).map((t) => ({
      text: `${PREMISES_TABS[t]} (${counts[t]})`,
      href: `${base}/placements?tab=${t}`,
      active: t === tab,
    })),
    rows,
  };
}
