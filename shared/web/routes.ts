import { asset } from "./controllers/assets.js";
import { calendarCsv, calendarPage, dayPage } from "./controllers/calendar.js";
import { home } from "./controllers/home.js";
import { premisesPlacements } from "./controllers/premises.js";
import { authCallback, getSignIn, postSignIn, signedOut, signOut } from "./controllers/sign-in.js";
import type { PageRoute } from "./page.js";

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
  ]),
];

/** The AP manager's premises-level pages: scoped to the premises in the path, like the API. */
function premisesPages(
  pages: readonly [PageRoute["method"], string, PageRoute["controller"]][],
): PageRoute[] {
  return pages.map(([method, tail, controller]) => ({
    method,
    path: `/premises/{premisesId}${tail}`,
    access: ["ap-manager", "cru"],
    premisesScope: "path",
    controller,
  }));
}
