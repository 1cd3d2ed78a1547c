import * as z from "zod";
import { defineRoutes, type RouteDef } from "../http/route.js";

export const health = {
  operationId: "health",
  method: "GET",
  path: "/health",
  group: "public",
  roles: "public",
  tag: "Service",
  summary: "Liveness",
  responses: { 200: { description: "Up", schema: z.object({ status: z.literal("ok") }) } },
} as const satisfies RouteDef;

export const openapi = {
  operationId: "openapi",
  method: "GET",
  path: "/openapi.json",
  group: "public",
  roles: "public",
  tag: "Service",
  summary: "This document",
  responses: { 200: { description: "OpenAPI 3.1", schema: z.record(z.string(), z.unknown()) } },
} as const satisfies RouteDef;

export const publicRoutes = defineRoutes([health, openapi]);
