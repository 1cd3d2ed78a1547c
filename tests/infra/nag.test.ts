import { App, Stack, Validations } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app.js";
import { routeKeyOf } from "../../shared/api/route.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import { pageKeyOf } from "../../shared/web/page.js";
import { PAGE_ROUTES } from "../../shared/web/page-functions.js";
import { synth } from "./synth.js";

/** Every acknowledgement (cdk-nag 3 suppression) in the tree: where, which rule, why. */
function acknowledgements(root: IConstruct) {
  const out: { path: string; id: string; reason: string; construct: IConstruct }[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ path: construct.node.path, id: id.replace(/^annotation::/i, ""), reason, construct });
      }
    }
  }
  return out;
}

describe("cdk-nag AWS Solutions", () => {
  let s: ReturnType<typeof synth>;
  beforeAll(() => {
    s = synth();
  });

  it("the pack is live: an unencrypted, TLS-optional queue is reported", () => {
    const app = new App();
    const stack = new Stack(app, "Probe");
    new sqs.Queue(stack, "Plain", { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(["AwsSolutions-SQS2", "AwsSolutions-SQS4"]),
    );
  });

  it("reports no unacknowledged errors or warnings for the stack", () => {
    const report = new AwsSolutionsChecks(s.app).validateScope(s.app);
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(", ")}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it("fails synthesis when the pack runs as a validation plugin and a rule is broken", () => {
    const { app, stack } = buildApp({ skipBundling: true, nag: true });
    new sqs.Queue(stack, "Plain", { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow();
  });

  it("passes synthesis as a validation plugin, as `npm run synth` runs it", () => {
    const { app } = buildApp({ skipBundling: true, nag: true });
    expect(() => app.synth()).not.toThrow();
  });

  it("every acknowledgement is one of the reviewed few and gives a specific reason", () => {
    const acks = acknowledgements(s.app);
    expect(acks.length).toBeGreaterThan(0);
    const reviewed = new Set([
      "AwsSolutions-APIG4",
      "AwsSolutions-SQS3",
      "AwsSolutions-IAM5[Resource::*]",
      "AwsSolutions-L1",
      // The GOV.UK Notify API key: Notify issues and revokes keys itself; nothing to rotate it with.
      "AwsSolutions-SMG4",
    ]);
    for (const ack of acks) {
      expect(reviewed.has(ack.id), `${ack.id} at ${ack.path}`).toBe(true);
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(60);
    }
    // Nothing is waved through for the whole stack or app.
    expect(acks.filter((a) => a.construct === s.stack || a.construct === s.app)).toEqual([]);
  });

  it("API authorization is acknowledged only on routes the contract makes public and on pages", () => {
    const publicKeys = new Set([
      ...ROUTES.filter((r) => r.roles === "public").map(routeKeyOf),
      ...PAGE_ROUTES.map(pageKeyOf),
    ]);
    const acked = acknowledgements(s.app).filter(
      (a) => a.id === "AwsSolutions-APIG4" || a.id.startsWith("AwsSolutions-COG4"),
    );
    expect(acked.length).toBe(publicKeys.size);
    for (const ack of acked) {
      const routeKey = s.atPath(`${ack.path.split("/").slice(1).join("/")}/Resource`).Properties
        ?.RouteKey as string;
      expect(publicKeys.has(routeKey), routeKey).toBe(true);
      expect(ack.reason).toContain(routeKey);
    }
  });
});
