import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatarunFunction } from '../../infra/constructs/datarun-function.ts';
import { AgencyIdentity } from '../../infra/constructs/agency-identity.ts';
import type { AgencyIdentityProps } from '../../infra/constructs/agency-identity.ts';
import { addDatarunStacks, identityOptions } from '../../infra/datarun.ts';
import {
  AGENCY_ROUTES,
  CORRECT_ROUTE,
  EXTRACT_KEYS,
  FEDERATION_FILE_KEY,
  FEDERATION_KEYS,
  publicSiteEnvironment,
} from '../../infra/stacks/api-stack.ts';
import { API_CACHE_KEY_HEADERS } from '../../infra/stacks/site-stack.ts';
import { API_ROUTES } from '../../functions/src/api/app.ts';
import { ROLES } from '../../functions/src/core/identity/identity.ts';
import {
  PUBLIC_SNAPSHOT_KEY,
  SHARE_SNAPSHOT_KEY,
  distributionKey,
  schemaKey,
} from '../../functions/src/core/publish/object-keys.ts';
import { BUCKETS, TABLES } from '../../functions/src/storage-layout.ts';
import type { TableDefinition } from '../../functions/src/storage-layout.ts';
import { CDK_CONTEXT, TEST_REGION, synthDatarun, unacknowledgedFindings } from './synth-datarun.ts';
import { ErrorEnvelopeSchema } from '../../functions/src/api/envelope.ts';
import type { Synthesized } from './synth-datarun.ts';

type Statement = {
  Effect: string;
  Action: string | string[];
  Principal?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
type Props = Record<string, unknown>;

let synth: Synthesized;
beforeAll(() => {
  synth = synthDatarun();
});
afterAll(() => synth?.cleanup());

const actionsOf = (s: Statement): string[] => [s.Action].flat();
/** The logical ID a construct's resource has in the template, overrides included. */
const logicalId = (stack: Stack, construct: IConstruct): string =>
  stack.resolve((construct.node.defaultChild as CfnElement).logicalId) as string;

/** Bucket policy statements, by the logical ID of the bucket they protect. */
function bucketPolicies(): Map<string, Statement[]> {
  const policies = synth.templates.data.findResources('AWS::S3::BucketPolicy');
  return new Map(
    Object.values(policies).map((p) => [
      (p.Properties.Bucket as { Ref: string }).Ref,
      p.Properties.PolicyDocument.Statement as Statement[],
    ]),
  );
}

/** The IAM statements attached to a function's role. */
function roleStatements(fn: DatarunFunction): Statement[] {
  const role = fn.function.role;
  if (!role) throw new Error(`${fn.node.path} has no role`);
  const roleId = logicalId(synth.stacks.api, role);
  return Object.values(synth.templates.api.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** The logical IDs a statement's resources point at, following data stack outputs. */
function resourceTargets(statement: Statement): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    const resolved = synth.outputValue(value);
    if (resolved !== value) return walk(resolved);
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (typeof v.Ref === 'string') found.add(v.Ref);
      if (Array.isArray(v['Fn::GetAtt'])) found.add(v['Fn::GetAtt'][0] as string);
      Object.values(v).forEach(walk);
    }
  };
  walk(statement.Resource);
  return [...found];
}

/** A template value with every data stack output it reads replaced by the output's value. */
function resolved(value: unknown): unknown {
  const direct = synth.outputValue(value);
  if (direct !== value) return resolved(direct);
  if (Array.isArray(value)) return value.map(resolved);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v)]));
  return value;
}

/** The literal key patterns a statement's resources append to ARNs (`/grants/*`, `/index/*`). */
function objectPatterns(statement: Statement): string[] {
  return [statement.Resource].flat().flatMap((resource) => {
    const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    return join ? [join[1].filter((part) => typeof part === 'string').join('')] : [];
  });
}

