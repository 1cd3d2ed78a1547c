import * as z from "zod";
import { problemSchema } from "../schemas/common.js";
import type { RouteDef } from "./route.js";

type Json = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input (problem+json with invalidParams)",
  401: "Missing or invalid bearer token",
  403: "Role or premises scope does not allow this",
  404: "Unknown id",
  409: "Business conflict (problem+json with conflicts)",
  412: "If-Match names a stale version",
  413: "Body over 64 KiB",
  415: "Body is not JSON",
  422: "Idempotency-Key reused with a different body",
  503: "Busy; retry after the Retry-After seconds",
};

/**
 * OpenAPI 3.1 from the same zod schemas the handlers validate with. Named schemas
 * (`.meta({id})`) become components; request bodies use the input shape (defaults
 * optional), responses the output shape.
 */
export function buildOpenApi(routes: readonly RouteDef[], info: { title: string; version: string }) {
  const components: Record<string, Json> = {};

  const convert = (schema: z.ZodType, io: "input" | "output"): Json => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    delete json.$schema;
    const rename = new Map<string, string>();
    for (const [id, def] of Object.entries(defs)) {
      let name = id;
      const existing = components[name];
      if (existing && JSON.stringify(existing) !== JSON.stringify(def))
        name = `${id}${io === "input" ? "Input" : "Output"}`;
      rename.set(id, name);
      components[name] = def;
    }
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (node && typeof node === "object") {
        const out: Json = {};
        for (const [k, v] of Object.entries(node)) {
          if (k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")) {
            const id = v.slice("#/$defs/".length);
            out[k] = `#/components/schemas/${rename.get(id) ?? id}`;
          } else out[k] = rewrite(v);
        }
        return out;
      }
      return node;
    };
    for (const [id, name] of rename) components[name] = rewrite(components[name] ?? defs[id]) as Json;
    return rewrite(json) as Json;
  };

  const problemRef = convert(problemSchema, "output");
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const parameters: Json[] = [];
    const addParams = (schema: z.ZodObject | undefined, where: "path" | "query") => {
      if (!schema) return;
      const json = convert(schema, "input") as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === "path" || (json.required ?? []).includes(name),
          schema: s,
        });
      }
    };
    addParams(route.params, "path");
    addParams(route.query, "query");
    if (route.ifMatch) {
      parameters.push({
        name: "If-Match",
        in: "header",
        required: false,
        schema: { type: "string" },
        description: "The resource's version; 412 when stale",
      });
    }
    if (route.idempotencyKey) {
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required: false,
        schema: { type: "string", maxLength: 128 },
        description: "Same key and body within 24 h returns the first response; a different body gets 422",
      });
    }
    const responses: Record<string, Json> = {};
    for (const [status, res] of Object.entries(route.responses)) {
      responses[status] = {
        description: res.description,
        ...(res.schema || res.contentType
          ? {
              content: {
                [res.contentType ?? "application/json"]: {
                  schema: res.schema ? convert(res.schema, "output") : { type: "string" },
                },
              },
            }
          : {}),
      };
    }
    const errorCodes = new Set<number>(route.roles === "public" ? [] : [400, 401, 403, 404, 503]);
    if (route.body) errorCodes.add(413).add(415).add(400);
    for (const p of route.problems ?? []) errorCodes.add(p);
    for (const code of [...errorCodes].sort()) {
      responses[String(code)] = {
        description: ERROR_TEXT[code] ?? "Error",
        content: { "application/problem+json": { schema: problemRef } },
      };
    }
    const op: Json = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: convert(route.body, "input") } },
            },
          }
        : {}),
      responses,
      security: route.roles === "public" ? [] : [{ cognito: [] }],
      ...(route.roles === "public" ? {} : { "x-roles": route.roles }),
    };
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = op;
  }

  return {
    openapi: "3.1.0",
    info: {
      ...info,
      description:
        "Approved Premises bed and referral manager. Dates are YYYY-MM-DD (Europe/London); errors are RFC 9457 problem+json.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        cognito: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "Cognito access/ID token. Roles from cognito:groups; ap-manager scope from custom:premises.",
        },
      },
    },
  };
}
