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
 * The CRU's placement deadlines are hours, not days (an emergency has 2 hours), so they are
 * checked every hour, a quarter past so as not to meet the 02:00 run.
 */
export const DEADLINES_CRON = { minute: "15", hour: "*" } as const;
export const DEADLINES_INPUT = { mode: "deadlines" } as const;
/** A late hourly check is superseded by the next one; retry briefly, then park it. */
export const DEADLINES_RETRY_ATTEMPTS = 2;
export const DEADLINES_MAX_EVENT_AGE = Duration.minutes(30);

/**
 * Invokes the function with a role we build, rather than the aws-scheduler-targets one,
 * whose grantInvoke also allows every version and alias (`function:*`).
 */
class InvokeNightly implements scheduler.IScheduleTarget {
  constructor(
    private readonly fn: lambda.IFunction,
    private readonly role: iam.IRole,
    private readonly deadLetterQueue: sqs.IQueue,
    private readonly opts: { input?: object; retryAttempts: number; maxEventAge: Duration } = {
      retryAttempts: NIGHTLY_RETRY_ATTEMPTS,
      maxEventAge: NIGHTLY_MAX_EVENT_AGE,
    },
  ) {}

  bind(): scheduler.ScheduleTargetConfig {
    return {
      arn: this.fn.functionArn,
      role: this.role,
      ...(this.opts.input ? { input: scheduler.ScheduleTargetInput.fromObject(this.opts.input) } : {}),
      retryPolicy: {
        maximumRetryAttempts: this.opts.retryAttempts,
        maximumEventAgeInSeconds: this.opts.maxEventAge.toSeconds(),
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

/**
 * Runs the nightly alert job at 02:00 London time, BST or GMT alike, and the same job in its
 * "deadlines" mode (placement deadlines only) every hour.
 */
export class NightlySchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly deadlines: scheduler.Schedule;
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
      description:
        "Nightly alerts: departures without move-on, releases without accommodation, licence gaps, overdue arrivals and placements",
      schedule: scheduler.ScheduleExpression.cron({ ...NIGHTLY_CRON, timeZone: NIGHTLY_TIME_ZONE }),
      // The job is "as of today"; drifting into a flexible window buys nothing.
      timeWindow: scheduler.TimeWindow.off(),
      target: new InvokeNightly(props.fn, this.role, this.deadLetterQueue),
      key: props.key,
    });

    this.deadlines = new scheduler.Schedule(this, "Deadlines", {
      description: "Hourly: CRU placement deadlines (placement-overdue alerts)",
      schedule: scheduler.ScheduleExpression.cron({ ...DEADLINES_CRON, timeZone: NIGHTLY_TIME_ZONE }),
      timeWindow: scheduler.TimeWindow.off(),
      target: new InvokeNightly(props.fn, this.role, this.deadLetterQueue, {
        input: DEADLINES_INPUT,
        retryAttempts: DEADLINES_RETRY_ATTEMPTS,
        maxEventAge: DEADLINES_MAX_EVENT_AGE,
      }),
      key: props.key,
    });
  }
}
