import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from "jose";

/** What the local issuer puts in tokens and the local "authorizer" demands, as the HTTP API JWT authorizer would. */
export const LOCAL_ISSUER = "https://local-issuer.ap-bed-manager.invalid";
export const LOCAL_AUDIENCE = "ap-bed-manager-local";
const ALG = "ES256";

export const defaultKeyFile = () => resolve(process.env.AP_LOCAL_KEY_FILE ?? ".local/jwt-key.json");

interface KeyFile {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The signing key lives in a git-ignored file so `npm run token` and the server agree without a network. */
export async function loadOrCreateKey(file = defaultKeyFile()): Promise<KeyFile> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as KeyFile;
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const key: KeyFile = {
    kid,
    privateJwk: await exportJWK(privateKey),
    publicJwk: await exportJWK(publicKey),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}

export interface TokenRequest {
  role: string;
  user?: string;
  premises?: readonly string[];
  expiresIn?: string | number;
}

export async function mintToken(req: TokenRequest, file = defaultKeyFile()): Promise<string> {
  const key = await loadOrCreateKey(file);
  const user = req.user ?? `${req.role}-user`;
  const claims: Record<string, unknown> = {
    "cognito:groups": [req.role],
    "cognito:username": user,
    token_use: "id",
  };
  if (req.premises?.length) claims["custom:premises"] = req.premises.join(",");
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: "JWT" })
    .setSubject(`local-${user}`)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(req.expiresIn ?? "8h")
    .sign(await importJWK(key.privateJwk, ALG));
}

/**
 * Verifies as API Gateway's JWT authorizer does (signature, issuer, audience, expiry; only the
 * asymmetric algorithm we issue, so `alg: none` and HMAC tricks fail) and returns the claims
 * flattened the way the authorizer hands them to Lambda.
 */
export async function createVerifier(file = defaultKeyFile()) {
  const key = await loadOrCreateKey(file);
  const publicKey = await importJWK(key.publicJwk, ALG);
  return async (token: string): Promise<Record<string, string>> => {
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: [ALG],
      requiredClaims: ["exp", "sub"],
    });
    return flattenClaims(payload as Record<string, unknown>);
  };
}

export function flattenClaims(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (Array.isArray(v)) out[k] = `[${v.join(" ")}]`;
    else if (v !== null && typeof v === "object") out[k] = JSON.stringify(v);
    else out[k] = String(v);
  }
  return out;
}