describe('DataStack', () => {
  it('pins the logical IDs of tables, buckets and the user pool so a refactor cannot replace them', () => {
    const ids = (type: string) => Object.keys(synth.templates.data.findResources(type)).sort();
    expect(ids('AWS::DynamoDB::GlobalTable')).toEqual([
      'AgenciesTable',
      'ApiKeysTable',
      'AuditTable',
      'CatalogTable',
      'DemandsTable',
      'DisputesTable',
      'NotificationsTable',
      'RateCountersTable',
      'RevokedTokensTable',
      'ShareRequestsTable',
      'SystemsTable',
      'UsageTable',
      'VerifyKeysTable',
      'VersionsTable',
    ]);
    expect(ids('AWS::S3::Bucket')).toEqual([
      'AccessLogsBucket',
      'OpenBucket',
      'SharedBucket',
      'SiteBucket',
      'StagingBucket',
    ]);
    expect(ids('AWS::Cognito::UserPool')).toEqual(['UserPool']);
    expect(ids('AWS::Cognito::UserPoolClient')).toEqual(['UserPoolClient']);
    expect(ids('AWS::Cognito::UserPoolDomain')).toEqual(['UserPoolDomain']);
    expect(ids('AWS::Cognito::UserPoolGroup')).toEqual([
      'AdminGroup',
      'ConsumerGroup',
      'ProviderGroup',
      'ReviewerGroup',
    ]);
  });

  it('builds the share-request table with the indexes the inboxes, the queue and the sweeper query', () => {
    const key = (hash: string, range?: string) => [
      { AttributeName: hash, KeyType: 'HASH' },
      ...(range ? [{ AttributeName: range, KeyType: 'RANGE' }] : []),
    ];
    const index = (name: string, hash: string, range: string) => ({
      IndexName: name,
      KeySchema: key(hash, range),
      Projection: { ProjectionType: 'ALL' },
    });
    const tables = synth.templates.data.findResources('AWS::DynamoDB::GlobalTable');
    expect(tables.ShareRequestsTable?.Properties).toMatchObject({
      KeySchema: key('id'),
      GlobalSecondaryIndexes: [
        index('byRequester', 'requesterAgency', 'createdAt'),
        index('byProvider', 'provider', 'createdAt'),
        index('byDeadline', 'open', 'dueAt'),
      ],
    });
    expect(tables.AuditTable?.Properties).toMatchObject({ KeySchema: key('chain', 'seq') });
    expect(tables.AuditTable?.Properties.AttributeDefinitions).toContainEqual({
      AttributeName: 'seq',
      AttributeType: 'N',
    });
    expect(tables.NotificationsTable?.Properties).toMatchObject({
      KeySchema: key('recipient', 'id'),
    });
    expect(tables.RevokedTokensTable?.Properties).toMatchObject({ KeySchema: key('tokenId') });
    for (const id of ['AuditTable', 'NotificationsTable', 'RevokedTokensTable'])
      expect(tables[id]?.Properties.GlobalSecondaryIndexes, id).toBeUndefined();
  });

  it('builds one table per storage-layout entry with its keys and indexes', () => {
    const template = synth.templates.data;
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', Object.keys(TABLES).length);
    const tables = template.findResources('AWS::DynamoDB::GlobalTable');
    for (const [name, definition] of Object.entries(TABLES) as [string, TableDefinition][]) {
      const id = logicalId(
        synth.stacks.data,
        synth.stacks.data.storage.tables[name as keyof typeof TABLES],
      );
      const keySchema = (pk: { name: string }, sk?: { name: string }) => [
        { AttributeName: pk.name, KeyType: 'HASH' },
        ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : []),
      ];
      const keys = [
        definition.partitionKey,
        definition.sortKey,
        ...definition.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
      ]
        .filter((k) => k !== undefined)
        .map((k) => ({ AttributeName: k.name, AttributeType: k.type }));
      const properties = tables[id]?.Properties as Props;
      expect(properties, name).toMatchObject({
        KeySchema: keySchema(definition.partitionKey, definition.sortKey),
        BillingMode: 'PAY_PER_REQUEST',
      });
      expect(properties.AttributeDefinitions).toEqual(
        expect.arrayContaining(
          keys.filter((k, i) => keys.findIndex((o) => o.AttributeName === k.AttributeName) === i),
        ),
      );
      expect(properties.GlobalSecondaryIndexes ?? []).toEqual(
        definition.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: keySchema(index.partitionKey, index.sortKey),
          Projection: { ProjectionType: 'ALL' },
        })),
      );
    }
  });

  it('keeps point-in-time recovery and deletion protection on, and retains every table', () => {
    synth.templates.data.allResources('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('lets DynamoDB delete rate-limit windows that are over, signed-out tokens that expired and past days of verified keys, and nothing else', () => {
    const tables = synth.templates.data.findResources('AWS::DynamoDB::GlobalTable');
    const withTtl = Object.entries(tables)
      .filter(([, table]) => table.Properties.TimeToLiveSpecification)
      .map(([id, table]) => [id, table.Properties.TimeToLiveSpecification]);
    expect(withTtl).toEqual([
      ['RateCountersTable', { AttributeName: 'expiresAt', Enabled: true }],
      ['VerifyKeysTable', { AttributeName: 'expiresAt', Enabled: true }],
      ['RevokedTokensTable', { AttributeName: 'expiresAt', Enabled: true }],
    ]);
    expect(TABLES.rateCounters.timeToLiveAttribute).toBe('expiresAt');
    expect(TABLES.revokedTokens.timeToLiveAttribute).toBe('expiresAt');
    expect(TABLES.verifyKeys.timeToLiveAttribute).toBe('expiresAt');
  });

  it('blocks public access, versions, encrypts and retains every bucket of every stack', () => {
    const { data, api, site } = synth.templates;
    data.resourceCountIs('AWS::S3::Bucket', Object.keys(BUCKETS).length + 1);
    api.resourceCountIs('AWS::S3::Bucket', 0);
    site.resourceCountIs('AWS::S3::Bucket', 0);
    data.allResources('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
      }),
    });
  });

  it('denies every request to every bucket that does not use TLS', () => {
    const policies = bucketPolicies();
    const buckets = Object.keys(synth.templates.data.findResources('AWS::S3::Bucket'));
    for (const bucket of buckets)
      expect(policies.get(bucket), bucket).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
  });

  it('sends the access logs of every zone bucket to the log bucket', () => {
    const log = logicalId(synth.stacks.data, synth.stacks.data.logBucket);
    const buckets = synth.templates.data.findResources('AWS::S3::Bucket');
    for (const name of Object.keys(BUCKETS)) {
      const id = logicalId(
        synth.stacks.data,
        synth.stacks.data.storage.buckets[name as keyof typeof BUCKETS],
      );
      expect(buckets[id]?.Properties.LoggingConfiguration, name).toEqual({
        DestinationBucketName: { Ref: log },
        LogFilePrefix: `s3/${name}/`,
      });
    }
  });

  it('deletes extracts of grants from the shared bucket a day after they were made or revoked', () => {
    const id = logicalId(synth.stacks.data, synth.stacks.data.storage.buckets.shared);
    const rules = synth.templates.data.findResources('AWS::S3::Bucket')[id]?.Properties
      .LifecycleConfiguration.Rules as Record<string, unknown>[];
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'GrantExtracts',
        Prefix: 'grants/',
        ExpirationInDays: 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        Status: 'Enabled',
      }),
    );
  });

  it('lets CloudFront of this account, and no one else, read the open and site buckets', () => {
    const policies = bucketPolicies();
    for (const bucket of ['OpenBucket', 'SiteBucket']) {
      const allows = (policies.get(bucket) ?? []).filter((s) => s.Effect === 'Allow');
      expect(allows, bucket).toHaveLength(1);
      expect(allows[0]).toMatchObject({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' } } },
      });
    }
  });

  it('gives no principal a bucket-policy grant on the shared and staging buckets', () => {
    const policies = bucketPolicies();
    for (const bucket of ['SharedBucket', 'StagingBucket'])
      expect(
        policies.get(bucket)?.filter((s) => s.Effect === 'Allow'),
        bucket,
      ).toEqual([]);
  });

  it('is termination protected', () => {
    expect(synth.stacks.data.terminationProtection).toBe(true);
    expect(
      synth.assembly.getStackArtifact(synth.stacks.data.artifactId).terminationProtection,
    ).toBe(true);
  });
});

