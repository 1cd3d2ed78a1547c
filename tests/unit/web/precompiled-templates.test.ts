import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import nunjucks from "nunjucks";
import { describe, expect, it } from "vitest";
import {
  precompiledTemplatesModule,
  referencedTemplates,
} from "../../../infra/bundling/precompile-templates.js";
import { NO_ERRORS } from "../../../shared/web/error-summary.js";
import { templatesDir } from "../../../shared/web/paths.js";
import {
  configure,
  ENVIRONMENT_OPTIONS,
  type PrecompiledTemplates,
  precompiledLoader,
  templateSearchPath,
} from "../../../shared/web/render.js";
import { newSession } from "../../../shared/web/session.js";
import { layoutModel } from "../../../shared/web/view-models/layout.js";

/**
 * The page functions render with nunjucks' slim runtime (no compiler) from templates the build
 * precompiled (infra/bundling/precompile-templates.ts); from source the same templates are
 * compiled as they are read. Both must give the same page, byte for byte.
 */
const require = createRequire(import.meta.url);
const slim = require("nunjucks/browser/nunjucks-slim.js") as typeof nunjucks;

const file = join(mkdtempSync(join(tmpdir(), "ap-precompiled-")), "templates.precompiled.cjs");
writeFileSync(file, precompiledTemplatesModule());
const precompiled = require(file) as PrecompiledTemplates;

const fromSource = configure(
  new nunjucks.Environment(new nunjucks.FileSystemLoader(templateSearchPath()), ENVIRONMENT_OPTIONS),
);
const fromBuild = configure(new slim.Environment(precompiledLoader(precompiled), ENVIRONMENT_OPTIONS));

const pages = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pages(join(dir, e.name)) : e.name.endsWith(".njk") ? [join(dir, e.name)] : [],
  );
const pageNames = pages(join(templatesDir(), "pages"))
  .map((f) => relative(templatesDir(), f))
  // Partials and macro files (`_cells.njk`, `date-macro.njk`, `form-base.njk`) are only imported.
  .filter((n) => !/\/_|macro|form-base/.test(n));

const model = {
  ...layoutModel({
    session: newSession(),
    principal: { sub: "m", username: "morgan", roles: ["ap-manager"], premises: ["p1"] },
    title: ["Page"],
  }),
  errors: NO_ERRORS,
};
const outcome = (env: nunjucks.Environment, name: string) => {
  try {
    return env.render(name, model);
  } catch (err) {
    return `error: ${(err as Error).message.replace(/\(.*?\)/g, "")}`;
  }
};

describe("precompiled templates (the page functions' renderer)", () => {
  it("holds every template of ours and the govuk-frontend and MoJ templates they reach", () => {
    const names = Object.keys(precompiled);
    expect(names).toContain("layout.njk");
    expect(names).toContain("govuk/template.njk");
    expect(names).toContain("govuk/components/button/template.njk");
    // Reached through a relative import (`../../macros/attributes.njk`), named as nunjucks resolves it.
    expect(names).toContain("govuk/macros/attributes.njk");
    expect(names.some((n) => n.startsWith("moj/components/"))).toBe(true);
    for (const name of names) expect(name, name).not.toMatch(/^\/|\.\.\//);
    // Only what is reached: govuk-frontend has components no page uses.
    expect(names).not.toContain("govuk/components/file-upload/template.njk");
  });

  it.each(pageNames)("renders %s exactly as the file-system loader does", (name) => {
    const built = outcome(fromBuild, name);
    expect(built).toBe(outcome(fromSource, name));
    expect(built).not.toMatch(/^error: .*not found/i);
  });

  it("finds the literal template names a template refers to", () => {
    expect(
      referencedTemplates(
        `{% extends "layout.njk" %}{%- from "./x.njk" import y %}{% include 'p.njk' %}{% import "m.njk" as m %}`,
      ),
    ).toEqual(["layout.njk", "./x.njk", "p.njk", "m.njk"]);
  });
});
