import { join } from 'node:path';
import { CfnOutput, Duration, Size, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { BucketName, TableName } from '../../functions/src/storage-layout.ts';
import type { AuditAlgorithm } from '../../functions/src/core/audit/audit-record.ts';
import { SHARE_SNAPSHOT_KEY } from '../../functions/src/core/publish/object-keys.ts';
import { DEFAULT_RATE_LIMITS } from '../../functions/src/core/access/rate-limit.ts';
import type { RateLimitSettings } from '../../functions/src/core/access/rate-limit.ts';
import {
  CONTACT_EMAIL_ENV,
  PUBLIC_URL_ENV,
  publicSiteFromEnv,
  rateLimitsToEnv,
} from '../../functions/src/config.ts';
import { DatarunFunction, REPOSITORY_ROOT } from '../constructs/datarun-function.ts';
import type { Storage } from '../constructs/datarun-function.ts';
import { DuckdbLayer } from '../constructs/duckdb-layer.ts';

/** The user pool as the API sees it: who issues the tokens it accepts, and for whom. */
export type ApiIdentity = {
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`, without a trailing slash. */
  readonly issuer: string;
  /** The site's app client id: the `aud` of its ID tokens. */
  readonly audience: string;
  /** The hosted UI's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly hostedUiBaseUrl: string;
};

export interface ApiStackProps extends StackProps {
  readonly storage: Storage;
  readonly identity: ApiIdentity;
  /**
   * The hash new audit records are sealed with, the same for every function.
   * @default 'sm3'
   */
  readonly auditHash?: AuditAlgorithm;
  /**
   * Steady-state requests per second the API stage accepts across all routes.
   * @default 100
   */
  readonly throttleRateLimit?: number;
  /**
   * Requests the API stage accepts in a burst.
   * @default 200
   */
  readonly throttleBurstLimit?: number;
  /**
   * The API's own rate limits, counted in DynamoDB across all instances.
   * @default DEFAULT_RATE_LIMITS: 60 requests a minute per address without a key, 1,000 per key,
   * 5 sign-ups an hour per address
   */
  readonly rateLimits?: Partial<RateLimitSettings>;
  /**
   * The public origin the site is served at, which the publish function names in every IRI
   * and link of the catalog exports (DCAT-AP, data.json, the Atom feed).
   * @default `-c publicUrl=…`, else `https://<siteDomain>` from `-c siteDomain=…`; without
   * either the exports name the local site until the stack is deployed with one
   */
  readonly publicUrl?: string;
  /**
   * The platform's contact address, given in data.json for datasets whose agency names none.
   * @default `-c contactEmail=…`; without it such datasets have no contact address
   */
  readonly contactEmail?: string;
}

/**
 * The publish function's variables for the catalog exports, from the props or the CDK context
 * (`publicUrl`, else `https://<siteDomain>`; `contactEmail`), checked as the function will
 * check them. The distribution's own name is only known once the site stack exists, after
 * this one, so it cannot be the default.
 */
export function publicSiteEnvironment(
  scope: Construct,
  props: Pick<ApiStackProps, 'publicUrl' | 'contactEmail'> = {},
): Record<string, string> {
  const context = (key: string) => scope.node.tryGetContext(key) as string | undefined;
  const siteDomain = context('siteDomain');
  const publicUrl =
    props.publicUrl ?? context('publicUrl') ?? (siteDomain && `https://${siteDomain}`);
  const contactEmail = props.contactEmail ?? context('contactEmail');
  const site = publicSiteFromEnv({
    [PUBLIC_URL_ENV]: publicUrl,
    [CONTACT_EMAIL_ENV]: contactEmail,
  });
  return {
    ...(publicUrl && { [PUBLIC_URL_ENV]: site.publicUrl }),
    ...(contactEmail && { [CONTACT_EMAIL_ENV]: site.contactEmail! }),
  };
}

/** The catalog tables: written by publishing, read by the API. */
const CATALOG_TABLES: readonly TableName[] = ['catalog', 'versions', 'agencies'];

/**
 * The routes only signed-in agency staff use: for every method API Gateway checks their ID
 * token before the function runs (the function checks it again, and whether it was signed
 * out). Every other path reaches the function through the `$default` route without an
 * authorizer.
 */
export const AGENCY_ROUTES = [
  '/api/v1/share-requests',
  '/api/v1/share-requests/{proxy+}',
  '/api/v1/share-catalog',
  '/api/v1/share-catalog/{proxy+}',
  '/api/v1/notifications',
  '/api/v1/audit',
  '/api/v1/deadlines/{proxy+}',
  '/api/v1/auth/me',
  '/api/v1/auth/sign-out',
  '/api/v1/verify',
  '/api/v1/verify/{proxy+}',
  '/api/v1/demands',
  '/api/v1/demands/{proxy+}',
  '/api/v1/systems',
  '/api/v1/systems/{proxy+}',
] as const;

/** The route the Correct function serves (everything else reaches the API function). */
export const CORRECT_ROUTE = '/api/v1/disputes/{id}/correct';

/** Where extracts of granted data are written, one folder per grant, in the shared bucket. */
export const EXTRACT_KEYS = 'grants/*';

/** Harvested catalogs and harvest run reports, one folder per source, in the staging bucket. */
export const FEDERATION_KEYS = 'federation/*';

/** The harvest sources file of the catalog the publish function reads (prefix `source/`). */
export const FEDERATION_FILE_KEY = 'source/federation.yaml';

const every = <K extends string>(names: readonly K[], access: 'read' | 'readWrite') =>
  Object.fromEntries(names.map((name) => [name, access])) as Record<K, 'read' | 'readWrite'>;

/**
 * The functions: publish (catalog sources to versions), the HTTP API behind API Gateway with
 * the agency routes behind a JWT authorizer, the share-request deadline sweeper and the
 * harvester of other platforms, each every 15 minutes.
 */
export class ApiStack extends Stack {
  readonly httpApi: apigw.HttpApi;
  readonly publishFunction: DatarunFunction;
  readonly apiFunction: DatarunFunction;
  /** The API app with the publish pipeline, for the one route that corrects disputed data. */
  readonly correctFunction: DatarunFunction;
  readonly sweepFunction: DatarunFunction;
  readonly sweepSchedule: events.Rule;
  readonly harvestFunction: DatarunFunction;
  readonly harvestSchedule: events.Rule;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const handlers = join(REPOSITORY_ROOT, 'functions', 'src', 'handlers');

    const duckdb = new DuckdbLayer(this, 'Duckdb');
    this.publishFunction = new DatarunFunction(this, 'Publish', {
      entry: join(handlers, 'publish.ts'),
      description: 'Publishes catalog sources from the staging bucket as dataset versions',
      storage: props.storage,
      tableAccess: {
        ...every(CATALOG_TABLES, 'readWrite'),
        // The quality figures and corrections log written with the snapshots read every
        // dispute and share request and the usage counts; nothing more.
        disputes: ['dynamodb:Scan'],
        shareRequests: ['dynamodb:Scan'],
        usage: ['dynamodb:Query'],
        demands: ['dynamodb:Scan'],
        // The inventory is seeded from information-systems.yaml: systems not yet stored are
        // created by conditional puts; stored ones (maybe edited in the portal) are kept.
        systems: ['dynamodb:Scan', 'dynamodb:PutItem'],
        // Seeding is audited (one `system.seed` record when systems were created).
        audit: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      },
      bucketAccess: every<BucketName>(['open', 'shared', 'staging'], 'readWrite'),
      // Converting a large CSV to Parquet with DuckDB needs memory and scratch space.
      memorySize: 3008,
      timeout: Duration.minutes(15),
      ephemeralStorageSize: Size.gibibytes(10),
      layers: [duckdb.layer],
      externalModules: ['@duckdb/*'],
      environment: publicSiteEnvironment(this, props),
      auditHash: props.auditHash,
    });

    this.apiFunction = new DatarunFunction(this, 'Api', {
      entry: join(handlers, 'api.ts'),
      description: 'The datarun HTTP API (/api/v1, /api/3/action)',
      storage: props.storage,
      tableAccess: {
        ...every(CATALOG_TABLES, 'read'),
        // Exactly what access control does: find a key and store a new one, count requests,
        // add and read usage. No scan, no delete.
        apiKeys: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        rateCounters: ['dynamodb:UpdateItem'],
        usage: ['dynamodb:UpdateItem', 'dynamodb:Query'],
        // Sharing: requests are read by id, by index or all (reviewers), and replaced whole;
        // the audit log appends and reads; notifications are added in batches and listed;
        // signed-out tokens are stored and looked up.
        shareRequests: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan'],
        // Disputes likewise: created and replaced whole by conditional puts, read by id, by
        // index (provider, entry, deadline) or all (the reviewers' queue).
        disputes: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan'],
        // Demands and the system inventory likewise: conditional puts, reads by id, by index
        // or all (reviewers, the inventory report).
        demands: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan'],
        systems: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan'],
        // The verification key ledger: a grant's day is read, then created or added to.
        verifyKeys: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        audit: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        notifications: ['dynamodb:BatchWriteItem', 'dynamodb:Query'],
        revokedTokens: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      },
      bucketAccess: {
        open: 'read',
        // Extracts are written under grants/ and deleted when their grant is revoked.
        shared: [
          { access: 'read', keys: '*' },
          { access: 'put', keys: EXTRACT_KEYS },
          { access: 'delete', keys: EXTRACT_KEYS },
        ],
        // The federation routes read harvested catalogs and run reports, nothing else there.
        staging: [{ access: 'read', keys: FEDERATION_KEYS }],
      },
      environment: {
        ...rateLimitsToEnv({ ...DEFAULT_RATE_LIMITS, ...props.rateLimits }),
        DATARUN_AUTH_ISSUER: props.identity.issuer,
        DATARUN_AUTH_AUDIENCE: props.identity.audience,
        DATARUN_AUTH_DOMAIN: props.identity.hostedUiBaseUrl,
      },
      auditHash: props.auditHash,
    });

    // A correction publishes a new version (DuckDB writes its Parquet), so its route runs in
    // a function of its own with the DuckDB layer; the API function stays under 1 MB.
    this.correctFunction = new DatarunFunction(this, 'Correct', {
      entry: join(handlers, 'correct.ts'),
      description:
        'Corrects disputed data by publishing a new version (POST /api/v1/disputes/{id}/correct)',
      storage: props.storage,
      tableAccess: {
        ...every(CATALOG_TABLES, 'readWrite'),
        // What the API app reads on the way in: the caller's key, the rate limit, usage.
        apiKeys: ['dynamodb:GetItem'],
        rateCounters: ['dynamodb:UpdateItem'],
        usage: ['dynamodb:UpdateItem', 'dynamodb:Query'],
        revokedTokens: ['dynamodb:GetItem'],
        // The dispute is read and replaced; the quality figures read every dispute and request.
        disputes: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan'],
        shareRequests: ['dynamodb:Scan'],
        demands: ['dynamodb:Scan'],
        systems: ['dynamodb:Scan'],
        audit: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        notifications: ['dynamodb:BatchWriteItem'],
      },
      // Versions are written to the zone of their entry; the snapshots and exports are rewritten.
      bucketAccess: every<BucketName>(['open', 'shared', 'staging'], 'readWrite'),
      memorySize: 3008,
      // API Gateway waits at most 30 s for an answer.
      timeout: Duration.seconds(29),
      ephemeralStorageSize: Size.gibibytes(2),
      layers: [duckdb.layer],
      externalModules: ['@duckdb/*'],
      environment: {
        ...publicSiteEnvironment(this, props),
        ...rateLimitsToEnv({ ...DEFAULT_RATE_LIMITS, ...props.rateLimits }),
        DATARUN_AUTH_ISSUER: props.identity.issuer,
        DATARUN_AUTH_AUDIENCE: props.identity.audience,
        DATARUN_AUTH_DOMAIN: props.identity.hostedUiBaseUrl,
      },
      auditHash: props.auditHash,
    });

    this.sweepFunction = new DatarunFunction(this, 'Sweep', {
      entry: join(handlers, 'sweep.ts'),
      description:
        'Marks overdue share-request steps and disputes, ends expired grants, closes lapsed returns',
      storage: props.storage,
      // It reads the requests and disputes with a running deadline from their byDeadline
      // indexes and replaces those it moves on; each step is audited and notified like a person's.
      tableAccess: {
        shareRequests: ['dynamodb:Query', 'dynamodb:PutItem'],
        disputes: ['dynamodb:Query', 'dynamodb:PutItem'],
        audit: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        notifications: ['dynamodb:BatchWriteItem'],
      },
      // The agencies' deadline rules come with the share catalog snapshot, not from the
      // agencies table. Expired grants lose their extracts: found by listing, then deleted.
      bucketAccess: {
        shared: [
          { access: 'get', keys: SHARE_SNAPSHOT_KEY },
          { access: 'list', keys: EXTRACT_KEYS },
          { access: 'delete', keys: EXTRACT_KEYS },
        ],
      },
      timeout: Duration.minutes(5),
      auditHash: props.auditHash,
    });
    // A failed sweep is not retried: the next one, 15 minutes later, does the same work, and
    // every change it makes is a conditional write, so two runs never undo each other.
    this.sweepFunction.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.minutes(15),
    });
    this.sweepSchedule = new events.Rule(this, 'SweepSchedule', {
      description: 'Runs the share-request deadline sweeper',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [
        new targets.LambdaFunction(this.sweepFunction.function, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(15),
        }),
      ],
    });

    this.harvestFunction = new DatarunFunction(this, 'Harvest', {
      entry: join(handlers, 'harvest.ts'),
      description: 'Harvests the platforms federation.yaml lists into the federated section',
      storage: props.storage,
      // A run that changed something or failed is appended to the audit log.
      tableAccess: { audit: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
      // It reads the sources file, and reads and writes harvested catalogs and run reports.
      // `read` includes listing the bucket, so a catalog not harvested yet is a 404, not a 403.
      bucketAccess: {
        staging: [
          { access: 'get', keys: FEDERATION_FILE_KEY },
          { access: 'read', keys: FEDERATION_KEYS },
          { access: 'put', keys: FEDERATION_KEYS },
        ],
      },
      // A 15,052-entry DCAT catalog is read, mapped and compared in memory.
      memorySize: 2048,
      // Under the schedule's 15 minutes, so two scheduled runs never harvest side by side.
      timeout: Duration.minutes(10),
      auditHash: props.auditHash,
    });
    // A failed harvest is not retried: the source is tried again when it is next due.
    this.harvestFunction.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.minutes(15),
    });
    this.harvestSchedule = new events.Rule(this, 'HarvestSchedule', {
      description: 'Harvests the platforms of federation.yaml that are due',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [
        new targets.LambdaFunction(this.harvestFunction.function, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(15),
        }),
      ],
    });

    // One integration for every route, and one permission for the whole API rather than
    // one per route: the function's resource policy stays small.
    const integration = new HttpLambdaIntegration('Api', this.apiFunction.function, {
      scopePermissionToRoute: false,
    });
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'datarun API, reached through CloudFront under /api/',
      defaultIntegration: integration,
      createDefaultStage: false,
    });
    // The ID tokens of the site's app client: their `aud` is its client id.
    const agencyTokens = new HttpJwtAuthorizer('AgencyTokens', props.identity.issuer, {
      jwtAudience: [props.identity.audience],
    });
    const open = new apigw.HttpNoneAuthorizer();
    for (const path of AGENCY_ROUTES) {
      this.httpApi.addRoutes({
        path,
        methods: [apigw.HttpMethod.ANY],
        integration,
        authorizer: agencyTokens,
      });
      // A browser sends CORS preflights without the token. The API answers them itself (API
      // Gateway has no CORS configuration here), and an OPTIONS route takes precedence over
      // ANY, so preflights pass without an authorizer.
      this.httpApi.addRoutes({
        path,
        methods: [apigw.HttpMethod.OPTIONS],
        integration,
        authorizer: open,
      });
    }
    // Only signed-in providers correct; the function checks the token and the policy again.
    const correct = new HttpLambdaIntegration('Correct', this.correctFunction.function);
    this.httpApi.addRoutes({
      path: CORRECT_ROUTE,
      methods: [apigw.HttpMethod.POST],
      integration: correct,
      authorizer: agencyTokens,
    });
    this.httpApi.addRoutes({
      path: CORRECT_ROUTE,
      methods: [apigw.HttpMethod.OPTIONS],
      integration,
      authorizer: open,
    });
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', {
      retention: logs.RetentionDays.SIX_MONTHS,
    });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: {
        rateLimit: props.throttleRateLimit ?? 100,
        burstLimit: props.throttleBurstLimit ?? 200,
      },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });

    new CfnOutput(this, 'PublishFunctionName', {
      value: this.publishFunction.function.functionName,
    });
    new CfnOutput(this, 'ApiEndpoint', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'SweepFunctionName', { value: this.sweepFunction.function.functionName });
    new CfnOutput(this, 'HarvestFunctionName', {
      value: this.harvestFunction.function.functionName,
    });
  }
}