describe('AgencyIdentity', () => {
  /** The identity construct alone, in a stack of its own: no functions to bundle. */
  const alone = (props: AgencyIdentityProps = {}) => {
    const stack = new Stack(new App(), 'Identity', { env: { region: TEST_REGION } });
    new AgencyIdentity(stack, 'Identity', props);
    return Template.fromStack(stack);
  };
  const pool = (): Props =>
    synth.templates.data.findResources('AWS::Cognito::UserPool').UserPool?.Properties as Props;
  const client = (): Props =>
    synth.templates.data.findResources('AWS::Cognito::UserPoolClient').UserPoolClient
      ?.Properties as Props;

  it('lets only administrators create accounts, signs people in by e-mail and asks for strong passwords', () => {
    expect(pool()).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  it('offers TOTP as an optional second factor, never SMS, and enforces threat protection', () => {
    expect(pool()).toMatchObject({
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('holds the agency code in a custom attribute an administrator can change and the site client can read but not write', () => {
    expect(pool().Schema).toContainEqual(
      expect.objectContaining({ Name: 'agency', AttributeDataType: 'String', Mutable: true }),
    );
    expect(client().ReadAttributes).toEqual(expect.arrayContaining(['custom:agency', 'name']));
    // No WriteAttributes at all would let the client write every attribute.
    const writable = client().WriteAttributes as string[];
    expect(writable).toBeDefined();
    expect(writable.filter((name) => name.startsWith('custom:'))).toEqual([]);
  });

  it('has one group per role, named as the API reads them from cognito:groups', () => {
    const groups = Object.values(synth.templates.data.findResources('AWS::Cognito::UserPoolGroup'));
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual([...ROLES].sort());
    for (const group of groups)
      expect(group.Properties.UserPoolId, group.Properties.GroupName).toEqual({ Ref: 'UserPool' });
  });

  it('gives the site a public client that signs in by authorization code only, with the OpenID scopes', () => {
    expect(client()).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
    });
  });

  it('sends people back to the sign-in page of the site domain and of the local site', () => {
    alone({ siteDomain: 'data.example.gov.cn' }).hasResourceProperties(
      'AWS::Cognito::UserPoolClient',
      {
        CallbackURLs: ['https://data.example.gov.cn/signin/', 'http://localhost:4321/signin/'],
      },
    );
    expect(client().CallbackURLs).toEqual(['http://localhost:4321/signin/']);
  });

  it('takes the hosted UI domain prefix from its props, else one named for the account', () => {
    alone({ domainPrefix: 'datarun-shanghai' }).hasResourceProperties(
      'AWS::Cognito::UserPoolDomain',
      { Domain: 'datarun-shanghai' },
    );
    synth.templates.data.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['datarun-', { Ref: 'AWS::AccountId' }]] },
      UserPoolId: { Ref: 'UserPool' },
    });
  });

  it('retains the user pool and its groups, and protects the pool from deletion', () => {
    synth.templates.data.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
    synth.templates.data.allResources('AWS::Cognito::UserPoolGroup', { DeletionPolicy: 'Retain' });
  });

  it('outputs the pool id, the client id, the issuer URL and the hosted UI domain', () => {
    const outputs = synth.templates.data.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: 'UserPool' });
    expect(outputs.UserPoolClientId?.Value).toEqual({ Ref: 'UserPoolClient' });
    expect(outputs.UserPoolIssuer?.Value).toEqual({
      'Fn::Join': ['', [`https://cognito-idp.${TEST_REGION}.amazonaws.com/`, { Ref: 'UserPool' }]],
    });
    expect(JSON.stringify(outputs.HostedUiDomain?.Value)).toContain('UserPoolDomain');
    expect(JSON.stringify(outputs.HostedUiDomain?.Value)).toContain(
      `.auth.${TEST_REGION}.amazoncognito.com`,
    );
  });
});

describe('identityOptions', () => {
  const options = (context: Record<string, string>) => identityOptions(new App({ context }));

  it('reads the site domain and the hosted UI prefix from the CDK context', () => {
    expect(options({ siteDomain: 'data.example.gov.cn', authDomainPrefix: 'datarun-sh' })).toEqual({
      siteDomain: 'data.example.gov.cn',
      authDomainPrefix: 'datarun-sh',
    });
    expect(options({})).toEqual({});
  });

  it('refuses a site domain given as a URL, naming the form it wants', () => {
    expect(() => options({ siteDomain: 'https://data.example.gov.cn/' })).toThrow(
      /-c siteDomain=data\.example\.gov\.cn/,
    );
  });

  it('refuses a hosted UI prefix Cognito would refuse', () => {
    expect(() => options({ authDomainPrefix: 'Datarun_SH' })).toThrow(/authDomainPrefix/);
    expect(() => options({ authDomainPrefix: '-datarun' })).toThrow(/authDomainPrefix/);
  });
});

