import * as z from "zod";
import { defineRoutes, type RouteDef } from "../route.js";

const page = (operationId: string, path: string, summary: string, contentType: string) =>
  ({
    operationId,
    method: "GET",
    path,
    group: "public",
    roles: "public",
    tag: "Web page",
    summary,
    responses: { 200: { description: summary, contentType } },
  }) as const satisfies RouteDef;

export const appPage = page(
  "appPage",
  "/app",
  "The web page for AP managers and CRU",
  "text/html; charset=utf-8",
);
export const appScript = page(
  "appScript",
  "/app/app.js",
  "The page's script",
  "text/javascript; charset=utf-8",
);
export const appStyles = page("appStyles", "/app/app.css", "The page's styles", "text/css; charset=utf-8");

export const appConfig = {
  operationId: "appConfig",
  method: "GET",
  path: "/app/config.json",
  group: "public",
  roles: "public",
  tag: "Web page",
  summary: "How the page signs in: the Cognito Hosted UI (PKCE) in AWS, a local form when run locally",
  responses: {
    200: {
      description: "Sign-in configuration",
      schema: z.union([
        z.object({ mode: z.literal("local") }),
        z.object({ mode: z.literal("cognito"), domain: z.string(), clientId: z.string() }),
        z.object({ mode: z.literal("unavailable") }),
      ]),
    },
  },
} as const satisfies RouteDef;

/** The web page and its assets; served by the public function. */
export const webRoutes = defineRoutes([appPage, appScript, appStyles, appConfig]);
