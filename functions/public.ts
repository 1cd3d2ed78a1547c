import { createApiHandler } from "../shared/api/api-handler.js";
import { publicBindings } from "../shared/api/bindings/public.js";
import { webBindings } from "../shared/api/bindings/web-page.js";

export const handler = createApiHandler([...publicBindings, ...webBindings]);
