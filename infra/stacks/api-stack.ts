import { join } from 'node:path';
import { CfnOutput, Duration, Size, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { BucketName, TableName } from '../../functions/src/storage-layout.ts';
import { DEFAULT_RATE_LIMITS } from '../../functions/src/core/access/rate-limit.ts';
import type { RateLimitSettings } from '../../functions/src/core/access/rate-limit.ts';
import { rateLimitsToEnv } from '../../functions/src/config.ts';
import { DatarunFunction, REPOSITORY_ROOT } from '../constructs/datarun-function.ts';
import type { Storage } from '../constructs/datarun-function.ts';
import { DuckdbLayer } from '../constructs/duckdb-layer.ts';

export interface ApiStackProps extends StackProps {
  readonly storage: Storage;
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
}

/** The catalog tables: written by publishing, read by the API. */
const CATALOG_TABLES: readonly TableName[] = ['catalog', 'versions', 'agencies'];

const every = <K extends string>(names: readonly K[], access: 'read' | 'readWrite') =>
  Object.fromEntries(names.map((name) => [name, access])) as Record<K, 'read' | 'readWrite'>;

/** The functions: publish (catalog sources to versions) and the HTTP API behind API Gateway. */
export class ApiStack extends Stack {
  readonly httpApi: apigw.HttpApi;
  readonly publishFunction: DatarunFunction;
  readonly apiFunction: DatarunFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const handlers = join(REPOSITORY_ROOT, 'functions', 'src', 'handlers');

    const duckdb = new DuckdbLayer(this, 'Duckdb');
    this.publishFunction = new DatarunFunction(this, 'Publish', {
      entry: join(handlers, 'publish.ts'),
      description: 'Publishes catalog sources from the staging bucket as dataset versions',
      storage: props.storage,
      tableAccess: every(CATALOG_TABLES, 'readWrite'),
      bucketAccess: every<BucketName>(['open', 'shared', 'staging'], 'readWrite'),
      // Converting a large CSV to Parquet with DuckDB needs memory and scratch space.
      memorySize: 3008,
      timeout: Duration.minutes(15),
      ephemeralStorageSize: Size.gibibytes(10),
      layers: [duckdb.layer],
      externalModules: ['@duckdb/*'],
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
      },
      bucketAccess: every<BucketName>(['open', 'shared'], 'read'),
      environment: rateLimitsToEnv({ ...DEFAULT_RATE_LIMITS, ...props.rateLimits }),
    });

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'datarun API, reached through CloudFront under /api/',
      defaultIntegration: new HttpLambdaIntegration('Api', this.apiFunction.function),
      createDefaultStage: false,
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
  }
}
