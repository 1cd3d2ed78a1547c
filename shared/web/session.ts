import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { Principal } from "../domain/actor.js";
import { readSecretString } from "../services/secrets.js";

/**
 * The session lives in the browser as one cookie, sealed with AES-256-GCM: nobody can read
 * it or change it without the key, and the server keeps no session store. It carries who
 * is signed in (never a token), the CSRF token, a flash message and answers waiting on a
 * "check your answers" page.
 */
export interface Flash {
  kind: "success" | "important";
  title?: string;
  text: string;
}

export interface Session {
  principal?: Principal;
  csrf: string;
  /** Epoch milliseconds after which the session is void. */
  expiresAt: number;
  flash?: Flash;
  /** Answers waiting for confirmation, by the form's key. */
  pending?: Record<string, Record<string, unknown>>;
}

/** A signed-in working day; in AWS it never outlives the ID token it was made from. */
export const SESSION_HOURS = 8;

export const newSession = (now = Date.now()): Session => ({
  csrf: randomBytes(24).toString("base64url"),
  expiresAt: now + SESSION_HOURS * 3_600_000,
});

type Purpose = "session" | "sign-in";

/** iv (12) | tag (16) | ciphertext, base64url. The purpose is bound in as associated data. */
export function seal(value: unknown, key: Buffer, purpose: Purpose): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The length of `seal(value)`'s output, without a key: iv and tag (28 bytes) plus the JSON, in base64url. */
export const sealedLength = (value: unknown): number =>
  Math.ceil(((28 + Buffer.byteLength(JSON.stringify(value), "utf8")) * 4) / 3);

/**
 * How long the sealed session may be. Browsers keep a cookie of at most 4,096 bytes (name,
 * value and attributes together) and silently drop a longer one, which would lose the answers
 * a check page waits on; the name and attributes take under 150 bytes.
 */
export const MAX_SEALED_SESSION = 3_900;

/** The sealed value, or undefined when it was tampered with, sealed with another key or for another purpose. */
export function unseal<T>(sealed: string, key: Buffer, purpose: Purpose): T | undefined {
  try {
    const raw = Buffer.from(sealed, "base64url");
    if (raw.length < 29) return undefined;
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Any secret string becomes a 256-bit key; a base64 value of exactly 32 bytes is used as it is. */
export function keyFromSecret(secret: string): Buffer {
  const raw = Buffer.from(secret, "base64");
  if (raw.length === 32 && raw.toString("base64").replace(/=+$/, "") === secret.replace(/=+$/, ""))
    return raw;
  return createHash("sha256").update(secret, "utf8").digest();
}

let cachedKey: Promise<Buffer> | undefined;

/**
 * WEB_SESSION_KEY when set (the local runtime generates one per run); in AWS the secret
 * named by WEB_SESSION_SECRET_ARN, read once per cold start.
 */
export function sessionKey(env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  if (env.WEB_SESSION_KEY) return Promise.resolve(keyFromSecret(env.WEB_SESSION_KEY));
  cachedKey ??= (async () => {
    const arn = env.WEB_SESSION_SECRET_ARN;
    if (!arn) throw new Error("Neither WEB_SESSION_KEY nor WEB_SESSION_SECRET_ARN is set");
    return keyFromSecret(await readSecretString(arn));
  })().catch((err) => {
    cachedKey = undefined;
    throw err;
  });
  return cachedKey;
}

export interface CookieOptions {
  /** Omitted only for the local runtime on plain http. */
  secure: boolean;
  maxAgeSeconds?: number;
}

/** Cookies are Secure everywhere but the local runtime on plain http. */
export const secureCookies = () => process.env.AP_LOCAL !== "1";

/** `__Host-` needs Secure; locally on http the plain name is used. */
export const cookieName = (base: string, secure: boolean) => (secure ? `__Host-${base}` : base);

export function serialiseCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (opts.secure) parts.push("Secure");
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  return parts.join("; ");
}

export function readCookies(cookies: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cookies ?? []) {
    for (const part of c.split(/;\s*/)) {
      const eq = part.indexOf("=");
      if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  return out;
}
