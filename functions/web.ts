import { createWebHandler } from "../shared/web/handler.js";
import { PAGE_ROUTES } from "../shared/web/routes.js";

export const handler = createWebHandler(PAGE_ROUTES);
