import type { FunctionGroup } from "../../shared/api/route.js";
import type { PageFunction } from "../../shared/web/page-functions.js";

export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

/** The same handler modules CDK bundles, one per function group, loaded on first use like a cold start. */
export const HANDLER_MODULES: Record<
  FunctionGroup | PageFunction,
  () => Promise<{ handler: LambdaHandler }>
> = {
  public: () => import("../../functions/public.js") as never,
  premises: () => import("../../functions/premises.js") as never,
  referrals: () => import("../../functions/referrals.js") as never,
  bookings: () => import("../../functions/bookings.js") as never,
  occupancy: () => import("../../functions/occupancy.js") as never,
  alerts: () => import("../../functions/alerts.js") as never,
  web: () => import("../../functions/web.js") as never,
  "web-placement": () => import("../../functions/web-placement.js") as never,
  "web-cru": () => import("../../functions/web-cru.js") as never,
  "web-cru-changes": () => import("../../functions/web-cru-changes.js") as never,
};
