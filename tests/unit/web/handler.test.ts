import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { notFound } from "../../../shared/domain/errors.js";
import { createWebHandler } from "../../../shared/web/handler.js";
import type { Controller, PageRoute } from "../../../shared/web/page.js";
import { held, hold } from "../../../shared/web/pending-answers.js";
import { MAX_SEALED_SESSION, seal, sealedLength } from "../../../shared/web/session.js";
import { layoutModel } from "../../../shared/web/view-models/layout.js";
import { cookiesOf, csrfOf, pageEvent } from "./support.js";

const key = randomBytes(32);
/** Any page with a form on it will do: the Hosted UI variant of sign-in has one. */
const page: Controller = async (req) => ({
  render: "pages/sign-in.njk",
  model: {
    ...layoutModel({ session: req.session, principal: req.principal, title: ["Test"] }),
    mode: "cognito",
  },
});
const changed = vi.fn<Controller>(async () => ({
  redirect: "/done",
  flash: { kind: "success", text: "Saved" },
}));
const routes: PageRoute[] = [
  { method: "GET", path: "/form", access: "public", controller: page },
  { method: "POST", path: "/form", access: "public", controller: changed },
  { method: "GET", path: "/done", access: "public", controller: page },
  {
    method: "GET",
    path: "/premises/{premisesId}/x",
    access: ["ap-manager"],
    premisesScope: "path",
    controller: page,
  },
  {
    method: "GET",
    path: "/gone",
    access: ["ap-manager"],
    controller: async () => {
      throw notFound("Booking", "b");
    },
  },
  {
    method: "GET",
    path: "/broken",
    access: "public",
    controller: async () => {
      throw new Error("boom");
    },
  },
];
/** A form whose answers wait on a check page: the notes are as long as the user typed them. */
routes.push(
  {
    method: "POST",
    path: "/answers/{n}",
    access: "public",
    controller: async (req) => {
      hold(req, `answers-${req.params.n}`, {
        body: { reason: "moved", notes: String(req.form.notes) },
        version: 3,
      });
      return { redirect: `/answers/${req.params.n}/check` };
    },
  },
  {
    method: "GET",
    path: "/answers/{n}/check",
    access: "public",
    controller: async (req) => {
      const pending = held<{ notes: string }>(req, `answers-${req.params.n}`);
      return pending
        ? { ...(await page(req)), model: { heading: `held ${pending.body.notes.length}` } }
        : { redirect: "/form" };
    },
  },
);
const handler = createWebHandler(routes);
const manager = (premises: string[]) => [
  `ap-session=${seal(
    {
      csrf: "t".repeat(32),
      expiresAt: Date.now() + 60_000,
      principal: { sub: "s", username: "sam", roles: ["ap-manager"], premises },
    },
    key,
    "session",
  )}`,
];

beforeAll(() => {
  process.env.WEB_SESSION_KEY = key.toString("base64");
  process.env.AP_LOCAL = "1";
});
afterAll(() => {
  delete process.env.WEB_SESSION_KEY;
  delete process.env.AP_LOCAL;
});

