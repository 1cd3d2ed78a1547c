import { Duration, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { STREAM_RETRY_ATTEMPTS } from "../shared/domain/delivery-limits.js";
import { EMAIL_KINDS, OUTBOX_INSERT_FILTER, templateEnvName } from "../shared/domain/notification-routing.js";
import type { AppFunction } from "./app-function.js";

export interface PublisherProps {
  table: dynamodb.ITableV2;
  key: kms.IKey;
  /** The `publisher` AppFunction (functions/publisher.ts), made with the Notify secret. */
  fn: AppFunction;
}

/**
 * The GOV.UK Notify API key; its value is set after deploy (docs/deploy.md). Encrypted with
 * Secrets Manager's own key: the data key's policy would otherwise need Secrets Manager's
 * wildcard grant (kms:ReEncrypt*, kms:GenerateDataKey*).
 */
export function createNotifyApiKey(scope: Construct, id: string): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, id, {
    description: "GOV.UK Notify API key of the Approved Premises service (set it after the first deploy)",
  });
  Validations.of(secret).acknowledge({
    id: "AwsSolutions-SMG4",
    reason:
      "A GOV.UK Notify API key is created and revoked in Notify's own admin pages; Secrets Manager cannot rotate it. Rotation is a documented manual step (docs/deploy.md).",
  });
  return secret;
}

/**
 * The publisher Lambda on the table's stream: outbox inserts only (an event source mapping
 * filter), partial batch failures, bounded retries with bisection, then an SQS dead-letter
 * queue with an alarm. It sends GOV.UK Notify emails (API key in Secrets Manager, template
 * ids as env vars, one per email kind) and publishes the domain events to SNS.
 */
export class Publisher extends Construct {
  readonly deadLetters: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PublisherProps) {
    super(scope, id);
    const { table, key, fn } = props;
    const streamArn = table.tableStreamArn;
    if (!streamArn) throw new Error("The table has no stream for the publisher to read");

    this.deadLetters = new sqs.Queue(this, "DeadLetters", {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is itself the dead-letter (on-failure) destination of the publisher's stream mapping; a dead-letter queue for it would only move the same stream pointers again.",
    });

    const role = fn.role;
    // Stream reading, scoped to this table's streams (no ListStreams on '*').
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "StreamRead",
        actions: [
          "dynamodb:DescribeStream",
          "dynamodb:GetRecords",
          "dynamodb:GetShardIterator",
          "dynamodb:ListStreams",
        ],
        resources: [streamArn],
      }),
    );
    // The on-failure destination: Lambda sends the failed batch's stream pointers as the function's role.
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "DeadLetterSend",
        actions: ["sqs:SendMessage"],
        resources: [this.deadLetters.queueArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "DeadLetterKey",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [key.keyArn],
      }),
    );

    const mapping = new lambda.EventSourceMapping(this, "Stream", {
      target: fn.fn,
      eventSourceArn: streamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      maxBatchingWindow: Duration.seconds(1),
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      // The same number the local runtime's poller uses (shared/domain/delivery-limits.ts).
      retryAttempts: STREAM_RETRY_ATTEMPTS,
      maxRecordAge: Duration.hours(6),
      parallelizationFactor: 1,
      filters: [lambda.FilterCriteria.filter(OUTBOX_INSERT_FILTER as never)],
      onFailure: {
        bind: () => ({ destination: this.deadLetters.queueArn }),
      },
    });
    mapping.node.addDependency(role);

    this.alarm = new cloudwatch.Alarm(this, "DeadLettersAlarm", {
      alarmDescription:
        "Notifications the publisher could not deliver after its retries: see docs/reliability.md (the nightly catch-up resends what is still pending)",
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/**
 * Notify template ids per email kind, from `-c notifyTemplates='{"booking-made":"…"}'`. A kind
 * left out has an empty id: its emails are recorded as failed ("not configured"), not lost.
 */
export function templateIds(scope: Construct): Record<string, string> {
  const raw: unknown = scope.node.tryGetContext("notifyTemplates");
  const given = (typeof raw === "string" ? JSON.parse(raw) : (raw ?? {})) as Record<string, unknown>;
  return Object.fromEntries(EMAIL_KINDS.map((k) => [templateEnvName(k), String(given[k] ?? "")]));
}
