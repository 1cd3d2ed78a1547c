import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as z from "zod";
import "../schemas/error-map.js";
import { assertPremisesScope, hasRole, type Principal, principalFromClaims } from "../domain/actor.js";
import { DomainError } from "../domain/errors.js";
import { logger } from "../observability/logger.js";
import { zodIssuesToParams } from "../schemas/invalid-params.js";
import { type InvalidParam, Problem, problemFromDomain, unavailable } from "./problem.js";
import type { RouteDef } from "./route.js";
import { firstDuplicateKey } from "./strict-json.js";

export const MAX_BODY_BYTES = 64 * 1024;

export interface ApiState {
  route: RouteDef;
  principal?: Principal;
  rawBody?: unknown;
  input: { params: Record<string, unknown>; query: Record<string, unknown>; body: unknown };
}

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer & { ap?: ApiState };
type Mw = MiddlewareObj<ApiEvent, APIGatewayProxyStructuredResultV2>;

/** On every answer, error or not (and on the local gateway's own errors). */
export const BASE_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { "content-type": "application/json", ...BASE_HEADERS, ...headers },
    body: body === undefined ? "" : JSON.stringify(body),
  };
}

export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { "content-type": "application/problem+json", ...BASE_HEADERS, ...problem.headers },
    body: JSON.stringify(problem.toBody()),
  };
}

/** SDK failures that say "try again", never "you sent something wrong". */
const TRANSIENT = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TransactionConflictException",
  "TransactionInProgressException",
  "InternalServerError",
  "InternalFailure",
  "ServiceUnavailable",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
]);
const TRANSIENT_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EPIPE", "EAI_AGAIN"]);

export function isTransient(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as { name?: string; code?: string; CancellationReasons?: { Code?: string }[] };
  if (e.name && TRANSIENT.has(e.name)) return true;
  if (e.code && TRANSIENT_CODES.has(e.code)) return true;
  if (e.name === "TransactionCanceledException") {
    return (e.CancellationReasons ?? []).some((r) =>
      [
        "TransactionConflict",
        "ThrottlingError",
        "ProvisionedThroughputExceeded",
        "InternalServerError",
      ].includes(r.Code ?? ""),
    );
  }
  return false;
}

export function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof DomainError) return problemFromDomain(err);
  if (isTransient(err)) return unavailable();
  return new Problem(500, "Something went wrong on our side; it has been logged");
}

/** Maps every failure to problem+json; stack traces go to the log, never to the client. */
export const problemErrorHandler = (): Mw => ({
  onError: async (request) => {
    const problem = toProblem(request.error);
    if (problem.status >= 500) {
      logger.error("request failed", { error: request.error as Error, status: problem.status });
    } else {
      logger.info("request refused", { status: problem.status, detail: problem.message });
    }
    request.response = problemResponse(problem);
  },
});

export const correlationIds = (): Mw => ({
  before: async (request) => {
    logger.appendKeys({
      correlationId: request.event.headers?.["x-correlation-id"] ?? request.event.requestContext?.requestId,
      routeKey: request.event.routeKey,
    });
  },
  after: async (request) => {
    const id = request.event.requestContext?.requestId;
    if (id && request.response) {
      request.response.headers = { ...request.response.headers, "x-request-id": id };
    }
  },
});

export const resolveRoute = (routes: readonly RouteDef[]): Mw => {
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  return {
    before: async (request) => {
      const route = byKey.get(request.event.routeKey);
      if (!route) throw new Problem(404, `No route for ${request.event.routeKey}`);
      request.event.ap = { route, input: { params: {}, query: {}, body: undefined } };
    },
  };
};

/** Roles from `cognito:groups`, premises scope from `custom:premises`; the authorizer already checked the signature. */
export const authorise = (): Mw => ({
  before: async (request) => {
    const state = request.event.ap!;
    if (state.route.roles === "public") return;
    const principal = principalFromClaims(request.event.requestContext?.authorizer?.jwt?.claims);
    if (!hasRole(principal, ...state.route.roles)) {
      throw new Problem(403, `This action needs one of the roles: ${state.route.roles.join(", ")}`);
    }
    state.principal = principal;
    const premisesId = request.event.pathParameters?.premisesId;
    if (premisesId !== undefined && state.route.premisesScope !== "any") {
      assertPremisesScope(principal, premisesId);
    }
  },
});

