import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { PAGE_FUNCTIONS, type PageFunction } from "../shared/web/page-functions.js";
import { PRECOMPILED_TEMPLATES, WEB_RUNTIME_FOLDERS } from "../shared/web/paths.js";
import { precompiledTemplatesModule } from "./bundling/precompile-templates.js";
import { GSI_NAMES } from "./data-table.js";
import { DYNAMODB_ACTIONS, type FunctionName, NOTIFIES, writesData } from "./permissions.js";

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

// ESM bundles still meet CommonJS dependencies that call require(); give them one.
/** The SDK's default credential chain, and what the Lambda bundles use in its place. */
export const CREDENTIAL_CHAIN = "@aws-sdk/credential-provider-node";
export const ENV_CREDENTIALS = `${PROJECT_ROOT}infra/bundling/env-credentials.ts`;
/** axios's multipart dependency, never reached by Notify's JSON API (see the module's comment). */
export const FORM_DATA = "form-data";
export const FORM_DATA_STUB = `${PROJECT_ROOT}infra/bundling/form-data.ts`;
/** The SDK's event-stream codec, which no operation we call uses (see the module's comment). */
export const EVENT_STREAMS = "@smithy/core/event-streams";
export const EVENT_STREAMS_STUB = `${PROJECT_ROOT}infra/bundling/no-event-streams.ts`;
/** nunjucks without its compiler: the page functions get their templates precompiled. */
export const NUNJUCKS_RUNTIME = "nunjucks/browser/nunjucks-slim.js";

const isPageFunction = (name: FunctionName): name is PageFunction =>
  (PAGE_FUNCTIONS as readonly string[]).includes(name);

