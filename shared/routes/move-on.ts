import { defineRoutes } from "../http/route.js";

/** Move-on plan and board routes; served by the bookings function. */
export const moveOnRoutes = defineRoutes([]);