describe('publicSiteEnvironment', () => {
  const environment = (context: Record<string, string>, props = {}) =>
    publicSiteEnvironment(new App({ context }), props);

  it('reads the public URL and the contact address from the CDK context', () => {
    expect(
      environment({
        publicUrl: 'https://data.example.gov.cn/',
        contactEmail: 'open@example.gov.cn',
      }),
    ).toEqual({
      DATARUN_PUBLIC_URL: 'https://data.example.gov.cn',
      DATARUN_CONTACT_EMAIL: 'open@example.gov.cn',
    });
  });

  it('serves the exports from the site domain when no public URL is given', () => {
    expect(environment({ siteDomain: 'd111111abcdef8.cloudfront.net' })).toEqual({
      DATARUN_PUBLIC_URL: 'https://d111111abcdef8.cloudfront.net',
    });
  });

  it('prefers the stack’s props to the context, and sets nothing when neither says', () => {
    expect(
      environment(
        { publicUrl: 'https://a.example.gov.cn' },
        { publicUrl: 'https://b.example.gov.cn' },
      ),
    ).toEqual({ DATARUN_PUBLIC_URL: 'https://b.example.gov.cn' });
    expect(environment({})).toEqual({});
  });

  it('refuses a public URL the publish function would refuse, naming the variable', () => {
    expect(() => environment({ publicUrl: 'data.example.gov.cn' })).toThrow(/DATARUN_PUBLIC_URL/);
    expect(() => environment({ contactEmail: 'nobody' })).toThrow(/DATARUN_CONTACT_EMAIL/);
  });

  it('reaches the publish function, and no other, when the app is given a public URL', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'datarun-public-url-'));
    try {
      const app = new App({
        outdir,
        context: {
          ...CDK_CONTEXT,
          '@aws-cdk/core:failSynthOnValidationErrors': false,
          publicUrl: 'https://data.example.gov.cn',
        },
      });
      const { api } = addDatarunStacks(app, { region: TEST_REGION });
      const functions = Template.fromStack(api).findResources('AWS::Lambda::Function');
      const withUrl = Object.entries(functions)
        .filter(
          ([, fn]) =>
            (fn.Properties.Environment as { Variables: Props }).Variables.DATARUN_PUBLIC_URL ===
            'https://data.example.gov.cn',
        )
        .map(([id]) => id);
      // Publishing and corrections write the exports, which name the public URL.
      expect(withUrl.sort()).toEqual(
        [
          logicalId(api, api.publishFunction.function),
          logicalId(api, api.correctFunction.function),
        ].sort(),
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('ApiStack', () => {
  const functions = () => {
    const { publishFunction, apiFunction, correctFunction, sweepFunction, harvestFunction } =
      synth.stacks.api;
    return {
      publish: publishFunction,
      api: apiFunction,
      correct: correctFunction,
      sweep: sweepFunction,
      harvest: harvestFunction,
    };
  };
  const properties = (fn: DatarunFunction): Props =>
    synth.templates.api.findResources('AWS::Lambda::Function')[
      logicalId(synth.stacks.api, fn.function)
    ]?.Properties as Props;

  it('runs every function on nodejs24.x x86_64', () => {
    synth.templates.api.resourceCountIs('AWS::Lambda::Function', 5);
    synth.templates.api.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['x86_64'],
      Handler: 'index.handler',
    });
  });

  it('passes each function the physical name of every table and bucket under its storage-layout variable', () => {
    const { data } = synth.stacks;
    for (const [fnName, fn] of Object.entries(functions())) {
      const variables = (properties(fn).Environment as { Variables: Record<string, unknown> })
        .Variables;
      for (const [name, table] of Object.entries(TABLES))
        expect(synth.outputValue(variables[table.envVar]), `${fnName} ${table.envVar}`).toEqual({
          Ref: logicalId(data, data.storage.tables[name as keyof typeof TABLES]),
        });
      for (const [name, bucket] of Object.entries(BUCKETS))
        expect(synth.outputValue(variables[bucket.envVar]), `${fnName} ${bucket.envVar}`).toEqual({
          Ref: logicalId(data, data.storage.buckets[name as keyof typeof BUCKETS]),
        });
    }
  });

  it('gives the publish function 10 GiB of /tmp, 3 GB of memory, 15 minutes and the DuckDB layer', () => {
    const layer = Object.keys(synth.templates.api.findResources('AWS::Lambda::LayerVersion'));
    expect(layer).toHaveLength(1);
    expect(properties(functions().publish)).toMatchObject({
      EphemeralStorage: { Size: 10240 },
      MemorySize: 3008,
      Timeout: 900,
      Layers: [{ Ref: layer[0] }],
    });
    expect(properties(functions().api).Layers).toBeUndefined();
  });

  /** Every action a function's role allows on each resource it names. */
  const actionsByTarget = (fn: DatarunFunction): Map<string, Set<string>> => {
    const byTarget = new Map<string, Set<string>>();
    for (const statement of roleStatements(fn))
      for (const target of resourceTargets(statement))
        for (const action of actionsOf(statement))
          byTarget.set(target, (byTarget.get(target) ?? new Set()).add(action));
    return byTarget;
  };
  const WRITES = /^(dynamodb:(Put|Update|Delete|BatchWrite)|s3:(Put|Delete|Abort))/;

  it('lets the API read the catalog tables, the open and shared buckets and harvested catalogs, and write none of them but extracts', () => {
    const byTarget = actionsByTarget(functions().api);
    for (const target of ['CatalogTable', 'VersionsTable', 'AgenciesTable', 'OpenBucket']) {
      expect(byTarget.get(target), target).toBeDefined();
      expect(
        [...byTarget.get(target)!].filter((a) => WRITES.test(a)),
        target,
      ).toEqual([]);
    }
    expect(byTarget.get('SharedBucket')).toEqual(expect.any(Set));
    // Of the staging bucket, only what the federation routes read: catalogs and run reports.
    expect([...byTarget.get('StagingBucket')!].filter((a) => WRITES.test(a))).toEqual([]);
    const stagingObjects = roleStatements(functions().api).flatMap((statement) =>
      [statement.Resource]
        .flat()
        .map((resource) => ({ ...statement, Resource: resource }))
        .filter((one) => resourceTargets(one).includes('StagingBucket'))
        .flatMap(objectPatterns),
    );
    expect(stagingObjects).toEqual([`/${FEDERATION_KEYS}`]);
  });

  it('lets the API put and delete objects of the shared bucket under grants/ only, one action each', () => {
    const writes = roleStatements(functions().api).filter((s) =>
      actionsOf(s).some((a) => WRITES.test(a) && a.startsWith('s3:')),
    );
    expect(writes).toHaveLength(1);
    expect(actionsOf(writes[0]!).sort()).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(resourceTargets(writes[0]!)).toEqual(['SharedBucket']);
    expect(objectPatterns(writes[0]!)).toEqual([`/${EXTRACT_KEYS}`]);
  });

  it('lets the API do exactly what sharing needs on its tables: the audit log is never updated or deleted', () => {
    const byTarget = actionsByTarget(functions().api);
    const exactly = (target: string) => [...(byTarget.get(target) ?? [])].sort();
    expect(exactly('ShareRequestsTable')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
    ]);
    expect(exactly('AuditTable')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    expect(exactly('NotificationsTable')).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:Query']);
    expect(exactly('RevokedTokensTable')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    // Disputes are created and replaced by conditional puts, never updated in place or deleted.
    expect(exactly('DisputesTable')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
    ]);
  });

  it('lets the API query the share-request indexes', () => {
    const statement = roleStatements(functions().api).find((s) =>
      resourceTargets(s).includes('ShareRequestsTable'),
    );
    expect(objectPatterns(statement!)).toContain('/index/*');
  });

  it('passes the API function the issuer, client id and hosted UI of the user pool', () => {
    const variables = (properties(functions().api).Environment as { Variables: Props }).Variables;
    expect(resolved(variables.DATARUN_AUTH_ISSUER)).toEqual({
      'Fn::Join': ['', [`https://cognito-idp.${TEST_REGION}.amazonaws.com/`, { Ref: 'UserPool' }]],
    });
    expect(synth.outputValue(variables.DATARUN_AUTH_AUDIENCE)).toEqual({ Ref: 'UserPoolClient' });
    expect(JSON.stringify(resolved(variables.DATARUN_AUTH_DOMAIN))).toMatch(
      /^\{"Fn::Join":\["",\["https:\/\/",\{"Ref":"UserPoolDomain"\},"\.auth\.ap-east-1\.amazoncognito\.com"\]\]\}$/,
    );
    for (const fn of [functions().publish, functions().sweep, functions().harvest])
      expect(
        Object.keys((properties(fn).Environment as { Variables: Props }).Variables).filter((v) =>
          v.startsWith('DATARUN_AUTH_'),
        ),
        fn.node.path,
      ).toEqual([]);
  });

  it('lets the API do exactly what access control needs on the key, counter and usage tables', () => {
    const byTarget = actionsByTarget(functions().api);
    const exactly = (target: string) => [...(byTarget.get(target) ?? [])].sort();
    expect(exactly('ApiKeysTable')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(exactly('RateCountersTable')).toEqual(['dynamodb:UpdateItem']);
    expect(exactly('UsageTable')).toEqual(['dynamodb:Query', 'dynamodb:UpdateItem']);
  });

  it('gives the publish function no access to keys, counters, notifications or tokens, and only appends to the audit log', () => {
    const byTarget = actionsByTarget(functions().publish);
    for (const target of [
      'ApiKeysTable',
      'RateCountersTable',
      'NotificationsTable',
      'RevokedTokensTable',
      'VerifyKeysTable',
    ])
      expect(byTarget.has(target), target).toBe(false);
    // Seeding the system inventory is a state change, audited like any other.
    expect([...byTarget.get('AuditTable')!].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
  });

  it('lets the publish function only read what the quality figures count, and create inventory systems (issues 7, 8)', () => {
    const byTarget = actionsByTarget(functions().publish);
    expect([...byTarget.get('DisputesTable')!].sort()).toEqual(['dynamodb:Scan']);
    expect([...byTarget.get('ShareRequestsTable')!].sort()).toEqual(['dynamodb:Scan']);
    expect([...byTarget.get('UsageTable')!].sort()).toEqual(['dynamodb:Query']);
    expect([...byTarget.get('DemandsTable')!].sort()).toEqual(['dynamodb:Scan']);
    expect([...byTarget.get('SystemsTable')!].sort()).toEqual([
      'dynamodb:PutItem',
      'dynamodb:Scan',
    ]);
  });

  it('passes the API function its rate limits, the documented defaults unless given', () => {
    const variables = (properties(functions().api).Environment as { Variables: Props }).Variables;
    expect(variables).toMatchObject({
      DATARUN_LIMIT_ANONYMOUS_PER_MINUTE: '60',
      DATARUN_LIMIT_KEY_PER_MINUTE: '1000',
      DATARUN_LIMIT_SIGNUPS_PER_HOUR: '5',
    });
  });

  it('lets the publish function write to the catalog tables, the system inventory it seeds, the audit log, and the open, shared and staging buckets only', () => {
    const statements = roleStatements(functions().publish);
    const writers = statements.filter((s) =>
      actionsOf(s).some((a) => a === 's3:PutObject' || a === 'dynamodb:PutItem'),
    );
    expect(new Set(writers.flatMap(resourceTargets))).toEqual(
      new Set([
        'CatalogTable',
        'VersionsTable',
        'AgenciesTable',
        'SystemsTable',
        'AuditTable',
        'OpenBucket',
        'SharedBucket',
        'StagingBucket',
      ]),
    );
  });

  it('keeps the API function bundle under 1 MB, so cold starts stay short', () => {
    const code = properties(functions().api).Code as { S3Key: string };
    const bundle = join(synth.assetDir(synth.stacks.api, code.S3Key), 'index.mjs');
    expect(statSync(bundle).size).toBeLessThanOrEqual(1024 * 1024);
  });

  it('bundles each handler as a minified ES module with a source map and DuckDB left out', () => {
    for (const [name, fn] of Object.entries(functions())) {
      const code = properties(fn).Code as { S3Key: string };
      const dir = synth.assetDir(synth.stacks.api, code.S3Key);
      expect(readdirSync(dir).sort(), name).toEqual(['index.mjs', 'index.mjs.map']);
      const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(bundle.startsWith('import { createRequire as __datarunCreateRequire }'), name).toBe(
        true,
      );
      expect(bundle, name).not.toContain('duckdb.node');
    }
    const publish = readFileSync(
      join(
        synth.assetDir(
          synth.stacks.api,
          (properties(functions().publish).Code as { S3Key: string }).S3Key,
        ),
        'index.mjs',
      ),
      'utf8',
    );
    expect(publish).toMatch(/from\s*"@duckdb\/node-api"|import\("@duckdb\/node-api"\)/);
  });

  it('throttles the API stage and writes its access logs', () => {
    synth.templates.api.resourcePropertiesCountIs('AWS::ApiGatewayV2::Stage', {}, 1);
    synth.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  type Route = { RouteKey: string; AuthorizationType: string; Target: unknown };
  const routes = (): Route[] =>
    Object.values(synth.templates.api.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as Route,
    );
  /** The paths whose every method (but OPTIONS) needs a valid token before the function runs. */
  const guardedPaths = (): string[] =>
    routes()
      .filter((r) => r.AuthorizationType === 'JWT')
      .map((r) => r.RouteKey.replace(/^[A-Z]+ /, ''));
  /** Whether API Gateway would send a request for `path` to a route of `routePath`. */
  const routeMatches = (routePath: string, path: string): boolean =>
    routePath.endsWith('/{proxy+}')
      ? path.startsWith(routePath.slice(0, -'{proxy+}'.length)) &&
        path.length > routePath.length - '{proxy+}'.length
      : new RegExp(`^${routePath.replace(/\{[^}/]+\}/g, '[^/]+')}$`).test(path);

  it('checks the ID token on every method of the agency routes, and on no other route', () => {
    expect(
      routes()
        .filter((r) => r.AuthorizationType === 'JWT')
        .map((r) => r.RouteKey)
        .sort(),
    ).toEqual(
      [
        'ANY /api/v1/audit',
        'ANY /api/v1/auth/me',
        'ANY /api/v1/auth/sign-out',
        'ANY /api/v1/deadlines/{proxy+}',
        'ANY /api/v1/notifications',
        'ANY /api/v1/share-catalog',
        'ANY /api/v1/share-catalog/{proxy+}',
        'ANY /api/v1/share-requests',
        'ANY /api/v1/share-requests/{proxy+}',
        'ANY /api/v1/verify',
        'ANY /api/v1/verify/{proxy+}',
        'ANY /api/v1/demands',
        'ANY /api/v1/demands/{proxy+}',
        'ANY /api/v1/systems',
        'ANY /api/v1/systems/{proxy+}',
        `POST ${CORRECT_ROUTE}`,
      ].sort(),
    );
    expect(routes().find((r) => r.RouteKey === '$default')).toMatchObject({
      AuthorizationType: 'NONE',
    });
    for (const path of ['/api/v1/datasets', '/api/v1/datasets/314-000002/rows', '/api/v1/keys'])
      expect(
        guardedPaths().some((route) => routeMatches(route, path)),
        path,
      ).toBe(false);
  });

  it('lets CORS preflights of the agency routes reach the function without a token', () => {
    const preflights = routes().filter((r) => r.RouteKey.startsWith('OPTIONS '));
    expect(preflights.map((r) => r.RouteKey.replace(/^OPTIONS /, '')).sort()).toEqual(
      [...AGENCY_ROUTES, CORRECT_ROUTE].sort(),
    );
    for (const route of preflights) expect(route.AuthorizationType, route.RouteKey).toBe('NONE');
  });

  it('sends every route the API marks as signed-in through the authorizer, and no public one', () => {
    for (const route of API_ROUTES) {
      const path = route.path.replace(/\{[^}]+\}/g, '314-000002');
      expect(
        guardedPaths().some((guarded) => routeMatches(guarded, path)),
        `${route.method} ${route.path}`,
      ).toBe(route.signIn === true);
    }
  });

  it('sends the correction route to the Correct function and every other route to the API function', () => {
    const targets = new Map<string, Set<string>>();
    for (const route of routes()) {
      const target = JSON.stringify(route.Target);
      targets.set(target, (targets.get(target) ?? new Set()).add(route.RouteKey));
    }
    expect(targets.size).toBe(2);
    const correctOnly = [...targets.values()].find((keys) => keys.size === 1);
    expect([...correctOnly!]).toEqual([`POST ${CORRECT_ROUTE}`]);
    const permitted = Object.values(
      synth.templates.api.findResources('AWS::Lambda::Permission', {
        Properties: { Principal: 'apigateway.amazonaws.com' },
      }),
    ).map((permission) => JSON.stringify(permission.Properties.FunctionName));
    expect(permitted.sort()).toEqual(
      [functions().api, functions().correct]
        .map((fn) =>
          JSON.stringify({ 'Fn::GetAtt': [logicalId(synth.stacks.api, fn.function), 'Arn'] }),
        )
        .sort(),
    );
  });

  it('accepts only ID tokens of the user pool issued to the site client', () => {
    const [authorizer, ...others] = Object.values(
      synth.templates.api.findResources('AWS::ApiGatewayV2::Authorizer'),
    );
    expect(others).toEqual([]);
    const properties = authorizer?.Properties as Props & {
      JwtConfiguration: { Issuer: unknown; Audience: unknown[] };
    };
    expect(properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(resolved(properties.JwtConfiguration.Issuer)).toEqual({
      'Fn::Join': ['', [`https://cognito-idp.${TEST_REGION}.amazonaws.com/`, { Ref: 'UserPool' }]],
    });
    expect(properties.JwtConfiguration.Audience.map((a) => synth.outputValue(a))).toEqual([
      { Ref: 'UserPoolClient' },
    ]);
  });

  /** Checks that one rule runs `fn` every 15 minutes, and that EventBridge may invoke it. */
  const expectScheduledEvery15Minutes = (fn: DatarunFunction) => {
    const target = logicalId(synth.stacks.api, fn.function);
    const rules = Object.entries(synth.templates.api.findResources('AWS::Events::Rule')).filter(
      ([, rule]) => JSON.stringify(rule.Properties.Targets).includes(`"${target}"`),
    );
    expect(rules).toHaveLength(1);
    const [ruleId, rule] = rules[0]!;
    expect(rule.Properties).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [target, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
        },
      ],
    });
    synth.templates.api.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [target, 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  };

  it('runs the deadline sweeper and the harvester every 15 minutes from EventBridge rules, and nothing else', () => {
    expect(Object.keys(synth.templates.api.findResources('AWS::Events::Rule'))).toHaveLength(2);
    expectScheduledEvery15Minutes(functions().sweep);
    expectScheduledEvery15Minutes(functions().harvest);
  });

  it('gives a harvest 10 minutes, under the schedule’s 15, 2 GB, and leaves a failed one to the next run', () => {
    expect(properties(functions().harvest)).toMatchObject({ Timeout: 600, MemorySize: 2048 });
    // Internet egress: the harvester fetches other platforms, so it runs outside any VPC.
    expect(properties(functions().harvest).VpcConfig).toBeUndefined();
    synth.templates.api.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(synth.stacks.api, functions().harvest.function) },
      MaximumRetryAttempts: 0,
    });
  });

  it('lets the harvester append to the audit log and touch no other table', () => {
    const byTarget = actionsByTarget(functions().harvest);
    expect([...byTarget.keys()].filter((t) => t.endsWith('Table'))).toEqual(['AuditTable']);
    expect([...byTarget.get('AuditTable')!].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
  });

  it('lets the harvester read federation.yaml, and read and write under federation/ of the staging bucket only', () => {
    const s3 = roleStatements(functions().harvest).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('s3:')),
    );
    for (const statement of s3) expect(resourceTargets(statement)).toEqual(['StagingBucket']);
    const writes = s3.filter((s) => actionsOf(s).some((a) => WRITES.test(a)));
    expect(writes.map((s) => [actionsOf(s), objectPatterns(s)])).toEqual([
      [['s3:PutObject'], [`/${FEDERATION_KEYS}`]],
    ]);
    expect(s3.flatMap(objectPatterns).sort()).toEqual(
      [`/${FEDERATION_FILE_KEY}`, `/${FEDERATION_KEYS}`, `/${FEDERATION_KEYS}`].sort(),
    );
  });

  it('gives a sweep five minutes and leaves a failed one to the next run', () => {
    expect(properties(functions().sweep)).toMatchObject({ Timeout: 300 });
    synth.templates.api.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(synth.stacks.api, functions().sweep.function) },
      MaximumRetryAttempts: 0,
    });
  });

  it('lets the sweeper do exactly what a sweep does, and nothing with the other tables', () => {
    const byTarget = actionsByTarget(functions().sweep);
    const exactly = (target: string) => [...(byTarget.get(target) ?? [])].sort();
    expect([...byTarget.keys()].filter((t) => t.endsWith('Table')).sort()).toEqual([
      'AuditTable',
      'DisputesTable',
      'NotificationsTable',
      'ShareRequestsTable',
    ]);
    expect(exactly('ShareRequestsTable')).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    expect(exactly('DisputesTable')).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    expect(exactly('AuditTable')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(exactly('NotificationsTable')).toEqual(['dynamodb:BatchWriteItem']);
  });

  it('lets the sweeper read the share catalog and list and delete extracts, and no other object', () => {
    const s3 = roleStatements(functions().sweep).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('s3:')),
    );
    for (const statement of s3) expect(resourceTargets(statement)).toEqual(['SharedBucket']);
    const summary = s3
      .map((s) => ({
        actions: actionsOf(s),
        keys: objectPatterns(s),
        condition: s.Condition,
      }))
      .sort((a, b) => a.actions[0]!.localeCompare(b.actions[0]!));
    expect(summary).toEqual([
      { actions: ['s3:DeleteObject'], keys: [`/${EXTRACT_KEYS}`], condition: undefined },
      { actions: ['s3:GetObject'], keys: [`/${SHARE_SNAPSHOT_KEY}`], condition: undefined },
      {
        actions: ['s3:ListBucket'],
        keys: [],
        condition: { StringLike: { 's3:prefix': EXTRACT_KEYS } },
      },
    ]);
  });

  it('keeps every log group for six months', () => {
    synth.templates.api.resourceCountIs('AWS::Logs::LogGroup', 6);
    synth.templates.api.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
  });
});

