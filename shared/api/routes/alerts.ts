import { acknowledgementBody, alertIdParam, alertSchema, listAlertsQuery } from "../../schemas/alerts.js";
import { listOf } from "../../schemas/common.js";
import { defineRoutes, type RouteDef } from "../route.js";

export const listAlerts = {
  operationId: "listAlerts",
  method: "GET",
  path: "/alerts",
  group: "alerts",
  roles: ["cru", "ap-manager"],
  tag: "Alerts",
  summary: "Alerts raised by the nightly job, newest first",
  description:
    "status defaults to open. An ap-manager sees only its premises (403 for another; without premisesId, its own premises); cru sees every premises and the release-without-accommodation alerts, which belong to no premises. Ladders: release-without-accommodation, departure-without-move-on and licence-gap are raised at 56, 28, 14, 7 and 2 days before their due date, then overdue once; arrival-overdue and placement-overdue once; only the most urgent due threshold is raised on a night (docs/alerts.md).",
  query: listAlertsQuery,
  responses: { 200: { description: "Alerts", schema: listOf(alertSchema) } },
} as const satisfies RouteDef;

export const acknowledgeAlert = {
  operationId: "acknowledgeAlert",
  method: "POST",
  path: "/alerts/{alertId}/acknowledgement",
  group: "alerts",
  roles: ["cru", "ap-manager"],
  tag: "Alerts",
  summary: "Record that someone has seen an alert and is acting on it",
  description:
    "Only an open alert can be acknowledged (409 otherwise). The same threshold is not raised again; a later threshold raises a new alert.",
  params: alertIdParam,
  body: acknowledgementBody,
  ifMatch: true,
  responses: { 200: { description: "The acknowledged alert", schema: alertSchema, headers: ["ETag"] } },
  problems: [409, 412],
} as const satisfies RouteDef;

export const alertsRoutes = defineRoutes([listAlerts, acknowledgeAlert]);
