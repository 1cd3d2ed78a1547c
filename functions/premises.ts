import { createApiHandler } from "../shared/api/api-handler.js";
import { mailboxBindings } from "../shared/api/bindings/notifications.js";
import { premisesBindings } from "../shared/api/bindings/premises.js";

export const handler = createApiHandler([...premisesBindings, ...mailboxBindings]);
