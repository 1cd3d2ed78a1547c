import { answerPlacementConcern, reviewPlacement } from "../../services/placement-review-service.js";
import { getPreArrival, updatePreArrivalItem, withReadiness } from "../../services/pre-arrival-service.js";
import { type Binding, implement } from "../api-handler.js";
import * as routes from "../routes/pre-arrival.js";

const etag = (v: { version: number }) => ({ etag: `"${v.version}"` });

export const preArrivalBindings: Binding[] = [
  implement(routes.getPreArrivalRoute, async ({ params, principal }) => {
    const plan = await getPreArrival(params.bookingId, principal);
    return { status: 200, body: plan, headers: etag(plan) };
  }),

  implement(routes.putPreArrivalItemRoute, async ({ params, body, principal, ifMatch }) => {
    const plan = await updatePreArrivalItem(params.bookingId, params.itemId, body, principal, ifMatch);
    return { status: 200, body: plan, headers: etag(plan) };
  }),

  implement(routes.reviewPlacementRoute, async ({ params, body, principal }) => {
    const booking = withReadiness(await reviewPlacement(params.bookingId, body, principal));
    return { status: 200, body: booking, headers: etag(booking) };
  }),

  implement(routes.answerPlacementConcernRoute, async ({ params, body, principal }) => {
    const booking = withReadiness(await answerPlacementConcern(params.bookingId, body, principal));
    return { status: 200, body: booking, headers: etag(booking) };
  }),
];
