import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where templates and the frontend packages' dist folders are read from. Locally that is
 * the project; in Lambda the bundle is one file, so CDK copies the same folders, at the
 * same relative paths, next to it (infra/app-function.ts) and LAMBDA_TASK_ROOT points there.
 */
export function webRoot(): string {
  return process.env.LAMBDA_TASK_ROOT ?? fileURLToPath(new URL("../..", import.meta.url));
}

/** The folders, relative to webRoot(), that the web function needs at run time. */
export const WEB_RUNTIME_FOLDERS = [
  "shared/web/templates",
  "node_modules/govuk-frontend/dist",
  "node_modules/@ministryofjustice/frontend/moj",
] as const;

export const templatesDir = () => join(webRoot(), "shared/web/templates");
export const govukDist = () => join(webRoot(), "node_modules/govuk-frontend/dist");
export const mojPackage = () => join(webRoot(), "node_modules/@ministryofjustice/frontend");
