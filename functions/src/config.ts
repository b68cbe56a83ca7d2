import * as z from 'zod';
import { BUCKETS, TABLES, localBucketName, localTableName } from './storage-layout.ts';
import type { BucketName, TableName } from './storage-layout.ts';
import { DatarunError, problem } from './core/errors.ts';
import type { Problem } from './core/errors.ts';
import { RateLimitSettingsSchema } from './core/access/rate-limit.ts';
import type { RateLimitSettings } from './core/access/rate-limit.ts';
import { AuditAlgorithmSchema } from './core/audit/audit-record.ts';
import { AUDIT_HASH_ENV, auditHashFromEnv } from './adapters/dynamodb/audit-log.ts';

/** Where storage is: physical names, and endpoints when not on AWS itself. */
export const ConfigSchema = z.object({
  region: z.string().min(1),
  /** Set for the embedded servers; absent on AWS. */
  s3Endpoint: z.url().optional(),
  dynamodbEndpoint: z.url().optional(),
  tables: z.record(z.enum(Object.keys(TABLES) as [TableName, ...TableName[]]), z.string().min(1)),
  buckets: z.record(
    z.enum(Object.keys(BUCKETS) as [BucketName, ...BucketName[]]),
    z.string().min(1),
  ),
  /** The hash new audit records are sealed with: SM3 unless `DATARUN_AUDIT_HASH=sha256`. */
  auditHash: AuditAlgorithmSchema.default('sm3'),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Reads the configuration a Lambda function gets from the CDK app, naming every missing variable. */
export function configFromEnv(env: Record<string, string | undefined>): Config {
  const missing: string[] = [];
  const read = (name: string): string => {
    const value = env[name];
    if (!value) missing.push(name);
    return value ?? '';
  };
  const tables = Object.fromEntries(
    Object.entries(TABLES).map(([name, table]) => [name, read(table.envVar)]),
  ) as Record<TableName, string>;
  const buckets = Object.fromEntries(
    Object.entries(BUCKETS).map(([name, bucket]) => [name, read(bucket.envVar)]),
  ) as Record<BucketName, string>;
  if (missing.length > 0)
    throw new DatarunError(
      problem('config', `missing environment variables: ${missing.join(', ')}`),
    );
  return ConfigSchema.parse({
    region: env.AWS_REGION ?? 'us-east-1',
    s3Endpoint: env.DATARUN_S3_ENDPOINT || undefined,
    dynamodbEndpoint: env.DATARUN_DYNAMODB_ENDPOINT || undefined,
    tables,
    buckets,
    auditHash: auditHashFromEnv(env),
  });
}

/** The configuration for the embedded servers on loopback. */
export function localConfig(endpoints: { s3: string; dynamodb: string }): Config {
  return {
    region: 'us-east-1',
    s3Endpoint: endpoints.s3,
    dynamodbEndpoint: endpoints.dynamodb,
    tables: Object.fromEntries(
      Object.keys(TABLES).map((t) => [t, localTableName(t as TableName)]),
    ) as Record<TableName, string>,
    buckets: Object.fromEntries(
      Object.keys(BUCKETS).map((b) => [b, localBucketName(b as BucketName)]),
    ) as Record<BucketName, string>,
    auditHash: auditHashFromEnv(process.env),
  };
}

/** The environment variables that carry a configuration to another process or a function. */
export function configToEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = { AWS_REGION: config.region };
  if (config.s3Endpoint) env.DATARUN_S3_ENDPOINT = config.s3Endpoint;
  if (config.dynamodbEndpoint) env.DATARUN_DYNAMODB_ENDPOINT = config.dynamodbEndpoint;
  for (const [name, table] of Object.entries(TABLES))
    env[table.envVar] = config.tables[name as TableName];
  for (const [name, bucket] of Object.entries(BUCKETS))
    env[bucket.envVar] = config.buckets[name as BucketName];
  env[AUDIT_HASH_ENV] = config.auditHash;
  return env;
}

/** The environment variables that set the API's rate limits; each has a documented default. */
export const RATE_LIMIT_ENV: Record<keyof RateLimitSettings, string> = {
  anonymousPerMinute: 'DATARUN_LIMIT_ANONYMOUS_PER_MINUTE',
  keyPerMinute: 'DATARUN_LIMIT_KEY_PER_MINUTE',
  signUpsPerHour: 'DATARUN_LIMIT_SIGNUPS_PER_HOUR',
};

/** Reads the rate limits from the environment; an unset variable keeps its default. */
export function rateLimitsFromEnv(env: Record<string, string | undefined>): RateLimitSettings {
  const given: Partial<Record<keyof RateLimitSettings, number>> = {};
  const problems: Problem[] = [];
  for (const [setting, name] of Object.entries(RATE_LIMIT_ENV) as [
    keyof RateLimitSettings,
    string,
  ][]) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (/^[1-9]\d*$/.test(value)) given[setting] = Number(value);
    else
      problems.push(
        problem('config', `${name}: expected a whole number from 1 (got ${JSON.stringify(value)})`),
      );
  }
  if (problems.length > 0) throw new DatarunError(problems);
  return RateLimitSettingsSchema.parse(given);
}

/** The environment variables that carry rate limits to a function or another process. */
export function rateLimitsToEnv(settings: Partial<RateLimitSettings>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings).map(([setting, value]) => [
      RATE_LIMIT_ENV[setting as keyof RateLimitSettings],
      String(value),
    ]),
  );
}

/** The Cognito hosted UI the site signs people in with on AWS, from the CDK app's variables. */
export function authFromEnv(env: Record<string, string | undefined>): {
  domain: string;
  clientId: string;
} {
  const domain = env.DATARUN_AUTH_DOMAIN?.trim();
  const clientId = env.DATARUN_AUTH_AUDIENCE?.trim();
  const missing = [
    !domain && 'DATARUN_AUTH_DOMAIN (the hosted UI base URL)',
    !clientId && 'DATARUN_AUTH_AUDIENCE (the app client id)',
  ].filter(Boolean);
  if (!domain || !clientId)
    throw new DatarunError(
      problem('config', `missing environment variables: ${missing.join(', ')}`),
    );
  return { domain: domain.replace(/\/+$/, ''), clientId };
}
