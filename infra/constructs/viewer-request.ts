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
