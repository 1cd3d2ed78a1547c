import { asset } from "./controllers/assets.js";
import { calendarCsv, calendarPage, dayPage } from "./controllers/calendar.js";
import { home } from "./controllers/home.js";
import { moveOnBoardCsv, moveOnBoardPage } from "./controllers/move-on-board.js";
import { notificationsPage } from "./controllers/notifications.js";
import { newOutOfService, postOutOfService } from "./controllers/out-of-service.js";
import {
  archive,
  cancelPeriod,
  changeDates,
  endEarly,
  outOfServicePage,
  periodPage,
  unarchive,
} from "./controllers/out-of-service-changes.js";
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
  // The API's GET /notifications, as a page; admin only, as there (another role is refused with 403).
  { method: "GET", path: "/admin/notifications", access: ["admin"], controller: notificationsPage },
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
    ["GET", "/out-of-service-beds", outOfServicePage],
    ["GET", "/out-of-service-beds/new", newOutOfService, MANAGERS],
    ["POST", "/out-of-service-beds/new", postOutOfService, MANAGERS],
    ["GET", "/out-of-service-beds/{outOfServiceId}", periodPage],
    ...checkedForm("/out-of-service-beds/{outOfServiceId}/end-early", endEarly),
    ...checkedForm("/out-of-service-beds/{outOfServiceId}/dates", changeDates),
    ...checkedForm("/out-of-service-beds/{outOfServiceId}/cancellation", cancelPeriod),
    ...checkedForm("/beds/{bedId}/archive", archive),
    ["GET", "/beds/{bedId}/unarchive", unarchive.get, MANAGERS],
    ["POST", "/beds/{bedId}/unarchive", unarchive.post, MANAGERS],
    ["GET", "/alerts", alertsPage],
    ["GET", "/alerts.csv", alertsCsvDownload],
    ["POST", "/alerts/{alertId}/acknowledgement", postAcknowledgement],
    ["GET", "/move-on-board", moveOnBoardPage],
    ["GET", "/move-on-board.csv", moveOnBoardCsv],
  ]),
];

type CheckedForm = Record<"get" | "post" | "getCheck" | "postCheck", PageRoute["controller"]>;

/** A consequential change: its form and its "check your answers" page, the premises' AP manager's only. */
function checkedForm(tail: string, c: CheckedForm) {
  return [
    ["GET", tail, c.get, MANAGERS],
    ["POST", tail, c.post, MANAGERS],
    ["GET", `${tail}/check`, c.getCheck, MANAGERS],
    ["POST", `${tail}/check`, c.postCheck, MANAGERS],
  ] as const;
}

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
