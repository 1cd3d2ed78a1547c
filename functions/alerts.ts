import { createApiHandler } from "../shared/api/api-handler.js";
import { alertsBindings } from "../shared/api/bindings/alerts.js";

export const handler = createApiHandler(alertsBindings);
