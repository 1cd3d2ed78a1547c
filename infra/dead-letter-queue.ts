import { Duration, Validations } from "aws-cdk-lib";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/** Where nightly runs that could not be delivered, or failed every retry, are parked. */
export function createDeadLetterQueue(scope: Construct, id: string, key: kms.IKey): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: "AwsSolutions-SQS3",
    reason:
      "This queue is itself the dead-letter queue of the nightly schedule and of the nightly function's asynchronous invocations; a dead-letter queue for it would only move the same messages again.",
  });
  return queue;
}
