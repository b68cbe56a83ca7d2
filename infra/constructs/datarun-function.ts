import { fileURLToPath } from 'node:url';
import { Duration, Size } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BUCKETS, TABLES } from '../../functions/src/storage-layout.ts';
import type { BucketName, TableName } from '../../functions/src/storage-layout.ts';
import { AUDIT_HASH_ENV } from '../../functions/src/adapters/dynamodb/audit-log.ts';
import type { AuditAlgorithm } from '../../functions/src/core/audit/audit-record.ts';

/** Every table and bucket of the storage layout, as built by the data stack. */
export type Storage = {
  readonly tables: Readonly<Record<TableName, dynamodb.ITableV2>>;
  readonly buckets: Readonly<Record<BucketName, s3.IBucket>>;
};

export type Access = 'read' | 'readWrite';

/** DynamoDB actions a function may be given one by one, when read or read-write is too much. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:Query'
  | 'dynamodb:Scan'
  | 'dynamodb:BatchWriteItem';

/**
 * Access to the objects of a bucket whose keys match a pattern (`grants/*`): `read` is what
 * `grantRead` gives (the objects, and listing the whole bucket); the others are exactly one
 * action each: `get` s3:GetObject, `put` s3:PutObject, `delete` s3:DeleteObject on the
 * matching objects, and `list` s3:ListBucket for prefixes matching the pattern only.
 */
export type ObjectAccess = {
  readonly access: 'read' | 'get' | 'put' | 'delete' | 'list';
  readonly keys: string;
};

const OBJECT_ACTIONS = { get: 's3:GetObject', put: 's3:PutObject', delete: 's3:DeleteObject' };

/**
 * How every handler is bundled: an ES module for a current Node.js, minified with a source
 * map. `npm run bench` bundles the API handler with the same settings to measure it.
 */
export const BUNDLING = {
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Bundled CommonJS dependencies call require(), which an ES module lacks.
  banner:
    "import { createRequire as __datarunCreateRequire } from 'node:module'; const require = __datarunCreateRequire(import.meta.url);",
} as const;

/** The repository root, which holds package-lock.json and the handler sources. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface DatarunFunctionProps {
  /** The TypeScript file exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly storage: Storage;
  /**
   * What the function may do with each table: read, read and write, or exactly the actions
   * listed; tables not named get no permission.
   * @default - no table permissions
   */
  readonly tableAccess?: Partial<Record<TableName, Access | readonly TableAction[]>>;
  /**
   * What the function may do with each bucket: read, read and write, or exactly the object
   * access listed; buckets not named get no permission.
   * @default - no bucket permissions
   */
  readonly bucketAccess?: Partial<Record<BucketName, Access | readonly ObjectAccess[]>>;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default Duration.seconds(29), just under the API Gateway integration limit */
  readonly timeout?: Duration;
  /** @default Size.mebibytes(512) */
  readonly ephemeralStorageSize?: Size;
  /** @default - no layers */
  readonly layers?: lambda.ILayerVersion[];
  /**
   * Modules left out of the bundle because a layer provides them.
   * @default - none: everything is bundled, the AWS SDK included (faster cold starts than the
   * runtime's copy, and the version the tests ran against)
   */
  readonly externalModules?: string[];
  /**
   * China's Cybersecurity Law (art. 21) asks for network logs to be kept six months or more.
   * @default logs.RetentionDays.SIX_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Settings for the handler, besides the storage names every function gets.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The hash new audit records are sealed with (`DATARUN_AUDIT_HASH`); every function that
   * appends to the audit log must use the same one.
   * @default 'sm3'
   */
  readonly auditHash?: AuditAlgorithm;
}

/**
 * A datarun Lambda function: Node.js 24 on x86_64, bundled as ESM by the local esbuild, given
 * the physical name of every table and bucket in the environment variables the storage layout
 * names (the handlers' configuration reads them all) and permissions only for what it uses.
 */
export class DatarunFunction extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: DatarunFunctionProps) {
    super(scope, id);
    const { storage } = props;
    const environment: Record<string, string> = {
      NODE_OPTIONS: '--enable-source-maps',
      [AUDIT_HASH_ENV]: props.auditHash ?? 'sm3',
      ...props.environment,
    };
    for (const [name, table] of Object.entries(TABLES))
      environment[table.envVar] = storage.tables[name as TableName].tableName;
    for (const [name, bucket] of Object.entries(BUCKETS))
      environment[bucket.envVar] = storage.buckets[name as BucketName].bucketName;

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.X86_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(29),
      ephemeralStorageSize: props.ephemeralStorageSize ?? Size.mebibytes(512),
      layers: props.layers,
      environment,
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: `${REPOSITORY_ROOT}package-lock.json`,
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: props.logRetention ?? logs.RetentionDays.SIX_MONTHS,
      }),
      bundling: {
        ...BUNDLING,
        mainFields: [...BUNDLING.mainFields],
        format: nodejs.OutputFormat.ESM,
        sourcesContent: false,
        bundleAwsSDK: true,
        externalModules: props.externalModules ?? [],
      },
    });

    for (const [name, access] of Object.entries(props.tableAccess ?? {})) {
      const table = storage.tables[name as TableName];
      if (Array.isArray(access)) table.grant(this.function, ...(access as TableAction[]));
      else if (access === 'readWrite') table.grantReadWriteData(this.function);
      else table.grantReadData(this.function);
    }
    for (const [name, access] of Object.entries(props.bucketAccess ?? {})) {
      const bucket = storage.buckets[name as BucketName];
      if (access === 'readWrite') bucket.grantReadWrite(this.function);
      else if (access === 'read') bucket.grantRead(this.function);
      else
        for (const { access: kind, keys } of access as readonly ObjectAccess[]) {
          // Not grantPut/grantDelete: they add s3:Abort*, legal holds, retention, tagging and
          // version deletes, none of which a datarun function needs.
          if (kind === 'read') bucket.grantRead(this.function, keys);
          else if (kind === 'list')
            this.function.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['s3:ListBucket'],
                resources: [bucket.bucketArn],
                conditions: { StringLike: { 's3:prefix': keys } },
              }),
            );
          else
            this.function.addToRolePolicy(
              new iam.PolicyStatement({
                actions: [OBJECT_ACTIONS[kind]],
                resources: [bucket.arnForObjects(keys)],
              }),
            );
        }
    }
  }
}
