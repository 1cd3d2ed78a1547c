import { CRU_CHANGE_PAGE_ROUTES } from "./cru-change-routes.js";
import { CRU_PAGE_ROUTES } from "./cru-routes.js";
import type { PageRoute } from "./page.js";
import { PLACEMENT_PAGE_ROUTES } from "./placement-routes.js";
import { WEB_PAGE_ROUTES } from "./routes.js";

/**
 * The staff pages run in four Lambdas, each bundled with only its own pages' controllers,
 * view models and services (functions/web*.ts), so that each stays under the 500 KB bundle
 * ceiling and holds only its own permissions: `web` (signing in, home, assets, the premises
 * pages), `web-placement` (the placement page and its forms) and `web-cru` (the CRU's pages).
 * One shared handler (handler.ts) checks session, role, premises scope and CSRF in all four.
 */
export const PAGE_FUNCTIONS = ["web", "web-placement", "web-cru", "web-cru-changes"] as const;
export type PageFunction = (typeof PAGE_FUNCTIONS)[number];

export const PAGE_FUNCTION_ROUTES: Readonly<Record<PageFunction, readonly PageRoute[]>> = {
  web: WEB_PAGE_ROUTES,
  "web-placement": PLACEMENT_PAGE_ROUTES,
  "web-cru": CRU_PAGE_ROUTES,
  "web-cru-changes": CRU_CHANGE_PAGE_ROUTES,
};

/**
 * Every page, one declaration each: method, path, controller, who may open it and whether
 * the `{premisesId}` in its path is checked against the user's premises.
 *
 * Page paths never equal a JSON API route key (tests/unit/web/routes.test.ts): API Gateway
 * sends the JSON routes to the JWT authorizer and the pages, without it, to the page functions.
 */
export const PAGE_ROUTES: readonly PageRoute[] = PAGE_FUNCTIONS.flatMap((fn) => PAGE_FUNCTION_ROUTES[fn]);

/** Which function serves each page (`GET /path` → function), for the gateway and the local runtime. */
export const pageFunctionOf = (route: PageRoute): PageFunction => {
  const fn = PAGE_FUNCTIONS.find((f) => PAGE_FUNCTION_ROUTES[f].includes(route));
  if (!fn) throw new Error(`${route.method} ${route.path} is in no page function's table`);
  return fn;
};
