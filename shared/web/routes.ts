import { asset } from "./controllers/assets.js";
import { calendarCsv, calendarPage, dayPage } from "./controllers/calendar.js";
import { home } from "./controllers/home.js";
import { moveOnBoardCsv, moveOnBoardPage } from "./controllers/move-on-board.js";
import { newOutOfService, outOfServiceList, postOutOfService } from "./controllers/out-of-service.js";
import { premisesPlacements } from "./controllers/premises.js";
import { alertsCsvDownload, alertsPage, postAcknowledgement } from "./controllers/premises-alerts.js";
import { authCallback, getSignIn, postSignIn, signedOut, signOut } from "./controllers/sign-in.js";
import type { PageRoute } from "./page.js";

/** Changing a premises' beds is the AP manager's, as in the API (CRU may look, not change). */
const MANAGERS = ["ap-manager"] as const;

/**
 * The `web` function's pages: signing in and out, the home page, the assets and the AP
 * manager's premises pages. The placement pages (placement-routes.ts) and the CRU's
 * (cru-routes.ts) are functions of their own; page-functions.ts joins the three.
 */
export const WEB_PAGE_ROUTES: readonly PageRoute[] = [
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
