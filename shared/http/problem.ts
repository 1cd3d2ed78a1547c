/** RFC 9457 problem details, the only error shape clients ever see. */
export interface InvalidParam {
  name: string;
  reason: string;
}

export interface Conflict {
  kind: string;
  bookingId?: string;
  referralId?: string;
  outOfServiceId?: string;
  bedId?: string;
  startDate?: string;
  endDate?: string;
  detail?: string;
}

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

export const badRequest = (detail: string, invalidParams?: InvalidParam[]) =>
  new Problem(400, detail, { type: "invalid-request", invalidParams });
export const invalidParam = (name: string, reason: string) =>
  new Problem(400, `${name}: ${reason}`, { type: "invalid-request", invalidParams: [{ name, reason }] });
export const unauthorised = (detail = "A valid bearer token is required") => new Problem(401, detail);
export const forbidden = (detail: string) => new Problem(403, detail);
export const notFound = (what: string, id: string) => new Problem(404, `${what} ${id} does not exist`);
export const conflict = (detail: string, conflicts?: Conflict[], type = "conflict") =>
  new Problem(409, detail, { type, conflicts });
export const preconditionFailed = (detail: string) => new Problem(412, detail, { type: "stale-version" });
export const unavailable = (detail = "The service is busy; retry shortly") =>
  new Problem(503, detail, { type: "busy", headers: { "Retry-After": "1" } });
