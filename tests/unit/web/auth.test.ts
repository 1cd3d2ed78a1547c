import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  authorizeUrl,
  codeChallengeOf,
  safeNext,
  signInMode,
  startSignIn,
} from "../../../shared/web/auth.js";
import { authCallback, authDeps, postSignIn, signOut } from "../../../shared/web/controllers/sign-in.js";
import type { PageRequest } from "../../../shared/web/page.js";
import { newSession, type Session } from "../../../shared/web/session.js";

const COGNITO = {
  COGNITO_DOMAIN: "ap-test.auth.eu-west-2.amazoncognito.com",
  COGNITO_CLIENT_ID: "abc123client",
  COGNITO_USER_POOL_ID: "eu-west-2_AbCdEf123",
};
const key = randomBytes(32);

const request = (over: Partial<PageRequest> = {}): PageRequest => ({
  params: {},
  query: {},
  form: {},
  session: newSession(),
  principal: { sub: "anonymous", username: "anonymous", roles: [], premises: [] },
  origin: "https://api.example.test",
  url: "/",
  cookies: [],
  ...over,
});

describe("sign-in mode", () => {
  it("is the local form only in the local runtime, never inside Lambda", () => {
    expect(signInMode({ AP_LOCAL: "1" })).toEqual({ mode: "local" });
    expect(signInMode({ AP_LOCAL: "1", AWS_LAMBDA_FUNCTION_NAME: "web" }).mode).toBe("unavailable");
    expect(signInMode({ ...COGNITO, AP_LOCAL: "1", AWS_LAMBDA_FUNCTION_NAME: "web" }).mode).toBe("cognito");
    expect(signInMode({ ...COGNITO, COGNITO_DOMAIN: "evil.example/path?" }).mode).toBe("unavailable");
  });

  it("returns only to a path on this site", () => {
    expect(safeNext("/premises/p1/placements?tab=current")).toBe("/premises/p1/placements?tab=current");
    for (const bad of [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "javascript:x",
      undefined,
    ]) {
      expect(safeNext(bad)).toBe("/");
    }
  });

  it("sends Cognito an S256 PKCE challenge and the state, never the verifier", () => {
    const pending = startSignIn("/");
    const url = new URL(
      authorizeUrl(
        { mode: "cognito", domain: COGNITO.COGNITO_DOMAIN, clientId: "abc123client", userPoolId: "x_y" },
        pending,
        "https://api.example.test",
      ),
    );
    expect(url.searchParams.get("code_challenge")).toBe(codeChallengeOf(pending.verifier));
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBe(pending.state);
    expect(url.searchParams.get("redirect_uri")).toBe("https://api.example.test/auth/callback");
    expect(url.toString()).not.toContain(pending.verifier);
  });
});

describe("the Hosted UI sign-in, completed on the server", () => {
  beforeEach(() => {
    Object.assign(process.env, COGNITO, { WEB_SESSION_KEY: key.toString("base64") });
    delete process.env.AP_LOCAL;
  });
  afterEach(() => {
    for (const k of [...Object.keys(COGNITO), "WEB_SESSION_KEY"]) delete process.env[k];
    authDeps.fetch = undefined;
    authDeps.verify = undefined;
  });

  async function begin() {
    const started = await postSignIn(request({ form: { next: "/premises/p1/placements" } }));
    if (!("redirect" in started)) throw new Error("no redirect");
    const cookie = started.cookies![0]!;
    expect(cookie).toMatch(
      /^__Host-ap-sign-in=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=600$/,
    );
    const state = new URL(started.redirect).searchParams.get("state")!;
    return {
      cookie: cookie.split(";")[0]!,
      state,
      challenge: new URL(started.redirect).searchParams.get("code_challenge")!,
    };
  }

  it("exchanges the code with the PKCE verifier, verifies the ID token and starts a session without tokens", async () => {
    const { cookie, state, challenge } = await begin();
    const sent: URLSearchParams[] = [];
    authDeps.fetch = vi.fn(async (_url: unknown, init?: RequestInit) => {
      sent.push(new URLSearchParams(String(init?.body)));
      return new Response(JSON.stringify({ id_token: "header.payload.sig", access_token: "a" }), {
        status: 200,
      });
    }) as never;
    authDeps.verify = vi.fn(async () => ({
      sub: "u-1",
      "cognito:groups": ["ap-manager"],
      "cognito:username": "sam",
      "custom:premises": "p1",
      exp: Math.floor(Date.now() / 1000) + 3600,
    }));
    const session: Session = newSession();
    const before = session.csrf;
    const res = await authCallback(
      request({ session, cookies: [cookie], query: { code: "the-code", state } }),
    );
    expect(res).toMatchObject({ redirect: "/premises/p1/placements" });
    expect(codeChallengeOf(sent[0]!.get("code_verifier")!)).toBe(challenge);
    expect(sent[0]!.get("grant_type")).toBe("authorization_code");
    expect(authDeps.verify).toHaveBeenCalledWith("header.payload.sig");
    expect(session.principal).toEqual({
      sub: "u-1",
      username: "sam",
      roles: ["ap-manager"],
      premises: ["p1"],
    });
    expect(session.csrf).not.toBe(before);
    expect(JSON.stringify(session)).not.toContain("header.payload.sig");
    expect(session.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
  });

  it("refuses a callback whose state does not match the sign-in cookie's, or has no cookie", async () => {
    const { cookie } = await begin();
    authDeps.fetch = vi.fn() as never;
    const session = newSession();
    expect(
      await authCallback(request({ session, cookies: [cookie], query: { code: "c", state: "forged" } })),
    ).toMatchObject({ status: 400 });
    expect(await authCallback(request({ session, query: { code: "c", state: "x" } }))).toMatchObject({
      status: 400,
    });
    expect(authDeps.fetch).not.toHaveBeenCalled();
    expect(session.principal).toBeUndefined();
  });

  it("signs out of the session and of Cognito", async () => {
    const session: Session = {
      ...newSession(),
      principal: { sub: "u", username: "u", roles: ["cru"], premises: [] },
    };
    const res = await signOut(request({ session }));
    expect(session.principal).toBeUndefined();
    if (!("redirect" in res)) throw new Error("no redirect");
    const url = new URL(res.redirect);
    expect(url.origin).toBe(`https://${COGNITO.COGNITO_DOMAIN}`);
    expect(url.pathname).toBe("/logout");
    expect(url.searchParams.get("logout_uri")).toBe("https://api.example.test/signed-out");
  });
});
