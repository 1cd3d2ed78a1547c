import { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { buildApp } from "../../infra/app.js";

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, unknown>;
}

/** Synthesizes without esbuild: the template is the same, assets are placeholders. */
export function synth() {
  const { app, stack } = buildApp({ skipBundling: true });
  const template = Template.fromStack(stack);
  const json = template.toJSON() as {
    Resources: Record<string, CfnResource>;
    Outputs: Record<string, unknown>;
  };
  const resources = Object.entries(json.Resources).map(([logicalId, r]) => ({
    logicalId,
    ...r,
    Properties: r.Properties ?? {},
  }));

  const ofType = (type: string) => resources.filter((r) => r.Type === type);
  /** The resource of the L1 construct at `ApBedManager/<path>` (path metadata is a CLI-only feature). */
  const atPath = (path: string) => {
    const construct = stack.node.findAll().find((c) => c.node.path === `${stack.node.path}/${path}`);
    if (!construct || !CfnElement.isCfnElement(construct)) throw new Error(`no resource at ${path}`);
    const logicalId = stack.resolve(construct.logicalId) as string;
    const found = resources.find((r) => r.logicalId === logicalId);
    if (!found) throw new Error(`no resource at ${path}`);
    return found;
  };
  return { app, stack, template, json, resources, ofType, atPath };
}

export const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const asArray = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** Statements of identity policies: AWS::IAM::Policy documents and roles' inline policies. */
export function identityStatements(resources: ReturnType<typeof synth>["resources"]) {
  const out: { owner: string; statement: Statement }[] = [];
  for (const r of resources) {
    if (r.Type === "AWS::IAM::Policy" || r.Type === "AWS::IAM::ManagedPolicy") {
      const doc = r.Properties.PolicyDocument as { Statement: Statement[] };
      for (const statement of doc.Statement) out.push({ owner: r.logicalId, statement });
    }
    if (r.Type === "AWS::IAM::Role") {
      for (const p of asArray(r.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[])) {
        for (const statement of p.PolicyDocument.Statement) out.push({ owner: r.logicalId, statement });
      }
    }
  }
  return out;
}

/** Statements of resource policies: key policy, topic policy, queue policy. */
export function resourcePolicyStatements(resources: ReturnType<typeof synth>["resources"]) {
  const out: { owner: string; statement: Statement }[] = [];
  for (const r of resources) {
    const doc =
      r.Type === "AWS::KMS::Key"
        ? r.Properties.KeyPolicy
        : r.Type === "AWS::SNS::TopicPolicy" || r.Type === "AWS::SQS::QueuePolicy"
          ? r.Properties.PolicyDocument
          : undefined;
    for (const statement of asArray((doc as { Statement?: Statement[] } | undefined)?.Statement)) {
      out.push({ owner: r.logicalId, statement });
    }
  }
  return out;
}

/** The AWS::IAM::Policy statements attached to a role, found by the role's logical id. */
export function statementsOfRole(resources: ReturnType<typeof synth>["resources"], roleLogicalId: string) {
  return resources
    .filter(
      (r) =>
        r.Type === "AWS::IAM::Policy" &&
        asArray(r.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleLogicalId),
    )
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
