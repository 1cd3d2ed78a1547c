import { Duration, Stack, TimeZone } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export const NIGHTLY_CRON = { minute: "0", hour: "2" } as const;
export const NIGHTLY_TIME_ZONE = TimeZone.EUROPE_LONDON;
export const NIGHTLY_RETRY_ATTEMPTS = 3;
export const NIGHTLY_MAX_EVENT_AGE = Duration.hours(1);

/**
 * Invokes the function with a role we build, rather than the aws-scheduler-targets one,
 * whose grantInvoke also allows every version and alias (`function:*`).
 */
class InvokeNightly implements scheduler.IScheduleTarget {
  constructor(
    private readonly fn: lambda.IFunction,
    private readonly role: iam.IRole,
    private readonly deadLetterQueue: sqs.IQueue,
  ) {}

  bind(): scheduler.ScheduleTargetConfig {
    return {
      arn: this.fn.functionArn,
      role: this.role,
      retryPolicy: {
        maximumRetryAttempts: NIGHTLY_RETRY_ATTEMPTS,
        maximumEventAgeInSeconds: NIGHTLY_MAX_EVENT_AGE.toSeconds(),
      },
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
    };
  }
}

export interface NightlyScheduleProps {
  fn: lambda.IFunction;
  key: kms.IKey;
  deadLetterQueue: sqs.IQueue;
}

/** Runs the nightly alert job at 02:00 London time, BST or GMT alike. */
export class NightlySchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly deadLetterQueue: sqs.IQueue;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: NightlyScheduleProps) {
    super(scope, id);

    this.deadLetterQueue = props.deadLetterQueue;

    this.role = new iam.Role(this, "Role", {
      // Only schedules in this account may assume it (confused-deputy guard).
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description: "EventBridge Scheduler: invoke the nightly job, park undeliverable runs",
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "InvokeNightly",
        actions: ["lambda:InvokeFunction"],
        resources: [props.fn.functionArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "DeadLetter",
        actions: ["sqs:SendMessage"],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "DeadLetterKey",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [props.key.keyArn],
      }),
    );

    this.schedule = new scheduler.Schedule(this, "Schedule", {
      description: "Nightly alerts: departures without move-on, releases without accommodation, licence gaps",
      schedule: scheduler.ScheduleExpression.cron({ ...NIGHTLY_CRON, timeZone: NIGHTLY_TIME_ZONE }),
      // The job is "as of today"; drifting into a flexible window buys nothing.
      timeWindow: scheduler.TimeWindow.off(),
      target: new InvokeNightly(props.fn, this.role, this.deadLetterQueue),
      key: props.key,
    });
  }
}
