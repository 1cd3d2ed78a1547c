/**
 * What an operation refuses, and why, in the domain's own words. The JSON adapter maps a
 * DomainError to RFC 9457 problem+json; the HTML adapter to the GOV.UK error summary or a
 * 404 page. Neither the rules nor the stores know about either.
 */
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

export type DomainErrorKind =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "precondition-failed"
  | "unprocessable"
  | "unavailable";

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  /** A stable slug for the problem type; the adapter derives one from the kind when absent. */
  readonly type?: string;
  readonly invalidParams?: InvalidParam[];
  readonly conflicts?: Conflict[];
  readonly extra: Record<string, unknown>;

  constructor(
    kind: DomainErrorKind,
    detail: string,
    opts: {
      type?: string;
      invalidParams?: InvalidParam[];
      conflicts?: Conflict[];
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(detail);
    this.name = "DomainError";
    this.kind = kind;
    this.type = opts.type;
    this.invalidParams = opts.invalidParams;
    this.conflicts = opts.conflicts;
    this.extra = opts.extra ?? {};
  }
}

export const isDomainError = (err: unknown): err is DomainError => err instanceof DomainError;

export const badRequest = (detail: string, invalidParams?: InvalidParam[]) =>
  new DomainError("invalid", detail, { type: "invalid-request", invalidParams });
export const invalidParam = (name: string, reason: string) =>
  new DomainError("invalid", `${name}: ${reason}`, {
    type: "invalid-request",
    invalidParams: [{ name, reason }],
  });
export const unauthorised = (detail = "A valid bearer token is required") =>
  new DomainError("unauthenticated", detail);
export const forbidden = (detail: string) => new DomainError("forbidden", detail);
export const notFound = (what: string, id: string) =>
  new DomainError("not-found", `${what} ${id} does not exist`);
export const conflict = (detail: string, conflicts?: Conflict[], type = "conflict") =>
  new DomainError("conflict", detail, { type, conflicts });
export const preconditionFailed = (detail: string) =>
  new DomainError("precondition-failed", detail, { type: "stale-version" });
export const unprocessable = (detail: string, type?: string) =>
  new DomainError("unprocessable", detail, { type });
export const unavailable = (detail = "The service is busy; retry shortly") =>
  new DomainError("unavailable", detail, { type: "busy" });
