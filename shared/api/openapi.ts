import * as z from "zod";
import { DEPARTURE_LADDER, RELEASE_LADDER } from "../domain/alert-rules.js";
import { EMERGENCY_MAX_DAYS, SHORT_NOTICE_MAX_DAYS } from "../domain/notice.js";
import { problemSchema, problemTypesTable } from "../schemas/problem.js";
import { EXAMPLE_ARRIVAL, EXAMPLE_DEPARTURE, EXAMPLE_TODAY, requestExampleFor } from "./examples.js";
import { acceptsIdempotencyKey } from "./idempotency.js";
import type { ResponseHeader, RouteDef } from "./route.js";

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  title: string;
  version: string;
  /** Where this deployment answers, e.g. https://abc.execute-api.eu-west-2.amazonaws.com. */
  serverUrl?: string;
  /** The Cognito hosted UI domain (COGNITO_DOMAIN); a template when not known. */
  cognitoDomain?: string;
}

/** Error responses (components/responses), keyed by status; the operations reference them. */
const ERRORS: Record<number, { name: string; description: string; headers?: string[] }> = {
  400: {
    name: "BadRequest",
    description: "Invalid input: `invalidParams` names each field, parameter or header",
  },
  401: {
    name: "Unauthorised",
    description:
      'Missing or refused bearer token. In AWS the gateway\'s JWT authorizer answers this itself, as `{"message":"Unauthorized"}` (application/json)',
    headers: ["WWW-Authenticate"],
  },
  403: { name: "Forbidden", description: "The token's role or premises scope does not allow this" },
  404: {
    name: "NotFound",
    description: "No resource has that id; for an ap-manager also one outside its premises",
  },
  405: {
    name: "MethodNotAllowed",
    description: "The path does not have this method; `Allow` lists the ones it has",
    headers: ["Allow"],
  },
  409: { name: "Conflict", description: "A business rule refuses it; `conflicts` says what is in the way" },
  412: {
    name: "PreconditionFailed",
    description: "`If-Match` names a stale version; read the resource again",
  },
  413: { name: "PayloadTooLarge", description: "The body is over 64 KiB" },
  415: { name: "UnsupportedMediaType", description: "The body is not sent as application/json" },
  422: {
    name: "IdempotencyKeyReused",
    description: "The `Idempotency-Key` was already used with a different body",
  },
  431: { name: "HeadersTooLarge", description: "The URL and headers are over 16 KB" },
  503: {
    name: "Busy",
    description: "Busy (throttled or contended); nothing was changed. Retry after `Retry-After` seconds",
    headers: ["Retry-After"],
  },
};

const HEADERS: Record<ResponseHeader | "WWW-Authenticate" | "Allow" | "Idempotent-Replayed", Json> = {
  ETag: {
    description: 'The resource\'s version as a strong entity tag, e.g. `"3"`; send it back in `If-Match`',
    required: true,
    schema: { type: "string", pattern: '^"[^"]+"$' },
  },
  Location: {
    description: "Path of the created resource",
    required: true,
    schema: { type: "string", format: "uri-reference" },
  },
  "Content-Disposition": {
    description: "attachment, with a file name naming the premises and the nights",
    required: true,
    schema: { type: "string" },
  },
  "WWW-Authenticate": {
    description: 'The bearer challenge, e.g. `Bearer` or `Bearer error="invalid_token"`',
    schema: { type: "string" },
  },
  Allow: {
    description: "The methods this path has, comma separated",
    required: true,
    schema: { type: "string" },
  },
  "Idempotent-Replayed": {
    description:
      "`true` when this is the stored first answer to an earlier request with the same `Idempotency-Key`",
    schema: { type: "string", enum: ["true"] },
  },
  "Retry-After": {
    description: "Seconds to wait before retrying",
    required: true,
    schema: { type: "integer", minimum: 0 },
  },
};

