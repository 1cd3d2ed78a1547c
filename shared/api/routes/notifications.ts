import { listOf } from "../../schemas/common.js";
import {
  areaParam,
  listNotificationsQuery,
  mailboxBody,
  mailboxSchema,
  notificationSchema,
} from "../../schemas/notifications.js";
import { defineRoutes, type RouteDef } from "../route.js";

export const listNotifications = {
  operationId: "listNotifications",
  method: "GET",
  path: "/notifications",
  group: "alerts",
  roles: ["admin"],
  tag: "Notifications",
  summary: "Emails and events sent (or, locally, recorded) for each change, newest first",
  description:
    "Every booking made, changed or cancelled, arrival, non-arrival, departure, confirmed move-on, stay reduction request and decision, and raised alert leaves a notification in the same transaction. The stream publisher emails it through GOV.UK Notify to the premises' mailbox (alerts about a referral not yet placed, and stay reduction decisions, to the CRU area's mailbox) and publishes it on SNS, within seconds. Each records its delivery: `emailStatus` pending → sent (locally `delivered-locally`), `no-mailbox`, `not-emailed` or `failed` after 5 attempts (or Notify refusing it), with `emailAttempts`; the same for the event. Filter by `premisesId` and/or `kind`.",
  query: listNotificationsQuery,
  responses: { 200: { description: "Notifications", schema: listOf(notificationSchema) } },
} as const satisfies RouteDef;

export const getAreaMailbox = {
  operationId: "getAreaMailbox",
  method: "GET",
  path: "/areas/{area}/mailbox",
  group: "premises",
  roles: ["admin", "cru"],
  tag: "Notifications",
  summary: "A CRU area's shared mailbox",
  description: "404 while none is set: the area's emails are then recorded as `no-mailbox`.",
  params: areaParam,
  responses: { 200: { description: "The mailbox", schema: mailboxSchema } },
} as const satisfies RouteDef;

export const putAreaMailbox = {
  operationId: "putAreaMailbox",
  method: "PUT",
  path: "/areas/{area}/mailbox",
  group: "premises",
  roles: ["admin"],
  tag: "Notifications",
  summary: "Set a CRU area's shared mailbox",
  description:
    "Where release-without-accommodation and placement alerts, and stay reduction decisions, for the area's referrals are emailed. A shared team mailbox, never a person's address. Audited.",
  params: areaParam,
  body: mailboxBody,
  responses: { 200: { description: "The mailbox", schema: mailboxSchema } },
} as const satisfies RouteDef;

export const notificationsRoutes = defineRoutes([listNotifications, getAreaMailbox, putAreaMailbox]);
