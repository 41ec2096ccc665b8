import { GcsBackend, S3Backend, TerraformStack } from 'cdktf';
import { z } from 'zod';

/** State in an S3 bucket (a RemoteStateStore on AWS makes one): one object per stack, native S3 locking. */
export interface S3StateBackendSettings {
  /** The bucket. */
  readonly bucket: string;
  /** The bucket's region. */
  readonly region: string;
  /**
   * The customer KMS key each state object is encrypted with: a key ARN, or an
   * alias ARN (what `RemoteStateStore.backend` gives: known at synth, unlike the key's ARN).
   */
  readonly kmsKeyId: string;
  /**
   * Folder of the state objects: stack `<id>` keeps its state at `<keyPrefix>/<id>.tfstate`.
   * @default 'ai-infra'
   */
  readonly keyPrefix?: string;
}

/** State in a GCS bucket (a RemoteStateStore on GCP makes one): one prefix per stack; GCS locks natively. */
export interface GcsStateBackendSettings {
  /** The bucket (its default CMEK key encrypts every state object). */
  readonly bucket: string;
  /**
   * Folder of the state objects: stack `<id>` keeps its state under `<prefix>/<id>/`.
   * @default 'ai-infra'
   */
  readonly prefix?: string;
}

/** Where a stack keeps its Terraform state: exactly one of `s3` or `gcs`. */
export interface StateBackendSettings {
  /**
   * State in S3.
   * @default - not S3
   */
  readonly s3?: S3StateBackendSettings;
  /**
   * State in GCS.
   * @default - not GCS
   */
  readonly gcs?: GcsStateBackendSettings;
}

const KEY_PREFIX = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,200}$/;

export const stateBackendSchema = z
  .object({
    s3: z
      .object({
        bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)'),
        region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region such as eu-central-1'),
        kmsKeyId: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]+)$/, 'a KMS key ARN or alias ARN (arn:aws:kms:<region>:<account>:key/<id> or :alias/<name>)'),
        keyPrefix: z.string().regex(KEY_PREFIX, 'a path of letters, digits, "_", ".", "/", "-"').optional(),
      })
      .strict()
      .optional(),
    gcs: z
      .object({
        bucket: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, 'a GCS bucket name (3-63 lowercase letters, digits, dots, "_", "-")'),
        prefix: z.string().regex(KEY_PREFIX, 'a path of letters, digits, "_", ".", "/", "-"').optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => (b.s3 === undefined) !== (b.gcs === undefined), { message: 'exactly one of s3 or gcs' });

/** The state object (S3 key) or folder (GCS prefix) of one stack. */
export function stateLocation(settings: StateBackendSettings, stackId: string): string {
  if (settings.s3) return `${(settings.s3.keyPrefix ?? 'ai-infra').replace(/\/+$/, '')}/${stackId}.tfstate`;
  return `${(settings.gcs?.prefix ?? 'ai-infra').replace(/\/+$/, '')}/${stackId}`;
}

/**
 * Points a stack's backend at the shared state bucket, under its own key. On S3:
 * SSE-KMS with the customer key and native locking (`use_lockfile`, a lock object
 * beside the state; Terraform >= 1.10), no DynamoDB table. On GCS: the bucket's
 * CMEK default and GCS's own locking.
 */
export function configureStateBackend(stack: TerraformStack, settings: StateBackendSettings, stackId: string): void {
  const location = stateLocation(settings, stackId);
  if (settings.s3) {
    new S3Backend(stack, { bucket: settings.s3.bucket, region: settings.s3.region, key: location, encrypt: true, kmsKeyId: settings.s3.kmsKeyId });
    // cdktf 0.21's S3BackendConfig predates use_lockfile; the override writes it into the backend block.
    stack.addOverride('terraform.backend.s3.use_lockfile', true);
  } else if (settings.gcs) {
    new GcsBackend(stack, { bucket: settings.gcs.bucket, prefix: location });
  }
}