const headerKey = (h: string) => h.replace(/-/g, "");

const TAGS: Record<string, string> = {
  "Premises and beds":
    "Approved premises, their beds and out-of-service periods (admin sets up; every role reads).",
  Referrals: "Referrals for a place in an AP (CRU submits; AP managers see those placed at their premises).",
  "Allocation and bookings":
    "Bed search, allocation and the life of a stay: arrival, non-arrival, extension, departure, cancellation and stay reductions.",
  "Move-on": "Where a resident will live after the AP, and the board of residents by move-on urgency.",
  Occupancy: "Bed-by-night occupancy of a premises, and the per-premises picture for CRU.",
  Alerts: "Warnings raised by the nightly job.",
  "Pre-arrival and placement review":
    "A booked stay's pre-arrival checklist, the AP manager's placement review and the CRU's answer to a concern.",
  Service: "Liveness and this document.",
  "Web page": "The staff web page and its assets.",
};

function documentDescription(): string {
  return [
    "Approved Premises bed and referral manager: CRU submits referrals, searches for beds and allocates them;",
    "AP managers record arrivals and departures, plan move-on and decide stay reductions; a nightly job warns",
    "before anyone leaves an AP, or is released, with nowhere to live.",
    "",
    "## Conventions",
    "- Dates are calendar dates `YYYY-MM-DD` in Europe/London; instants (`…At`) are ISO 8601 UTC date-times.",
    "- A stay from `arrivalDate` to `departureDate` occupies the nights `arrivalDate … departureDate - 1`;",
    "  the departure day itself is free. Every other range names nights inclusively: an out-of-service period",
    "  `startDate … endDate`, an occupancy segment, a conflict's `startDate … endDate`, and `from … to` in queries.",
    "- A stay's buffer is the premises' `bufferDays` nights after its departure, kept free so the stay can be",
    "  extended; on one bed no night holds two of occupied, buffer and out-of-service.",
    `- Notice: \`emergency\` when the expected arrival is ${EMERGENCY_MAX_DAYS} days or fewer after submission,`,
    `  \`short-notice\` when ${SHORT_NOTICE_MAX_DAYS} or fewer, else \`standard\`.`,
    `- Alerts: a stay without secured move-on is raised ${DEPARTURE_LADDER.join(", ")} days before its expected`,
    "  departure and every night once overdue; an unplaced referral whose person would otherwise be homeless is",
    `  raised ${RELEASE_LADDER.join(" and ")} days before the expected arrival. A late run raises only the most urgent`,
    "  threshold reached.",
    "- Lists return `{items, nextCursor?}`; pass `nextCursor` back as `cursor` for the next page. A cursor is",
    "  opaque: one the API did not issue is a 400.",
    "- Responses that carry a `version` send it as a strong `ETag`; the changes that accept `If-Match` answer",
    "  412 when it is stale.",
    "- Unknown request fields and query parameters are rejected (400).",
    "- Every POST accepts `Idempotency-Key` (per user, 24 h): a retry with the same key and body gets the first",
    "  success again with `Idempotent-Replayed: true` and changes nothing; the key with another body is 422.",
    `- The request examples tell one story the service accepts: the referral is submitted on ${EXAMPLE_TODAY},`,
    `  the person arrives on ${EXAMPLE_ARRIVAL} and leaves on ${EXAMPLE_DEPARTURE}.`,
    "",
    "## Errors",
    "Errors are RFC 9457 `application/problem+json` bodies (`Problem`). The `type` says the cause:",
    "",
    problemTypesTable(),
  ].join("\n");
}

/**
 * A request field with a default may be left out, but openapi-typescript (and other
 * generators) type a schema with `default` as always present. In request shapes the
 * default is therefore said in words, so generated clients see the field as optional.
 */