let precompiledFile: string | undefined;
/** The templates compiled once per synth, copied into each page function's asset. */
function precompiledTemplates(): string {
  if (!precompiledFile) {
    const dir = mkdtempSync(join(tmpdir(), "ap-templates-"));
    precompiledFile = join(dir, "templates.precompiled.cjs");
    writeFileSync(precompiledFile, precompiledTemplatesModule());
    // Bundling copies it during synth, in this process; afterwards it is litter in /tmp.
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return precompiledFile;
}

const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface AppFunctionProps {
  name: FunctionName;
  table: dynamodb.ITableV2;
  key: kms.IKey;
  topic: sns.ITopic;
  timeout?: Duration;
  memorySize?: number;
  /** For functions invoked asynchronously, where a failure would otherwise vanish. */
  deadLetterQueue?: sqs.IQueue;
  /** Functions that email: the GOV.UK Notify API key (read once per cold start). */
  emailSecret?: secretsmanager.ISecret;
  /** Notify template ids as env vars (`NOTIFY_TEMPLATE_<KIND>`), one per email kind. */
  templates?: Record<string, string>;
}

/**
 * One Lambda built from `functions/<name>.ts` with its own role and log group, so each
 * function holds exactly the permissions listed for it in permissions.ts and nothing
 * from managed policies.
 */
export class AppFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const { name, table, key, topic } = props;

    this.logGroup = new logs.LogGroup(this, "Logs", {
      // Logs can carry CRNs and names in error context: keep them long enough to
      // investigate an incident, no longer.
      retention: logs.RetentionDays.THREE_MONTHS,
      encryptionKey: key,
    });

    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Runtime role of the ${name} function`,
    });
    // Instead of AWSLambdaBasicExecutionRole, which may write to any log group.
    this.logGroup.grantWrite(this.role);

    const environment: Record<string, string> = {
      TABLE_NAME: table.tableName,
      POWERTOOLS_SERVICE_NAME: `ap-bed-manager-${name}`,
      NODE_OPTIONS: "--enable-source-maps",
    };

    const actions = DYNAMODB_ACTIONS[name];
    if (actions.length > 0) {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: "TableAccess",
          actions: [...actions],
          resources: [table.tableArn, ...GSI_NAMES.map((gsi) => `${table.tableArn}/index/${gsi}`)],
        }),
      );
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: "TableKey",
          actions: writesData(name)
            ? ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]
            : ["kms:Decrypt", "kms:DescribeKey"],
          resources: [key.keyArn],
        }),
      );
    }

    if (NOTIFIES.has(name)) {
      environment.TOPIC_ARN = topic.topicArn;
      this.role.addToPolicy(
        new iam.PolicyStatement({ sid: "Notify", actions: ["sns:Publish"], resources: [topic.topicArn] }),
      );
      // Publishing to an encrypted topic makes SNS generate a data key as the publisher.
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: "NotifyKey",
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          resources: [key.keyArn],
        }),
      );
    }

    if (props.emailSecret) {
      environment.NOTIFY_API_KEY_SECRET_ARN = props.emailSecret.secretArn;
      Object.assign(environment, props.templates ?? {});
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: "NotifyApiKey",
          actions: ["secretsmanager:GetSecretValue"],
          resources: [props.emailSecret.secretArn],
        }),
      );
      // The secret is encrypted with the data key (already decryptable by table readers).
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: "NotifyApiKeyKey",
          actions: ["kms:Decrypt"],
          resources: [key.keyArn],
        }),
      );
    }

    if (props.deadLetterQueue) {
      // Lambda adds sqs:SendMessage itself; the queue is encrypted with the data key.
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: "DeadLetterKey",
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          resources: [key.keyArn],
        }),
      );
    }

    this.fn = new nodejs.NodejsFunction(this, "Function", {
      entry: `${PROJECT_ROOT}functions/${name}.ts`,
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      // Secrets are read through the Parameters and Secrets extension (shared/services/secrets.ts),
      // not the SDK client: the session key (page functions) and the Notify API key.
      ...(isPageFunction(name) || props.emailSecret
        ? {
            paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(
              lambda.ParamsAndSecretsVersions.V1_0_103,
              {
                cacheSize: 10,
                secretsManagerTtl: Duration.minutes(5),
                logLevel: lambda.ParamsAndSecretsLogLevel.WARN,
              },
            ),
          }
        : {}),
      environment,
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: "node22",
        minify: true,
        sourceMap: true,
        // Stack traces only need line mappings; embedding sources would double the zip.
        sourcesContent: false,
        // Pin the SDK version we test with instead of whatever the runtime ships.
        bundleAwsSDK: true,
        externalModules: [],
        mainFields: ["module", "main"],
        banner: ESM_REQUIRE_BANNER,
        // Lambda hands the role's credentials over in the environment: bundle the SDK's
        // environment provider instead of its whole default chain (see the module's comment).
        // Likewise axios's multipart support, which the Notify email API never uses.
        esbuildArgs: {
          [`--alias:${CREDENTIAL_CHAIN}`]: ENV_CREDENTIALS,
          [`--alias:${FORM_DATA}`]: FORM_DATA_STUB,
          [`--alias:${EVENT_STREAMS}`]: EVENT_STREAMS_STUB,
          ...(isPageFunction(name) ? { "--alias:nunjucks": NUNJUCKS_RUNTIME } : {}),
        },
        // The pages read the frontend packages' dist folders and the precompiled templates at run
        // time (shared/web/paths.ts), written beside the bundle at the same relative paths.
        ...(isPageFunction(name)
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  ...WEB_RUNTIME_FOLDERS.map(
                    (f) => `mkdir -p "${outputDir}/${f}" && cp -R "${inputDir}/${f}/." "${outputDir}/${f}/"`,
                  ),
                  `mkdir -p "${outputDir}/${dirname(PRECOMPILED_TEMPLATES)}" && cp "${precompiledTemplates()}" "${outputDir}/${PRECOMPILED_TEMPLATES}"`,
                ],
              },
            }
          : {}),
      },
    });

    Validations.of(this.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "Only the xray:PutTraceSegments/PutTelemetryRecords statement that active tracing adds uses Resource '*': X-Ray has no resource-level permissions. Every data, key and topic statement names its ARN.",
    });
    Validations.of(this.fn).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Node.js 22 is the pinned runtime: the esbuild target (node22) and what the team tests against match it, and Lambda supports it until 2027. Moving to Node.js 24 is a tested change of its own, not a silent upgrade.",
    });
  }
}
