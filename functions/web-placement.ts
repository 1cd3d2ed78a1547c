import { createWebHandler } from "../shared/web/handler.js";
import { PLACEMENT_PAGE_ROUTES } from "../shared/web/placement-routes.js";

// The placement page and its forms (shared/web/page-functions.ts).
export const handler = createWebHandler(PLACEMENT_PAGE_ROUTES);
