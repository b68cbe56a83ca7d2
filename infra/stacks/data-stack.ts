import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { CfnResource, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { BUCKETS, TABLES } from '../../functions/src/storage-layout.ts';
import type {
  BucketName,
  KeyAttribute,
  TableDefinition,
  TableName,
} from '../../functions/src/storage-layout.ts';
import { AgencyIdentity } from '../constructs/agency-identity.ts';
import type { AgencyIdentityProps } from '../constructs/agency-identity.ts';
import { PrivateBucket } from '../constructs/private-bucket.ts';
import type { Storage } from '../constructs/datarun-function.ts';

/** Buckets whose objects CloudFront serves to anyone. */
const CDN_READABLE: readonly BucketName[] = ['site', 'open'];

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

const attribute = (key: KeyAttribute): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

export interface DataStackProps extends StackProps {
  /**
   * The site's host name and the hosted UI's domain prefix, for the user pool.
   * @default - see AgencyIdentityProps
   */
  readonly identity?: AgencyIdentityProps;
}

/**
 * The stateful stack: every bucket and table of the storage layout, the bucket that receives
 * their access logs, and the agencies' user pool. Everything here is retained and the stack is
 * termination protected; each resource gets a fixed logical ID so that moving a construct
 * cannot replace a table, a bucket or the user pool.
 */
export class DataStack extends Stack {
  readonly storage: Storage;
  /** Receives S3 server access logs and CloudFront standard logs. */
  readonly logBucket: s3.IBucket;
  readonly identity: AgencyIdentity;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, { terminationProtection: true, ...props });

    const logs = new PrivateBucket(this, 'AccessLogs', {
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      // China's Cybersecurity Law (art. 21) asks for network logs to be kept six months or more.
      expiration: Duration.days(400),
      noncurrentVersionExpiration: Duration.days(1),
    });
    pinLogicalId(logs.bucket, 'AccessLogsBucket');
    this.logBucket = logs.bucket;

    const buckets = byName(Object.keys(BUCKETS) as BucketName[], (name): s3.IBucket => {
      const zone = new PrivateBucket(this, `${pascal(name)}Zone`, {
        accessLogs: { bucket: logs.bucket, prefix: `s3/${name}/` },
      });
      if (CDN_READABLE.includes(name)) zone.allowCloudFrontRead();
      if (name === 'shared')
        // Extracts of grants are handed out through 10-minute links: a day later, or a day after
        // a revocation deletes them, no copy of the granted data is left in the bucket.
        zone.bucket.addLifecycleRule({
          id: 'GrantExtracts',
          prefix: 'grants/',
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        });
      pinLogicalId(zone.bucket, `${pascal(name)}Bucket`);
      new CfnOutput(this, `${pascal(name)}BucketName`, { value: zone.bucket.bucketName });
      return zone.bucket;
    });

    const tables = byName(Object.keys(TABLES) as TableName[], (name): dynamodb.ITableV2 => {
      const definition: TableDefinition = TABLES[name];
      const table = new dynamodb.TableV2(this, `${pascal(name)}Table`, {
        partitionKey: attribute(definition.partitionKey),
        sortKey: definition.sortKey && attribute(definition.sortKey),
        globalSecondaryIndexes: definition.indexes.map((index) => ({
          indexName: index.name,
          partitionKey: attribute(index.partitionKey),
          sortKey: index.sortKey && attribute(index.sortKey),
        })),
        timeToLiveAttribute: definition.timeToLiveAttribute,
        billing: dynamodb.Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      pinLogicalId(table, `${pascal(name)}Table`);
      new CfnOutput(this, `${pascal(name)}TableName`, { value: table.tableName });
      return table;
    });

    this.storage = { tables, buckets };

    // The user pool is stateful like the tables: its accounts and password hashes cannot be
    // exported, so a replaced pool would lose every agency user. It lives here, retained and
    // termination protected, rather than in a stack of its own that could be destroyed alone.
    this.identity = new AgencyIdentity(this, 'Identity', props.identity);
    pinLogicalId(this.identity.userPool, 'UserPool');
    pinLogicalId(this.identity.client, 'UserPoolClient');
    // A replaced domain would ask for its prefix while the old one still holds it.
    pinLogicalId(this.identity.domain, 'UserPoolDomain');
    for (const [role, group] of Object.entries(this.identity.groups))
      group.overrideLogicalId(`${pascal(role)}Group`);
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
    new CfnOutput(this, 'UserPoolIssuer', { value: this.identity.issuer });
    new CfnOutput(this, 'HostedUiDomain', { value: this.identity.hostedUiBaseUrl });
  }
}

function byName<K extends string, V>(names: readonly K[], build: (name: K) => V): Record<K, V> {
  return Object.fromEntries(names.map((name) => [name, build(name)])) as Record<K, V>;
}

/** Gives a stateful resource a logical ID that does not depend on where its construct sits. */
function pinLogicalId(resource: Construct, logicalId: string): void {
  (resource.node.defaultChild as CfnResource).overrideLogicalId(logicalId);
}
