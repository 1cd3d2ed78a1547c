import { createApiHandler } from "../shared/http/api-handler.js";
import { premisesBindings } from "../shared/services/premises-service.js";

export const handler = createApiHandler(premisesBindings);
