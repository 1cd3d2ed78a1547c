import { generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from "../../infra/local/local-auth.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import { ROLES, type Role } from "../../shared/domain/vocabulary.js";
import { alertItem } from "../../shared/store/alerts-store.js";
import { stayReductionItem } from "../../shared/store/bookings-store.js";
import { referralItem } from "../../shared/store/items.js";
import { useLocalApi } from "../support/local-api.js";
import { fillPath } from "../support/route-paths.js";
import { booking, put, putBooking, referral } from "./alerts-fixtures.js";

const api = useLocalApi();
const protectedRoutes = ROUTES.filter((r) => r.roles !== "public");
const HOME = "p-home";
const OTHER = "p-other";

const bodyFor = (method: string) => (["POST", "PUT", "PATCH"].includes(method) ? {} : undefined);

/** One resource of each premises-bound kind, all at OTHER. */
const AT_OTHER = {
  premisesId: OTHER,
  bookingId: "bk-other",
  requestId: "sr-other",
  alertId: "a0".repeat(16),
  referralId: "ref-other",
  outOfServiceId: "",
};

/** Params naming something that belongs to one premises, whose manager alone may see it. */
const PREMISES_BOUND = ["bookingId", "requestId", "alertId", "referralId"];
const isPremisesBound = (route: (typeof ROUTES)[number]) =>
  (route.path.includes("{premisesId}") && route.premisesScope !== "any") ||
  PREMISES_BOUND.some((p) => route.path.includes(`{${p}}`));

/** Valid bodies, so that what answers is the scope rule and not validation. */
const VALID_BODIES: Record<string, unknown> = {
  createOutOfService: { startDate: "2027-06-01", endDate: "2027-06-02", reason: "planned-works" },
  changeOutOfService: { endDate: "2027-07-02" },
  cancelOutOfService: { reason: "works moved" },
  archiveBed: { archivedFrom: "2027-12-01", reason: "room becomes an office" },
  recordArrival: { arrivalDate: "2027-01-04" },
  recordNonArrival: { reason: "failed-to-arrive" },
  extendStay: { departureDate: "2027-04-10", reason: "move-on fell through" },
  recordDeparture: { departureDate: "2027-01-20", reason: "other", moveOnCategory: "custody" },
  cancelBooking: { reason: "placed elsewhere" },
  decideStayReduction: { decision: "declined", reason: "no move-on yet" },
  putMoveOnPlan: { status: "in-progress" },
  acknowledgeAlert: {},
  putPreArrivalItem: { status: "done" },
  reviewPlacement: { decision: "accepted", note: "Fits the current mix" },
};

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
  const period = await api.call("POST", `/premises/${OTHER}/beds/b1/out-of-service`, {
    as: { role: "admin" },
    body: { startDate: "2027-07-01", endDate: "2027-07-03", reason: "planned-works" },
  });
  expect(period.status, JSON.stringify(period.body)).toBe(201);
  AT_OTHER.outOfServiceId = period.body.outOfServiceId;
  const bookingId = AT_OTHER.bookingId;
  await putBooking(
    api.ddb,
    api.tableName,
    booking({
      bookingId,
      referralId: AT_OTHER.referralId,
      premisesId: OTHER,
      status: "booked",
      arrivalDate: "2027-01-04",
      departureDate: "2027-03-29",
    }),
  );
  await put(
    api.ddb,
    api.tableName,
    referralItem(
      referral({
        referralId: AT_OTHER.referralId,
        status: "allocated",
        placement: {
          premisesId: OTHER,
          bedId: "b1",
          bookingId,
          arrivalDate: "2027-01-04",
          departureDate: "2027-03-29",
          allocatedAt: "2026-11-20T10:00:00.000Z",
          allocatedBy: "cru-user",
        },
      }),
    ),
    stayReductionItem({
      requestId: AT_OTHER.requestId,
      status: "pending",
      bookingId,
      premisesId: OTHER,
      bedId: "b1",
      crn: "X123456",
      currentDepartureDate: "2027-03-29",
      newDepartureDate: "2027-03-01",
      forReferralId: "ref-next",
      reason: "a bed for an emergency",
      requestedBy: "cru-user",
      createdAt: "2026-11-20T10:00:00.000Z",
      version: 1,
    }),
    alertItem({
      alertId: AT_OTHER.alertId,
      kind: "departure-without-move-on",
      status: "open",
      threshold: 28,
      daysLeft: 27,
      dueDate: "2027-03-29",
      night: "2026-11-23",
      premisesId: OTHER,
      bookingId,
      crn: "X123456",
      raisedAt: "2026-11-23T02:00:00.000Z",
      version: 1,
    }),
  );
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
  it("every premises-bound resource a manager can name has a valid body here", () => {
    const bound = protectedRoutes.filter(
      (r) => isPremisesBound(r) && (r.roles as readonly string[]).includes("ap-manager") && r.body,
    );
    expect(bound.length).toBeGreaterThanOrEqual(9);
    expect(bound.map((r) => r.operationId).filter((id) => !(id in VALID_BODIES))).toEqual([]);
  });

  it("a premises filter on a list is the same rule: 404 for another premises", async () => {
    for (const path of [`/referrals?premisesId=${OTHER}`, `/alerts?premisesId=${OTHER}`]) {
      const res = await api.call("GET", path, { as: { role: "ap-manager", premises: [HOME] } });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

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

    if (isPremisesBound(route) && (route.roles as readonly string[]).includes("ap-manager")) {
      it(`${name}: another premises' manager gets 404 (hidden), its own manager does not`, async () => {
        const path = fillPath(route, AT_OTHER);
        const body = VALID_BODIES[route.operationId] ?? bodyFor(route.method);
        const stranger = await api.call(route.method, path, {
          as: { role: "ap-manager", premises: [HOME] },
          body,
        });
        expect({ path, status: stranger.status }).toEqual({ path, status: 404 });
        expect(stranger.text).not.toContain("X123456");
        const own = await api.call(route.method, path, {
          as: { role: "ap-manager", premises: [OTHER] },
          body,
        });
        expect({ path, status: own.status }).not.toEqual({ path, status: 404 });
        expect(own.status).toBeLessThan(500);
      });
    }
  }
});
