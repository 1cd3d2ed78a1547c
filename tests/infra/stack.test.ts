import { readFileSync } from "node:fs";
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { GSI_NAMES } from "../../infra/data-table.js";
import { ACCESS_LOG_FIELDS } from "../../infra/http-api.js";
import { tableDefinitionsFromTemplate } from "../../infra/local/tables.js";
import { DYNAMODB_ACTIONS, type FunctionName, NOTIFIES } from "../../infra/permissions.js";
import { FUNCTION_GROUPS, routeKeyOf } from "../../shared/api/route.js";
import { ROUTES } from "../../shared/api/routes/index.js";
import { STREAM_RETRY_ATTEMPTS } from "../../shared/domain/delivery-limits.js";
import {
  EMAIL_KINDS,
  OUTBOX_INSERT_FILTER,
  templateEnvName,
} from "../../shared/domain/notification-routing.js";
import { ROLES } from "../../shared/domain/vocabulary.js";
import { pageKeyOf } from "../../shared/web/page.js";
import { PAGE_FUNCTIONS, PAGE_ROUTES, pageFunctionOf } from "../../shared/web/page-functions.js";
import {
  actionsOf,
  asArray,
  identityStatements,
  resourcePolicyStatements,
  type Statement,
  statementsOfRole,
  synth,
} from "./synth.js";

const ALL_FUNCTIONS: FunctionName[] = [...FUNCTION_GROUPS, ...PAGE_FUNCTIONS, "nightly", "publisher"];

let s: ReturnType<typeof synth>;
let keyId: string;
let tableId: string;

beforeAll(() => {
  s = synth();
  keyId = s.ofType("AWS::KMS::Key")[0]!.logicalId;
  tableId = s.ofType("AWS::DynamoDB::GlobalTable")[0]!.logicalId;
});

const keyArn = () => ({ "Fn::GetAtt": [keyId, "Arn"] });
const fnOf = (name: FunctionName) => s.atPath(`Fn-${name}/Function/Resource`);
const roleIdOf = (name: FunctionName) => s.atPath(`Fn-${name}/Role/Resource`).logicalId;

describe("encryption key", () => {
  it("is a single customer-managed key with rotation", () => {
    s.template.resourceCountIs("AWS::KMS::Key", 1);
    s.template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("lets the account manage the key (PutKeyPolicy) so it can never be orphaned", () => {
    const statements = resourcePolicyStatements(s.resources).filter((x) => x.owner === keyId);
    const root = statements.find((x) => JSON.stringify(x.statement.Principal).includes(":root"));
    expect(root && actionsOf(root.statement)).toContain("kms:PutKeyPolicy");
  });
});

describe("data table", () => {
  it("is on-demand, KMS-encrypted with the CMK, PITR, deletion-protected, retained, with TTL and 4 GSIs", () => {
    s.template.resourceCountIs("AWS::DynamoDB::GlobalTable", 1);
    s.template.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        BillingMode: "PAY_PER_REQUEST",
        SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
        TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
        KeySchema: [
          { AttributeName: "PK", KeyType: "HASH" },
          { AttributeName: "SK", KeyType: "RANGE" },
        ],
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            SSESpecification: { KMSMasterKeyId: keyArn() },
          }),
        ],
      }),
    });
    const table = s.resources.find((r) => r.logicalId === tableId)!;
    const gsis = table.Properties.GlobalSecondaryIndexes as { IndexName: string; Projection: unknown }[];
    expect(gsis.map((g) => g.IndexName)).toEqual([...GSI_NAMES]);
    expect(gsis.every((g) => JSON.stringify(g.Projection) === '{"ProjectionType":"ALL"}')).toBe(true);
  });

  it("is still what the local runtime reads from the template", () => {
    const defs = tableDefinitionsFromTemplate();
    expect(defs).toHaveLength(1);
    expect(defs[0]!.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual([...GSI_NAMES]);
  });
});

