import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { WebResponse } from "../../../shared/web/handler.js";

/** A v2 event as API Gateway (or the local adapter) sends a page route. */
export function pageEvent(
  routeKey: string,
  opts: {
    path?: string;
    params?: Record<string, string>;
    query?: Record<string, string>;
    cookies?: string[];
    form?: Record<string, string | string[]>;
  } = {},
): APIGatewayProxyEventV2 {
  const [method, path] = routeKey.split(" ") as [string, string];
  const body = opts.form
    ? new URLSearchParams(
        Object.entries(opts.form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
      ).toString()
    : undefined;
  return {
    version: "2.0",
    routeKey,
    rawPath: opts.path ?? path,
    rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
    cookies: opts.cookies,
    headers: { host: "pages.test", ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    queryStringParameters: opts.query,
    pathParameters: opts.params,
    requestContext: {
      accountId: "0",
      apiId: "test",
      domainName: "pages.test",
      domainPrefix: "pages",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "vitest" },
      requestId: "r",
      routeKey,
      stage: "$default",
      time: "",
      timeEpoch: 0,
    },
    body,
    isBase64Encoded: false,
  };
}

/** `name=value` of the response's cookies, to send back as a browser would. */
export const cookiesOf = (res: WebResponse) => res.cookies.map((c) => c.split(";")[0]!);

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
