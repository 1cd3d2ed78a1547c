import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { ROLES } from "../shared/domain/vocabulary.js";

export const PREMISES_ATTRIBUTE = "premises";

const GROUP_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  cru: "Central Referral Unit: referrals, bed search and allocation for all premises",
  "ap-manager": "Approved Premises manager: only the premises listed in custom:premises",
  admin: "Premises and beds set-up, audit",
};

export interface IdentityProps {
  /** Hosted UI domain prefix; unique per region across all AWS accounts. */
  domainPrefix?: string;
  /** Where the hosted UI may send the authorization code back to. */
  callbackUrls: string[];
  logoutUrls?: string[];
}

/** Staff sign-in: the Cognito user pool whose ID tokens the API's JWT authorizer accepts. */
export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, "UserPool", {
      // Staff accounts are provisioned by administrators (docs/deploy.md); nobody may enrol themselves.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Required, TOTP only: accounts see personal and risk data about people on licence,
      // and SMS would need an SNS spend limit and phone numbers we do not hold.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus tier for threat protection (compromised credentials, adaptive sign-in risk)
      // enforced, not just audited: sign-ins are few, so cost is negligible.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        [PREMISES_ATTRIBUTE]: new cognito.StringAttribute({ mutable: true, minLen: 0, maxLen: 2048 }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: GROUP_DESCRIPTIONS[role] });
    }

    this.client = this.userPool.addClient("WebClient", {
      // A browser app cannot keep a secret; the code grant is protected by PKCE instead.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls ?? props.callbackUrls,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(PREMISES_ATTRIBUTE),
      // custom:premises scopes what an ap-manager may touch, so a signed-in user must never
      // be able to rewrite it with their own token; only administrators set it.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.domain = this.userPool.addDomain("HostedUi", {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `ap-bed-manager-${Aws.ACCOUNT_ID}` },
    });
  }
}