describe("user pool", () => {
  it("is admin-provisioned, MFA-required, strong-password, Plus tier with enforced threat protection", () => {
    s.template.resourceCountIs("AWS::Cognito::UserPool", 1);
    s.template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "ON",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
      DeletionProtection: "ACTIVE",
      Policies: {
        PasswordPolicy: Match.objectLike({
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: "premises", AttributeDataType: "String", Mutable: true }),
      ]),
    });
    const pool = s.ofType("AWS::Cognito::UserPool")[0]!;
    const policy = (pool.Properties.Policies as { PasswordPolicy: { MinimumLength: number } }).PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it("has exactly the role groups cru, ap-manager and admin", () => {
    const names = s.ofType("AWS::Cognito::UserPoolGroup").map((g) => g.Properties.GroupName);
    expect(names.sort()).toEqual([...ROLES].sort());
  });

  it("has a public PKCE code-grant client that can read but never write custom:premises", () => {
    s.template.resourceCountIs("AWS::Cognito::UserPoolClient", 1);
    s.template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: false,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(["openid"]),
      PreventUserExistenceErrors: "ENABLED",
      ReadAttributes: Match.arrayWith(["custom:premises"]),
    });
    const client = s.ofType("AWS::Cognito::UserPoolClient")[0]!;
    const writable = client.Properties.WriteAttributes as string[] | undefined;
    // Absent WriteAttributes would mean "all mutable attributes": it must be an explicit list.
    expect(writable).toBeDefined();
    expect(writable).not.toContain("custom:premises");
  });

  it("returns the code to the pages' /auth/callback and Cognito's logout to /signed-out, configured in every page function", () => {
    const client = s.ofType("AWS::Cognito::UserPoolClient")[0]!;
    const api = s.ofType("AWS::ApiGatewayV2::Api")[0]!.logicalId;
    const at = (path: string) => ({ "Fn::Join": ["", [{ "Fn::GetAtt": [api, "ApiEndpoint"] }, path]] });
    expect(client.Properties.CallbackURLs).toEqual([at("/auth/callback")]);
    expect(client.Properties.LogoutURLs).toEqual([at("/signed-out")]);

    for (const page of PAGE_FUNCTIONS) {
      const env = (fnOf(page).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.COGNITO_CLIENT_ID).toEqual({ Ref: client.logicalId });
      expect(env.COGNITO_USER_POOL_ID).toEqual({ Ref: s.ofType("AWS::Cognito::UserPool")[0]!.logicalId });
      const domain = s.ofType("AWS::Cognito::UserPoolDomain")[0]!.logicalId;
      expect(JSON.stringify(env.COGNITO_DOMAIN)).toContain(`{"Ref":"${domain}"}`);
      expect(JSON.stringify(env.COGNITO_DOMAIN)).toContain(".amazoncognito.com");
      // The local sign-in form mints any identity: it must never be switched on in AWS.
      expect(env.AP_LOCAL).toBeUndefined();
      expect(env.WEB_SESSION_KEY).toBeUndefined();
    }
    const publicEnv = (fnOf("public").Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(publicEnv.COGNITO_CLIENT_ID).toBeUndefined();
  });

  it("has a hosted UI domain prefix", () => {
    s.template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    const domain = s.ofType("AWS::Cognito::UserPoolDomain")[0]!;
    expect(JSON.stringify(domain.Properties.Domain)).toContain("ap-bed-manager-");
  });
});

