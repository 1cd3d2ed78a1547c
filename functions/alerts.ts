import { createApiHandler } from "../shared/api/api-handler.js";
import { alertsBindings } from "../shared/api/bindings/alerts.js";
import { notificationsBindings } from "../shared/api/bindings/notifications.js";

export const handler = createApiHandler([...alertsBindings, ...notificationsBindings]);
