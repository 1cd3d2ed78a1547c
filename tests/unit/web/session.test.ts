import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  cookieName,
  keyFromSecret,
  newSession,
  readCookies,
  seal,
  serialiseCookie,
  unseal,
} from "../../../shared/web/session.js";

const key = randomBytes(32);

describe("the sealed session cookie", () => {
  it("opens what it sealed", () => {
    const s = {
      ...newSession(),
      principal: { sub: "s", username: "u", roles: ["cru" as const], premises: [] },
    };
    expect(unseal(seal(s, key, "session"), key, "session")).toEqual(s);
  });

  it("refuses a changed byte, another key, or a value sealed for another purpose", () => {
    const sealed = seal({ a: 1 }, key, "session");
    const raw = Buffer.from(sealed, "base64url");
    raw[raw.length - 1]! ^= 1;
    expect(unseal(raw.toString("base64url"), key, "session")).toBeUndefined();
    expect(unseal(sealed, randomBytes(32), "session")).toBeUndefined();
    expect(unseal(sealed, key, "sign-in")).toBeUndefined();
    expect(unseal("short", key, "session")).toBeUndefined();
  });

  it("does not show what it holds", () => {
    const sealed = seal({ username: "jo.bloggs" }, key, "session");
    expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("jo.bloggs");
  });

  it("is httpOnly and SameSite=Lax, Secure with a __Host- name except on local http", () => {
    expect(serialiseCookie(cookieName("ap-session", true), "v", { secure: true, maxAgeSeconds: 60 })).toBe(
      "__Host-ap-session=v; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=60",
    );
    expect(serialiseCookie(cookieName("ap-session", false), "v", { secure: false })).toBe(
      "ap-session=v; Path=/; HttpOnly; SameSite=Lax",
    );
  });

  it("reads API Gateway's cookies array", () => {
    expect(readCookies(["a=1", "b=2=3"]).get("b")).toBe("2=3");
  });

  it("takes a 32-byte base64 key as it is and hashes any other secret to 32 bytes", () => {
    const b64 = key.toString("base64");
    expect(keyFromSecret(b64).equals(key)).toBe(true);
    expect(keyFromSecret("a long generated secret string").length).toBe(32);
  });
});
