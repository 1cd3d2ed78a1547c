import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ASSET_CACHE_CONTROL, assets } from "../../../shared/web/assets.js";
import { asset } from "../../../shared/web/controllers/assets.js";
import { newSession } from "../../../shared/web/session.js";

const get = (url: string) =>
  asset({
    params: { path: url.replace(/^\/assets\//, "") },
    query: {},
    form: {},
    session: newSession(),
    principal: { sub: "a", username: "a", roles: [], premises: [] },
    origin: "",
    url,
    cookies: [],
  });

describe("the frontend packages' assets", () => {
  it("are served under a URL holding a hash of their content, cached for a year", async () => {
    const url = assets().url("govuk.css");
    const body = assets().byUrl.get(url)!.body;
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
    expect(url).toBe(`/assets/govuk.${hash}.css`);
    const res = await get(url);
    expect(res).toMatchObject({
      raw: { contentType: "text/css; charset=utf-8", headers: { "cache-control": ASSET_CACHE_CONTROL } },
    });
    expect(ASSET_CACHE_CONTROL).toBe("public, max-age=31536000, immutable");
  });

  it("point every font and image a stylesheet names at a served, hashed copy", () => {
    for (const sheet of ["govuk.css", "moj.css"]) {
      const css = assets().byUrl.get(assets().url(sheet))!.body.toString("utf8");
      const urls = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]!.replace(/["']/g, ""));
      const local = urls.filter((u) => !u.startsWith("data:"));
      expect(local.length).toBeGreaterThan(0);
      for (const u of local) expect(assets().byUrl.has(u), `${sheet} → ${u}`).toBe(true);
    }
  });

  it("start the packages' components from a served module, importing the hashed bundles", () => {
    const init = assets().byUrl.get(assets().url("init.js"))!.body.toString("utf8");
    expect(init).toContain(`from "${assets().url("govuk.js")}"`);
    expect(init).toContain(`from "${assets().url("moj.js")}"`);
    expect(init).toContain("initGovuk();");
  });

  it("answer anything else, including an old hash, with a 404 that is not cached", async () => {
    expect(await get("/assets/govuk.000000000000.css")).toMatchObject({
      status: 404,
      raw: { headers: { "cache-control": "no-store" } },
    });
    expect(await get("/assets/../package.json")).toMatchObject({ status: 404 });
  });
});
