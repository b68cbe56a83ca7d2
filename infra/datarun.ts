import type { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack.ts';
import { SiteStack } from './stacks/site-stack.ts';
import { acknowledgeFindings } from './nag-acknowledgements.ts';

export type DatarunOptions = {
  /**
   * The region of the data, API and site stacks. It must be explicit: the site stack reads
   * the WAF web ACL from a stack in us-east-1, and a reference across regions needs both ends'.
   */
  readonly region: string;
  /**
   * The host name the site is served at, for the user pool's sign-in callback.
   * @default - only the local development site may sign in
   */
  readonly siteDomain?: string;
  /**
   * The hosted UI's domain prefix.
   * @default `datarun-<account id>`
   */
  readonly authDomainPrefix?: string;
};

/**
 * Adds the datarun stacks to an app, checked by cdk-nag's AWS Solutions rules: data, API and
 * site in `region`, and the WAF web ACL of the distribution in us-east-1.
 */
export function addDatarunStacks(app: App, options: DatarunOptions) {
  const env = { region: options.region };
  const data = new DataStack(app, 'DatarunData', {
    description: 'datarun stateful resources: buckets, tables and the user pool (retained)',
    identity: { siteDomain: options.siteDomain, domainPrefix: options.authDomainPrefix },
    env,
  });
  const api = new ApiStack(app, 'DatarunApi', {
    description: 'datarun functions, HTTP API, deadline sweeper and harvester',
    storage: data.storage,
    identity: {
      issuer: data.identity.issuer,
      audience: data.identity.client.userPoolClientId,
      hostedUiBaseUrl: data.identity.hostedUiBaseUrl,
    },
    env,
  });
  const edge = new EdgeStack(app, 'DatarunEdge', {
    description: 'datarun WAF web ACL of the CloudFront distribution (must be in us-east-1)',
    env: { region: EDGE_REGION },
  });
  const site = new SiteStack(app, 'DatarunSite', {
    description: 'datarun CloudFront distribution',
    siteBucket: data.storage.buckets.site,
    openBucket: data.storage.buckets.open,
    logBucket: data.logBucket,
    httpApi: api.httpApi,
    webAclArn: edge.webAcl.attrArn,
    env,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  acknowledgeFindings({ data, api, site });
  return { data, api, site, edge };
}

/**
 * The site's host name and the hosted UI's domain prefix: `-c siteDomain=…` and
 * `-c authDomainPrefix=…`, each optional. A site domain is a bare host name, no scheme or path.
 */
export function identityOptions(app: App): Pick<DatarunOptions, 'siteDomain' | 'authDomainPrefix'> {
  const siteDomain = app.node.tryGetContext('siteDomain') as string | undefined;
  const authDomainPrefix = app.node.tryGetContext('authDomainPrefix') as string | undefined;
  if (
    siteDomain !== undefined &&
    !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(siteDomain)
  )
    throw new Error(
      `-c siteDomain=${siteDomain} is not a host name; give it without scheme or path, e.g. -c siteDomain=data.example.gov.cn`,
    );
  if (
    authDomainPrefix !== undefined &&
    !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authDomainPrefix)
  )
    throw new Error(
      `-c authDomainPrefix=${authDomainPrefix} is not a valid prefix: lower-case letters, digits and hyphens, not at either end`,
    );
  return {
    ...(siteDomain !== undefined && { siteDomain }),
    ...(authDomainPrefix !== undefined && { authDomainPrefix }),
  };
}

/**
 * The region to deploy to: `-c region=…`, else the one the CDK CLI found in the AWS
 * configuration (`CDK_DEFAULT_REGION`; the CLI falls back to us-east-1 when there is none).
 */
export function deploymentRegion(app: App, env: Record<string, string | undefined>): string {
  const region = (app.node.tryGetContext('region') as string | undefined) ?? env.CDK_DEFAULT_REGION;
  if (!region)
    throw new Error(
      'no region to deploy to: run through the CDK CLI (npx cdk …), or pass -c region=<region>',
    );
  return region;
}
