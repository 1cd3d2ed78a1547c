import { CRU_PAGE_ROUTES } from "../shared/web/cru-routes.js";
import { createWebHandler } from "../shared/web/handler.js";

// The CRU's pages (shared/web/page-functions.ts).
export const handler = createWebHandler(CRU_PAGE_ROUTES);
