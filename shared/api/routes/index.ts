import type { RouteDef } from "../route.js";
import { alertsRoutes } from "./alerts.js";
import { bookingsRoutes } from "./bookings.js";
import { moveOnRoutes } from "./move-on.js";
import { notificationsRoutes } from "./notifications.js";
import { occupancyRoutes } from "./occupancy.js";
import { preArrivalRoutes } from "./pre-arrival.js";
import { premisesRoutes } from "./premises.js";
import { publicRoutes } from "./public.js";
import { referralsRoutes } from "./referrals.js";

/** The one route table: CDK makes API routes from it, the local adapter serves it, OpenAPI documents it. */
export const ROUTES: readonly RouteDef[] = [
  ...publicRoutes,
  ...premisesRoutes,
  ...referralsRoutes,
  ...bookingsRoutes,
  ...moveOnRoutes,
  ...preArrivalRoutes,
  ...occupancyRoutes,
  ...alertsRoutes,
  ...notificationsRoutes,
];
