import type { Conflict, DomainError, DomainErrorKind, InvalidParam } from "../domain/errors.js";

export type { Conflict, InvalidParam };

/** RFC 9457 problem details, the only error shape clients ever see. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  invalidParams?: InvalidParam[];
  conflicts?: Conflict[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Invalid request",
  401: "Unauthorised",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  412: "Precondition failed",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Unprocessable request",
  428: "Precondition required",
  503: "Service unavailable",
  500: "Internal error",
};

export class Problem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly invalidParams?: InvalidParam[];
  readonly conflicts?: Conflict[];
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    detail: string,
    opts: {
      type?: string;
      title?: string;
      invalidParams?: InvalidParam[];
      conflicts?: Conflict[];
      headers?: Record<string, string>;
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(detail);
    this.name = "Problem";
    this.status = status;
    this.title = opts.title ?? TITLES[status] ?? "Error";
    this.type = `https://ap-bed-manager.service.justice.gov.uk/problems/${opts.type ?? slug(this.title)}`;
    this.invalidParams = opts.invalidParams;
    this.conflicts = opts.conflicts;
    this.headers = opts.headers ?? {};
    this.extra = opts.extra ?? {};
  }

  toBody(): ProblemBody {
    return {
      ...this.extra,
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(this.invalidParams ? { invalidParams: this.invalidParams } : {}),
      ...(this.conflicts ? { conflicts: this.conflicts } : {}),
    };
  }
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "precondition-failed": 412,
  unprocessable: 422,
  unavailable: 503,
};

/** The JSON adapter's reading of an operation's refusal. */
export function problemFromDomain(err: DomainError): Problem {
  return new Problem(STATUS[err.kind], err.message, {
    type: err.type,
    invalidParams: err.invalidParams,
    conflicts: err.conflicts,
    extra: err.extra,
    headers: err.kind === "unavailable" ? { "Retry-After": "1" } : undefined,
  });
}

export const unauthorised = (detail = "A valid bearer token is required") => new Problem(401, detail);
export const unavailable = (detail = "The service is busy; retry shortly") =>
  new Problem(503, detail, { type: "busy", headers: { "Retry-After": "1" } });