describe("HTTP API", () => {
  const routeResources = () => s.ofType("AWS::ApiGatewayV2::Route");
  const routeFor = (key: string) => routeResources().find((r) => r.Properties.RouteKey === key);

  it("has a JWT authorizer whose issuer is the user pool and audience the app client", () => {
    s.template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 1);
    const pool = s.ofType("AWS::Cognito::UserPool")[0]!.logicalId;
    const client = s.ofType("AWS::Cognito::UserPoolClient")[0]!.logicalId;
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: { Issuer: { "Fn::GetAtt": [pool, "ProviderURL"] }, Audience: [{ Ref: client }] },
    });
  });

  it("has exactly one route per entry of the route table and per page", () => {
    expect(
      routeResources()
        .map((r) => r.Properties.RouteKey)
        .sort(),
    ).toEqual([...ROUTES.map(routeKeyOf), ...PAGE_ROUTES.map(pageKeyOf)].sort());
  });

  it.each(PAGE_ROUTES.map((r) => [pageKeyOf(r), pageFunctionOf(r)] as const))(
    "page %s goes to the %s function without the JWT authorizer (the session cookie is checked there)",
    (key, fn) => {
      const resource = routeFor(key);
      expect(resource?.Properties.AuthorizationType).toBe("NONE");
      const target = JSON.stringify(resource?.Properties.Target);
      const integration = s
        .ofType("AWS::ApiGatewayV2::Integration")
        .find((i) => target.includes(`"${i.logicalId}"`));
      expect(integration?.Properties.IntegrationUri).toEqual({
        "Fn::GetAtt": [fnOf(fn).logicalId, "Arn"],
      });
    },
  );

  it.each(ROUTES.map((r) => [routeKeyOf(r), r] as const))(
    "%s has the authorization its roles call for",
    (key, route) => {
      const resource = routeFor(key);
      expect(resource, key).toBeDefined();
      const authorizerId = s.ofType("AWS::ApiGatewayV2::Authorizer")[0]!.logicalId;
      if (route.roles === "public") {
        expect(resource!.Properties.AuthorizationType).toBe("NONE");
        expect(resource!.Properties.AuthorizerId).toBeUndefined();
      } else {
        expect(resource!.Properties.AuthorizationType).toBe("JWT");
        expect(resource!.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
      }
    },
  );

  it("leaves /health and /openapi.json open", () => {
    for (const key of ["GET /health", "GET /openapi.json"]) {
      expect(routeFor(key)?.Properties.AuthorizationType).toBe("NONE");
    }
  });

  it("sends every route to its group's function, through one integration per group", () => {
    const integrations = s.ofType("AWS::ApiGatewayV2::Integration");
    const groupsWithRoutes = new Set(ROUTES.map((r) => r.group));
    // Plus one per page function.
    expect(integrations).toHaveLength(groupsWithRoutes.size + PAGE_FUNCTIONS.length);
    for (const route of ROUTES) {
      const target = JSON.stringify(routeFor(routeKeyOf(route))?.Properties.Target);
      const integration = integrations.find((i) => target.includes(`"${i.logicalId}"`));
      expect(integration?.Properties.IntegrationUri, routeKeyOf(route)).toEqual({
        "Fn::GetAtt": [fnOf(route.group).logicalId, "Arn"],
      });
      expect(integration?.Properties.PayloadFormatVersion).toBe("2.0");
    }
  });

  it("logs access as JSON to an encrypted log group and throttles the default stage", () => {
    s.template.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
    const stage = s.ofType("AWS::ApiGatewayV2::Stage")[0]!;
    expect(stage.Properties.StageName).toBe("$default");
    expect(stage.Properties.AutoDeploy).toBe(true);
    const settings = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    const logGroup = s.atPath("Http/AccessLogs/Resource");
    expect(settings.DestinationArn).toEqual({ "Fn::GetAtt": [logGroup.logicalId, "Arn"] });
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      routeKey: "$context.routeKey",
      status: "$context.status",
    });
    expect(logGroup.Properties.KmsKeyId).toEqual(keyArn());
    expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: expect.any(Number),
      ThrottlingRateLimit: expect.any(Number),
    });
  });
});

