import { generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from "../../infra/local/local-auth.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import { ROLES, type Role } from "../../shared/domain/vocabulary.js";
import { useLocalApi } from "../support/local-api.js";
import { fillPath } from "../support/route-paths.js";

const api = useLocalApi();
const protectedRoutes = ROUTES.filter((r) => r.roles !== "public");
const HOME = "p-home";
const OTHER = "p-other";

const bodyFor = (method: string) => (["POST", "PUT", "PATCH"].includes(method) ? {} : undefined);

let foreignToken = "";
let noneToken = "";
let expiredToken = "";

beforeAll(async () => {
  for (const premisesId of [HOME, OTHER]) {
    const res = await api.call("POST", "/premises", {
      as: { role: "admin" },
      body: {
        premisesId,
        name: premisesId,
        area: "london",
        gender: "male",
        beds: [{ bedId: "b1", room: "1" }],
      },
    });
    expect(res.status).toBe(201);
  }
  const { privateKey } = await generateKeyPair("ES256");
  foreignToken = await new SignJWT({ "cognito:groups": ["admin"] })
    .setProtectedHeader({ alg: "ES256" })
    .setSubject("intruder")
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setExpirationTime("1h")
    .sign(privateKey);
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  noneToken = `${enc({ alg: "none", typ: "JWT" })}.${enc({ sub: "x", "cognito:groups": ["admin"], iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
  expiredToken = await api.token("admin", { expiresIn: Math.floor(Date.now() / 1000) - 5 });
});

describe("auth matrix generated from the route table", () => {
  it("covers every protected route", () => {
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(5);
  });

  for (const route of protectedRoutes) {
    const name = `${route.method} ${route.path}`;

    it(`${name}: refuses no token, an expired token, another key's token and alg:none`, async () => {
      const path = fillPath(route, { premisesId: OTHER });
      for (const token of [undefined, expiredToken, foreignToken, noneToken, "not-a-jwt"]) {
        const res = await api.call(route.method, path, { token, body: bodyFor(route.method) });
        expect({ token: token?.slice(0, 12), status: res.status }).toEqual({
          token: token?.slice(0, 12),
          status: 401,
        });
      }
    });

    it(`${name}: exactly the roles [${(route.roles as Role[]).join(", ")}] get through`, async () => {
      const path = fillPath(route, { premisesId: OTHER });
      for (const role of ROLES) {
        const res = await api.call(route.method, path, {
          as: { role, premises: [OTHER] },
          body: bodyFor(route.method),
        });
        const allowed = (route.roles as readonly string[]).includes(role);
        if (allowed)
          expect({ role, status: res.status }).not.toMatchObject({
            status: expect.toSatisfy((s: number) => s === 401 || s === 403),
          });
        else expect({ role, status: res.status }).toEqual({ role, status: 403 });
        expect(res.status).toBeLessThan(500);
      }
    });

    if (
      route.path.includes("{premisesId}") &&
      route.premisesScope !== "any" &&
      (route.roles as readonly string[]).includes("ap-manager")
    ) {
      it(`${name}: an ap-manager of another premises is refused`, async () => {
        const res = await api.call(route.method, fillPath(route, { premisesId: OTHER }), {
          as: { role: "ap-manager", premises: [HOME] },
          body: bodyFor(route.method),
        });
        expect(res.status).toBe(403);
      });
    }
  }
});
