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
  /**
   * The public origin the site is served at (`DATARUN_PUBLIC_URL`), which every IRI and link
   * of the catalog exports is made from; the local site when unset.
   */
  publicUrl: z.url(),
  /**
   * The platform's contact address (`DATARUN_CONTACT_EMAIL`), given in data.json for datasets
   * whose agency names none.
   */
  contactEmail: z.email().optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

export const PUBLIC_URL_ENV = 'DATARUN_PUBLIC_URL';
export const CONTACT_EMAIL_ENV = 'DATARUN_CONTACT_EMAIL';

/** Where the public finds this instance, as the catalog exports name it. */
export type PublicSite = Pick<Config, 'publicUrl' | 'contactEmail'>;

/**
 * The contact a local instance gives when none is configured: a mailbox under the reserved
 * `.localhost` domain (RFC 6761), so data.json is complete and nobody real is named.
 */
export const LOCAL_CONTACT_EMAIL = 'opendata@datarun.localhost';

/**
 * Reads the public origin and the platform's contact address. Without `DATARUN_PUBLIC_URL` the
 * origin is the local site, `http://localhost:$PORT` (4321 unless PORT is set), and the contact
 * `LOCAL_CONTACT_EMAIL` unless `DATARUN_CONTACT_EMAIL` names one.
 */
export function publicSiteFromEnv(env: Record<string, string | undefined>): PublicSite {
  const problems: Problem[] = [];
  const given = env[PUBLIC_URL_ENV]?.trim();
  let publicUrl = `http://localhost:${env.PORT?.trim() || 4321}`;
  if (given) {
    const url = URL.canParse(given) ? new URL(given) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash)
      problems.push(
        problem(
          'config',
          `${PUBLIC_URL_ENV}: expected the site's public origin such as https://data.example.gov.cn (got ${JSON.stringify(given)})`,
        ),
      );
    else publicUrl = url.href.replace(/\/+$/, '');
  }
  const contactEmail = env[CONTACT_EMAIL_ENV]?.trim() || (given ? undefined : LOCAL_CONTACT_EMAIL);
  if (contactEmail && !z.email().safeParse(contactEmail).success)
    problems.push(
      problem(
        'config',
        `${CONTACT_EMAIL_ENV}: expected an e-mail address (got ${JSON.stringify(contactEmail)})`,
      ),
    );
  if (problems.length > 0) throw new DatarunError(problems);
  return { publicUrl, ...(contactEmail && { contactEmail }) };
}

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
    ...publicSiteFromEnv(env),
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
    ...publicSiteFromEnv(process.env),
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
  env[PUBLIC_URL_ENV] = config.publicUrl;
  if (config.contactEmail) env[CONTACT_EMAIL_ENV] = config.contactEmail;
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
