import { isUtf8 } from "node:buffer";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { BASE_HEADERS, MAX_BODY_BYTES } from "../../shared/api/middleware.js";
import type { FunctionGroup, RouteDef } from "../../shared/api/route.js";
import { problemTypeUri } from "../../shared/schemas/problem.js";
import type { PageFunction } from "../../shared/web/page-functions.js";
import { HANDLER_MODULES, type LambdaHandler } from "./handlers.js";

/** API Gateway HTTP API's payload limit; the handlers enforce the contract's 64 KiB themselves. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;
/** What an anonymous caller may make the gateway read: the contract's body limit, no more. */
const ANONYMOUS_MAX_BODY = MAX_BODY_BYTES;

/** On every error the gateway itself answers, the Lambdas' own error headers. */
const ERROR_HEADERS = BASE_HEADERS;

/** The one 401 text: why a token was refused goes to the log, never to the caller. */
const UNAUTHORISED_DETAIL = "A valid bearer token is required";

/** A JSON API route (behind the JWT authorizer unless public) or a page (a page function, no authorizer). */
interface ServedRoute {
  method: string;
  path: string;
  group: FunctionGroup | PageFunction;
  roles: RouteDef["roles"];
}

interface CompiledRoute {
  route: ServedRoute;
  regex: RegExp;
  names: string[];
  /** Literal segments win over parameters, as in API Gateway. */
  params: number;
}

function compile(route: ServedRoute): CompiledRoute {
  const names: string[] = [];
  const pattern = route.path
    .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
    .replace(/\{(\w+)(\\\+)?\}/g, (_m, name: string, greedy?: string) => {
      names.push(name);
      return greedy ? "(.+)" : "([^/]+)";
    });
  return { route, regex: new RegExp(`^${pattern}$`), names, params: names.length };
}

/**
 * 401 without taking in the body: a body of at most the contract's 64 KiB is drained (so
 * the connection can be reused); a larger one is not read, and the connection is closed.
 */
function refuseAnonymous(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>) {
  return new Promise<void>((resolve) => {
    const answer = (drained: boolean) => {
      problem(res, 401, "Unauthorised", UNAUTHORISED_DETAIL, {
        ...headers,
        ...(drained ? {} : { connection: "close" }),
      });
      if (!drained) res.on("finish", () => req.socket.destroy());
      resolve();
    };
    if (req.readableEnded) return answer(true);
    if (Number(req.headers["content-length"] ?? 0) > ANONYMOUS_MAX_BODY) return answer(false);
    let read = 0;
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read <= ANONYMOUS_MAX_BODY) return;
      req.pause();
      req.off("data", onData);
      req.off("end", onEnd);
      answer(false);
    };
    const onEnd = () => answer(true);
    req.on("data", onData);
    req.once("end", onEnd);
  });
}

// Quiet under vitest, whose suites refuse hundreds of tokens on purpose.
const defaultRefusalLog = (line: string) => {
  if (!process.env.VITEST) console.warn(`local gateway: ${line}`);
};

/** HTTP API keeps text bodies as text and base64-encodes anything else. */
const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|application\/[\w.+-]+\+(json|xml))/i;

function problem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    "content-type": "application/problem+json",
    ...ERROR_HEADERS,
    ...headers,
  });
  res.end(
    JSON.stringify({
      type: `https://ap-bed-manager.service.justice.gov.uk/problems/${title.toLowerCase().replace(/\W+/g, "-")}`,
      title,
      status,
      detail,
    }),
  );
}

export interface LocalServerOptions {
  routes: readonly RouteDef[];
  verify: (token: string) => Promise<Record<string, string>>;
  /** Where a refused token's reason goes (the 401 body never carries it); stderr by default. */
  logRefusal?: (line: string) => void;
  /** Override a group's handler (tests inject faults this way). */
  handlers?: Partial<Record<FunctionGroup | PageFunction, LambdaHandler>>;
  /** Page routes (method, path and the page function serving it), without the JWT check: pages use a session cookie. */
  pages?: readonly { method: string; path: string; fn: PageFunction }[];
  /**
   * While this answers true, `GET /health` is `503 {status: "starting"}`: the local runtime is
   * still writing its demo data, and a client that waits for health must not race the seed.
   */
  starting?: () => boolean;
}

/**
 * API Gateway keeps idle client connections open far longer than Node's 5 s default; a
 * client that pauses between calls must not meet "other side closed" here only.
 */
export const KEEP_ALIVE_MS = 65_000;

/**
 * A small stand-in for API Gateway HTTP API (payload format 2.0) with its JWT authorizer:
 * it matches the route table, verifies the bearer token, builds the v2 event and maps the
 * handler's result back to HTTP.
 */
