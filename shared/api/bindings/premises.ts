import * as outOfService from "../../services/out-of-service-service.js";
import * as premises from "../../services/premises-service.js";
import { type Binding, implement } from "../api-handler.js";
import * as routes from "../routes/premises.js";

export const premisesBindings: Binding[] = [
  implement(routes.createPremises, async ({ body, principal }) => {
    const created = await premises.createPremises(body, principal);
    return { status: 201, body: created, headers: { location: `/premises/${created.premisesId}` } };
  }),

  implement(routes.listPremises, async ({ query }) => ({
    status: 200,
    body: await premises.listPremises(query),
  })),

  implement(routes.getPremises, async ({ params }) => {
    const found = await premises.getPremises(params.premisesId);
    return { status: 200, body: found, headers: { etag: `"${found.version}"` } };
  }),

  implement(routes.patchPremises, async ({ params, body, principal, ifMatch }) => {
    const updated = await premises.patchPremises(params.premisesId, body, principal, ifMatch);
    return { status: 200, body: updated, headers: { etag: `"${updated.version}"` } };
  }),

  implement(routes.addBed, async ({ params, body, principal }) => {
    const bed = await premises.addBed(params.premisesId, body, principal);
    return { status: 201, body: bed, headers: { location: `/premises/${params.premisesId}` } };
  }),

  implement(routes.createOutOfService, async ({ params, body, principal }) => ({
    status: 201,
    body: await premises.createOutOfService(params.premisesId, params.bedId, body, principal),
  })),

  implement(routes.listOutOfService, async ({ params }) => ({
    status: 200,
    body: await premises.listOutOfService(params.premisesId),
  })),

  implement(routes.getOutOfService, async ({ params }) => {
    const period = await outOfService.getOutOfService(params.premisesId, params.outOfServiceId);
    return { status: 200, body: period, headers: { etag: `"${period.version}"` } };
  }),

  implement(routes.changeOutOfService, async ({ params, body, principal, ifMatch }) => {
    const period = await outOfService.changeOutOfService(
      params.premisesId,
      params.outOfServiceId,
      body,
      principal,
      ifMatch,
    );
    return { status: 200, body: period, headers: { etag: `"${period.version}"` } };
  }),

  implement(routes.cancelOutOfService, async ({ params, body, principal, ifMatch }) => {
    const period = await outOfService.cancelOutOfService(
      params.premisesId,
      params.outOfServiceId,
      body.reason,
      principal,
      ifMatch,
    );
    return { status: 200, body: period, headers: { etag: `"${period.version}"` } };
  }),

  implement(routes.archiveBed, async ({ params, body, principal }) => ({
    status: 200,
    body: await outOfService.archiveBed(params.premisesId, params.bedId, body, principal),
  })),

  implement(routes.unarchiveBed, async ({ params, principal }) => ({
    status: 200,
    body: await outOfService.unarchiveBed(params.premisesId, params.bedId, principal),
  })),
];
