import { App } from "aws-cdk-lib";
import { ApStack } from "./ap-stack.js";

export function buildApp(opts: { skipBundling?: boolean } = {}) {
  const app = new App({
    // The local runtime and tests synthesize only to read the table schema: skip esbuild there.
    context: opts.skipBundling ? { "aws:cdk:bundling-stacks": [] } : {},
  });
  const stack = new ApStack(app, "ApBedManager", {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? "eu-west-2" },
  });
  return { app, stack };
}

if (process.argv[1]?.endsWith("app.ts")) {
  buildApp().app.synth();
}
