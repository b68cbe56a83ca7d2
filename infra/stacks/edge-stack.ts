import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** CloudFront reads its web ACL from this region only. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  /**
   * Requests one address may make to `/api/` and `/open/` in five minutes before the WAF
   * blocks it for a while; the API's own per-key and per-address limits apply below it.
   * @default 2000
   */
  readonly requestsPerFiveMinutes?: number;
}

/** What the WAF answers when it blocks: the API's error envelope, so clients parse one shape. */
const TOO_MANY = JSON.stringify({
  ok: false,
  status: 429,
  error: 'too many requests from this address; try again in a few minutes',
  errors: [
    {
      code: 'rate-limited',
      message: 'too many requests from this address; try again in a few minutes',
    },
  ],
});

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

const pathStartsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const managedRules = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
  visibilityConfig: visibility(name),
});

/**
 * The WAF web ACL of the CloudFront distribution. A CloudFront web ACL must live in
 * us-east-1, so this small stack is deployed there whatever the region of the others; the
 * site stack reads its ARN across regions (a weak reference: `Fn::GetStackOutput`).
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps = {}) {
    super(scope, id, props);
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      description: 'datarun CloudFront: per-address rate limit and AWS managed rules',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('datarun'),
      customResponseBodies: {
        tooMany: { contentType: 'APPLICATION_JSON', content: TOO_MANY },
      },
      rules: [
        {
          // First and cheapest: a flood from one address stops here, before any managed rule
          // or any Lambda runs. Pages and their assets are not counted, so an office behind
          // one NAT address can browse the portal freely.
          name: 'RequestsPerAddress',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'tooMany',
                responseHeaders: [{ name: 'Retry-After', value: '300' }],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              limit: props.requestsPerFiveMinutes ?? 2000,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                orStatement: { statements: [pathStartsWith('/api/'), pathStartsWith('/open/')] },
              },
            },
          },
          visibilityConfig: visibility('RequestsPerAddress'),
        },
        managedRules('AWSManagedRulesCommonRuleSet', 1),
        managedRules('AWSManagedRulesKnownBadInputsRuleSet', 2),
      ],
    });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn });
  }
}
