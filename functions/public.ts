import { createApiHandler, implement } from "../shared/http/api-handler.js";
import { buildOpenApi } from "../shared/http/openapi.js";
import { ROUTES } from "../shared/routes/index.js";
import * as routes from "../shared/routes/public.js";
import { webBindings } from "../shared/services/web-service.js";

let document: unknown;

export const handler = createApiHandler([
  implement(routes.health, async () => ({ status: 200, body: { status: "ok" } })),
  implement(routes.openapi, async () => {
    document ??= buildOpenApi(ROUTES, {
      title: "Approved Premises bed and referral manager",
      version: "1.0.0",
    });
    return { status: 200, body: document, headers: { "cache-control": "public, max-age=300" } };
  }),
  ...webBindings,
]);
