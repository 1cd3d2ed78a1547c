import * as moveOn from "../../services/move-on-service.js";
import { type Binding, implement } from "../api-handler.js";
import * as routes from "../routes/move-on.js";

export const moveOnBindings: Binding[] = [
  implement(routes.putMoveOn, async ({ params, body, principal, ifMatch }) => {
    const plan = await moveOn.saveMoveOnPlan(params.bookingId, body, principal, ifMatch);
    return { status: 200, body: plan, headers: { etag: `"${plan.version}"` } };
  }),

  implement(routes.getMoveOn, async ({ params, principal }) => {
    const plan = await moveOn.getMoveOnPlan(params.bookingId, principal);
    return { status: 200, body: plan, headers: { etag: `"${plan.version}"` } };
  }),

  implement(routes.getMoveOnBoard, async ({ params, principal }) => ({
    status: 200,
    body: await moveOn.moveOnBoard(params.premisesId, principal),
  })),
];
