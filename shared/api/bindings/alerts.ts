import * as alerts from "../../services/alerts-service.js";
import { type Binding, implement } from "../api-handler.js";
import * as routes from "../routes/alerts.js";

export const alertsBindings: Binding[] = [
  implement(routes.listAlerts, async ({ query, principal }) => ({
    status: 200,
    body: await alerts.listAlerts(query, principal),
  })),

  implement(routes.acknowledgeAlert, async ({ params, body, principal, ifMatch }) => {
    const alert = await alerts.acknowledgeAlert(params.alertId, body.note, principal, ifMatch);
    return { status: 200, body: alert, headers: { etag: `"${alert.version}"` } };
  }),
];
