import { createApiHandler } from "../shared/http/api-handler.js";
import { referralsBindings } from "../shared/services/referrals-service.js";

export const handler = createApiHandler(referralsBindings);