describe("functions", () => {
  it("are one per function group plus the web pages, the nightly job and the stream publisher", () => {
    s.template.resourceCountIs("AWS::Lambda::Function", ALL_FUNCTIONS.length);
  });

  it.each(ALL_FUNCTIONS)(
    "%s: Node.js 22 on arm64, traced, own encrypted log group with retention",
    (name) => {
      const fn = fnOf(name);
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        TracingConfig: { Mode: "Active" },
      });
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.TABLE_NAME).toEqual({ Ref: tableId });
      expect(env.POWERTOOLS_SERVICE_NAME).toBe(`ap-bed-manager-${name}`);
      expect(env.NODE_OPTIONS).toBe("--enable-source-maps");
      expect("TOPIC_ARN" in env).toBe(NOTIFIES.has(name));

      const logGroup = s.atPath(`Fn-${name}/Logs/Resource`);
      expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroup.logicalId } });
      expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
      expect(logGroup.Properties.KmsKeyId).toEqual(keyArn());
    },
  );

  it("the nightly function parks failed asynchronous runs in the dead-letter queue", () => {
    const queue = s.atPath("NightlyDeadLetters/Resource");
    expect(fnOf("nightly").Properties.DeadLetterConfig).toEqual({
      TargetArn: { "Fn::GetAtt": [queue.logicalId, "Arn"] },
    });
  });
});

