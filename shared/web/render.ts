import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, posix } from "node:path";
import nunjucks from "nunjucks";
import { assets } from "./assets.js";
import { govukDist, mojPackage, PRECOMPILED_TEMPLATES, templatesDir, webRoot } from "./paths.js";
import { formatDate, formatDateTime } from "./view-models/govuk-dates.js";

/**
 * The environment's options. trimBlocks and lstripBlocks act when a template is compiled, so
 * the build's precompiler (infra/bundling/precompile-templates.ts) compiles with these too.
 */
export const ENVIRONMENT_OPTIONS: nunjucks.ConfigureOptions = {
  autoescape: true,
  throwOnUndefined: false,
  trimBlocks: true,
  lstripBlocks: true,
};

/** Search path order: our templates first, then govuk-frontend's (`govuk/...`) and MoJ Frontend's (`moj/...`). */
export const templateSearchPath = () => [templatesDir(), govukDist(), mojPackage()];

/** What the precompiled module exports: each template's compiled code, run on first use. */
export type PrecompiledTemplates = Record<string, () => Record<string, unknown>>;

/**
 * Serves precompiled templates by the names the file-system loader would use. A relative
 * import (govuk-frontend's `../../macros/attributes.njk`) resolves against the importing
 * template's name, not the working directory as nunjucks' own loaders do.
 */
export function precompiledLoader(templates: PrecompiledTemplates): nunjucks.ILoader {
  return {
    getSource(name: string) {
      const code = Object.hasOwn(templates, name) ? templates[name] : undefined;
      // `type: "code"` is how nunjucks takes a compiled template (its own PrecompiledLoader does the same).
      return code ? ({ src: { type: "code", obj: code() }, path: name, noCache: false } as never) : null;
    },
    isRelative: (name: string) => name.startsWith("./") || name.startsWith("../"),
    resolve: (from: string, to: string) => posix.normalize(posix.join(posix.dirname(from), to)),
  } as unknown as nunjucks.ILoader;
}

/**
 * In Lambda the templates come precompiled (the build writes PRECOMPILED_TEMPLATES beside the
 * bundle, and the bundle carries nunjucks' slim runtime without its compiler); from source
 * they are compiled from the files as they are read.
 */
function loader(): nunjucks.ILoader {
  const precompiled = join(webRoot(), PRECOMPILED_TEMPLATES);
  if (existsSync(precompiled))
    return precompiledLoader(createRequire(import.meta.url)(precompiled) as PrecompiledTemplates);
  // Templates ship with the function and never change under it.
  return new nunjucks.FileSystemLoader(templateSearchPath(), { noCache: false });
}

/** One nunjucks environment per process. */
let env: nunjucks.Environment | undefined;

export function environment(): nunjucks.Environment {
  if (env) return env;
  env = configure(new nunjucks.Environment(loader(), ENVIRONMENT_OPTIONS));
  return env;
}

/** Our globals and filters, on any environment (the precompiler's equivalence test builds its own). */
export function configure(env: nunjucks.Environment): nunjucks.Environment {
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
