import { createApiHandler } from "../shared/api/api-handler.js";
import { bookingsBindings } from "../shared/api/bindings/bookings.js";
import { moveOnBindings } from "../shared/api/bindings/move-on.js";
import { preArrivalBindings } from "../shared/api/bindings/pre-arrival.js";

export const handler = createApiHandler([...bookingsBindings, ...moveOnBindings, ...preArrivalBindings]);