describe('DuckdbLayer', () => {
  const layerDir = (): string => {
    const [layer] = Object.values(synth.templates.api.findResources('AWS::Lambda::LayerVersion'));
    return synth.assetDir(synth.stacks.api, (layer?.Properties.Content as { S3Key: string }).S3Key);
  };

  it('ships the node API and the linux x86-64 native binding under nodejs/node_modules', () => {
    const modules = join(layerDir(), 'nodejs', 'node_modules');
    expect(readdirSync(join(modules, '@duckdb')).sort()).toEqual([
      'node-api',
      'node-bindings',
      'node-bindings-linux-x64',
    ]);
    const binding = readFileSync(
      join(modules, '@duckdb', 'node-bindings-linux-x64', 'duckdb.node'),
    );
    expect(binding.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(binding.readUInt16LE(18)).toBe(62); // EM_X86_64
    expect(existsSync(join(modules, 'detect-libc', 'package.json'))).toBe(true);
  });

  it('declares itself for x86_64 and nodejs24.x', () => {
    synth.templates.api.hasResourceProperties('AWS::Lambda::LayerVersion', {
      CompatibleArchitectures: ['x86_64'],
      CompatibleRuntimes: ['nodejs24.x'],
    });
  });
});

describe('SiteStack', () => {
  const distribution = (): Props =>
    Object.values(synth.templates.site.findResources('AWS::CloudFront::Distribution'))[0]
      ?.Properties.DistributionConfig as Props;
  type Origin = {
    Id: string;
    DomainName: unknown;
    OriginAccessControlId?: unknown;
    S3OriginConfig?: unknown;
  };
  type Behavior = Props & { PathPattern?: string; TargetOriginId: string };
  const behaviors = (): Behavior[] => [
    distribution().DefaultCacheBehavior as Behavior,
    ...(distribution().CacheBehaviors as Behavior[]),
  ];
  const originOf = (behavior: Behavior): Origin =>
    (distribution().Origins as Origin[]).find((o) => o.Id === behavior.TargetOriginId) as Origin;
  const behavior = (path: string): Behavior =>
    behaviors().find((b) => b.PathPattern === path) as Behavior;
  const defaultFunctionCode = (): string => {
    const b = distribution().DefaultCacheBehavior as Behavior;
    const [association] = b.FunctionAssociations as { FunctionARN: { 'Fn::GetAtt': [string] } }[];
    const fn = synth.templates.site.findResources('AWS::CloudFront::Function')[
      association?.FunctionARN['Fn::GetAtt'][0] as string
    ];
    return fn?.Properties.FunctionCode as string;
  };
  /** Whether a CloudFront path pattern of the form `/prefix/*` matches a path. */
  const matches = (pattern: string, path: string): boolean =>
    pattern.endsWith('*') && path.startsWith(pattern.slice(0, -1));
  /** Runs a CloudFront viewer-request function on a request for `uri`. */
  const rewrite = (code: string, uri: string): string => {
    const handler = new Function(`${code}\nreturn handler;`)() as (event: unknown) => {
      uri: string;
    };
    return handler({ request: { uri, method: 'GET', headers: {} } }).uri;
  };

  it('reaches both buckets through origin access control and never a legacy identity', () => {
    synth.templates.site.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    synth.templates.site.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    synth.templates.data.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    synth.templates.site.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const s3Origins = (distribution().Origins as Origin[]).filter((o) => o.S3OriginConfig);
    expect(s3Origins).toHaveLength(2);
    for (const origin of s3Origins) {
      expect(origin.OriginAccessControlId).toBeDefined();
      expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    }
  });

  it('redirects viewers to HTTPS on every path', () => {
    for (const b of behaviors())
      expect(b.ViewerProtocolPolicy, b.PathPattern).toBe('redirect-to-https');
  });

  it('serves the site at the root and the API under /api/', () => {
    const target = (b: Behavior) =>
      synth.outputValue(originOf(b).DomainName) as { 'Fn::GetAtt': [string, string] };
    expect(target(distribution().DefaultCacheBehavior as Behavior)).toEqual({
      'Fn::GetAtt': ['SiteBucket', 'RegionalDomainName'],
    });
    expect(JSON.stringify(originOf(behavior('/api/*')).DomainName)).toContain('HttpApi');
    expect(distribution().DefaultRootObject).toBe('index.html');
  });

  it('tells the API the public host on every API request, so a viewer cannot choose it', () => {
    const api = behavior('/api/*');
    const associations = api.FunctionAssociations as { EventType: string; FunctionARN: unknown }[];
    expect(associations.map((a) => a.EventType)).toEqual(['viewer-request']);
    const functions = synth.templates.site.findResources('AWS::CloudFront::Function');
    const code = Object.values(functions)
      .map((f) => (f.Properties as { FunctionCode: string }).FunctionCode)
      .find((text) => text.includes('x-datarun-public-host'));
    expect(code).toContain(
      "request.headers['x-datarun-public-host'] = { value: request.headers.host.value }",
    );
  });

  it('caches API answers only as long as they say, per URL and key, and forwards the viewer address, never Host', () => {
    const api = behavior('/api/*');
    expect(api).toMatchObject({
      AllowedMethods: expect.arrayContaining(['POST', 'PUT', 'DELETE']),
    });
    const caches = synth.templates.site.findResources('AWS::CloudFront::CachePolicy');
    const cache = caches[(api.CachePolicyId as { Ref: string }).Ref]?.Properties
      .CachePolicyConfig as Props;
    // A default TTL of 0: an answer without Cache-Control (or with no-store) is never kept.
    expect(cache).toMatchObject({ DefaultTTL: 0, MinTTL: 0 });
    const key = cache.ParametersInCacheKeyAndForwardedToOrigin as Props;
    expect(key).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: [...API_CACHE_KEY_HEADERS] },
      CookiesConfig: { CookieBehavior: 'none' },
    });
    const policies = synth.templates.site.findResources('AWS::CloudFront::OriginRequestPolicy');
    const policy = policies[(api.OriginRequestPolicyId as { Ref: string }).Ref]?.Properties
      .OriginRequestPolicyConfig as Props;
    expect(policy).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      CookiesConfig: { CookieBehavior: 'none' },
      HeadersConfig: { HeaderBehavior: 'whitelist' },
    });
    const headers = (policy.HeadersConfig as { Headers: string[] }).Headers;
    expect(headers).toEqual(expect.arrayContaining(['CloudFront-Viewer-Address', 'Content-Type']));
    expect(headers.map((h) => h.toLowerCase())).not.toContain('host');
    // CloudFront's default quota: at most 10 headers in an origin request policy.
    expect(headers.length).toBeLessThanOrEqual(10);
  });

  it('passes the agency token to the API in the cache key, the one way CloudFront forwards Authorization', () => {
    const api = behavior('/api/*');
    const caches = synth.templates.site.findResources('AWS::CloudFront::CachePolicy');
    const cache = caches[(api.CachePolicyId as { Ref: string }).Ref]?.Properties
      .CachePolicyConfig as { ParametersInCacheKeyAndForwardedToOrigin: Props };
    const headers = (
      cache.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig as { Headers: string[] }
    ).Headers;
    expect(headers).toEqual(expect.arrayContaining(['Authorization', 'X-API-Key']));
    // CloudFront refuses an origin request policy that names Authorization (400 on deploy).
    const policies = synth.templates.site.findResources('AWS::CloudFront::OriginRequestPolicy');
    for (const [id, policy] of Object.entries(policies))
      expect(JSON.stringify(policy.Properties).toLowerCase(), id).not.toContain('authorization');
  });

  it('is screened by the WAF web ACL of the edge stack in us-east-1', () => {
    expect(synth.outputValue(distribution().WebACLId)).toEqual({
      'Fn::GetAtt': [synth.edge.stack.resolve(synth.edge.stack.webAcl.logicalId), 'Arn'],
    });
    expect(distribution().WebACLId).toMatchObject({
      'Fn::GetStackOutput': { StackName: 'DatarunEdge', Region: 'us-east-1' },
    });
  });

  it('adds security headers to every response and logs to the log bucket', () => {
    const securityHeaders = [
      '67f7725c-6f97-4210-82d7-5512b31e9d03', // Managed-SecurityHeadersPolicy
      'e61eb60c-9c35-4d20-a928-2b84e02af89c', // Managed-CORS-and-SecurityHeadersPolicy
    ];
    for (const b of behaviors())
      expect(securityHeaders, b.PathPattern).toContain(b.ResponseHeadersPolicyId);
    expect(synth.outputValue((distribution().Logging as { Bucket: unknown }).Bucket)).toEqual({
      'Fn::GetAtt': ['AccessLogsBucket', 'RegionalDomainName'],
    });
  });

  it('serves every public key the publish pipeline writes to the open bucket at the same path', () => {
    const keys = [
      distributionKey('open', '101/000001', 3, 'csv'),
      distributionKey('open', '101/000001', 3, 'parquet'),
      schemaKey('open', '101/000001', 3),
      PUBLIC_SNAPSHOT_KEY,
    ];
    for (const key of keys) {
      const path = `/${key}`;
      const served = behaviors().find((b) => b.PathPattern && matches(b.PathPattern, path));
      expect(served?.FunctionAssociations, path).toBeUndefined();
      expect(synth.outputValue(originOf(served as Behavior).DomainName), path).toEqual({
        'Fn::GetAtt': ['OpenBucket', 'RegionalDomainName'],
      });
    }
  });

  it('serves no key of the shared bucket: the share catalog stays behind the API', () => {
    const path = `/${SHARE_SNAPSHOT_KEY}`;
    const served = behaviors().find((b) => b.PathPattern && matches(b.PathPattern, path));
    expect(served && synth.outputValue(originOf(served).DomainName)).not.toEqual({
      'Fn::GetAtt': ['SharedBucket', 'RegionalDomainName'],
    });
    const origins = (distribution().Origins as Origin[]).map((o) =>
      JSON.stringify(synth.outputValue(o.DomainName)),
    );
    expect(origins.some((o) => o.includes('SharedBucket') || o.includes('StagingBucket'))).toBe(
      false,
    );
  });

  it('serves directory URLs of the site from their index.html', () => {
    const code = defaultFunctionCode();
    expect(rewrite(code, '/')).toBe('/index.html');
    expect(rewrite(code, '/datasets/A01/')).toBe('/datasets/A01/index.html');
    expect(rewrite(code, '/datasets/A01')).toBe('/datasets/A01/index.html');
    expect(rewrite(code, '/_astro/app.3f2a.js')).toBe('/_astro/app.3f2a.js');
  });
});