function moveDefaultsToDescriptions(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) moveDefaultsToDescriptions(item);
    return;
  }
  if (!node || typeof node !== "object") return;
  const schema = node as Json;
  if ("default" in schema && (typeof schema.default !== "object" || Array.isArray(schema.default))) {
    schema.description = `${schema.description ? `${schema.description}. ` : ""}Default ${JSON.stringify(schema.default)}.`;
    delete schema.default;
  }
  for (const v of Object.values(schema)) moveDefaultsToDescriptions(v);
}

/**
 * OpenAPI 3.1 from the same zod schemas the handlers validate with. Named schemas
 * (`.meta({id})`) become components; request bodies, parameters and headers use the input
 * shape (fields with defaults optional), responses the output shape.
 */
/** A list whose query can name a premises (`?premisesId=`): another premises' answers 404. */
export const hasPremisesFilter = (route: RouteDef) =>
  route.query !== undefined && "premisesId" in (route.query as z.ZodObject).shape;

export function buildOpenApi(routes: readonly RouteDef[], opts: OpenApiOptions) {
  const components: Record<string, Json> = {};

  const convert = (schema: z.ZodType, io: "input" | "output"): Json => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
    if (io === "input") moveDefaultsToDescriptions(json);
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
  const usedErrors = new Set<number>();
  const usedHeaders = new Set<string>();
  const headerRefs = (names: readonly string[]) =>
    Object.fromEntries(
      names.map((h) => {
        usedHeaders.add(h);
        return [h, { $ref: `#/components/headers/${headerKey(h)}` }];
      }),
    );
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const parameters: Json[] = [];
    const addParams = (schema: z.ZodObject | undefined, where: "path" | "query") => {
      if (!schema) return;
      const json = convert(schema, "input") as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        const { description, ...rest } = s;
        parameters.push({
          name,
          in: where,
          required: where === "path" || (json.required ?? []).includes(name),
          ...(description ? { description } : {}),
          schema: rest,
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
        schema: { type: "string", pattern: '^([0-9]{1,12}|"[0-9]{1,12}")$' },
        description: "The version (or the ETag) the change is based on; 412 when it is no longer current",
      });
    }
    const keyed = acceptsIdempotencyKey(route);
    if (keyed) {
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required: false,
        schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,128}$" },
        description:
          "Retry safely. Scope: per user (the token's `sub`) and key, for 24 h. The same key on the same method, " +
          "path and body returns the first success again with `Idempotent-Replayed: true` and changes nothing; " +
          "the same key with another body, path or method is 422. While the first request is still running a " +
          "second one waits up to 3 s for its answer, then gets 409 (`idempotency-key-in-use`). A refusal (4xx) " +
          "changes nothing and is not stored: a retry is judged afresh.",
      });
    }
    const responses: Record<string, Json> = {};
    for (const [status, res] of Object.entries(route.responses)) {
      responses[status] = {
        description: res.description,
        ...(res.headers?.length || keyed
          ? {
              headers: headerRefs([
                ...(res.headers ?? []),
                ...(keyed && Number(status) < 300 ? (["Idempotent-Replayed"] as const) : []),
              ]),
            }
          : {}),
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
    const isPublic = route.roles === "public";
    // 400: unknown query parameters are refused on every route. 405 and 431 come from the gateway.
    const errorCodes = new Set<number>([400, 405, 431]);
    if (!isPublic) errorCodes.add(401).add(403).add(503);
    // 404 only where a path id can name nothing, or a premises filter names another premises
    // (which answers as if it did not exist, the scope rule).
    if (route.params || hasPremisesFilter(route)) errorCodes.add(404);
    if (route.body) errorCodes.add(413).add(415);
    if (route.ifMatch) errorCodes.add(412);
    if (keyed) errorCodes.add(409).add(422);
    for (const p of route.problems ?? []) errorCodes.add(p);
    for (const code of [...errorCodes].sort()) {
      usedErrors.add(code);
      responses[String(code)] = { $ref: `#/components/responses/${ERRORS[code]?.name ?? `Status${code}`}` };
    }
    const op: Json = {
      operationId: route.operationId,
      summary: route.summary,
      description: `${route.description ?? route.summary}${isPublic ? "" : `\n\nRoles: ${(route.roles as readonly string[]).join(", ")}.`}`,
      tags: [route.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: convert(route.body, "input"),
                  ...(requestExampleFor(route.operationId) !== undefined
                    ? { example: requestExampleFor(route.operationId) }
                    : {}),
                },
              },
            },
          }
        : {}),
      responses,
      security: isPublic ? [] : [{ cognito: [] }, { cognitoHostedUi: ["openid"] }],
      ...(isPublic ? {} : { "x-roles": route.roles }),
    };
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = op;
  }

  const errorResponses: Record<string, Json> = {};
  for (const code of [...usedErrors].sort()) {
    const e = ERRORS[code] ?? { name: `Status${code}`, description: `Error ${code}` };
    errorResponses[e.name] = {
      description: e.description,
      ...(e.headers ? { headers: headerRefs(e.headers) } : {}),
      content: {
        "application/problem+json": { schema: problemRef },
        ...(code === 401
          ? {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { message: { type: "string" } },
                  required: ["message"],
                  description: "API Gateway's own answer",
                },
              },
            }
          : {}),
      },
    };
  }

  // Without the deployment's domain, the stack's default prefix with ACCOUNT for the AWS account id.
  const hostedUi = `https://${opts.cognitoDomain ?? "ap-bed-manager-ACCOUNT.auth.eu-west-2.amazoncognito.com"}`;
  return {
    openapi: "3.1.0",
    info: {
      title: opts.title,
      version: opts.version,
      description: documentDescription(),
      contact: {
        name: "Approved Premises service team",
        url: "https://ap-bed-manager.service.justice.gov.uk",
      },
    },
    servers: [
      opts.serverUrl
        ? { url: opts.serverUrl, description: "This deployment" }
        : { url: "http://127.0.0.1:3000", description: "The local system (`npm start`)" },
    ],
    // Every tag an operation uses is listed (Spectral's operation-tag-defined), even one a new route brings.
    tags: [
      ...Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      ...[...new Set(routes.map((r) => r.tag))]
        .filter((t) => !(t in TAGS))
        .map((name) => ({ name, description: `${name} operations.` })),
    ],
    paths,
    components: {
      schemas: components,
      responses: errorResponses,
      headers: Object.fromEntries(
        Object.entries(HEADERS)
          .filter(([h]) => usedHeaders.has(h))
          .map(([h, def]) => [headerKey(h), def]),
      ),
      securitySchemes: {
        cognito: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "A Cognito ID token of the user pool (`Authorization: Bearer <id token>`): roles from `cognito:groups` " +
            "(`cru`, `ap-manager`, `admin`), an ap-manager's premises from `custom:premises`, `aud` the app client. " +
            "Access tokens carry no `custom:premises`, and the pool offers no client-credentials grant: a system " +
            "client signs in as a Cognito user in the group it acts as, through the authorization code flow below, " +
            "and refreshes with the refresh token. Locally, `npm run --silent token -- --role ROLE` prints one.",
        },
        cognitoHostedUi: {
          type: "oauth2",
          description:
            "The Cognito hosted UI (authorization code with PKCE). Send the ID token it returns as the bearer token." +
            (opts.cognitoDomain
              ? ""
              : " The URLs start with the stack's HostedUiBaseUrl output (ACCOUNT stands for the AWS account id)."),
          flows: {
            authorizationCode: {
              authorizationUrl: `${hostedUi}/oauth2/authorize`,
              tokenUrl: `${hostedUi}/oauth2/token`,
              refreshUrl: `${hostedUi}/oauth2/token`,
              scopes: { openid: "Sign in", email: "The user's email", profile: "The user's name" },
            },
          },
        },
      },
    },
  };
}