export function createLocalServer(opts: LocalServerOptions): Server {
  const compiled = [
    ...opts.routes.map((r) => compile({ method: r.method, path: r.path, group: r.group, roles: r.roles })),
    ...(opts.pages ?? []).map((p) =>
      compile({ method: p.method, path: p.path, group: p.fn, roles: "public" as const }),
    ),
  ].sort((a, b) => a.params - b.params);
  const loaded = new Map<FunctionGroup | PageFunction, LambdaHandler>(
    Object.entries(opts.handlers ?? {}) as never,
  );
  const handlerFor = async (group: FunctionGroup | PageFunction) => {
    let h = loaded.get(group);
    if (!h) {
      h = (await HANDLER_MODULES[group]()).handler;
      loaded.set(group, h);
    }
    return h;
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await serve(req, res);
    } catch (err) {
      console.error("local adapter error", err);
      if (!res.headersSent) problem(res, 500, "Internal error", "The local adapter failed");
      else res.end();
    }
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must outlast keepAliveTimeout, or a slow next request on a kept-alive socket is cut off.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  // Requests the HTTP parser refuses (oversized URL or headers, malformed request lines) are
  // answered as a gateway would, but in the contract's problem+json shape.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const status = tooLarge ? 431 : 400;
    const title = tooLarge ? "Request header fields too large" : "Bad request";
    const body = JSON.stringify({
      type: problemTypeUri(tooLarge ? "headers-too-large" : "malformed-request"),
      title,
      status,
      detail: tooLarge ? "The URL and headers must fit in 16 KB" : "The request could not be parsed",
    });
    const headers = Object.entries(ERROR_HEADERS)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\n${headers}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  return server;

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = (req.method ?? "GET").toUpperCase();
    if (method === "GET" && url.pathname === "/health" && opts.starting?.()) {
      const body = JSON.stringify({ status: "starting" });
      res.writeHead(503, {
        "content-type": "application/json",
        "cache-control": "no-store",
        "retry-after": "1",
        "content-length": String(Buffer.byteLength(body)),
      });
      res.end(body);
      return;
    }
    const matches = compiled
      .map((c) => ({ c, m: c.regex.exec(url.pathname) }))
      .filter((x): x is { c: CompiledRoute; m: RegExpExecArray } => x.m !== null);
    const hit = matches.find((x) => x.c.route.method === method);
    if (!hit) {
      if (matches.length > 0)
        return problem(res, 405, "Method not allowed", `${method} is not served on ${url.pathname}`, {
          allow: [...new Set(matches.map((x) => x.c.route.method))].join(", "),
        });
      return problem(res, 404, "Not found", `No route for ${method} ${url.pathname}`);
    }
    const { route } = hit.c;

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k === "cookie") continue;
      headers[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
    }

    // Like API Gateway's JWT authorizer: the token is checked on the headers, before any
    // body is read, so an anonymous caller cannot make the gateway take in a large body.
    let claims: Record<string, string> | undefined;
    if (route.roles !== "public") {
      const m = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "");
      let refusal: string | undefined;
      if (!m) refusal = "no bearer token";
      else {
        try {
          claims = await opts.verify(m[1]!);
        } catch (err) {
          refusal = (err as Error).message;
        }
      }
      if (refusal !== undefined) {
        (opts.logRefusal ?? defaultRefusalLog)(`token refused for ${method} ${url.pathname}: ${refusal}`);
        await refuseAnonymous(req, res, {
          "www-authenticate": m ? 'Bearer error="invalid_token"' : "Bearer",
        });
        return;
      }
    }

    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > GATEWAY_MAX_BODY) {
        return problem(res, 413, "Payload too large", "The body is over the gateway's 10 MB limit");
      }
      chunks.push(chunk as Buffer);
    }
    const rawBody = Buffer.concat(chunks);

    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const pathParameters: Record<string, string> = {};
    hit.c.names.forEach((name, i) => {
      const raw = hit.m[i + 1] ?? "";
      try {
        pathParameters[name] = decodeURIComponent(raw);
      } catch {
        pathParameters[name] = raw;
      }
    });
    const contentType = headers["content-type"] ?? "";
    // HTTP API hands text bodies over as text; bytes that are not UTF-8 cannot be, so they go
    // base64 like a binary body and the Lambda refuses them instead of seeing U+FFFD.
    const isText = rawBody.length === 0 || (TEXT_TYPES.test(contentType) && isUtf8(rawBody));
    const cookies = req.headers.cookie ? req.headers.cookie.split(/;\s*/) : undefined;
    const now = new Date();
    const requestId = randomUUID();
    const routeKey = `${route.method} ${route.path}`;
    const event = {
      version: "2.0",
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(cookies ? { cookies } : {}),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(hit.c.names.length ? { pathParameters } : {}),
      requestContext: {
        accountId: "000000000000",
        apiId: "local",
        domainName: headers.host ?? "localhost",
        domainPrefix: (headers.host ?? "localhost").split(".")[0],
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
          userAgent: headers["user-agent"] ?? "",
        },
        requestId,
        routeKey,
        stage: "$default",
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      },
      ...(rawBody.length
        ? { body: isText ? rawBody.toString("utf8") : rawBody.toString("base64"), isBase64Encoded: !isText }
        : { isBase64Encoded: false }),
    };
    const context = {
      awsRequestId: requestId,
      functionName: `local-${route.group}`,
      functionVersion: "$LATEST",
      invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:local-${route.group}`,
      memoryLimitInMB: "512",
      logGroupName: `/aws/lambda/local-${route.group}`,
      logStreamName: "local",
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => 29_000,
      done() {},
      fail() {},
      succeed() {},
    };
    const handler = await handlerFor(route.group);
    const result = (await handler(event, context)) as
      | {
          statusCode?: number;
          headers?: Record<string, string>;
          body?: string;
          isBase64Encoded?: boolean;
          cookies?: string[];
        }
      | string
      | undefined;
    if (result && typeof result === "object" && typeof result.statusCode === "number") {
      const outHeaders: Record<string, string | string[]> = { ...(result.headers ?? {}) };
      if (result.cookies?.length) outHeaders["set-cookie"] = result.cookies;
      const body = result.body
        ? Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8")
        : Buffer.alloc(0);
      outHeaders["content-length"] = String(body.length);
      res.writeHead(result.statusCode, outHeaders);
      res.end(body);
      return;
    }
    // Payload 2.0 inference: anything without statusCode is a 200 JSON body.
    const body = JSON.stringify(result ?? null);
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
    });
    res.end(body);
  }
}
