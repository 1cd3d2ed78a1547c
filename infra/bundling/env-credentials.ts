/**
 * Bundled in place of `@aws-sdk/credential-provider-node` (an esbuild alias in
 * infra/app-function.ts). Lambda's runtime always hands the function role's credentials to
 * the process as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, which is the
 * first link of the SDK's default chain; the other links (SSO, ini files, process, web
 * identity, container and instance metadata) and the STS/SSO clients they pull in are
 * never reached there, yet cost about 90 KB of every bundle. Locally and in tests the full
 * chain still runs, because only the Lambda bundles are built with the alias.
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
