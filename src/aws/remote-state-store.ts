import { Construct } from 'constructs';
import { SecureBucket } from './bucket';
import { awsPartition, CustomerKey } from './kms';
import { requireAwsAccountId, stackContextOf } from '../core/context';
import type { RemoteStateStoreBackend, RemoteStateStorePlan } from '../core/plans';

/** The resources of a RemoteStateStore on AWS (`store.aws`). */
export interface AwsRemoteStateStoreResources extends RemoteStateStoreBackend {
  /** The customer key that encrypts the state objects. */
  readonly key: CustomerKey;
  /** The state bucket: versioned, SSE-KMS with the key, public access blocked, TLS only, `prevent_destroy`. */
  readonly bucket: SecureBucket;
}

/**
 * An S3 bucket for Terraform state: a SecureBucket (versioning, SSE-KMS with a
 * customer key and a bucket key, all public access blocked, TLS-only policy,
 * `prevent_destroy`) whose replaced state versions are kept for the plan's
 * number of days. Locking uses S3 itself (`use_lockfile`), so there is no DynamoDB table.
 */
export function createAwsRemoteStateStore(scope: Construct, plan: RemoteStateStorePlan): AwsRemoteStateStoreResources {
  const host = new Construct(scope, 'Aws');
  const stack = stackContextOf(scope);
  const account = requireAwsAccountId(stack, plan.where);
  const key = new CustomerKey(host, 'Key', { description: `Terraform state in ${plan.where}`, aliasSuffix: plan.nameSuffix });
  const bucket = new SecureBucket(host, 'Bucket', {
    nameSuffix: plan.nameSuffix,
    kmsKeyArn: key.key.arn,
    noncurrentVersionExpirationDays: plan.noncurrentVersionDays,
  });
  return {
    key,
    bucket,
    bucketName: bucket.bucket.bucketInput!,
    // The alias name is a plain string, so its ARN is known at synth (a backend block takes no references).
    kmsKeyName: `arn:${awsPartition(stack.region)}:kms:${stack.region}:${account}:${key.alias.nameInput!}`,
  };
}
