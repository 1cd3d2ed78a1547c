import type { z } from "zod";
import type { Role } from "../domain/vocabulary.js";

/** The Lambda functions, one per resource group; CDK, the local adapter and OpenAPI all read this. */
export const FUNCTION_GROUPS = [
  "public",
  "premises",
  "referrals",
  "bookings",
  "occupancy",
  "alerts",
] as const;
export type FunctionGroup = (typeof FUNCTION_GROUPS)[number];

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Response headers the document declares (components/headers); the contract suite checks they are sent. */
export type ResponseHeader = "ETag" | "Location" | "Content-Disposition" | "Retry-After";

export interface ResponseDef {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  /** Headers always sent with this response. */
  headers?: readonly ResponseHeader[];
}

export interface RouteDef {
  operationId: string;
  method: HttpMethod;
  /** API Gateway path with `{param}` placeholders. */
  path: string;
  group: FunctionGroup;
  /** "public" routes have no authorizer; others list the roles allowed. */
  roles: readonly Role[] | "public";
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success responses by status code; error responses are added from the common problem set. */
  responses: Record<number, ResponseDef>;
  /** Accepts `If-Match: <version>`. */
  ifMatch?: boolean;
  /**
   * `Idempotency-Key`: every POST accepts it (the API middleware runs the request once per
   * user and key, shared/api/idempotency.ts); `false` opts a POST out, `true` opts another
   * method in, and `"in-transaction"` means the route writes the key in its own transaction
   * (POST /referrals), so the middleware only passes the key on.
   */
  idempotencyKey?: boolean | "in-transaction";
  /**
   * Routes with a `{premisesId}` path parameter limit an ap-manager to the premises in its
   * token, checked in the middleware before any handler code runs. Only routes that reveal
   * nothing about people (premises set-up details) opt out with "any".
   */
  premisesScope?: "path" | "any";
  /** Status codes beyond the default problem set this route may answer. */
  problems?: number[];
}

export const routeKeyOf = (r: Pick<RouteDef, "method" | "path">) => `${r.method} ${r.path}`;

export const defineRoutes = <const T extends readonly RouteDef[]>(routes: T) => routes;
