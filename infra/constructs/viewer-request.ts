import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';

/**
 * Maps directory URLs to the `index.html` the static site build writes for them, because an
 * S3 origin behind origin access control has no index documents of its own.
 */
export function directoryIndexFunction(scope: Construct, id: string): cloudfront.Function {
  return new cloudfront.Function(scope, id, {
    comment: 'Serves /path/ and /path as /path/index.html',
    runtime: cloudfront.FunctionRuntime.JS_2_0,
    code: cloudfront.FunctionCode.fromInline(
      [
        'function handler(event) {',
        '  var request = event.request;',
        '  var uri = request.uri;',
        "  if (uri.endsWith('/')) request.uri = uri + 'index.html';",
        "  else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) request.uri = uri + '/index.html';",
        '  return request;',
        '}',
      ].join('\n'),
    ),
  });
}

/** The header that tells the API the host the viewer asked for; API Gateway never sees it. */
export const PUBLIC_HOST_HEADER = 'x-datarun-public-host';

/**
 * Passes the viewer's Host to the API as `x-datarun-public-host`: Host itself cannot be
 * forwarded (API Gateway answers only to its own name), yet the API builds absolute links
 * (CKAN `help`, resource URLs) that must point at the site. Set on every request, so a
 * viewer cannot choose its value.
 */
export function publicHostFunction(scope: Construct, id: string): cloudfront.Function {
  return new cloudfront.Function(scope, id, {
    comment: 'Tells the API the public host of the site',
    runtime: cloudfront.FunctionRuntime.JS_2_0,
    code: cloudfront.FunctionCode.fromInline(
      [
        'function handler(event) {',
        '  var request = event.request;',
        `  request.headers['${PUBLIC_HOST_HEADER}'] = { value: request.headers.host.value };`,
        '  return request;',
        '}',
      ].join('\n'),
    ),
  });
}
