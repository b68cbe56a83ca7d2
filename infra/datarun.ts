import type { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { SiteStack } from './stacks/site-stack.ts';
import { acknowledgeFindings } from './nag-acknowledgements.ts';

/** Adds the three datarun stacks to an app, checked by cdk-nag's AWS Solutions rules. */
export function addDatarunStacks(app: App) {
  const data = new DataStack(app, 'DatarunData', {
    description: 'datarun stateful resources: buckets and tables (retained)',
  });
  const api = new ApiStack(app, 'DatarunApi', {
    description: 'datarun functions and HTTP API',
    storage: data.storage,
  });
  const site = new SiteStack(app, 'DatarunSite', {
    description: 'datarun CloudFront distribution',
    siteBucket: data.storage.buckets.site,
    openBucket: data.storage.buckets.open,
    logBucket: data.logBucket,
    httpApi: api.httpApi,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  acknowledgeFindings({ data, api, site });
  return { data, api, site };
}
