import { CfnOutput, Duration, Stack, type StackProps, Validations } from "aws-cdk-lib";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { FUNCTION_GROUPS, type FunctionGroup } from "../shared/api/route.js";
import { ROUTES } from "../shared/api/routes/index.js";
import { PAGE_FUNCTION_ROUTES, PAGE_FUNCTIONS, type PageFunction } from "../shared/web/page-functions.js";
import { AppFunction } from "./app-function.js";
import { createDataKey } from "./data-key.js";
import { DataTable } from "./data-table.js";
import { createDeadLetterQueue } from "./dead-letter-queue.js";
import { ApHttpApi } from "./http-api.js";
import { Identity } from "./identity.js";
import { NightlySchedule } from "./nightly-schedule.js";
import type { FunctionName } from "./permissions.js";
import { createNotifyApiKey, Publisher, templateIds } from "./publisher.js";

export class ApStack extends Stack {
  readonly functions: Record<FunctionName, AppFunction>;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const key = createDataKey(this, "DataKey");
    const { table } = new DataTable(this, "Data", { key });

    const topic = new sns.Topic(this, "Notifications", {
      displayName: "Approved Premises notifications",
      masterKey: key,
      enforceSSL: true,
    });

    const deadLetters = createDeadLetterQueue(this, "NightlyDeadLetters", key);

    const apiFunctions = Object.fromEntries(
      FUNCTION_GROUPS.map((group) => [
        group,
        new AppFunction(this, `Fn-${group}`, { name: group, table, key, topic }),
      ]),
    ) as Record<FunctionGroup, AppFunction>;
    // Emails and events leave through the stream publisher, off the request path.
    const notifyApiKey = createNotifyApiKey(this, "NotifyApiKey");
    const publisherFn = new AppFunction(this, "Fn-publisher", {
      name: "publisher",
      table,
      key,
      topic,
      timeout: Duration.seconds(60),
      emailSecret: notifyApiKey,
      templates: templateIds(this),
    });
    const publisher = new Publisher(this, "Publisher", { table, key, fn: publisherFn });
    const nightly = new AppFunction(this, "Fn-nightly", {
      name: "nightly",
      table,
      key,
      topic,
      // Its catch-up delivers what the publisher left pending, through the same notifier.
      emailSecret: notifyApiKey,
      templates: templateIds(this),
      // Walks every active stay and submitted referral due soon; far more than a request.
      timeout: Duration.minutes(5),
      memorySize: 1024,
      deadLetterQueue: deadLetters,
    });
    const pageFunctions = Object.fromEntries(
      PAGE_FUNCTIONS.map((name) => [
        name,
        new AppFunction(this, `Fn-${name}`, { name, table, key, topic, memorySize: 1024 }),
      ]),
    ) as Record<PageFunction, AppFunction>;
    this.functions = { ...apiFunctions, ...pageFunctions, nightly, publisher: publisherFn };

    // The key that seals staff sessions (shared/web/session.ts): generated, never in the template.
    // Encrypted with Secrets Manager's AWS-managed key: giving it the data key makes CDK add a
    // key-policy statement with wildcard actions (kms:ReEncrypt*, kms:GenerateDataKey*) for
    // the whole account, which this stack's least-privilege rules refuse.
    const sessionSecret = new secretsmanager.Secret(this, "WebSessionKey", {
      description: "Seals the staff web service's session cookies (AES-256-GCM)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(sessionSecret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The session key is not rotated on a schedule: rotating it signs every member of staff out at once, and sessions last at most one ID-token lifetime (1 hour). Rotate it by hand (docs/deploy.md) after a suspected leak.",
    });

    const http = new ApHttpApi(this, "Http", { key });
    // The pages are served by this API; the Hosted UI returns the code to /auth/callback and
    // Cognito's /logout to /signed-out (shared/web/auth.ts). `-c webOrigins=https://a,https://b`
    // adds other origins (a custom domain, say).
    const originsContext: unknown = this.node.tryGetContext("webOrigins");
    const origins =
      typeof originsContext === "string"
        ? originsContext.split(",").map((u) => u.trim().replace(/\/+$/, ""))
        : Array.isArray(originsContext)
          ? originsContext.map((u) => String(u).replace(/\/+$/, ""))
          : [http.url];
    const identity = new Identity(this, "Identity", {
      domainPrefix: this.node.tryGetContext("authDomainPrefix"),
      callbackUrls: origins.map((o) => `${o}/auth/callback`),
      logoutUrls: origins.map((o) => `${o}/signed-out`),
    });
    http.addRouteTable({
      routes: ROUTES,
      functions: Object.fromEntries(FUNCTION_GROUPS.map((g) => [g, apiFunctions[g].fn])) as Record<
        FunctionGroup,
        AppFunction["fn"]
      >,
      issuerUrl: identity.userPool.userPoolProviderUrl,
      audience: [identity.client.userPoolClientId],
    });

    // Every page function opens sessions (the sealing key), redirects to the Hosted UI when a
    // session is missing or expired, and serves its own pages.
    for (const name of PAGE_FUNCTIONS) {
      const page = pageFunctions[name];
      sessionSecret.grantRead(page.role);
      page.fn.addEnvironment("WEB_SESSION_SECRET_ARN", sessionSecret.secretArn);
      page.fn.addEnvironment(
        "COGNITO_DOMAIN",
        `${identity.domain.domainName}.auth.${this.region}.amazoncognito.com`,
      );
      page.fn.addEnvironment("COGNITO_CLIENT_ID", identity.client.userPoolClientId);
      page.fn.addEnvironment("COGNITO_USER_POOL_ID", identity.userPool.userPoolId);
      http.addPageRoutes(name, PAGE_FUNCTION_ROUTES[name], page.fn);
    }

    new NightlySchedule(this, "Nightly", { fn: nightly.fn, key, deadLetterQueue: deadLetters });

    new CfnOutput(this, "ApiUrl", { value: http.url, description: "Base URL of the HTTP API" });
    new CfnOutput(this, "SignInUrl", { value: `${http.url}/sign-in`, description: "The staff web service" });
    new CfnOutput(this, "UserPoolId", { value: identity.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: identity.client.userPoolClientId });
    new CfnOutput(this, "HostedUiBaseUrl", { value: identity.domain.baseUrl() });
    new CfnOutput(this, "TableName", { value: table.tableName });
    new CfnOutput(this, "TopicArn", { value: topic.topicArn });
    // For running the job by hand and draining what it could not do (docs/deploy.md).
    new CfnOutput(this, "NightlyFunctionName", { value: nightly.fn.functionName });
    new CfnOutput(this, "NightlyDeadLetterQueueUrl", { value: deadLetters.queueUrl });
    new CfnOutput(this, "PublisherDeadLetterQueueUrl", { value: publisher.deadLetters.queueUrl });
    new CfnOutput(this, "NotifyApiKeySecretArn", { value: notifyApiKey.secretArn });
  }
}
