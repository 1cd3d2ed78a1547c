import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { FUNCTION_GROUPS, type FunctionGroup } from "../shared/api/route.js";
import { ROUTES } from "../shared/api/routes/index.js";
import { AppFunction } from "./app-function.js";
import { createDataKey } from "./data-key.js";
import { DataTable } from "./data-table.js";
import { createDeadLetterQueue } from "./dead-letter-queue.js";
import { ApHttpApi } from "./http-api.js";
import { Identity } from "./identity.js";
import { NightlySchedule } from "./nightly-schedule.js";

export class ApStack extends Stack {
  readonly functions: Record<FunctionGroup | "nightly", AppFunction>;

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
    const nightly = new AppFunction(this, "Fn-nightly", {
      name: "nightly",
      table,
      key,
      topic,
      // Walks every active stay and submitted referral due soon; far more than a request.
      timeout: Duration.minutes(5),
      memorySize: 1024,
      deadLetterQueue: deadLetters,
    });
    this.functions = { ...apiFunctions, nightly };

    const http = new ApHttpApi(this, "Http", { key });
    // The web page is served by this API at /app and sends the hosted UI back there
    // (shared/web); `-c callbackUrls=a,b` points it elsewhere (a custom domain, say).
    const callbackContext: unknown = this.node.tryGetContext("callbackUrls");
    const callbackUrls =
      typeof callbackContext === "string"
        ? callbackContext.split(",").map((u) => u.trim())
        : Array.isArray(callbackContext)
          ? callbackContext.map(String)
          : [`${http.url}/app`];
    const identity = new Identity(this, "Identity", {
      domainPrefix: this.node.tryGetContext("authDomainPrefix"),
      callbackUrls,
    });
    // The page's /app/config.json tells the browser where to sign in (shared/services/web-service.ts).
    apiFunctions.public.fn.addEnvironment(
      "COGNITO_DOMAIN",
      `${identity.domain.domainName}.auth.${this.region}.amazoncognito.com`,
    );
    apiFunctions.public.fn.addEnvironment("COGNITO_CLIENT_ID", identity.client.userPoolClientId);
    http.addRouteTable({
      routes: ROUTES,
      functions: Object.fromEntries(FUNCTION_GROUPS.map((g) => [g, apiFunctions[g].fn])) as Record<
        FunctionGroup,
        AppFunction["fn"]
      >,
      issuerUrl: identity.userPool.userPoolProviderUrl,
      audience: [identity.client.userPoolClientId],
    });

    new NightlySchedule(this, "Nightly", { fn: nightly.fn, key, deadLetterQueue: deadLetters });

    new CfnOutput(this, "ApiUrl", { value: http.url, description: "Base URL of the HTTP API" });
    new CfnOutput(this, "UserPoolId", { value: identity.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: identity.client.userPoolClientId });
    new CfnOutput(this, "HostedUiBaseUrl", { value: identity.domain.baseUrl() });
    new CfnOutput(this, "TableName", { value: table.tableName });
    new CfnOutput(this, "TopicArn", { value: topic.topicArn });
    // For running the job by hand and draining what it could not do (docs/deploy.md).
    new CfnOutput(this, "NightlyFunctionName", { value: nightly.fn.functionName });
    new CfnOutput(this, "NightlyDeadLetterQueueUrl", { value: deadLetters.queueUrl });
  }
}
