import type { Principal } from "../domain/actor.js";
import { actorOf } from "../domain/actor.js";
import { notFound } from "../domain/errors.js";
import * as mailboxes from "../store/mailboxes-store.js";
import * as store from "../store/notifications.js";

/** Notifications newest first, filtered by premises and/or kind (admin; the route checks the role). */
export function listNotifications(query: {
  premisesId?: string;
  kind?: string;
  cursor?: string;
  limit?: number;
}) {
  return store.listNotifications(query);
}

export async function getAreaMailbox(area: string) {
  const mailbox = await mailboxes.getAreaMailbox(area);
  if (!mailbox) throw notFound("Mailbox of area", area);
  return mailbox;
}

export function setAreaMailbox(area: string, email: string, principal: Principal) {
  return mailboxes.putAreaMailbox(area, email, actorOf(principal));
}
