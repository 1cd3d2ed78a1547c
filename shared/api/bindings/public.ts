import { type Binding, implement } from "../api-handler.js";
import { buildOpenApi } from "../openapi.js";
import { ROUTES } from "../routes/index.js";
import * as routes from "../routes/public.js";

let document: unknown;

export const publicBindings: Binding[] = [
  implement(routes.health, async () => ({ status: 200, body: { status: "ok" } })),
  implement(routes.openapi, async () => {
    document ??= buildOpenApi(ROUTES, {
      title: "Approved Premises bed and referral manager",
      version: "1.0.0",
    });
    return { status: 200, body: document, headers: { "cache-control": "public, max-age=300" } };
  }),
];
