/**
 * Secrets Manager through the AWS Parameters and Secrets Lambda Extension (a layer CDK adds
 * to the functions that read a secret, infra/app-function.ts), not through the SDK client.
 *
 * Why: the Secrets Manager client and its protocol code are about 15 KB of every bundle that
 * reads one secret once per cold start, and bundles are capped at 500 KB. The extension is a
 * local HTTP endpoint inside the execution environment (loopback only), authenticated with
 * the function's own session token, and it caches the value for its TTL, so a rotated secret
 * is picked up without a redeploy.
 */

/** The extension's documented default; CDK sets PARAMETERS_SECRETS_EXTENSION_HTTP_PORT when it differs. */
const DEFAULT_PORT = 2773;

export class SecretUnavailable extends Error {
  constructor(
    message: string,
    /** 4xx: the secret is missing or the role may not read it; retrying will not help. */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "SecretUnavailable";
  }
}

export async function readSecretString(
  secretId: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const token = env.AWS_SESSION_TOKEN;
  if (!token)
    throw new SecretUnavailable("No AWS_SESSION_TOKEN: the secrets extension runs only in Lambda", true);
  const port = Number(env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? DEFAULT_PORT);
  const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
  const res = await fetch(url, { headers: { "X-Aws-Parameters-Secrets-Token": token } });
  if (!res.ok) {
    // The extension passes Secrets Manager's own status through; the body names the cause.
    const detail = (await res.text()).slice(0, 200);
    throw new SecretUnavailable(`Secret ${secretId}: ${res.status} ${detail}`, res.status < 500);
  }
  const body = (await res.json()) as { SecretString?: unknown };
  if (typeof body.SecretString !== "string" || body.SecretString === "")
    throw new SecretUnavailable(`Secret ${secretId} has no string value`, true);
  return body.SecretString;
}