describe("least privilege", () => {
  it("no identity policy statement has a wildcard action", () => {
    const statements = identityStatements(s.resources);
    expect(statements.length).toBeGreaterThan(0);
    const wild = statements.filter(({ statement }) => actionsOf(statement).some((a) => a.includes("*")));
    expect(wild).toEqual([]);
  });

  it("no resource policy allows a wildcard action (the enforce-SSL denies may)", () => {
    const statements = resourcePolicyStatements(s.resources);
    expect(statements.length).toBeGreaterThan(0);
    const wild = statements.filter(
      ({ statement }) => statement.Effect === "Allow" && actionsOf(statement).some((a) => a.includes("*")),
    );
    expect(wild).toEqual([]);
  });

  it("Resource '*' appears only on X-Ray statements, which have no resource-level permissions", () => {
    const starred = identityStatements(s.resources).filter(({ statement }) =>
      asArray(statement.Resource).includes("*"),
    );
    expect(starred.length).toBeGreaterThan(0);
    for (const { statement } of starred) {
      expect(actionsOf(statement).every((a) => a.startsWith("xray:"))).toBe(true);
    }
  });

  it("roles carry no managed policies", () => {
    for (const role of s.ofType("AWS::IAM::Role")) {
      expect(role.Properties.ManagedPolicyArns, role.logicalId).toBeUndefined();
    }
  });

  it.each(ALL_FUNCTIONS)(
    "%s gets exactly its DynamoDB actions, on the table and its indexes only",
    (name) => {
      const statements = statementsOfRole(s.resources, roleIdOf(name));
      // Stream reading (the publisher's StreamRead, on the stream ARN) is tested with the publisher.
      const dynamo = statements.filter(
        (st) => st.Sid !== "StreamRead" && actionsOf(st).some((a) => a.startsWith("dynamodb:")),
      );
      const granted = new Set(dynamo.flatMap(actionsOf));
      expect([...granted].sort()).toEqual([...DYNAMODB_ACTIONS[name]].sort());
      expect(granted.has("dynamodb:Scan")).toBe(false);
      const tableArn = { "Fn::GetAtt": [tableId, "Arn"] };
      for (const st of dynamo) {
        for (const resource of asArray(st.Resource)) {
          const text = JSON.stringify(resource);
          expect(JSON.stringify(resource) === JSON.stringify(tableArn) || text.includes('"/index/GSI')).toBe(
            true,
          );
        }
      }
    },
  );

  it("the nightly role can never Scan", () => {
    const actions = statementsOfRole(s.resources, roleIdOf("nightly")).flatMap(actionsOf);
    expect(actions).toContain("dynamodb:Query");
    expect(actions.some((a) => a.toLowerCase() === "dynamodb:scan")).toBe(false);
  });

  it.each(ALL_FUNCTIONS)("%s may publish to the topic only if it notifies", (name) => {
    const topicId = s.ofType("AWS::SNS::Topic")[0]!.logicalId;
    const publish = statementsOfRole(s.resources, roleIdOf(name)).filter((st) =>
      actionsOf(st).includes("sns:Publish"),
    );
    if (NOTIFIES.has(name)) {
      expect(publish.map((st) => st.Resource)).toEqual([{ Ref: topicId }]);
    } else {
      expect(publish).toEqual([]);
    }
  });

  it("two secrets: the web function reads only the session key; the Notify key is read only by the functions that email", () => {
    const secrets = s.ofType("AWS::SecretsManager::Secret");
    expect(secrets).toHaveLength(2);
    // The session key is generated by Secrets Manager; the Notify key is pasted in from
    // Notify's admin pages. Neither value is ever in the template.
    const notify = secrets.find((r) => r.logicalId.startsWith("NotifyApiKey"))!;
    const session = secrets.find((r) => r !== notify)!;
    for (const r of secrets) expect(r.Properties.SecretString).toBeUndefined();
    expect(session.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    for (const name of ALL_FUNCTIONS) {
      const reads = statementsOfRole(s.resources, roleIdOf(name)).filter((st) =>
        actionsOf(st).some((a) => a.startsWith("secretsmanager:")),
      );
      if ((PAGE_FUNCTIONS as readonly string[]).includes(name)) {
        expect(reads.map((st) => st.Resource)).toEqual([{ Ref: session.logicalId }]);
        expect(reads.flatMap(actionsOf).sort()).toEqual([
          "secretsmanager:DescribeSecret",
          "secretsmanager:GetSecretValue",
        ]);
      } else if (name === "publisher" || name === "nightly") {
        expect(
          reads.map((st) => st.Resource),
          name,
        ).toEqual([{ Ref: notify.logicalId }]);
        expect(reads.flatMap(actionsOf), name).toEqual(["secretsmanager:GetSecretValue"]);
      } else {
        expect(reads, name).toEqual([]);
      }
    }
    for (const page of PAGE_FUNCTIONS) {
      const env = (fnOf(page).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.WEB_SESSION_SECRET_ARN).toEqual({ Ref: session.logicalId });
    }
  });

  it("reads secrets through the Parameters and Secrets extension layer, only in the functions that read one", () => {
    const readers = new Set<FunctionName>([...PAGE_FUNCTIONS, "nightly", "publisher"]);
    for (const name of ALL_FUNCTIONS) {
      const fn = fnOf(name).Properties as {
        Layers?: unknown[];
        Environment: { Variables: Record<string, unknown> };
      };
      const layers = JSON.stringify(fn.Layers ?? []);
      if (readers.has(name)) {
        expect(layers, name).toContain("AWS-Parameters-and-Secrets-Lambda-Extension");
        // Cached for minutes, so a cold start reads the secret once and a rotation is seen soon.
        expect(fn.Environment.Variables.SECRETS_MANAGER_TTL, name).toBe("300");
      } else {
        expect(layers, name).toBe("[]");
      }
    }
  });

  it("key permissions of functions name the one key", () => {
    for (const name of ALL_FUNCTIONS) {
      for (const st of statementsOfRole(s.resources, roleIdOf(name))) {
        if (actionsOf(st).some((a) => a.startsWith("kms:"))) expect(st.Resource).toEqual(keyArn());
      }
    }
  });
});

describe("notifications", () => {
  it("the topic is encrypted with the CMK and refuses non-TLS publishing", () => {
    s.template.resourceCountIs("AWS::SNS::Topic", 1);
    s.template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: keyArn() });
    s.template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });
});

