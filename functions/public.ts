import { createApiHandler } from "../shared/api/api-handler.js";
import { publicBindings } from "../shared/api/bindings/public.js";

export const handler = createApiHandler(publicBindings);
