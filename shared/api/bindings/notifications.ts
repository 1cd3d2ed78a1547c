import * as notifications from "../../services/notifications-service.js";
import { type Binding, implement } from "../api-handler.js";
import * as routes from "../routes/notifications.js";

export const notificationsBindings: Binding[] = [
  implement(routes.listNotifications, async ({ query }) => ({
    status: 200,
    body: await notifications.listNotifications(query),
  })),
];

export const mailboxBindings: Binding[] = [
  implement(routes.getAreaMailbox, async ({ params }) => ({
    status: 200,
    body: await notifications.getAreaMailbox(params.area),
  })),
  implement(routes.putAreaMailbox, async ({ params, body, principal }) => ({
    status: 200,
    body: await notifications.setAreaMailbox(params.area, body.email, principal),
  })),
];
