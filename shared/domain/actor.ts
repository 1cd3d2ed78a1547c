import { notFound, unauthorised } from "./errors.js";
import { ROLES, type Role } from "./vocabulary.js";

export interface Principal {
  sub: string;
  username: string;
  roles: Role[];
  /** Premises an ap-manager may act on; empty for other roles. */
  premises: string[];
}

type Claims = Record<string, unknown>;

/**
 * API Gateway's JWT authorizer flattens array claims to a string like "[cru admin]";
 * a Lambda invoked otherwise may see a real array. Accept both.
 */
export function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== "string") return [];
  const trimmed = raw.trim();
  const inner = trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.slice(1, -1) : trimmed;
  return inner
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, ""))
    .filter(Boolean);
}

export function principalFromClaims(claims: Claims | undefined): Principal {
  if (!claims || typeof claims.sub !== "string" || claims.sub === "") throw unauthorised();
  const roles = parseGroups(claims["cognito:groups"]).filter((g): g is Role =>
    (ROLES as readonly string[]).includes(g),
  );
  const premisesClaim = claims["custom:premises"];
  const premises =
    typeof premisesClaim === "string"
      ? premisesClaim
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean)
      : [];
  const username =
    (typeof claims["cognito:username"] === "string" && (claims["cognito:username"] as string)) ||
    (typeof claims.username === "string" && (claims.username as string)) ||
    claims.sub;
  return { sub: claims.sub, username, roles, premises };
}

export const hasRole = (p: Principal, ...roles: Role[]) => p.roles.some((r) => roles.includes(r));

/** cru and admin act on every premises; an ap-manager only on those in its token. */
export function canActOnPremises(p: Principal, premisesId: string): boolean {
  if (hasRole(p, "cru", "admin")) return true;
  return hasRole(p, "ap-manager") && p.premises.includes(premisesId);
}

/**
 * One scope rule for every premises-bound resource: outside an ap-manager's premises it
 * does not exist (404), so a manager cannot learn what other premises hold (their people,
 * bookings, alerts) from 403 versus 404. 403 stays for a role that may never call the
 * route. `resource` names what was asked for; by default the premises itself.
 */
export function assertPremisesScope(
  p: Principal,
  premisesId: string,
  resource: { what: string; id: string } = { what: "Premises", id: premisesId },
): void {
  if (!canActOnPremises(p, premisesId)) throw notFound(resource.what, resource.id);
}

export const actorOf = (p: Principal) => p.username;
