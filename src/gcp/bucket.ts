import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { StorageBucket, StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { AiInfraError } from '../errors';
import type { Decision } from '../manifest';
import { GcpCustomerKey } from './kms';

/** Soft-delete retention Cloud Storage accepts: 0 (off) or 7 to 90 days (https://cloud.google.com/storage/docs/soft-delete). */
export const GCS_SOFT_DELETE_MIN_SECONDS = 7 * 86_400;
export const GCS_SOFT_DELETE_MAX_SECONDS = 90 * 86_400;

/** Bucket names: 3-63 lowercase letters, digits, `-`, `_`, starting and ending with a letter or digit (dots left out: no domain buckets). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;

export interface GcsBucketProps {
  /**
   * Bucket name, global across Google Cloud. Derive it from construct ids and the
   * project, never from sizes (renaming a bucket replaces it).
   */
  readonly name: string;
  /**
   * Bucket location: the stack region. The customer key must live in the same
   * location (Cloud KMS keys protect only resources of their own location).
   */
  readonly location: string;
  /** Customer key for `encryption.default_kms_key_name`; must be in `location`. */
  readonly key: GcpCustomerKey;
  /**
   * Project number (digits): the Cloud Storage service agent
   * `service-<N>@gs-project-accounts.iam.gserviceaccount.com` is granted the key.
   */
  readonly projectNumber: string;
  /**
   * Days after which noncurrent (overwritten or deleted) object versions are deleted.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Days after which incomplete multipart (XML API) uploads are aborted.
   * @default 7
   */
  readonly abortIncompleteUploadDays?: number;
  /**
   * Seconds a deleted object stays recoverable (soft delete): 7 to 90 days.
   * @default 604800 (7 days, the Cloud Storage default)
   */
  readonly softDeleteRetentionSeconds?: number;
  /**
   * More lifecycle rules, after the two built-in ones (e.g. delete old checkpoints under a prefix).
   * @default - none
   */
  readonly lifecycleRules?: StorageBucketLifecycleRule[];
  /**
   * Usage and storage logs to an existing log bucket. Without it no access logs
   * are written, and that is recorded as a decision (see `decisions`): object-level
   * audit comes from Cloud Audit Logs (Data Access logs for Cloud Storage), which
   * the organization owns, and a log bucket per stack would itself need a log bucket.
   * @default - off, recorded as a decision
   */
  readonly accessLogs?: { readonly logBucket: string; readonly logObjectPrefix?: string };
  /**
   * Labels on the bucket, merged over the provider's `default_labels`.
   * @default - only the provider's default labels
   */
  readonly labels?: Record<string, string>;
  /**
   * Terraform `lifecycle.prevent_destroy` on the bucket.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * A Cloud Storage bucket for checkpoints and data, secure by default:
 * customer-managed encryption (the Cloud Storage service agent is granted the key
 * and the bucket waits for the grant), uniform bucket-level access, public access
 * prevention enforced, versioning, soft delete, lifecycle rules that delete old
 * noncurrent versions and abort stale multipart uploads, `force_destroy = false`
 * and `prevent_destroy`.
 */
export class GcsBucket extends Construct {
  public readonly bucket: StorageBucket;
  /** The Cloud Storage service agent's encrypter/decrypter grant on the key. */
  public readonly keyGrant: KmsCryptoKeyIamMember;
  /** Decisions this bucket made (an opt-out of access logs), for the stack to record. */
  public readonly decisions: ReadonlyArray<Decision>;

  constructor(scope: Construct, id: string, props: GcsBucketProps) {
    super(scope, id);
    const where = this.node.path;
    if (!Token.isUnresolved(props.name) && !BUCKET_NAME.test(props.name)) {
      throw new AiInfraError({ where, field: 'name', given: props.name, allowed: '3-63 lowercase letters, digits, "-" or "_", starting and ending with a letter or digit' });
    }
    if (!Token.isUnresolved(props.location) && !Token.isUnresolved(props.key.location) && props.key.location !== props.location) {
      throw new AiInfraError({ where, field: 'key', given: props.key.location, allowed: `a key in the bucket's location ${props.location} (Cloud KMS keys protect only resources of their location)` });
    }
    const noncurrentDays = props.noncurrentVersionRetentionDays ?? 90;
    positiveDays(where, 'noncurrentVersionRetentionDays', noncurrentDays);
    const abortDays = props.abortIncompleteUploadDays ?? 7;
    positiveDays(where, 'abortIncompleteUploadDays', abortDays);
    const softDelete = props.softDeleteRetentionSeconds ?? GCS_SOFT_DELETE_MIN_SECONDS;
    if (!Number.isInteger(softDelete) || softDelete < GCS_SOFT_DELETE_MIN_SECONDS || softDelete > GCS_SOFT_DELETE_MAX_SECONDS) {
      throw new AiInfraError({
        where,
        field: 'softDeleteRetentionSeconds',
        given: softDelete,
        allowed: `whole seconds from ${GCS_SOFT_DELETE_MIN_SECONDS} (7 days) to ${GCS_SOFT_DELETE_MAX_SECONDS} (90 days)`,
      });
    }

    this.keyGrant = props.key.grantEncryptDecryptToAgent('cloudStorage', props.projectNumber);
    this.bucket = new StorageBucket(this, 'Resource', {
      name: props.name,
      location: props.location,
      storageClass: 'STANDARD',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      encryption: { defaultKmsKeyName: props.key.keyId },
      softDeletePolicy: { retentionDurationSeconds: softDelete },
      lifecycleRule: [
        {
          action: { type: 'Delete' },
          condition: { daysSinceNoncurrentTime: noncurrentDays, withState: 'ARCHIVED' },
        },
        {
          action: { type: 'AbortIncompleteMultipartUpload' },
          condition: { age: abortDays },
        },
        ...(props.lifecycleRules ?? []),
      ],
      logging: props.accessLogs
        ? { logBucket: props.accessLogs.logBucket, logObjectPrefix: props.accessLogs.logObjectPrefix ?? props.name }
        : undefined,
      labels: props.labels,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
      // Cloud Storage checks the key when the bucket is created: the agent must hold it first.
      dependsOn: [this.keyGrant],
    });
    this.decisions = props.accessLogs
      ? []
      : [
        {
          construct: where,
          topic: 'gcs-access-logging',
          chosen: 'no Cloud Storage usage/storage logs (explicit opt-out; pass accessLogs to turn them on)',
          reason: 'object-level audit comes from Cloud Audit Logs (Data Access logs for storage.googleapis.com), owned by the organization; '
            + 'a log bucket per stack would need its own log bucket. Scanners report this as CKV_GCP_62',
        },
      ];
  }

  public get bucketName(): string {
    return this.bucket.name;
  }

  /** `gs://<name>`. */
  public get url(): string {
    return this.bucket.url;
  }
}

function positiveDays(where: string, field: string, days: number): void {
  if (!Number.isInteger(days) || days < 1) throw new AiInfraError({ where, field, given: days, allowed: 'a whole number of days >= 1' });
}
