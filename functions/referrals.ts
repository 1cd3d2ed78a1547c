import { createApiHandler } from "../shared/api/api-handler.js";
import { referralsBindings } from "../shared/api/bindings/referrals.js";

export const handler = createApiHandler(referralsBindings);
