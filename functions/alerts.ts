import { createApiHandler } from "../shared/http/api-handler.js";

export const handler = createApiHandler([]);
