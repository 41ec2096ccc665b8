import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { Construct } from 'constructs';
import { GcpCustomerKey, GcpKeyRing } from './kms';
import { requireGcpProjectId, requireGcpProjectNumber, stackContextOf } from '../core/context';
import type { RemoteStateStoreBackend, RemoteStateStorePlan } from '../core/plans';

/** The resources of a RemoteStateStore on GCP (`store.gcp`). */
export interface GcpRemoteStateStoreResources extends RemoteStateStoreBackend {
  readonly keyRing: GcpKeyRing;
  /** The CMEK key, the bucket's default key (the Cloud Storage service agent may use it). */
  readonly key: GcpCustomerKey;
  /** The state bucket: versioned, CMEK default key, uniform access, public access prevented, `prevent_destroy`. */
  readonly bucket: StorageBucket;
}

/**
 * A GCS bucket for Terraform state, in the stack region: object versioning, the
 * CMEK key as default encryption (so every state object is encrypted with it
 * without the caller holding the key), uniform bucket-level access, public access
 * prevention enforced, replaced versions deleted after the plan's number of days,
 * `force_destroy = false` and `prevent_destroy`. GCS locks state natively.
 */
export function createGcpRemoteStateStore(scope: Construct, plan: RemoteStateStorePlan): GcpRemoteStateStoreResources {
  const host = new Construct(scope, 'Gcp');
  const stack = stackContextOf(scope);
  const project = requireGcpProjectId(stack, plan.where);
  const projectNumber = requireGcpProjectNumber(stack, plan.where);
  const ringName = stack.claimPhysicalName('KMS key ring', stack.physicalName(plan.nameSuffix, { maxLength: 63 }), plan.where);
  const keyRing = new GcpKeyRing(host, 'KeyRing', { name: ringName, location: stack.region });
  const key = new GcpCustomerKey(host, 'Key', { keyRing, name: 'state' });
  const grant = key.grantEncryptDecryptToAgent('cloudStorage', projectNumber);
  const bucketName = stack.claimPhysicalName('GCS bucket', stack.physicalName(`${plan.nameSuffix}-${project}`, { maxLength: 63 }), plan.where);
  const bucket = new StorageBucket(host, 'Bucket', {
    name: bucketName,
    location: stack.region.toUpperCase(),
    storageClass: 'STANDARD',
    uniformBucketLevelAccess: true,
    publicAccessPrevention: 'enforced',
    forceDestroy: false,
    versioning: { enabled: true },
    encryption: { defaultKmsKeyName: key.keyId },
    softDeletePolicy: { retentionDurationSeconds: 7 * 86_400 },
    lifecycleRule: [{ action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: plan.noncurrentVersionDays, withState: 'ARCHIVED' } }],
    dependsOn: [grant],
    lifecycle: { preventDestroy: true },
  });
  return {
    keyRing,
    key,
    bucket,
    bucketName,
    kmsKeyName: `projects/${project}/locations/${stack.region}/keyRings/${ringName}/cryptoKeys/state`,
  };
}
