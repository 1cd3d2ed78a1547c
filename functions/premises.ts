import { createApiHandler } from "../shared/api/api-handler.js";
import { premisesBindings } from "../shared/api/bindings/premises.js";

export const handler = createApiHandler(premisesBindings);
