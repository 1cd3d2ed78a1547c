import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { canActOnPremises, hasRole, type Principal } from "../domain/actor.js";
import { isDomainError } from "../domain/errors.js";
import { logger } from "../observability/logger.js";
import { CSRF_FIELD, csrfValid } from "./csrf.js";
import { MAX_FORM_BYTES, parseForm } from "./forms.js";
import { type PageRequest, type PageResult, type PageRoute, pageKeyOf } from "./page.js";
import { AnswersTooLong } from "./pending-answers.js";
import { govukTemplateScriptHash, render } from "./render.js";
import {
  cookieName,
  newSession,
  readCookies,
  type Session,
  seal,
  secureCookies,
  serialiseCookie,
  sessionKey,
  unseal,
} from "./session.js";
import { layoutModel } from "./view-models/layout.js";

/** Strict: everything from this origin, no inline script but govuk-frontend's one line (by hash). */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${govukTemplateScriptHash()}`,
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
};

export const SESSION_COOKIE = "ap-session";

const ANONYMOUS: Principal = { sub: "anonymous", username: "anonymous", roles: [], premises: [] };

export interface WebResponse extends APIGatewayProxyStructuredResultV2 {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
}

/** Pages for errors the handler answers itself. */
export function errorPage(status: 403 | 404 | 500 | 400, session: Session, principal?: Principal): string {
  const titles = {
    400: "Sorry, there is a problem with the service",
    403: "You cannot do that",
    404: "Page not found",
    500: "Sorry, there is a problem with the service",
  } as const;
  return render(`pages/error-${status === 400 ? 500 : status}.njk`, {
    ...layoutModel({ session, principal, title: [titles[status]] }),
    heading: titles[status],
  });
}

function answersTooLongPage(session: Session, principal?: Principal): string {
  const heading = "Your answers are too long to check";
  return render("pages/answers-too-long.njk", {
    ...layoutModel({ session, principal, title: [heading] }),
    heading,
  });
}

/**
 * The HTML adapter's Lambda: one function for every page. It matches the route key API
 * Gateway sends, opens the session, refuses a POST without the session's CSRF token,
 * checks role and premises scope exactly as the JSON API does, runs the controller and
 * renders what it chose.
 */
export function createWebHandler(routes: readonly PageRoute[]) {
  const byKey = new Map(routes.map((r) => [pageKeyOf(r), r]));

  return async (event: APIGatewayProxyEventV2): Promise<WebResponse> => {
    const route = byKey.get(event.routeKey);
    const secure = secureCookies();
    const cookieNameOfSession = cookieName(SESSION_COOKIE, secure);
    const html = (status: number, body: string, cookies: string[] = []): WebResponse => ({
      statusCode: status,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy": contentSecurityPolicy(),
        ...SECURITY_HEADERS,
      },
      body,
      cookies,
    });

    if (route?.stateless) {
      const result = await route.controller({
        params: event.pathParameters as Record<string, string>,
        query: {},
        form: {},
        session: newSession(),
        principal: ANONYMOUS,
        origin: "",
        url: event.rawPath,
        cookies: [],
      });
      return toResponse(result, [], html);
    }

    const key = await sessionKey();
    const sealed = readCookies(event.cookies).get(cookieNameOfSession);
    const opened = sealed ? unseal<Session>(sealed, key, "session") : undefined;
    const session: Session = opened && opened.expiresAt > Date.now() ? opened : newSession();
    const original = opened === session ? JSON.stringify(opened) : undefined;
    const principal = session.principal;
    const flash = session.flash;

    const finish = (res: WebResponse, extra: string[] = []): WebResponse => {
      // Re-seal only when something changed (a new session, a flash, pending answers).
      const unchanged = original !== undefined && original === JSON.stringify(session);
      const cookie = unchanged
        ? []
        : [
            serialiseCookie(cookieNameOfSession, seal(session, key, "session"), {
              secure,
              maxAgeSeconds: Math.max(0, Math.floor((session.expiresAt - Date.now()) / 1000)),
            }),
          ];
      res.cookies = [...cookie, ...extra, ...res.cookies];
      return res;
    };

    if (!route) return finish(html(404, errorPage(404, session, principal)));

    const url = `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ""}`;
    if (route.access !== "public") {
      if (!principal) {
        return finish({
          statusCode: 303,
          headers: { location: `/sign-in?next=${encodeURIComponent(route.method === "GET" ? url : "/")}` },
          cookies: [],
        });
      }
      if (!hasRole(principal, ...route.access)) return finish(html(403, errorPage(403, session, principal)));
      const premisesId = event.pathParameters?.premisesId;
      // Another premises' id answers as if it did not exist: no data, no confirmation.
      if (route.premisesScope === "path" && (!premisesId || !canActOnPremises(principal, premisesId))) {
        return finish(html(404, errorPage(404, session, principal)));
      }
    }

    let form = {};
    if (route.method === "POST") {
      const raw = event.body
        ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8")
        : Buffer.alloc(0);
      if (raw.byteLength > MAX_FORM_BYTES) return finish(html(400, errorPage(400, session, principal)));
      form = parseForm(raw.toString("utf8"));
      if (!csrfValid(session, (form as Record<string, unknown>)[CSRF_FIELD])) {
        logger.info("form refused: CSRF token missing or wrong", { routeKey: event.routeKey });
        return finish(html(403, errorPage(403, session, principal)));
      }
    }

    // A flash is shown once: on the first page rendered after it was set.
    if (flash) delete session.flash;

    const req: PageRequest = {
      params: (event.pathParameters ?? {}) as Record<string, string>,
      query: (event.queryStringParameters ?? {}) as Record<string, string>,
      form,
      session,
      principal: principal ?? ANONYMOUS,
      origin: originOf(event),
      url,
      cookies: event.cookies ?? [],
    };
    let result: PageResult;
    try {
      result = await route.controller(req);
    } catch (err) {
      if (err instanceof AnswersTooLong) {
        logger.info("answers too long for the session cookie", {
          routeKey: event.routeKey,
          field: err.field,
        });
        return finish(html(400, answersTooLongPage(session, principal)));
      }
      if (isDomainError(err) && (err.kind === "not-found" || err.kind === "forbidden")) {
        // A premises or booking outside the user's scope is as unknown as one that does not exist.
        return finish(html(404, errorPage(404, session, principal)));
      }
      logger.error("page failed", { error: err as Error, routeKey: event.routeKey });
      return finish(html(500, errorPage(500, session, principal)));
    }
    if ("render" in result && flash) {
      result = { ...result, model: { ...result.model, flash } };
    } else if (flash && !("render" in result)) {
      // Not shown yet (a redirect or a download): keep it for the next page.
      session.flash ??= flash;
    }
    if ("redirect" in result && result.flash) session.flash = result.flash;
    return finish(toResponse(result, [], html));
  };
}

/** API Gateway is https only; the local runtime says where it listens in the Host header. */
function originOf(event: APIGatewayProxyEventV2): string {
  const host = event.headers?.host ?? event.requestContext.domainName;
  return `${secureCookies() ? "https" : "http"}://${host}`;
}

function toResponse(
  result: PageResult,
  cookies: string[],
  html: (status: number, body: string) => WebResponse,
): WebResponse {
  if ("redirect" in result) {
    return {
      statusCode: 303,
      headers: { location: result.redirect, "cache-control": "no-store" },
      cookies: [...cookies, ...(result.cookies ?? [])],
    };
  }
  if ("raw" in result) {
    const binary = Buffer.isBuffer(result.raw.body);
    return {
      statusCode: result.status ?? 200,
      headers: {
        "content-type": result.raw.contentType,
        ...SECURITY_HEADERS,
        ...result.raw.headers,
      },
      body: binary ? (result.raw.body as Buffer).toString("base64") : (result.raw.body as string),
      isBase64Encoded: binary,
      cookies,
    };
  }
  return html(result.status ?? 200, render(result.render, result.model));
}
