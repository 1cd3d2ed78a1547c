import { actorOf, assertPremisesScope, type Principal } from "../domain/actor.js";
import { today } from "../domain/clock.js";
import { addDays } from "../domain/dates.js";
import { conflict, notFound } from "../domain/errors.js";
import { outOfServiceConflicts } from "../domain/footprint.js";
import type { Bed } from "../schemas/premises.js";
import { toFootprint } from "../store/allocation-store.js";
import * as store from "../store/premises-store.js";

export async function requirePremises(premisesId: string) {
  const loaded = await store.loadPremises(premisesId);
  if (!loaded) throw notFound("Premises", premisesId);
  return loaded;
}

const publicBeds = (beds: (Bed & { calendarVersion: number })[]) =>
  beds.map(({ calendarVersion: _lock, ...bed }) => bed);

export const createPremises = (body: Parameters<typeof store.createPremises>[0], principal: Principal) =>
  store.createPremises(body, actorOf(principal));

export const listPremises = (query: Parameters<typeof store.listPremises>[0]) => store.listPremises(query);

export async function getPremises(premisesId: string) {
  const { premises, beds } = await requirePremises(premisesId);
  return { ...premises, beds: publicBeds(beds) };
}

export async function patchPremises(
  premisesId: string,
  patch: Parameters<typeof store.patchPremises>[1],
  principal: Principal,
  ifMatch?: number,
) {
  const updated = await store.patchPremises(premisesId, patch, actorOf(principal), ifMatch);
  const { beds } = await requirePremises(premisesId);
  return { ...updated, beds: publicBeds(beds) };
}

export const addBed = (premisesId: string, bed: Parameters<typeof store.addBed>[1], principal: Principal) =>
  store.addBed(premisesId, bed, actorOf(principal));

export async function createOutOfService(
  premisesId: string,
  bedId: string,
  body: {
    startDate: string;
    endDate: string;
    reason: Parameters<typeof store.createOutOfService>[0]["reason"];
    notes?: string;
  },
  principal: Principal,
) {
  assertPremisesScope(principal, premisesId);
  return store.createOutOfService({ premisesId, bedId, ...body }, actorOf(principal), (onBed) => {
    const clashes = outOfServiceConflicts(onBed.map(toFootprint), { bedId, ...body });
    if (clashes.length > 0) {
      throw conflict(
        `Bed ${bedId} is not free for every night from ${body.startDate} to ${body.endDate}`,
        clashes,
        "bed-not-free",
      );
    }
  });
}

export async function listOutOfService(premisesId: string) {
  await requirePremises(premisesId);
  const from = today();
  const items = (await store.queryFootprints(premisesId, from, addDays(from, 3660)))
    .filter((f) => f.kind === "out-of-service")
    .map(store.toOutOfService);
  return { items };
}
