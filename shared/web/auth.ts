import { createHash, randomBytes } from "node:crypto";
import { CognitoJwtVerifier } from "aws-jwt-verify";

/** How staff sign in: a local form (the local runtime only) or Cognito's Hosted UI. */
export type SignInMode =
  | { mode: "local" }
  | { mode: "cognito"; domain: string; clientId: string; userPoolId: string }
  | { mode: "unavailable" };

/**
 * Read per request so tests can switch modes. The local form mints any identity, so it is
 * refused inside Lambda whatever the environment says.
 */
export function signInMode(env: NodeJS.ProcessEnv = process.env): SignInMode {
  if (env.AP_LOCAL === "1" && !env.AWS_LAMBDA_FUNCTION_NAME) return { mode: "local" };
  const domain = (env.COGNITO_DOMAIN ?? "")
    .trim()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
  const clientId = (env.COGNITO_CLIENT_ID ?? "").trim();
  const userPoolId = (env.COGNITO_USER_POOL_ID ?? "").trim();
  // Only a bare host name may go into a redirect, never a path or a second origin.
  if (
    /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain) &&
    /^[A-Za-z0-9]+$/.test(clientId) &&
    /^[\w-]+_[0-9A-Za-z]+$/.test(userPoolId)
  ) {
    return { mode: "cognito", domain, clientId, userPoolId };
  }
  return { mode: "unavailable" };
}

/** What the short-lived sign-in cookie holds between the redirect to Cognito and the callback. */
export interface PendingSignIn {
  state: string;
  verifier: string;
  next: string;
  expiresAt: number;
}

export const SIGN_IN_COOKIE = "ap-sign-in";
export const SIGN_IN_MINUTES = 10;

export function startSignIn(next: string, now = Date.now()): PendingSignIn {
  return {
    state: randomBytes(24).toString("base64url"),
    verifier: randomBytes(48).toString("base64url"),
    next,
    expiresAt: now + SIGN_IN_MINUTES * 60_000,
  };
}

export const codeChallengeOf = (verifier: string) =>
  createHash("sha256").update(verifier).digest("base64url");

export const callbackUrl = (origin: string) => `${origin}/auth/callback`;
export const signedOutUrl = (origin: string) => `${origin}/signed-out`;

export function authorizeUrl(
  cfg: Extract<SignInMode, { mode: "cognito" }>,
  pending: PendingSignIn,
  origin: string,
): string {
  const q = new URLSearchParams({
    response_type: "code",
    client_id: cfg.clientId,
    redirect_uri: callbackUrl(origin),
    scope: "openid email profile",
    state: pending.state,
    code_challenge: codeChallengeOf(pending.verifier),
    code_challenge_method: "S256",
  });
  return `https://${cfg.domain}/oauth2/authorize?${q}`;
}

/** Cognito's /logout ends its own session too, then returns to our signed-out page. */
export function logoutUrl(cfg: Extract<SignInMode, { mode: "cognito" }>, origin: string): string {
  const q = new URLSearchParams({ client_id: cfg.clientId, logout_uri: signedOutUrl(origin) });
  return `https://${cfg.domain}/logout?${q}`;
}

export type Fetch = typeof fetch;
export type IdTokenVerifier = (token: string) => Promise<Record<string, unknown>>;

let verifier: IdTokenVerifier | undefined;
/** aws-jwt-verify checks signature (the pool's JWKS, cached per cold start), issuer, audience, expiry and token_use. */
export function cognitoVerifier(cfg: Extract<SignInMode, { mode: "cognito" }>): IdTokenVerifier {
  if (verifier) return verifier;
  const v = CognitoJwtVerifier.create({ userPoolId: cfg.userPoolId, tokenUse: "id", clientId: cfg.clientId });
  verifier = async (token) => (await v.verify(token)) as unknown as Record<string, unknown>;
  return verifier;
}

/** The authorization code exchanged on the server, with the PKCE verifier; the verified ID token's claims. */
export async function completeSignIn(
  cfg: Extract<SignInMode, { mode: "cognito" }>,
  code: string,
  pending: PendingSignIn,
  origin: string,
  deps: { fetch?: Fetch; verify?: IdTokenVerifier } = {},
): Promise<Record<string, unknown>> {
  const res = await (deps.fetch ?? fetch)(`https://${cfg.domain}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: cfg.clientId,
      code,
      redirect_uri: callbackUrl(origin),
      code_verifier: pending.verifier,
    }).toString(),
  });
  if (!res.ok) throw new Error(`The token endpoint answered ${res.status}`);
  const body = (await res.json()) as { id_token?: unknown };
  if (typeof body.id_token !== "string") throw new Error("The token endpoint returned no ID token");
  return (deps.verify ?? cognitoVerifier(cfg))(body.id_token);
}

/** Only a path on this site, never `//elsewhere` or a scheme: an open redirect would launder phishing. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : "/";
}
