import type { RouteDef } from "./route.js";

/**
 * Which routes take `Idempotency-Key`: every POST (each creates or changes something), unless
 * the route says otherwise. `"in-transaction"` routes (POST /referrals) write the key in the
 * same transaction as their change; the middleware leaves those to the route and only passes
 * the key on. The running-once itself is shared/services/idempotent-request.ts.
 */
export const acceptsIdempotencyKey = (route: RouteDef): boolean =>
  route.idempotencyKey !== undefined ? route.idempotencyKey !== false : route.method === "POST";

export const keyedByMiddleware = (route: RouteDef): boolean =>
  acceptsIdempotencyKey(route) && route.idempotencyKey !== "in-transaction";
