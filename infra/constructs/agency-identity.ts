import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../../functions/src/core/identity/identity.ts';
import type { Role } from '../../functions/src/core/identity/identity.ts';

/** Where the site's sign-in page lives; the API's `/api/v1/auth/config` names the same path. */
export const SIGN_IN_PATH = '/signin/';

/** The local development site (`npm start`), allowed to sign in against the pool too. */
export const LOCAL_SITE_ORIGIN = 'http://localhost:4321';

export interface AgencyIdentityProps {
  /**
   * The host name the site is served at (`data.example.gov.cn`, or the distribution's
   * `*.cloudfront.net` name), for the hosted UI's callback URL `https://<siteDomain>/signin/`.
   * @default - only the local development site may sign in
   */
  readonly siteDomain?: string;
  /**
   * The prefix of the hosted UI's domain, `https://<prefix>.auth.<region>.amazoncognito.com`;
   * unique within a region across all AWS accounts.
   * @default `datarun-<account id>`
   */
  readonly domainPrefix?: string;
}

/**
 * The people of the agencies: a Cognito user pool (no self sign-up; an administrator creates
 * each account with its `custom:agency` and adds it to role groups), the site's public app
 * client (authorization code with PKCE through the hosted UI) and the hosted UI's domain.
 */
export class AgencyIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** One group per role, by role. */
  readonly groups: Readonly<Record<Role, cognito.CfnUserPoolGroup>>;
  /** The `iss` of the pool's tokens: `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  readonly issuer: string;
  /** The hosted UI's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly hostedUiBaseUrl: string;

  constructor(scope: Construct, id: string, props: AgencyIdentityProps = {}) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        // Every ID token must carry `name`: the audit log and the provider see who asked.
        fullname: { required: true, mutable: true },
      },
      customAttributes: {
        // Mutable so that an administrator can move a person to another agency; the app client
        // cannot write it, so nobody changes their own agency.
        agency: new cognito.StringAttribute({ minLen: 2, maxLen: 63, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection blocks sign-ins with leaked passwords and challenges risky ones.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.groups = Object.fromEntries(
      ROLES.map((role) => {
        // The group names are the roles the API reads from `cognito:groups`, so they are fixed.
        const group = new cognito.CfnUserPoolGroup(this, `${pascal(role)}Group`, {
          userPoolId: this.userPool.userPoolId,
          groupName: role,
          description: `datarun role ${role}`,
        });
        // Memberships live in the group: keep it whatever happens to the stack.
        group.applyRemovalPolicy(RemovalPolicy.RETAIN);
        return [role, group];
      }),
    ) as Record<Role, cognito.CfnUserPoolGroup>;

    const callbackUrls = [
      ...(props.siteDomain ? [`https://${props.siteDomain}${SIGN_IN_PATH}`] : []),
      `${LOCAL_SITE_ORIGIN}${SIGN_IN_PATH}`,
    ];
    this.client = this.userPool.addClient('SiteClient', {
      // A browser cannot keep a secret: a public client, and the site sends a PKCE challenge.
      generateSecret: false,
      // No direct InitiateAuth flows: people type their password into the hosted UI only.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls,
        logoutUrls: callbackUrls,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // About a working day; then people sign in again.
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('agency'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `datarun-${Aws.ACCOUNT_ID}` },
    });

    const region = Stack.of(this).region;
    this.issuer = `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.hostedUiBaseUrl = this.domain.baseUrl();
  }
}

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
