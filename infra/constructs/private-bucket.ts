import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface PrivateBucketProps {
  /**
   * Where S3 writes the server access logs of this bucket.
   * @default - no server access logs (only for the bucket that receives them)
   */
  readonly accessLogs?: { readonly bucket: s3.IBucket; readonly prefix: string };
  /**
   * How long an overwritten or deleted object version stays recoverable.
   * @default Duration.days(90)
   */
  readonly noncurrentVersionExpiration?: Duration;
  /**
   * When current objects expire; for buckets that hold logs.
   * @default - objects never expire
   */
  readonly expiration?: Duration;
  /**
   * Object ownership. CloudFront standard logging writes with ACLs, so a log bucket needs
   * `BUCKET_OWNER_PREFERRED`.
   * @default s3.ObjectOwnership.BUCKET_OWNER_ENFORCED
   */
  readonly objectOwnership?: s3.ObjectOwnership;
}

/**
 * An S3 bucket nobody reaches without a grant: public access blocked, TLS only, versioned,
 * encrypted with S3-managed keys and retained when its stack is deleted.
 */
export class PrivateBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PrivateBucketProps = {}) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // S3-managed keys: CloudFront origin access control and presigned downloads work without
      // key policies that would have to name a distribution created in a later stack.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: props.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.accessLogs?.bucket,
      serverAccessLogsPrefix: props.accessLogs?.prefix,
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          noncurrentVersionExpiration: props.noncurrentVersionExpiration ?? Duration.days(90),
          expiration: props.expiration,
        },
      ],
    });
  }

  /**
   * Lets CloudFront distributions of this account read objects through origin access control.
   * The distribution lives in a stack deployed after this one, so the condition cannot name it
   * without a dependency cycle; it names the account's distributions instead.
   */
  allowCloudFrontRead(): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudFrontOriginAccessControlRead',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          StringEquals: { 'AWS:SourceAccount': this.bucket.env.account },
          ArnLike: {
            'AWS:SourceArn': `arn:${this.bucket.stack.partition}:cloudfront::${this.bucket.env.account}:distribution/*`,
          },
        },
      }),
    );
  }
}
