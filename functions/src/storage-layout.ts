/**
 * The storage layout: every DynamoDB table and S3 bucket datarun uses, defined once. The CDK
 * app builds the AWS resources from it and the embedded runtime creates the same tables and
 * buckets on the local servers, so the two cannot drift apart.
 */

export type KeyAttribute = { readonly name: string; readonly type: 'S' | 'N' };

export type IndexDefinition = {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
};

export type TableDefinition = {
  /** What the table holds, for people reading the template or the docs. */
  readonly description: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly indexes: readonly IndexDefinition[];
  /** The environment variable that carries the table's physical name to functions. */
  readonly envVar: string;
  /**
   * A numeric attribute holding an epoch second after which DynamoDB may delete the item (TTL,
   * set up by the CDK app). The embedded DynamoDB ignores it: old items just stay there.
   */
  readonly timeToLiveAttribute?: string;
};

export const TABLES = {
  catalog: {
    description: 'Catalog entries with their publication state and current version pointer',
    partitionKey: { name: 'code', type: 'S' },
    indexes: [
      {
        name: 'byProvider',
        partitionKey: { name: 'provider', type: 'S' },
        sortKey: { name: 'code', type: 'S' },
      },
    ],
    envVar: 'DATARUN_TABLE_CATALOG',
  },
  versions: {
    description: 'Immutable dataset versions: row count, schema, distributions, checksums',
    partitionKey: { name: 'code', type: 'S' },
    sortKey: { name: 'version', type: 'N' },
    indexes: [],
    envVar: 'DATARUN_TABLE_VERSIONS',
  },
  agencies: {
    description: 'Agencies that provide and consume catalog entries',
    partitionKey: { name: 'code', type: 'S' },
    indexes: [],
    envVar: 'DATARUN_TABLE_AGENCIES',
  },
  apiKeys: {
    description:
      'API keys: the SHA-256 of each secret (never the secret), owner, status, agency binding',
    // The id is taken from the hash, so a request's key is one consistent read by id.
    partitionKey: { name: 'id', type: 'S' },
    indexes: [],
    envVar: 'DATARUN_TABLE_API_KEYS',
  },
  rateCounters: {
    description: 'Request counts per caller and rate-limit window; expired windows are deleted',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [],
    envVar: 'DATARUN_TABLE_RATE_COUNTERS',
    timeToLiveAttribute: 'expiresAt',
  },
  usage: {
    description: 'API calls and downloads per day, per dataset and per API key',
    partitionKey: { name: 'subject', type: 'S' },
    sortKey: { name: 'day', type: 'S' },
    indexes: [],
    envVar: 'DATARUN_TABLE_USAGE',
  },
  shareRequests: {
    description:
      'Share requests (共享申请) with their grants, deadlines and history; revision-guarded writes',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [
      {
        name: 'byRequester',
        partitionKey: { name: 'requesterAgency', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        name: 'byProvider',
        partitionKey: { name: 'provider', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        // Sparse: only requests with a running deadline carry `open`, so the sweeper and the
        // reviewer's queue read the open ones in deadline order and nothing else.
        name: 'byDeadline',
        partitionKey: { name: 'open', type: 'S' },
        sortKey: { name: 'dueAt', type: 'S' },
      },
    ],
    envVar: 'DATARUN_TABLE_SHARE_REQUESTS',
  },
  disputes: {
    description:
      'Disputed-data reports (疑义数据) with their verification deadline, correction and history; revision-guarded writes',
    // The id is derived from what makes two reports the same, so a repeated report is one
    // conditional put that fails.
    partitionKey: { name: 'id', type: 'S' },
    indexes: [
      {
        name: 'byProvider',
        partitionKey: { name: 'provider', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        name: 'byCode',
        partitionKey: { name: 'code', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        // Sparse, as for share requests: only disputes with a running deadline carry `open`.
        name: 'byDeadline',
        partitionKey: { name: 'open', type: 'S' },
        sortKey: { name: 'dueAt', type: 'S' },
      },
    ],
    envVar: 'DATARUN_TABLE_DISPUTES',
  },
  demands: {
    description:
      'Demand lists (需求清单) and the responsibility items (责任清单) they become; revision-guarded writes',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [
      {
        name: 'byRequester',
        partitionKey: { name: 'requesterAgency', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        name: 'byProvider',
        partitionKey: { name: 'provider', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
    ],
    envVar: 'DATARUN_TABLE_DEMANDS',
  },
  systems: {
    description:
      "The information-system inventory (信息系统清单): each agency's systems; revision-guarded writes",
    partitionKey: { name: 'id', type: 'S' },
    indexes: [
      {
        name: 'byOwner',
        partitionKey: { name: 'owner', type: 'S' },
        sortKey: { name: 'id', type: 'S' },
      },
    ],
    envVar: 'DATARUN_TABLE_SYSTEMS',
  },
  verifyKeys: {
    description:
      'Hashes of the keys each verification grant asked about per day, for the distinct-key cap',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [],
    envVar: 'DATARUN_TABLE_VERIFY_KEYS',
    timeToLiveAttribute: 'expiresAt',
  },
  audit: {
    description:
      'The hash-chained audit log: one item per record, numbered without gaps within its chain',
    partitionKey: { name: 'chain', type: 'S' },
    sortKey: { name: 'seq', type: 'N' },
    indexes: [],
    envVar: 'DATARUN_TABLE_AUDIT',
  },
  notifications: {
    description: 'In-app notifications per recipient (an agency role or a user), newest last',
    partitionKey: { name: 'recipient', type: 'S' },
    sortKey: { name: 'id', type: 'S' },
    indexes: [],
    envVar: 'DATARUN_TABLE_NOTIFICATIONS',
  },
  revokedTokens: {
    description: 'Ids of signed-out identity tokens, kept until the token would have expired',
    partitionKey: { name: 'tokenId', type: 'S' },
    indexes: [],
    envVar: 'DATARUN_TABLE_REVOKED_TOKENS',
    timeToLiveAttribute: 'expiresAt',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof TABLES;

export type BucketDefinition = {
  readonly description: string;
  readonly envVar: string;
};

export const BUCKETS = {
  open: {
    description:
      'Open (level 1, 无条件开放) data and the public catalog snapshot, served by the CDN',
    envVar: 'DATARUN_BUCKET_OPEN',
  },
  shared: {
    description: 'Data shared between agencies; reachable only through presigned URLs',
    envVar: 'DATARUN_BUCKET_SHARED',
  },
  staging: {
    description: 'Private: uploads awaiting publication and data that is neither shared nor open',
    envVar: 'DATARUN_BUCKET_STAGING',
  },
  site: {
    description: 'The built static site',
    envVar: 'DATARUN_BUCKET_SITE',
  },
} as const satisfies Record<string, BucketDefinition>;

export type BucketName = keyof typeof BUCKETS;

/** Names used on the embedded servers, where physical names are ours to choose. */
export const localTableName = (table: TableName): string => `datarun-${table}`;
export const localBucketName = (bucket: BucketName): string => `datarun-${bucket}`;
