import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSecretString, SecretUnavailable } from "../../../shared/services/secrets.js";

/** A stand-in for the Parameters and Secrets extension's loopback endpoint. */
describe("readSecretString: Secrets Manager through the Lambda extension", () => {
  let server: Server;
  let port = 0;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? "", headers: req.headers });
      const id = new URL(req.url ?? "", "http://x").searchParams.get("secretId");
      if (req.headers["x-aws-parameters-secrets-token"] !== "session-token") {
        res.writeHead(401).end("not authorised");
      } else if (id === "arn:aws:secretsmanager:eu-west-2:1:secret:notify/key") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ Name: "notify/key", SecretString: "the-key", VersionId: "v1" }));
      } else if (id === "binary") {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ SecretBinary: "AA==" }));
      } else if (id === "throttled") {
        res.writeHead(503).end("Rate exceeded");
      } else {
        res.writeHead(400).end("ResourceNotFoundException: Secrets Manager can't find the specified secret.");
      }
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  const env = () => ({
    AWS_SESSION_TOKEN: "session-token",
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port),
  });

  it("asks the extension with the function's session token and returns the string value", async () => {
    const id = "arn:aws:secretsmanager:eu-west-2:1:secret:notify/key";
    expect(await readSecretString(id, env())).toBe("the-key");
    const last = seen.at(-1)!;
    expect(last.url).toBe(`/secretsmanager/get?secretId=${encodeURIComponent(id)}`);
    expect(last.headers["x-aws-parameters-secrets-token"]).toBe("session-token");
  });

  it("says a missing secret or a refused token is permanent, and a throttle is not", async () => {
    const missing = await readSecretString("nope", env()).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SecretUnavailable);
    expect((missing as SecretUnavailable).permanent).toBe(true);
    expect((missing as Error).message).toContain("ResourceNotFoundException");
    const refused = await readSecretString("nope", { ...env(), AWS_SESSION_TOKEN: "other" }).catch(
      (e: unknown) => e,
    );
    expect((refused as SecretUnavailable).permanent).toBe(true);
    const throttled = await readSecretString("throttled", env()).catch((e: unknown) => e);
    expect((throttled as SecretUnavailable).permanent).toBe(false);
  });

  it("refuses a secret with no string value, and runs only where Lambda gives a session token", async () => {
    await expect(readSecretString("binary", env())).rejects.toThrow("no string value");
    await expect(
      readSecretString("x", { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port) }),
    ).rejects.toThrow("AWS_SESSION_TOKEN");
  });
});
