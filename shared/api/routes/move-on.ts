import {
  boardSchema,
  bookingIdParam,
  moveOnBody,
  moveOnResponseSchema,
  premisesIdParam,
} from "../../schemas/move-on.js";
import { defineRoutes, type RouteDef } from "../route.js";

/** Move-on plan and board routes; served by the bookings function. */
export const putMoveOn = {
  operationId: "putMoveOnPlan",
  method: "PUT",
  path: "/bookings/{bookingId}/move-on",
  group: "bookings",
  roles: ["cru", "ap-manager"],
  tag: "Move-on",
  summary: "Record where a resident will live after the AP",
  description:
    "Only for booked or arrived stays (409 otherwise). confirmed needs category, address and availableFrom; no-fixed-abode can never be confirmed. Every change is kept in the history.",
  params: bookingIdParam,
  body: moveOnBody,
  ifMatch: true,
  responses: {
    200: { description: "The plan with its history", schema: moveOnResponseSchema, headers: ["ETag"] },
  },
  problems: [409, 412],
} as const satisfies RouteDef;

export const getMoveOn = {
  operationId: "getMoveOnPlan",
  method: "GET",
  path: "/bookings/{bookingId}/move-on",
  group: "bookings",
  roles: ["cru", "ap-manager"],
  tag: "Move-on",
  summary: "A booking's move-on plan and every change to it",
  description: "ETag is the booking's version. An ap-manager sees only bookings at its own premises.",
  params: bookingIdParam,
  responses: {
    200: { description: "The plan with its history", schema: moveOnResponseSchema, headers: ["ETag"] },
  },
} as const satisfies RouteDef;

export const getMoveOnBoard = {
  operationId: "getMoveOnBoard",
  method: "GET",
  path: "/premises/{premisesId}/move-on",
  group: "bookings",
  roles: ["cru", "ap-manager"],
  tag: "Move-on",
  summary: "Every current and booked resident of a premises by move-on urgency",
  description:
    "Overdue residents first, then fewest days left without secured move-on (confirmed with an address available by departure), secured last; with HDC/licence end and open alerts.",
  params: premisesIdParam,
  responses: { 200: { description: "The board", schema: boardSchema } },
} as const satisfies RouteDef;

export const moveOnRoutes = defineRoutes([putMoveOn, getMoveOn, getMoveOnBoard]);
