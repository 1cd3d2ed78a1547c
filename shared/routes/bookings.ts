import { defineRoutes } from "../http/route.js";

export const bookingsRoutes = defineRoutes([]);