/**
 * Only `application/json` is a JSON body: any case, optionally `charset=utf-8`, nothing else.
 * `text/plain` (a form post or a careless client) and `application/foo+json` are 415, so
 * there is one way to send a body.
 */
export function isJsonMediaType(contentType: string): boolean {
  const [type, ...params] = contentType.split(";").map((p) => p.trim());
  if (type?.toLowerCase() !== "application/json") return false;
  return params.every((p) => /^charset\s*=\s*"?utf-8"?$/i.test(p));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Size limit, media type, UTF-8 and JSON in one step, so an oversized body is never
 * decoded. Bytes that are not UTF-8 are refused rather than stored as U+FFFD, and a key
 * given twice is refused rather than silently taking the last value.
 */
export const jsonBody = (maxBytes = MAX_BODY_BYTES): Mw => ({
  before: async (request) => {
    const state = request.event.ap!;
    if (!state.route.body) return;
    const { body, isBase64Encoded } = request.event;
    const raw =
      body == null
        ? Buffer.alloc(0)
        : isBase64Encoded
          ? Buffer.from(body, "base64")
          : Buffer.from(body, "utf8");
    if (raw.byteLength > maxBytes) {
      throw new Problem(413, `The body is ${raw.byteLength} bytes; the limit is ${maxBytes}`);
    }
    if (raw.byteLength === 0) {
      state.rawBody = undefined;
      return;
    }
    const contentType = request.event.headers?.["content-type"] ?? "";
    if (!isJsonMediaType(contentType)) {
      throw new Problem(415, "Send the body as application/json (UTF-8)", { type: "unsupported-media-type" });
    }
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      throw new Problem(400, "The body is not valid UTF-8", {
        type: "invalid-encoding",
        invalidParams: [{ name: "body", reason: "is not valid UTF-8" }],
      });
    }
    try {
      state.rawBody = JSON.parse(text);
    } catch {
      throw new Problem(400, "The body is not valid JSON", { type: "malformed-json" });
    }
    const duplicate = firstDuplicateKey(text);
    if (duplicate !== undefined) {
      throw new Problem(400, `${duplicate} is given more than once`, {
        type: "malformed-json",
        invalidParams: [{ name: duplicate, reason: "is given more than once" }],
      });
    }
  },
});

// Moved to shared/schemas so the pages map zod failures in the same words; re-exported for callers here.
export { zodIssuesToParams };

/** Path, query and body validated against the route's zod schemas; the same schemas make the OpenAPI document. */
export const validateInput = (): Mw => ({
  before: async (request) => {
    const state = request.event.ap!;
    const { route } = state;
    const invalid: InvalidParam[] = [];
    const parse = (schema: z.ZodType | undefined, value: unknown, prefix: string) => {
      if (!schema) return value;
      const result = schema.safeParse(value);
      if (!result.success) {
        invalid.push(...zodIssuesToParams(result.error, prefix));
        return undefined;
      }
      return result.data;
    };
    const params = parse(route.params, request.event.pathParameters ?? {}, "");
    // A path id that cannot exist is an unknown resource, not a malformed request.
    if (invalid.length > 0) throw new Problem(404, "No resource has that id");
    const query = parse(route.query ?? z.strictObject({}), request.event.queryStringParameters ?? {}, "");
    if (route.body && state.rawBody === undefined) invalid.push({ name: "body", reason: "is required" });
    const body = route.body && state.rawBody !== undefined ? parse(route.body, state.rawBody, "") : undefined;
    if (invalid.length > 0) {
      throw new Problem(400, invalid.map((p) => `${p.name} ${p.reason}`).join("; "), {
        type: "invalid-request",
        invalidParams: invalid,
      });
    }
    state.input = {
      params: (params ?? {}) as Record<string, unknown>,
      query: (query ?? {}) as Record<string, unknown>,
      body,
    };
  },
});
