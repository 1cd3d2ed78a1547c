import { CRU_CHANGE_PAGE_ROUTES } from "../shared/web/cru-change-routes.js";
import { createWebHandler } from "../shared/web/handler.js";

// The CRU's stay change pages (shared/web/page-functions.ts).
export const handler = createWebHandler(CRU_CHANGE_PAGE_ROUTES);
