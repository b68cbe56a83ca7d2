import { CfnOutput, Duration, Fn, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import {
  PUBLIC_HOST_HEADER,
  directoryIndexFunction,
  publicHostFunction,
} from '../constructs/viewer-request.ts';

export interface SiteStackProps extends StackProps {
  /** The built static site, served at the root. */
  readonly siteBucket: s3.IBucket;
  /** Open data and the public catalog snapshot, served under `/open/` and `/catalog/`. */
  readonly openBucket: s3.IBucket;
  /** Receives the distribution's standard logs under `cloudfront/`. */
  readonly logBucket: s3.IBucket;
  /** Served under `/api/`, uncached. */
  readonly httpApi: apigw.IHttpApi;
  /**
   * The WAF web ACL (in us-east-1) that screens every request to the distribution.
   */
  readonly webAclArn: string;
}

/**
 * The request headers the API reads, forwarded to it; never `Host` (API Gateway answers only to
 * its own name). `CloudFront-Viewer-Address` is added by CloudFront itself and is how the API
 * learns the viewer's address, for per-address rate limits: API Gateway only sees the edge.
 */
export const API_REQUEST_HEADERS = [
  'Accept',
  'Content-Type',
  'If-None-Match',
  'Origin',
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
  'User-Agent',
  'CloudFront-Viewer-Address',
  PUBLIC_HOST_HEADER,
] as const;

/**
 * What makes two API answers different besides the URL: the key (an agency key may see what
 * an anonymous caller may not) and the agency token. Headers of the cache key also reach the
 * API, and `Authorization` can reach it no other way: CloudFront refuses it in an origin
 * request policy. Agency answers are `no-store` besides, so none is kept for another caller.
 */
export const API_CACHE_KEY_HEADERS = ['X-API-Key', 'Authorization'] as const;

/**
 * The CDN: the static site at the root, open data under `/open/` and the public catalog under
 * `/catalog/` (both from the open bucket), the API under `/api/`.
 * Both buckets are reached through origin access control; their bucket policies, in the
 * data stack, admit CloudFront only.
 */
export class SiteStack extends Stack {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    const oac = new cloudfront.S3OriginAccessControl(this, 'OriginAccessControl', {
      description: 'datarun site and open data',
      signing: cloudfront.Signing.SIGV4_ALWAYS,
    });
    // withBucketDefaults plus the control's ID, not withOriginAccessControl: the latter would
    // write the distribution's ARN into a bucket policy of the data stack, a dependency cycle.
    const bucketOrigin = (bucket: s3.IBucket) =>
      origins.S3BucketOrigin.withBucketDefaults(bucket, {
        originAccessControlId: oac.originAccessControlId,
      });

    const openData: cloudfront.BehaviorOptions = {
      origin: bucketOrigin(props.openBucket),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      // Open data is meant to be fetched from other sites and notebooks too.
      responseHeadersPolicy:
        cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS_AND_SECURITY_HEADERS,
    };

    const apiRequests = new cloudfront.OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'datarun API: every query string, the headers it reads, and the viewer address',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...API_REQUEST_HEADERS),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });

    // Open-data answers say how long they may be kept (`public, max-age=60`; errors, shared
    // downloads and keys `no-store`): the CDN keeps each per URL and key for that long, and
    // revalidates with the ETag, which changes with every new version.
    const apiCache = new cloudfront.CachePolicy(this, 'ApiCache', {
      comment: 'datarun API: kept as long as Cache-Control says, per URL, API key and token',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList(...API_CACHE_KEY_HEADERS),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'datarun',
      webAclId: props.webAclArn,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: bucketOrigin(props.siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        // Managed security headers without a Content-Security-Policy: the search UI runs
        // WebAssembly, and a CSP belongs with the site build that knows its own assets.
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: directoryIndexFunction(this, 'DirectoryIndex'),
          },
        ],
      },
      additionalBehaviors: {
        // Keys of the open bucket carry their zone (`open/datasets/...`) and the public catalog
        // lives under `catalog/`, so both paths map one to one onto keys.
        '/open/*': openData,
        '/catalog/*': openData,
        '/api/*': {
          origin: new origins.HttpOrigin(Fn.parseDomainName(props.httpApi.apiEndpoint), {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: apiCache,
          originRequestPolicy: apiRequests,
          functionAssociations: [
            {
              eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
              function: publicHostFunction(this, 'PublicHost'),
            },
          ],
          responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        },
      },
    });

    new CfnOutput(this, 'DistributionDomainName', {
      value: this.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
  }
}
