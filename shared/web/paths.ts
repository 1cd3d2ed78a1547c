import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
let root: string | undefined;

/**
 * Where templates and the frontend packages' dist folders are read from. From source that
 * is the project (this file is shared/web/paths.ts). In Lambda the code is one bundle, so CDK
 * writes the precompiled templates and copies the dist folders, at the same relative paths,
 * beside it (infra/app-function.ts).
 */
export function webRoot(): string {
  root ??= existsSync(join(here, PRECOMPILED_TEMPLATES)) ? here : resolve(here, "../..");
  return root;
}

/**
 * The folders, relative to webRoot(), that the page functions read at run time: the packages'
 * assets and govuk-frontend's page template (its inline script's hash). Our templates are not
 * among them: the page functions get them precompiled.
 */
export const WEB_RUNTIME_FOLDERS = [
  "node_modules/govuk-frontend/dist",
  "node_modules/@ministryofjustice/frontend/moj",
] as const;

/**
 * The build's precompiled templates, relative to webRoot(): written beside the page bundles
 * (infra/app-function.ts), absent from the source tree.
 */
export const PRECOMPILED_TEMPLATES = "shared/web/templates.precompiled.cjs";

export const templatesDir = () => join(webRoot(), "shared/web/templates");
export const govukDist = () => join(webRoot(), "node_modules/govuk-frontend/dist");
export const mojPackage = () => join(webRoot(), "node_modules/@ministryofjustice/frontend");
