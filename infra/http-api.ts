import { Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { FunctionGroup, RouteDef } from "../shared/api/route.js";
import { routeKeyOf } from "../shared/api/route.js";

/** Fields of each access log line; `$context` variables of HTTP APIs. */
export const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  routeKey: "$context.routeKey",
  status: "$context.status",
  httpMethod: "$context.httpMethod",
  path: "$context.path",
  requestTime: "$context.requestTime",
  sourceIp: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  sub: "$context.authorizer.claims.sub",
  authorizerError: "$context.authorizer.error",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
} as const;

export interface RouteTableProps {
  routes: readonly RouteDef[];
  functions: Record<FunctionGroup, lambda.IFunction>;
  /** Cognito user pool issuer URL and the app client ids whose ID tokens are accepted. */
  issuerUrl: string;
  audience: string[];
}

/** The HTTP API, its routes generated from the shared route table. */
export class ApHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  /**
   * Routes come later (addRouteTable) because the authorizer needs the app client, and
   * the app client needs this API's URL as its callback.
   */
  constructor(scope: Construct, id: string, props: { key: kms.IKey }) {
    super(scope, id);

    this.api = new apigw.HttpApi(this, "Api", {
      apiName: "ap-bed-manager",
      description: "Approved Premises bed and referral manager",
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, "AccessLogs", {
      // Access logs are the record of who called what; keep a year for investigations.
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.key,
    });

    this.stage = new apigw.HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      // A ceiling well above staff traffic that still stops a runaway client.
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
  }

  addRouteTable(props: RouteTableProps): void {
    const authorizer = new HttpJwtAuthorizer("CognitoJwt", props.issuerUrl, {
      jwtAudience: props.audience,
      authorizerName: "cognito-jwt",
    });
    const integrations = new Map<FunctionGroup, HttpLambdaIntegration>();
    const integrationFor = (group: FunctionGroup) => {
      let integration = integrations.get(group);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${group}-integration`, props.functions[group], {
          // One invoke permission for the whole API instead of one per route, which
          // would push the function's resource policy towards its 20 KB limit.
          scopePermissionToRoute: false,
        });
        integrations.set(group, integration);
      }
      return integration;
    };

    for (const route of props.routes) {
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: integrationFor(route.group),
        // Explicit on every route, so nothing depends on a default being in place.
        authorizer: route.roles === "public" ? new apigw.HttpNoneAuthorizer() : authorizer,
      });
      if (route.roles === "public" && created) {
        Validations.of(created).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `${routeKeyOf(route)} is public by the API contract (roles "public" in shared/routes): it is called before a user has a token and serves no personal data.`,
        });
      }
    }
  }

  /**
   * The staff pages: routes to a page function (shared/web/page-functions.ts) without the
   * JWT authorizer, because a browser carries a session cookie, not a bearer token. The
   * page function checks the session, role and premises scope of every page itself
   * (shared/web/handler.ts).
   */
  addPageRoutes(
    name: string,
    pages: readonly { method: "GET" | "POST"; path: string }[],
    fn: lambda.IFunction,
  ): void {
    const integration = new HttpLambdaIntegration(`${name}-integration`, fn, {
      scopePermissionToRoute: false,
    });
    for (const page of pages) {
      const [created] = this.api.addRoutes({
        path: page.path,
        methods: [apigw.HttpMethod[page.method]],
        integration,
        authorizer: new apigw.HttpNoneAuthorizer(),
      });
      if (created) {
        Validations.of(created).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `${page.method} ${page.path} is a staff web page: its page function authenticates it by the sealed session cookie and checks role and premises scope (shared/web/handler.ts), so the JWT authorizer does not apply.`,
        });
      }
    }
  }

  get url(): string {
    return this.api.apiEndpoint;
  }
}