describe("nightly schedule", () => {
  it("runs the nightly function at 02:00 Europe/London, no flexible window, with retries and a DLQ", () => {
    s.template.resourceCountIs("AWS::Scheduler::Schedule", 2);
    const queue = s.atPath("NightlyDeadLetters/Resource");
    s.template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 2 * * ? *)",
      ScheduleExpressionTimezone: "Europe/London",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [fnOf("nightly").logicalId, "Arn"] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [queue.logicalId, "Arn"] } },
      }),
    });
  });

  it("checks placement deadlines hourly (Europe/London), invoking the same function in deadlines mode", () => {
    const queue = s.atPath("NightlyDeadLetters/Resource");
    s.template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(15 * * * ? *)",
      ScheduleExpressionTimezone: "Europe/London",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [fnOf("nightly").logicalId, "Arn"] },
        Input: JSON.stringify({ mode: "deadlines" }),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 1800 },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [queue.logicalId, "Arn"] } },
      }),
    });
    // The 02:00 run has no input: it checks every kind for today.
    const nightlyRun = s
      .ofType("AWS::Scheduler::Schedule")
      .find((r) => r.Properties.ScheduleExpression === "cron(0 2 * * ? *)")!;
    expect((nightlyRun.Properties.Target as { Input?: string }).Input).toBeUndefined();
  });

  it("the dead-letter queue is KMS-encrypted and refuses non-TLS access", () => {
    const queue = s.atPath("NightlyDeadLetters/Resource");
    expect(queue.Properties.KmsMasterKeyId).toEqual(keyArn());
    s.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: queue.logicalId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("the scheduler role may invoke only the nightly function itself (no versions or aliases)", () => {
    const roles = s
      .ofType("AWS::Scheduler::Schedule")
      .map(
        (r) =>
          (r.Properties.Target as { RoleArn: { "Fn::GetAtt": [string, string] } }).RoleArn["Fn::GetAtt"][0],
      );
    // Both schedules share the one narrow role.
    expect(new Set(roles).size).toBe(1);
    const roleId = roles[0]!;
    const role = s.resources.find((r) => r.logicalId === roleId)!;
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain("scheduler.amazonaws.com");
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain("aws:SourceAccount");

    const statements: Statement[] = statementsOfRole(s.resources, roleId);
    const invoke = statements.filter((st) => actionsOf(st).includes("lambda:InvokeFunction"));
    expect(invoke.map((st) => st.Resource)).toEqual([{ "Fn::GetAtt": [fnOf("nightly").logicalId, "Arn"] }]);
    const allowed = new Set([
      "lambda:InvokeFunction",
      "sqs:SendMessage",
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]);
    expect(statements.flatMap(actionsOf).filter((a) => !allowed.has(a))).toEqual([]);
  });
});

describe("outputs", () => {
  it("exports API URL, user pool id, client id, table name and topic ARN", () => {
    for (const name of ["ApiUrl", "UserPoolId", "UserPoolClientId", "TableName", "TopicArn"]) {
      s.template.hasOutput(name, {});
    }
    s.template.hasOutput("TableName", { Value: { Ref: tableId } });
  });
});

