import { defineRoutes } from "../http/route.js";

export const alertsRoutes = defineRoutes([]);