describe('EdgeStack', () => {
  type Rule = Props & { Name: string; Priority: number; Statement: Props };
  const webAcl = (): Props =>
    Object.values(synth.edge.template.findResources('AWS::WAFv2::WebACL'))[0]?.Properties as Props;
  const rule = (name: string): Rule =>
    (webAcl().Rules as Rule[]).find((r) => r.Name === name) as Rule;

  it('lives in us-east-1, where CloudFront reads web ACLs, while the other stacks do not', () => {
    expect(synth.edge.stack.region).toBe('us-east-1');
    expect(synth.stacks.site.region).toBe(TEST_REGION);
    synth.edge.template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    expect(webAcl()).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('blocks an address past 2,000 API or open-data requests in five minutes, first of all rules, with a 429 in the API envelope', () => {
    const limit = rule('RequestsPerAddress');
    expect(limit.Priority).toBe(0);
    expect(limit.Statement.RateBasedStatement).toMatchObject({
      Limit: 2000,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
    });
    const scope = JSON.stringify(limit.Statement.RateBasedStatement);
    expect(scope).toContain('"SearchString":"/api/"');
    expect(scope).toContain('"SearchString":"/open/"');
    const response = (limit.Action as { Block: { CustomResponse: Props } }).Block.CustomResponse;
    expect(response).toMatchObject({
      ResponseCode: 429,
      ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }],
    });
    const bodies = webAcl().CustomResponseBodies as Record<string, { Content: string }>;
    const body = JSON.parse(bodies[response.CustomResponseBodyKey as string]!.Content) as unknown;
    expect(ErrorEnvelopeSchema.strict().parse(body)).toMatchObject({ ok: false, status: 429 });
  });

  it('applies the AWS managed common and known-bad-inputs rules after the rate limit', () => {
    for (const name of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']) {
      expect(rule(name).Priority, name).toBeGreaterThan(0);
      expect(rule(name)).toMatchObject({
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
      });
    }
  });

  it('is in a stack of its own when the app deploys to us-east-1 too', () => {
    const east = synthDatarun({ region: 'us-east-1' });
    try {
      expect(east.edge.template.toJSON().Resources).toBeDefined();
      expect(east.stacks.site.region).toBe('us-east-1');
      expect(unacknowledgedFindings(east.outdir)).toEqual([]);
    } finally {
      east.cleanup();
    }
  }, 120_000);
});

describe('acknowledgeFindings', () => {
  it('leaves no unacknowledged cdk-nag finding, construct warning or template rule violation', () => {
    expect(unacknowledgedFindings(synth.outdir)).toEqual([]);
  });

  it('is needed: the same report lists a finding nobody acknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'datarun-nag-'));
    try {
      const app = new App({
        outdir,
        context: { '@aws-cdk/core:failSynthOnValidationErrors': false },
      });
      new s3.Bucket(new Stack(app, 'Unchecked'), 'Bucket');
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      app.synth();
      expect(unacknowledgedFindings(outdir)).toContainEqual(
        expect.stringMatching(/AwsSolutions-S10 .*Unchecked\/Bucket/),
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
