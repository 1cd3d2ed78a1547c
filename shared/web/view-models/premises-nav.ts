/**
 * The premises pages an AP manager moves between (MoJ sub navigation). One list, so every
 * page offers the same items in the same order and marks its own.
 */
export const PREMISES_SECTIONS = {
  placements: "Placements",
  calendar: "Calendar",
  "out-of-service-beds": "Out of service beds",
  alerts: "Alerts",
  "move-on-board": "Move-on",
} as const;
export type PremisesSection = keyof typeof PREMISES_SECTIONS;

export const premisesBase = (premisesId: string) => `/premises/${encodeURIComponent(premisesId)}`;

export function premisesNav(premisesId: string, current: PremisesSection) {
  const base = premisesBase(premisesId);
  return {
    label: "Premises pages",
    items: (Object.keys(PREMISES_SECTIONS) as PremisesSection[]).map((s) => ({
      text: PREMISES_SECTIONS[s],
      href: `${base}/${s}`,
      active: s === current,
    })),
  };
}
