import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";

/**
 * What the account may delegate to IAM on this key. The CDK default is `kms:*` for the
 * account root; spelling the actions out keeps the "no wildcard actions" rule true of key
 * policies too, while still including PutKeyPolicy so the key can never be orphaned.
 */
export const KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:CreateGrant",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RetireGrant",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

export const KEY_USE_ACTIONS = [
  "kms:Decrypt",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
];

/**
 * Policy of the one customer-managed key (table, topic, dead-letter queue, schedule, log
 * groups). Same-account principals still get their use of it from IAM, via the first
 * statement, so CDK grants keep landing in role policies.
 */
export function dataKeyPolicy(scope: Construct): iam.PolicyDocument {
  const stack = Stack.of(scope);
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: "AccountAdministersAndDelegatesToIam",
        principals: [new iam.AccountRootPrincipal()],
        actions: [...KEY_ADMIN_ACTIONS, ...KEY_USE_ACTIONS],
        resources: ["*"],
      }),
      // Encrypted log groups are written by the CloudWatch Logs service, not by the
      // functions, so the service needs the key itself; the encryption context pins it
      // to this account's log groups in this region.
      new iam.PolicyStatement({
        sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: [...KEY_USE_ACTIONS, "kms:DescribeKey"],
        resources: ["*"],
        conditions: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": stack.formatArn({
              service: "logs",
              resource: "log-group",
              resourceName: "*",
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    ],
  });
}

export function createDataKey(scope: Construct, id: string): kms.Key {
  return new kms.Key(scope, id, {
    enableKeyRotation: true,
    description: "Approved Premises data at rest",
    policy: dataKeyPolicy(scope),
  });
}
