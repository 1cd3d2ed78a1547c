import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { contentSecurityPolicy, signInConfig } from "../../shared/api/bindings/web-page.js";
import { useLocalApi } from "../support/local-api.js";

const api = useLocalApi();
const saved = {
  local: process.env.AP_LOCAL,
  domain: process.env.COGNITO_DOMAIN,
  client: process.env.COGNITO_CLIENT_ID,
};

afterEach(() => {
  for (const [k, v] of [
    ["AP_LOCAL", saved.local],
    ["COGNITO_DOMAIN", saved.domain],
    ["COGNITO_CLIENT_ID", saved.client],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("the web page", () => {
  it("serves the HTML without a token, with a CSP that allows only 'self' and no inline script", async () => {
    const res = await api.call("GET", "/app");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    // No inline script or style, and nothing from another origin.
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\sstyle=|<style|\son\w+=/);
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(res.text).toContain('<script src="/app/app.js" defer></script>');
  });

  it("serves the script and styles, small enough to be fast", async () => {
    const js = await api.call("GET", "/app/app.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("etag")).toMatch(/^".+"$/);
    expect(gzipSync(js.text).length).toBeLessThan(150 * 1024);
    expect(() => new Function(js.text)).not.toThrow();
    const css = await api.call("GET", "/app/app.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.text).toContain("#1d70b8");
    expect(css.text).not.toMatch(/@import|url\(/);
  });

  it("config.json says local when AP_LOCAL=1, Cognito when configured, and never leaks a bad domain into the CSP", async () => {
    process.env.AP_LOCAL = "1";
    expect((await api.call("GET", "/app/config.json")).body).toEqual({ mode: "local" });
    delete process.env.AP_LOCAL;
    process.env.COGNITO_DOMAIN = "https://ap-beds.auth.eu-west-2.amazoncognito.com/";
    process.env.COGNITO_CLIENT_ID = "abc123def456";
    expect((await api.call("GET", "/app/config.json")).body).toEqual({
      mode: "cognito",
      domain: "ap-beds.auth.eu-west-2.amazoncognito.com",
      clientId: "abc123def456",
    });
    const page = await api.call("GET", "/app");
    expect(page.headers.get("content-security-policy")).toContain(
      "connect-src 'self' https://ap-beds.auth.eu-west-2.amazoncognito.com",
    );
    expect(signInConfig({ COGNITO_DOMAIN: "evil.example; script-src *", COGNITO_CLIENT_ID: "x" })).toEqual({
      mode: "unavailable",
    });
    expect(contentSecurityPolicy({ mode: "unavailable" })).toContain("connect-src 'self';");
  });
});

describe("POST /local/sign-in", () => {
  it("mints a token the API accepts with the role and premises asked for", async () => {
    const res = await api.call("POST", "/local/sign-in", {
      body: { role: "ap-manager", user: "jo.bloggs", premises: ["p-web"] },
    });
    expect(res.status).toBe(200);
    const token = res.body.token as string;
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({
      "cognito:groups": ["ap-manager"],
      "cognito:username": "jo.bloggs",
      "custom:premises": "p-web",
    });
    // The token works, and is scoped: this manager may not read another premises.
    expect((await api.call("GET", "/premises", { token })).status).toBe(200);
    expect((await api.call("GET", "/premises/elsewhere/occupancy", { token })).status).toBe(403);
  });

  it.each([
    ["an unknown role", { role: "superuser" }],
    ["a bad user name", { role: "cru", user: "<script>" }],
    ["bad premises", { role: "ap-manager", premises: [42] }],
  ])("refuses %s with 400", async (_label, body) => {
    const res = await api.call("POST", "/local/sign-in", { body });
    expect(res.status).toBe(400);
    expect(res.body.token).toBeUndefined();
  });
});
