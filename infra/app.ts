import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { ApStack } from "./ap-stack.js";

export interface BuildAppOptions {
  /** The local runtime and tests synthesize only to read the template: skip esbuild there. */
  skipBundling?: boolean;
  /** Run the cdk-nag AWS Solutions pack as a synthesis validation: any finding fails synth. */
  nag?: boolean;
  /** Where the cloud assembly (template and bundled assets) is written; CDK's default otherwise. */
  outdir?: string;
}

export function buildApp(opts: BuildAppOptions = {}) {
  const app = new App({
    context: opts.skipBundling ? { "aws:cdk:bundling-stacks": [] } : {},
    ...(opts.outdir ? { outdir: opts.outdir } : {}),
  });
  const stack = new ApStack(app, "ApBedManager", {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? "eu-west-2" },
  });
  if (opts.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

if (process.argv[1]?.endsWith("app.ts")) {
  buildApp({ nag: true }).app.synth();
}
