import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { requireAwsAccountId, stackContextOf } from '../core/context';

export interface SecureBucketProps {
  /**
   * Physical name suffix: the bucket is named
   * `<namePrefix>-<nameSuffix>-<account>-<region>` (S3 names are global),
   * shortened with a stable hash past 63 characters. Derive it from construct
   * ids, never from sizes.
   */
  readonly nameSuffix: string;
  /** ARN of the customer-managed KMS key for SSE-KMS. */
  readonly kmsKeyArn: string;
  /**
   * Days after which noncurrent object versions expire.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * More lifecycle rules (e.g. expire old checkpoints under a prefix). Each
   * needs a unique `id`; give a `filter` (`[{ prefix: '' }]` for the whole bucket).
   * @default - only the two built-in rules (abort incomplete multipart uploads after 7 days, noncurrent expiry)
   */
  readonly lifecycleRules?: S3BucketLifecycleConfigurationRule[];
  /**
   * Statements added to the bucket policy after the TLS-only deny (e.g. grants
   * to a service principal).
   * @default - none
   */
  readonly extraPolicyStatements?: DataAwsIamPolicyDocumentStatement[];
  /**
   * Terraform `prevent_destroy` on the bucket.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * S3 server access logs to an existing log bucket (which must use SSE-S3:
   * S3 cannot deliver access logs to an SSE-KMS bucket, and must let
   * `logging.s3.amazonaws.com` write). Without it, no server access logs are
   * written and the choice is recorded as a decision: object-level audit is
   * expected from CloudTrail S3 data events, which the organization's trail
   * owns, not from a second per-bucket log bucket.
   * @default - off, recorded as a decision
   */
  readonly accessLogs?: { readonly targetBucket: string; readonly targetPrefix?: string };
}

/**
 * An S3 bucket that is secure by default: versioning on, SSE-KMS with the
 * customer key and an S3 bucket key, all four public-access blocks, ACLs off
 * (BucketOwnerEnforced), a bucket policy denying every request not made over
 * TLS, lifecycle rules that abort stale multipart uploads and expire old
 * versions, `force_destroy = false` and `prevent_destroy`.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly versioning: S3BucketVersioningA;
  public readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  public readonly ownershipControls: S3BucketOwnershipControls;
  public readonly policyDocument: DataAwsIamPolicyDocument;
  public readonly policy: S3BucketPolicy;
  public readonly lifecycle: S3BucketLifecycleConfiguration;
  /** Server access logging (when `accessLogs` is given). */
  public readonly logging?: S3BucketLoggingA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const stack = stackContextOf(this);
    const suffix = `${props.nameSuffix}-${requireAwsAccountId(stack, scope.node.path)}-${stack.region}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    const bucketName = stack.claimPhysicalName('S3 bucket', stack.physicalName(suffix, { maxLength: 63 }), scope.node.path);

    this.bucket = new S3Bucket(this, 'Resource', {
      bucket: bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.ownershipControls = new S3BucketOwnershipControls(this, 'OwnershipControls', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    this.versioning = new S3BucketVersioningA(this, 'Versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
        ...(props.extraPolicyStatements ?? []),
      ],
    });
    this.policy = new S3BucketPolicy(this, 'Policy', {
      bucket: this.bucket.id,
      policy: this.policyDocument.json,
      // The public-access block must exist first, or S3 may judge the policy against an unblocked bucket.
      dependsOn: [this.publicAccessBlock],
    });
    this.lifecycle = new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: this.bucket.id,
      // Lifecycle rules on a versioned bucket must follow the versioning resource.
      dependsOn: [this.versioning],
      rule: [
        {
          id: 'abort-incomplete-multipart-uploads',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
        },
        ...(props.lifecycleRules ?? []),
      ],
    });
    if (props.accessLogs) {
      this.logging = new S3BucketLoggingA(this, 'AccessLogs', {
        bucket: this.bucket.id,
        targetBucket: props.accessLogs.targetBucket,
        targetPrefix: props.accessLogs.targetPrefix ?? `${suffix}/`,
      });
    } else {
      stack.recordDecision({
        construct: this.node.path,
        topic: 's3-access-logging',
        chosen: 'no S3 server access logs (explicit opt-out; pass accessLogs to turn them on)',
        reason: 'server access logs need a second bucket per region that cannot use SSE-KMS (S3 delivers them only to SSE-S3 buckets), '
          + 'which our own customer-key rule would flag; object-level audit comes from CloudTrail S3 data events, owned by the '
          + 'organization trail. Scanners report this as CKV_AWS_18 / AVD-AWS-0089',
      });
    }
  }

  public get bucketName(): string {
    return this.bucket.bucket;
  }

  public get bucketArn(): string {
    return this.bucket.arn;
  }
}
