import { asset } from "./controllers/assets.js";
import { calendarCsv, calendarPage, dayPage } from "./controllers/calendar.js";
import { home } from "./controllers/home.js";
import { moveOnBoardCsv, moveOnBoardPage } from "./controllers/move-on-board.js";
import { newOutOfService, outOfServiceList, postOutOfService } from "./controllers/out-of-service.js";
import * as placement from "./controllers/placement.js";
import { premisesPlacements } from "./controllers/premises.js";
import { alertsCsvDownload, alertsPage, postAcknowledgement } from "./controllers/premises-alerts.js";
import { authCallback, getSignIn, postSignIn, signedOut, signOut } from "./controllers/sign-in.js";
import { CRU_PAGE_ROUTES } from "./cru-routes.js";
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
const PLACEMENT_ROUTES: PageRoute[] = [
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

/** Changing a premises' beds is the AP manager's, as in the API (CRU may look, not change). */
const MANAGERS = ["ap-manager"] as const;

/**
 * Every page, one declaration each: method, path, controller, who may open it and whether
 * the `{premisesId}` in its path is checked against the user's premises.
 *
 * Page paths never equal a JSON API route key (tests/unit/web/routes.test.ts): API Gateway
 * sends the JSON routes to the JWT authorizer and the pages, without it, to the web function.
 */
export const PAGE_ROUTES: readonly PageRoute[] = [
  { method: "GET", path: "/assets/{path+}", access: "public", stateless: true, controller: asset },
  { method: "GET", path: "/sign-in", access: "public", controller: getSignIn },
  { method: "POST", path: "/sign-in", access: "public", controller: postSignIn },
  { method: "GET", path: "/auth/callback", access: "public", controller: authCallback },
  { method: "GET", path: "/sign-out", access: "public", controller: signOut },
  { method: "GET", path: "/signed-out", access: "public", controller: signedOut },
  { method: "GET", path: "/", access: ["ap-manager", "cru", "admin"], controller: home },
  {
    method: "GET",
    path: "/premises/{premisesId}/placements",
    access: ["ap-manager", "cru"],
    premisesScope: "path",
    controller: premisesPlacements,
  },
  ...premisesPages([
    ["GET", "/calendar", calendarPage],
    ["GET", "/calendar.csv", calendarCsv],
    ["GET", "/calendar/{date}", dayPage],
    ["GET", "/out-of-service-beds", outOfServiceList],
    ["GET", "/out-of-service-beds/new", newOutOfService, MANAGERS],
    ["POST", "/out-of-service-beds/new", postOutOfService, MANAGERS],
    ["GET", "/alerts", alertsPage],
    ["GET", "/alerts.csv", alertsCsvDownload],
    ["POST", "/alerts/{alertId}/acknowledgement", postAcknowledgement],
    ["GET", "/move-on-board", moveOnBoardPage],
    ["GET", "/move-on-board.csv", moveOnBoardCsv],
  ]),
  ...PLACEMENT_ROUTES,
  ...CRU_PAGE_ROUTES,
];

/** The AP manager's premises-level pages: scoped to the premises in the path, like the API. */
function premisesPages(
  pages: readonly (readonly [PageRoute["method"], string, PageRoute["controller"], PageRoute["access"]?])[],
): PageRoute[] {
  return pages.map(([method, tail, controller, access]) => ({
    method,
    path: `/premises/{premisesId}${tail}`,
    access: access ?? ["ap-manager", "cru"],
    premisesScope: "path",
    controller,
  }));
}
