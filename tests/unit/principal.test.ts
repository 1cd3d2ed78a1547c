import { describe, expect, it } from "vitest";
import { canActOnPremises, parseGroups, principalFromClaims } from "../../shared/domain/actor.js";
import { DomainError } from "../../shared/domain/errors.js";

describe("claims from the JWT authorizer", () => {
  it("accepts cognito:groups as an array or API Gateway's flattened string", () => {
    expect(parseGroups(["cru", "admin"])).toEqual(["cru", "admin"]);
    expect(parseGroups("[cru admin]")).toEqual(["cru", "admin"]);
    expect(parseGroups("[ap-manager]")).toEqual(["ap-manager"]);
    expect(parseGroups("cru")).toEqual(["cru"]);
    expect(parseGroups(undefined)).toEqual([]);
  });

  it("reads premises scope from custom:premises and ignores unknown roles", () => {
    const p = principalFromClaims({
      sub: "u1",
      "cognito:groups": "[ap-manager hacker]",
      "custom:premises": "a, b",
    });
    expect(p.roles).toEqual(["ap-manager"]);
    expect(p.premises).toEqual(["a", "b"]);
    expect(canActOnPremises(p, "a")).toBe(true);
    expect(canActOnPremises(p, "c")).toBe(false);
  });

  it("gives cru and admin every premises", () => {
    expect(canActOnPremises(principalFromClaims({ sub: "u", "cognito:groups": ["cru"] }), "any")).toBe(true);
    expect(canActOnPremises(principalFromClaims({ sub: "u", "cognito:groups": ["admin"] }), "any")).toBe(
      true,
    );
  });

  it("refuses an ap-manager with no premises and claims without a subject", () => {
    expect(canActOnPremises(principalFromClaims({ sub: "u", "cognito:groups": ["ap-manager"] }), "a")).toBe(
      false,
    );
    expect(() => principalFromClaims({})).toThrow(DomainError);
    expect(() => principalFromClaims(undefined)).toThrow(/bearer token/);
  });
});
