import { createApiHandler } from "../shared/http/api-handler.js";
import { alertsBindings } from "../shared/services/alerts-service.js";

export const handler = createApiHandler(alertsBindings);
