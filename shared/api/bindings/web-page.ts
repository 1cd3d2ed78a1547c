import { createHash } from "node:crypto";
import { type Binding, implement } from "../api-handler.js";
import { APP_CSS } from "../legacy-page/app-css.js";
import { APP_HTML } from "../legacy-page/app-html.js";
import { APP_JS } from "../legacy-page/app-js.js";
import * as routes from "../routes/web.js";

type SignInConfig =
  | { mode: "local" }
  | { mode: "cognito"; domain: string; clientId: string }
  | { mode: "unavailable" };

/** Read per request so a test or the local runtime can switch modes without reloading the module. */
export function signInConfig(env: NodeJS.ProcessEnv = process.env): SignInConfig {
  if (env.AP_LOCAL === "1") return { mode: "local" };
  const domain = (env.COGNITO_DOMAIN ?? "")
    .trim()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
  const clientId = (env.COGNITO_CLIENT_ID ?? "").trim();
  // Only a bare host name may go into the CSP and the redirect, never a path or a second origin.
  if (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain) && /^[A-Za-z0-9]+$/.test(clientId)) {
    return { mode: "cognito", domain, clientId };
  }
  return { mode: "unavailable" };
}

const SECURITY_HEADERS = {
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
};

/**
 * Everything from 'self' and nothing inline. The one exception is the token exchange with
 * the Cognito domain, which PKCE needs the browser itself to make.
 */
export function contentSecurityPolicy(config: SignInConfig): string {
  const connect = config.mode === "cognito" ? `'self' https://${config.domain}` : "'self'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const etagOf = (text: string) => `"${createHash("sha256").update(text).digest("base64url").slice(0, 22)}"`;

const asset = (contentType: string, text: string) => {
  const etag = etagOf(text);
  return async () => ({
    status: 200,
    // Revalidated each time (cheap with the ETag) so a deployment is picked up at once.
    headers: { ...SECURITY_HEADERS, "cache-control": "no-cache", etag },
    raw: { contentType, body: text },
  });
};

export const webBindings: Binding[] = [
  implement(routes.appPage, async () => {
    const config = signInConfig();
    return {
      status: 200,
      headers: {
        ...SECURITY_HEADERS,
        "content-security-policy": contentSecurityPolicy(config),
        "cache-control": "no-store",
      },
      raw: { contentType: "text/html; charset=utf-8", body: APP_HTML },
    };
  }),
  implement(routes.appScript, asset("text/javascript; charset=utf-8", APP_JS)),
  implement(routes.appStyles, asset("text/css; charset=utf-8", APP_CSS)),
  implement(routes.appConfig, async () => ({
    status: 200,
    body: signInConfig(),
    headers: { "cache-control": "no-store" },
  })),
];
