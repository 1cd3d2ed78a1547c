import { defineRoutes } from "../http/route.js";

export const occupancyRoutes = defineRoutes([]);
