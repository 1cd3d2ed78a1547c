import { createWebHandler } from "../shared/web/handler.js";
import { WEB_PAGE_ROUTES } from "../shared/web/routes.js";

// Signing in and out, home, assets and the premises pages (shared/web/page-functions.ts).
export const handler = createWebHandler(WEB_PAGE_ROUTES);
