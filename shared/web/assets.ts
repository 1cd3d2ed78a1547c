import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { govukDist, mojPackage } from "./paths.js";

/**
 * The frontend packages' own CSS, JS, fonts and images, served from their dist folders
 * under content-hashed URLs, so browsers may keep them for a year: a new release of a
 * package is a new URL. We write no CSS of our own.
 */
export interface Asset {
  url: string;
  contentType: string;
  body: Buffer;
}

export const ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable";

const CONTENT_TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

const hashOf = (body: Buffer) => createHash("sha256").update(body).digest("hex").slice(0, 12);

function hashedUrl(logical: string, body: Buffer): string {
  const ext = extname(logical);
  return `/assets/${logical.slice(0, logical.length - ext.length)}.${hashOf(body)}${ext}`;
}

export interface AssetTable {
  /** The hashed URL of a logical name such as "govuk.css" or "govuk/images/favicon.ico". */
  url(logical: string): string;
  byUrl: ReadonlyMap<string, Asset>;
}

/** Source maps are not served, so their comments would only produce 404s in developer tools. */
const withoutSourceMap = (text: string) => text.replace(/\n?\/[*/]# sourceMappingURL=\S+(\s*\*\/)?\s*$/, "");

function build(): AssetTable {
  const byLogical = new Map<string, Asset>();
  const add = (logical: string, body: Buffer) => {
    const ext = extname(logical);
    const contentType = CONTENT_TYPES[ext];
    if (!contentType) return;
    byLogical.set(logical, { url: hashedUrl(logical, body), contentType, body });
  };
  const addFolder = (prefix: string, dir: string) => {
    for (const f of readdirSync(dir)) add(`${prefix}/${f}`, readFileSync(join(dir, f)));
  };
  const govuk = join(govukDist(), "govuk");
  const moj = join(mojPackage(), "moj");
  addFolder("govuk/fonts", join(govuk, "assets/fonts"));
  addFolder("govuk/images", join(govuk, "assets/images"));
  addFolder("moj/images", join(moj, "assets/images"));

  const need = (logical: string) => {
    const a = byLogical.get(logical);
    if (!a) throw new Error(`asset ${logical} is missing`);
    return a.url;
  };
  // The stylesheets name their fonts and images at /assets/...; point them at the hashed copies.
  const rewrite = (css: string, images: string) =>
    css.replace(/url\(\/assets\/(fonts|images)\/([^)]+)\)/g, (_m, kind: string, file: string) =>
      kind === "fonts" ? `url(${need(`govuk/fonts/${file}`)})` : `url(${need(`${images}/${file}`)})`,
    );
  const text = (path: string) => withoutSourceMap(readFileSync(path, "utf8"));
  add("govuk.css", Buffer.from(rewrite(text(join(govuk, "govuk-frontend.min.css")), "govuk/images")));
  add("moj.css", Buffer.from(rewrite(text(join(moj, "moj-frontend.min.css")), "moj/images")));
  add("govuk.js", Buffer.from(text(join(govuk, "govuk-frontend.min.js"))));
  add("moj.js", Buffer.from(text(join(moj, "moj-frontend.min.js"))));
  // The one script of ours: it starts the packages' components, so no page has inline script.
  add(
    "init.js",
    Buffer.from(
      [
        `import { initAll as initGovuk } from "${need("govuk.js")}";`,
        `import { initAll as initMoj } from "${need("moj.js")}";`,
        "initGovuk();",
        "initMoj();",
        "",
      ].join("\n"),
    ),
  );

  return {
    url: need,
    byUrl: new Map([...byLogical.values()].map((a) => [a.url, a])),
  };
}

let table: AssetTable | undefined;
/** Built once per process (a cold start): about 1 MB read and hashed. */
export const assets = (): AssetTable => {
  table ??= build();
  return table;
};
