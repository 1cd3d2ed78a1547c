import { defineRoutes } from "../http/route.js";

export const referralsRoutes = defineRoutes([]);
