import * as placement from "./controllers/placement.js";
import type { Controller, PageRoute } from "./page.js";

/** The placement page and its forms: the premises' AP manager records and decides. */
const PLACEMENT = "/premises/{premisesId}/placements/{bookingId}";

const managerForm = (path: string, get: Controller, post: Controller): PageRoute[] => [
  {
    method: "GET",
    path: `${PLACEMENT}${path}`,
    access: ["ap-manager"],
    premisesScope: "path",
    controller: get,
  },
  {
    method: "POST",
    path: `${PLACEMENT}${path}`,
    access: ["ap-manager"],
    premisesScope: "path",
    controller: post,
  },
];

/**
 * The `web-placement` function's pages: the placement page and the AP manager's forms on it
 * (arrival, departure, extension, move-on, reviews, pre-arrival, stay reductions).
 */
export const PLACEMENT_PAGE_ROUTES: readonly PageRoute[] = [
  {
    method: "GET",
    path: PLACEMENT,
    access: ["ap-manager", "cru"],
    premisesScope: "path",
    controller: placement.showPlacement,
  },
  ...managerForm("/arrival", placement.arrival.get, placement.arrival.post),
  ...managerForm("/extension", placement.extension.get, placement.extension.post),
  ...managerForm("/move-on", placement.moveOnPlan.get, placement.moveOnPlan.post),
  ...managerForm("/review", placement.placementReview.get, placement.placementReview.post),
  ...managerForm("/pre-arrival/{itemId}", placement.preArrivalItem.get, placement.preArrivalItem.post),
  ...managerForm("/non-arrival", placement.nonArrival.get, placement.nonArrival.post),
  ...managerForm("/non-arrival/check", placement.nonArrival.getCheck, placement.nonArrival.postCheck),
  ...managerForm("/cancellation", placement.cancellation.get, placement.cancellation.post),
  ...managerForm("/cancellation/check", placement.cancellation.getCheck, placement.cancellation.postCheck),
  ...managerForm("/departure", placement.departure.get, placement.departure.post),
  ...managerForm("/departure/move-on", placement.departure.getMoveOn, placement.departure.postMoveOn),
  ...managerForm("/departure/check", placement.departure.getCheck, placement.departure.postCheck),
  ...managerForm("/stay-reductions/{requestId}", placement.stayReduction.get, placement.stayReduction.post),
  ...managerForm(
    "/stay-reductions/{requestId}/check",
    placement.stayReduction.getCheck,
    placement.stayReduction.postCheck,
  ),
];
