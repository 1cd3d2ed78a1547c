import { createApiHandler } from "../shared/http/api-handler.js";
import { bookingsBindings } from "../shared/services/bookings-service.js";
import { moveOnBindings } from "../shared/services/move-on-service.js";

export const handler = createApiHandler([...bookingsBindings, ...moveOnBindings]);
