import { today } from "../domain/clock.js";
import { addDays } from "../domain/dates.js";
import { outOfServiceConflicts } from "../domain/footprint.js";
import { type ApiRequest, type Binding, implement } from "../http/api-handler.js";
import { actorOf, assertPremisesScope } from "../http/principal.js";
import { conflict, notFound } from "../http/problem.js";
import * as routes from "../routes/premises.js";
import { toFootprint } from "../store/allocation-store.js";
import * as store from "../store/premises-store.js";

export async function requirePremises(premisesId: string) {
  const loaded = await store.loadPremises(premisesId);
  if (!loaded) throw notFound("Premises", premisesId);
  return loaded;
}

const publicBeds = (beds: { bedId: string; room: string; characteristics: string[] }[]) =>
  beds.map(({ bedId, room, characteristics }) => ({ bedId, room, characteristics }));

export const premisesBindings: Binding[] = [
  implement(routes.createPremises, async ({ body, principal }) => {
    const created = await store.createPremises(body, actorOf(principal));
    return { status: 201, body: created, headers: { location: `/premises/${created.premisesId}` } };
  }),

  implement(routes.listPremises, async ({ query }) => {
    return { status: 200, body: await store.listPremises(query) };
  }),

  implement(routes.getPremises, async ({ params }) => {
    const { premises, beds } = await requirePremises(params.premisesId);
    return {
      status: 200,
      body: { ...premises, beds: publicBeds(beds) },
      headers: { etag: `"${premises.version}"` },
    };
  }),

  implement(
    routes.patchPremises,
    async ({ params, body, principal, ifMatch }: ApiRequest<typeof routes.patchPremises>) => {
      const updated = await store.patchPremises(params.premisesId, body, actorOf(principal), ifMatch);
      const { beds } = await requirePremises(params.premisesId);
      return {
        status: 200,
        body: { ...updated, beds: publicBeds(beds) },
        headers: { etag: `"${updated.version}"` },
      };
    },
  ),

  implement(routes.addBed, async ({ params, body, principal }) => {
    const bed = await store.addBed(params.premisesId, body, actorOf(principal));
    return { status: 201, body: bed, headers: { location: `/premises/${params.premisesId}` } };
  }),

  implement(routes.createOutOfService, async ({ params, body, principal }) => {
    assertPremisesScope(principal, params.premisesId);
    const record = await store.createOutOfService({ ...params, ...body }, actorOf(principal), (onBed) => {
      const clashes = outOfServiceConflicts(onBed.map(toFootprint), { bedId: params.bedId, ...body });
      if (clashes.length > 0) {
        throw conflict(
          `Bed ${params.bedId} is not free for every night from ${body.startDate} to ${body.endDate}`,
          clashes,
          "bed-not-free",
        );
      }
    });
    return { status: 201, body: record };
  }),

  implement(routes.listOutOfService, async ({ params }) => {
    await requirePremises(params.premisesId);
    const from = today();
    const items = (await store.queryFootprints(params.premisesId, from, addDays(from, 3660)))
      .filter((f) => f.kind === "out-of-service")
      .map(store.toOutOfService);
    return { status: 200, body: { items } };
  }),
];