describe("the page handler", () => {
  it("serves a page with the strict CSP and security headers, and a session cookie", async () => {
    const res = await handler(pageEvent("GET /form"));
    expect(res.statusCode).toBe(200);
    const csp = res.headers["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.cookies[0]).toMatch(/^ap-session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(res.body).toContain("<title>Test – Approved Premises</title>");
  });

  it("refuses a POST without the session's CSRF token and does not run the controller", async () => {
    const first = await handler(pageEvent("GET /form"));
    const cookies = cookiesOf(first);
    changed.mockClear();
    const none = await handler(pageEvent("POST /form", { cookies, form: { a: "1" } }));
    const wrong = await handler(pageEvent("POST /form", { cookies, form: { _csrf: "x".repeat(32) } }));
    const noSession = await handler(pageEvent("POST /form", { form: { _csrf: csrfOf(first.body!)! } }));
    for (const res of [none, wrong, noSession]) {
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain("You cannot do that");
    }
    expect(changed).not.toHaveBeenCalled();
  });

  it("runs a POST with the token, redirects, and shows the flash once", async () => {
    const first = await handler(pageEvent("GET /form"));
    const posted = await handler(
      pageEvent("POST /form", { cookies: cookiesOf(first), form: { _csrf: csrfOf(first.body!)! } }),
    );
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe("/done");
    const done = await handler(pageEvent("GET /done", { cookies: cookiesOf(posted) }));
    expect(done.body).toContain("Saved");
    expect(done.body).toContain("govuk-notification-banner--success");
    const again = await handler(pageEvent("GET /done", { cookies: cookiesOf(done) }));
    expect(again.body).not.toContain("Saved");
  });

  it("keeps answers for the check page within what a browser keeps of a cookie, or says they are too long", async () => {
    const first = await handler(pageEvent("GET /form"));
    const csrf = csrfOf(first.body!)!;
    const post = (n: number, notes: string, cookies: string[]) =>
      handler(
        pageEvent(`POST /answers/{n}`, { cookies, form: { _csrf: csrf, notes }, params: { n: String(n) } }),
      );
    // Two forms' answers of 1,500 characters each: the older, abandoned one makes way.
    const one = await post(1, "a".repeat(1_500), cookiesOf(first));
    expect(one.statusCode).toBe(303);
    const two = await post(2, "b".repeat(1_500), cookiesOf(one));
    expect(two.statusCode).toBe(303);
    const [sealed = ""] = cookiesOf(two);
    expect(sealed.length).toBeLessThanOrEqual(MAX_SEALED_SESSION + 20);
    const check = await handler(
      pageEvent("GET /answers/{n}/check", { cookies: cookiesOf(two), params: { n: "2" } }),
    );
    expect(check.statusCode).toBe(200);
    const firstCheck = await handler(
      pageEvent("GET /answers/{n}/check", { cookies: cookiesOf(two), params: { n: "1" } }),
    );
    expect(firstCheck.statusCode).toBe(303);

    // 4,000 characters of notes cannot be kept: a page says so, and the session stays usable.
    const long = await post(3, "c".repeat(4_000), cookiesOf(two));
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain("Your answers are too long to check");
    expect(long.body).toContain("Nothing has been changed");
    for (const c of long.cookies ?? []) expect(c.length).toBeLessThanOrEqual(4_096);
    expect(sealedLength({ csrf: "x".repeat(32), expiresAt: 1 })).toBeLessThan(200);
  });

  it("sends someone not signed in to the sign-in page, coming back afterwards", async () => {
    const res = await handler(
      pageEvent("GET /premises/{premisesId}/x", { path: "/premises/p1/x", params: { premisesId: "p1" } }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent("/premises/p1/x")}`);
  });

  it("answers another premises' page with a 404 page, as if it did not exist", async () => {
    const own = await handler(
      pageEvent("GET /premises/{premisesId}/x", { params: { premisesId: "p1" }, cookies: manager(["p1"]) }),
    );
    expect(own.statusCode).toBe(200);
    const other = await handler(
      pageEvent("GET /premises/{premisesId}/x", { params: { premisesId: "p2" }, cookies: manager(["p1"]) }),
    );
    expect(other.statusCode).toBe(404);
    expect(other.body).toContain("Page not found");
  });

  it("shows a 403 page to a role the page is not for, a 404 page for a missing record, a 500 page for a fault", async () => {
    const cru = [
      `ap-session=${seal({ csrf: "c".repeat(32), expiresAt: Date.now() + 60_000, principal: { sub: "c", username: "c", roles: ["cru"], premises: [] } }, key, "session")}`,
    ];
    expect(
      (
        await handler(
          pageEvent("GET /premises/{premisesId}/x", { params: { premisesId: "p1" }, cookies: cru }),
        )
      ).statusCode,
    ).toBe(403);
    expect((await handler(pageEvent("GET /gone", { cookies: manager(["p1"]) }))).statusCode).toBe(404);
    const broken = await handler(pageEvent("GET /broken"));
    expect(broken.statusCode).toBe(500);
    expect(broken.body).not.toContain("boom");
  });

  it("treats an expired session as none", async () => {
    const expired = [
      `ap-session=${seal({ csrf: "e".repeat(32), expiresAt: Date.now() - 1, principal: { sub: "s", username: "sam", roles: ["ap-manager"], premises: ["p1"] } }, key, "session")}`,
    ];
    const res = await handler(
      pageEvent("GET /premises/{premisesId}/x", { params: { premisesId: "p1" }, cookies: expired }),
    );
    expect(res.statusCode).toBe(303);
  });

  it("answers an unknown route with the 404 page", async () => {
    expect((await handler(pageEvent("GET /nowhere"))).statusCode).toBe(404);
  });
});
