import { describe, expect, it } from "vitest";
import { routeKeyOf } from "../../../shared/api/route.js";
import { ROUTES } from "../../../shared/api/routes/index.js";
import { pageKeyOf } from "../../../shared/web/page.js";
import { PAGE_ROUTES } from "../../../shared/web/page-functions.js";

describe("the page route table", () => {
  it("never takes a JSON API route's method and path, which belong to the JWT authorizer", () => {
    const api = new Set(ROUTES.map(routeKeyOf));
    for (const r of PAGE_ROUTES) expect(api.has(pageKeyOf(r)), pageKeyOf(r)).toBe(false);
  });

  it("declares each page once", () => {
    const keys = PAGE_ROUTES.map(pageKeyOf);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("checks the premises scope on every signed-in page with a premises in its path", () => {
    for (const r of PAGE_ROUTES.filter((p) => p.path.includes("{premisesId}"))) {
      expect(r.access, pageKeyOf(r)).not.toBe("public");
      expect(r.premisesScope, pageKeyOf(r)).toBe("path");
    }
  });
});
