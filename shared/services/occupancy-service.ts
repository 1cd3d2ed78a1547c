import { assertPremisesScope, hasRole, type Principal } from "../domain/actor.js";
import { nowIso, today } from "../domain/clock.js";
import { addDays } from "../domain/dates.js";
import { badRequest, notFound } from "../domain/errors.js";
import { liveFootprints } from "../domain/holds.js";
import {
  AREA_VIEW_NIGHTS,
  computeOccupancy,
  type OccupancyFootprint,
  resolveWindow,
  summariseForAreaView,
} from "../domain/occupancy.js";
import { occupancyCsv } from "../domain/occupancy-csv.js";
import type { AreaOccupancyItem } from "../schemas/occupancy.js";
import type { Premises } from "../schemas/premises.js";
import * as store from "../store/occupancy-store.js";
import { getPremisesSummary, listPremises } from "../store/premises-store.js";

/** Per-premises reads in flight at once for the area view: fast, without a burst that throttles the table. */
const AREA_VIEW_CONCURRENCY = 16;

export async function premisesOccupancy(
  principal: Principal,
  premisesId: string,
  query: { from?: string; to?: string },
) {
  assertPremisesScope(principal, premisesId);
  const now = today();
  const window = resolveWindow(query, now);
  if (!window.ok) {
    throw badRequest(window.invalid.map((p) => `${p.name} ${p.reason}`).join("; "), window.invalid);
  }
  const inputs = await store.loadOccupancyInputs(premisesId, window.from, window.to);
  if (!inputs) throw notFound("Premises", premisesId);
  const occupancy = computeOccupancy(inputs.beds, live(inputs.footprints as OccupancyFootprint[]), window);
  return { premisesId, name: inputs.premises.name, today: now, ...occupancy };
}

/** Beyond a handful of premises one national open-alerts query beats a count per premises. */
const NATIONAL_ALERT_QUERY_FROM = 6;

async function areaItem(
  premises: Premises,
  date: string,
  openAlerts: (premisesId: string) => Promise<number>,
): Promise<AreaOccupancyItem> {
  const to = addDays(date, AREA_VIEW_NIGHTS - 1);
  const [footprints, alerts] = await Promise.all([
    store.loadAreaFootprints(premises.premisesId, date, to),
    openAlerts(premises.premisesId),
  ]);
  // Counts per night need bed identities only to keep one footprint per bed-night apart;
  // beds holding nothing in the window are interchangeable, so they need not be read.
  const held = [...new Set(footprints.map((f) => f.bedId))];
  const beds = [
    ...held,
    ...Array.from({ length: Math.max(0, premises.bedCount - held.length) }, (_, i) => `~free-${i}`),
  ].map((bedId) => ({ bedId, room: "", characteristics: [] }));
  const occupancy = computeOccupancy(beds, live(footprints as OccupancyFootprint[]), { from: date, to });
  return {
    premisesId: premises.premisesId,
    name: premises.name,
    area: premises.area,
    ...summariseForAreaView(occupancy),
    openAlerts: alerts,
  };
}

export async function occupancyCsvOf(
  principal: Principal,
  premisesId: string,
  query: { from?: string; to?: string },
) {
  const occupancy = await premisesOccupancy(principal, premisesId, query);
  return {
    filename: `occupancy-${occupancy.premisesId}-${occupancy.from}-${occupancy.to}.csv`,
    csv: occupancyCsv(occupancy.days),
  };
}

export async function areaOccupancy(
  principal: Principal,
  query: { area?: Premises["area"]; date?: string; cursor?: string; limit?: number },
) {
  const date = query.date ?? today();
  let premises: Premises[];
  let nextCursor: string | undefined;
  if (hasRole(principal, "cru", "admin")) {
    const page = await listPremises({
      area: query.area,
      cursor: query.cursor,
      limit: query.limit ?? 200,
    });
    premises = page.items;
    nextCursor = page.nextCursor;
  } else {
    // An ap-manager's view is its own premises only: the token lists them, so no list read is needed.
    const own = await store.mapBounded(principal.premises, AREA_VIEW_CONCURRENCY, getPremisesSummary);
    premises = own.filter((p): p is Premises => p !== undefined && (!query.area || p.area === query.area));
  }
  const national =
    premises.length >= NATIONAL_ALERT_QUERY_FROM ? await store.openAlertCountsByPremises() : undefined;
  const openAlerts = async (premisesId: string) =>
    national ? (national.get(premisesId) ?? 0) : store.countOpenAlerts(premisesId);
  const items = await store.mapBounded(premises, AREA_VIEW_CONCURRENCY, (p) => areaItem(p, date, openAlerts));
  return { date, items, ...(nextCursor ? { nextCursor } : {}) };
}

/** Expired holds hold nothing, whether or not the nightly job has ended them yet. */
const live = (footprints: OccupancyFootprint[]) => liveFootprints(footprints, nowIso());
