import { createApiHandler } from "../shared/http/api-handler.js";
import { occupancyBindings } from "../shared/services/occupancy-service.js";

export const handler = createApiHandler(occupancyBindings);
