import {
  areaOccupancyQuery,
  areaOccupancySchema,
  occupancyQuery,
  occupancySchema,
  premisesIdParams,
} from "../../schemas/occupancy.js";
import { defineRoutes, type RouteDef } from "../route.js";

const ROLES = ["cru", "ap-manager", "admin"] as const;

export const getOccupancy = {
  operationId: "getOccupancy",
  method: "GET",
  path: "/premises/{premisesId}/occupancy",
  group: "occupancy",
  roles: ROLES,
  tag: "Occupancy",
  summary: "Bed-by-night occupancy of a premises",
  description:
    "Nights from…to inclusive (default today and the 83 nights after; at most 366 nights). Per night: beds, occupied, buffer, out of service, free, arrivals, departures and free beds by room characteristic. Per bed: segments (inclusive nights) clipped to the window. An ap-manager may ask only for its own premises.",
  params: premisesIdParams,
  query: occupancyQuery,
  responses: { 200: { description: "Occupancy", schema: occupancySchema } },
} as const satisfies RouteDef;

export const getOccupancyCsv = {
  operationId: "getOccupancyCsv",
  method: "GET",
  path: "/premises/{premisesId}/occupancy.csv",
  group: "occupancy",
  roles: ROLES,
  tag: "Occupancy",
  summary: "The per-night occupancy as CSV (RFC 4180), one row a night",
  description:
    "The `days` of the JSON occupancy (same from…to rules) as a download: a header row, then one row a night, CRLF line ends.",
  params: premisesIdParams,
  query: occupancyQuery,
  responses: {
    200: {
      description: "CSV with a header row, CRLF line ends",
      contentType: "text/csv; charset=utf-8",
      headers: ["Content-Disposition"],
    },
  },
} as const satisfies RouteDef;

export const getAreaOccupancy = {
  operationId: "getAreaOccupancy",
  method: "GET",
  path: "/occupancy",
  group: "occupancy",
  roles: ROLES,
  tag: "Occupancy",
  summary: "Per-premises occupancy on a date, for one CRU area or all",
  description:
    "For each premises: beds, occupied, buffer, out of service and free on `date`, free beds on each of the 28 nights from `date`, the lowest of them, and the count of open alerts. cru and admin see every premises; an ap-manager sees only the premises in its token (never a 403, never another premises).",
  query: areaOccupancyQuery,
  responses: { 200: { description: "Area view", schema: areaOccupancySchema } },
} as const satisfies RouteDef;

export const occupancyRoutes = defineRoutes([getOccupancy, getOccupancyCsv, getAreaOccupancy]);
