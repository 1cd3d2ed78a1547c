import { type Binding, implement } from "../api-handler.js";
import { buildOpenApi } from "../openapi.js";
import { ROUTES } from "../routes/index.js";
import * as routes from "../routes/public.js";

let document: unknown;

export const publicBindings: Binding[] = [
  implement(routes.health, async () => ({ status: 200, body: { status: "ok" } })),
  implement(routes.openapi, async ({ headers }) => {
    // Built once per instance; the server is where this request came in (one host per API).
    const host = headers.host;
    document ??= buildOpenApi(ROUTES, {
      title: "Approved Premises bed and referral manager",
      version: "1.0.0",
      serverUrl: host ? `${headers["x-forwarded-proto"] ?? "http"}://${host}` : undefined,
      cognitoDomain: process.env.COGNITO_DOMAIN,
    });
    return { status: 200, body: document, headers: { "cache-control": "public, max-age=300" } };
  }),
];
