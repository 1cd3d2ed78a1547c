import type { RouteDef } from "../http/route.js";
import { premisesRoutes } from "./premises.js";
import { publicRoutes } from "./public.js";

/** The one route table: CDK makes API routes from it, the local adapter serves it, OpenAPI documents it. */
export const ROUTES: readonly RouteDef[] = [...publicRoutes, ...premisesRoutes];