describe("stream publisher", () => {
  it("the table streams new images; one mapping reads it, outbox inserts only, with partial failures and bounded retries", () => {
    s.template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      StreamSpecification: { StreamViewType: "NEW_IMAGE" },
    });
    const mappings = s.ofType("AWS::Lambda::EventSourceMapping");
    expect(mappings).toHaveLength(1);
    const queue = s.atPath("Publisher/DeadLetters/Resource");
    expect(mappings[0]!.Properties).toMatchObject({
      FunctionName: { Ref: fnOf("publisher").logicalId },
      EventSourceArn: { "Fn::GetAtt": [tableId, "StreamArn"] },
      StartingPosition: "TRIM_HORIZON",
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: STREAM_RETRY_ATTEMPTS,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queue.logicalId, "Arn"] } } },
    });
    const filters = (mappings[0]!.Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([OUTBOX_INSERT_FILTER]);
    expect(STREAM_RETRY_ATTEMPTS).toBeGreaterThan(0);
    expect(STREAM_RETRY_ATTEMPTS).toBeLessThanOrEqual(10);
  });

  it("the retry bound is one shared constant: the local poller defaults to it without importing CDK", () => {
    // The local runtime's poller (infra/local) and the deployed mapping read the same number
    // from shared/; that module and the poller pull in no CDK (the runtime must not load it).
    const limits = readFileSync("shared/domain/delivery-limits.ts", "utf8");
    const poller = readFileSync("infra/local/stream-publisher.ts", "utf8");
    const publisher = readFileSync("infra/publisher.ts", "utf8");
    for (const source of [limits, poller]) expect(source).not.toMatch(/from "(aws-cdk-lib|constructs)/);
    expect(poller).toMatch(/maxRetryAttempts \?\? STREAM_RETRY_ATTEMPTS/);
    expect(publisher).toMatch(/retryAttempts: STREAM_RETRY_ATTEMPTS/);
    expect(publisher).not.toMatch(/const STREAM_RETRY_ATTEMPTS/);
    // The mapping's retry bound ends in the dead-letter queue, and its alarm watches that queue.
    const queue = s.atPath("Publisher/DeadLetters/Resource");
    const mapping = s.ofType("AWS::Lambda::EventSourceMapping")[0]!;
    expect(mapping.Properties.MaximumRetryAttempts).toBe(STREAM_RETRY_ATTEMPTS);
    expect(mapping.Properties.DestinationConfig).toEqual({
      OnFailure: { Destination: { "Fn::GetAtt": [queue.logicalId, "Arn"] } },
    });
    expect(s.atPath("Publisher/DeadLettersAlarm/Resource").Properties.Dimensions).toEqual([
      { Name: "QueueName", Value: { "Fn::GetAtt": [queue.logicalId, "QueueName"] } },
    ]);
  });

  it("an alarm fires on the first message in the publisher's dead-letter queue", () => {
    const queue = s.atPath("Publisher/DeadLetters/Resource");
    const alarm = s.atPath("Publisher/DeadLettersAlarm/Resource");
    expect(alarm.Properties).toMatchObject({
      MetricName: "ApproximateNumberOfMessagesVisible",
      Namespace: "AWS/SQS",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queue.logicalId, "QueueName"] } }],
    });
    expect(queue.Properties.KmsMasterKeyId).toEqual(keyArn());
  });

  it("the publisher role reads only this table's stream, the Notify secret, publishes to the topic and updates items", () => {
    const statements = statementsOfRole(s.resources, roleIdOf("publisher"));
    const stream = statements.find((st) => st.Sid === "StreamRead")!;
    expect(actionsOf(stream).sort()).toEqual([
      "dynamodb:DescribeStream",
      "dynamodb:GetRecords",
      "dynamodb:GetShardIterator",
      "dynamodb:ListStreams",
    ]);
    expect(stream.Resource).toEqual({ "Fn::GetAtt": [tableId, "StreamArn"] });
    const secretId = s
      .ofType("AWS::SecretsManager::Secret")
      .find((r) => r.logicalId.startsWith("NotifyApiKey"))!.logicalId;
    const secret = statements.find((st) => actionsOf(st).includes("secretsmanager:GetSecretValue"))!;
    expect(secret.Resource).toEqual({ Ref: secretId });
    expect(DYNAMODB_ACTIONS.publisher).toEqual(["dynamodb:GetItem", "dynamodb:UpdateItem"]);
    const env = (fnOf("publisher").Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(env.NOTIFY_API_KEY_SECRET_ARN).toEqual({ Ref: secretId });
    for (const kind of EMAIL_KINDS) expect(env).toHaveProperty(templateEnvName(kind));
  });

  it("request handlers no longer publish or email: only the publisher and the nightly catch-up do", () => {
    expect([...NOTIFIES].sort()).toEqual(["nightly", "publisher"]);
    for (const group of FUNCTION_GROUPS) {
      const env = (fnOf(group).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.NOTIFY_API_KEY_SECRET_ARN).toBeUndefined();
    }
  });
});
