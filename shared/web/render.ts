import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import nunjucks from "nunjucks";
import { assets } from "./assets.js";
import { govukDist, mojPackage, templatesDir } from "./paths.js";
import { formatDate, formatDateTime } from "./view-models/govuk-dates.js";

/**
 * One nunjucks environment per process: our templates first, then govuk-frontend's
 * (`govuk/...`) and MoJ Frontend's (`moj/...`) macros and page template.
 */
let env: nunjucks.Environment | undefined;

export function environment(): nunjucks.Environment {
  if (env) return env;
  env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([templatesDir(), govukDist(), mojPackage()], {
      // Templates ship with the function and never change under it.
      noCache: false,
    }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addGlobal("asset", (logical: string) => assets().url(logical));
  // MoJ's timeline formats its dates with these filters (moment in MoJ's own kit): ours say
  // dates the GOV.UK way, in London time.
  env.addFilter("mojDate", (at: string, type?: string) =>
    type === "date" ? formatDate(at.slice(0, 10)) : formatDateTime(at),
  );
  env.addFilter("date", (at: string) => formatDateTime(at));
  return env;
}

export function render(template: string, model: Record<string, unknown>): string {
  return environment().render(template, model);
}

let templateScriptHash: string | undefined;

/**
 * govuk-frontend's page template has one inline script (it marks the body `js-enabled`
 * before anything paints). The CSP allows exactly that script by its hash and nothing else
 * inline; the hash is taken from the installed template, so an upgrade cannot break it.
 */
export function govukTemplateScriptHash(): string {
  if (templateScriptHash) return templateScriptHash;
  const template = readFileSync(join(govukDist(), "govuk/template.njk"), "utf8");
  const m = /<script[^>]*>([^<]+)<\/script>/.exec(template);
  if (!m?.[1]) throw new Error("govuk-frontend's template.njk has no inline script to hash");
  templateScriptHash = `'sha256-${createHash("sha256").update(m[1]).digest("base64")}'`;
  return templateScriptHash;
}
