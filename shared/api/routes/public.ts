import * as z from "zod";
import { defineRoutes, type RouteDef } from "../route.js";

export const health = {
  operationId: "health",
  method: "GET",
  path: "/health",
  group: "public",
  roles: "public",
  tag: "Service",
  summary: "Liveness",
  description:
    '`200 {status: "ok"}` once the service answers. The local runtime (`npm start`) answers `503 {status: "starting"}` (with `Retry-After`) until its demo data is written, so a client that waits for health never races the seed. No token needed.',
  responses: {
    200: { description: "Up", schema: z.object({ status: z.literal("ok") }) },
    503: {
      description: "Starting: the local runtime is still writing its demo data",
      schema: z.object({ status: z.literal("starting") }),
      headers: ["Retry-After"],
    },
  },
} as const satisfies RouteDef;

export const openapi = {
  operationId: "openapi",
  method: "GET",
  path: "/openapi.json",
  group: "public",
  roles: "public",
  tag: "Service",
  summary: "This document",
  description: "OpenAPI 3.1, generated from the zod schemas the handlers validate with. No token needed.",
  responses: { 200: { description: "OpenAPI 3.1", schema: z.record(z.string(), z.unknown()) } },
} as const satisfies RouteDef;

export const publicRoutes = defineRoutes([health, openapi]);
