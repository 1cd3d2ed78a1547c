import middy from "@middy/core";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { z } from "zod";
import type { Principal } from "../domain/actor.js";
import { idempotencyKeyHeader, ifMatchHeader, versionOfIfMatch } from "../schemas/common.js";
import { runOnce } from "../services/idempotent-request.js";
import { acceptsIdempotencyKey, keyedByMiddleware } from "./idempotency.js";
import {
  type ApiEvent,
  authorise,
  correlationIds,
  jsonBody,
  jsonResponse,
  problemErrorHandler,
  resolveRoute,
  validateInput,
} from "./middleware.js";
import { Problem } from "./problem.js";
import type { RouteDef } from "./route.js";

type Infer<S> = S extends z.ZodType ? z.infer<S> : Record<string, never>;

export interface ApiRequest<R extends RouteDef = RouteDef> {
  principal: Principal;
  params: Infer<R["params"]>;
  query: Infer<R["query"]>;
  body: R["body"] extends z.ZodType ? z.infer<R["body"]> : undefined;
  headers: Record<string, string | undefined>;
  /** Parsed `If-Match`, when the route takes one and the client sent it. */
  ifMatch?: number;
  idempotencyKey?: string;
  requestId: string;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (CSV, HTML, JS); `body` is ignored when set. */
  raw?: { contentType: string; body: string };
}

export type Implementation<R extends RouteDef = RouteDef> = (req: ApiRequest<R>) => Promise<ApiResult>;

export interface Binding {
  route: RouteDef;
  run: Implementation;
}

/** Ties an implementation to its route so the request type comes from the route's own schemas. */
export const implement = <R extends RouteDef>(route: R, run: Implementation<R>): Binding => ({
  route,
  run: run as unknown as Implementation,
});

const ANONYMOUS: Principal = { sub: "anonymous", username: "anonymous", roles: [], premises: [] };

/** A header checked against the same schema the document declares for it. */
function parseHeader<T>(
  name: string,
  schema: z.ZodType<string>,
  raw: string | undefined,
  then: (v: string) => T,
) {
  if (raw === undefined) return undefined;
  const result = schema.safeParse(raw.trim());
  if (!result.success) {
    const reason = result.error.issues[0]?.message ?? "is not valid";
    throw new Problem(400, `${name} ${reason}`, {
      type: "invalid-request",
      invalidParams: [{ name, reason }],
    });
  }
  return then(result.data);
}

const parseIfMatch = (raw: string | undefined) =>
  parseHeader("If-Match", ifMatchHeader, raw, versionOfIfMatch);
const parseIdempotencyKey = (raw: string | undefined) =>
  parseHeader("Idempotency-Key", idempotencyKeyHeader, raw, (v) => v);

/**
 * One Lambda per resource group: middy runs the shared stack (headers, errors, logging,
 * routing, auth, body, validation) and then the route's implementation.
 */
export function createApiHandler(bindings: readonly Binding[]) {
  const routes = bindings.map((b) => b.route);
  const byRoute = new Map(bindings.map((b) => [b.route, b.run]));
  return middy<ApiEvent, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(problemErrorHandler())
    .use(correlationIds())
    .use(resolveRoute(routes))
    .use(authorise())
    .use(jsonBody())
    .use(validateInput())
    .handler(async (event) => {
      const state = event.ap!;
      const run = byRoute.get(state.route)!;
      const headers = (event.headers ?? {}) as Record<string, string | undefined>;
      const idempotencyKey = acceptsIdempotencyKey(state.route)
        ? parseIdempotencyKey(headers["idempotency-key"])
        : undefined;
      // Parsed before the key is claimed: a malformed header is a 400 that costs no claim.
      const ifMatch = state.route.ifMatch ? parseIfMatch(headers["if-match"]) : undefined;
      const request = () =>
        run({
          principal: state.principal ?? ANONYMOUS,
          params: state.input.params,
          query: state.input.query,
          body: state.input.body,
          headers,
          ifMatch,
          idempotencyKey,
          requestId: event.requestContext?.requestId ?? "local",
        } as ApiRequest);
      // One place for every keyed POST: the request runs once per user and key (replay, 422, 409).
      const result: ApiResult =
        idempotencyKey !== undefined && keyedByMiddleware(state.route) && state.principal
          ? await runOnce(
              `${state.route.method} ${state.route.path}`,
              state.principal.sub,
              idempotencyKey,
              { params: state.input.params, body: state.input.body },
              request,
            )
          : await request();
      if (result.raw) {
        return {
          statusCode: result.status,
          headers: {
            "content-type": result.raw.contentType,
            "x-content-type-options": "nosniff",
            ...result.headers,
          },
          body: result.raw.body,
        };
      }
      return jsonResponse(result.status, result.body, result.headers);
    });
}
