import { createApiHandler } from "../shared/api/api-handler.js";
import { occupancyBindings } from "../shared/api/bindings/occupancy.js";

export const handler = createApiHandler(occupancyBindings);
