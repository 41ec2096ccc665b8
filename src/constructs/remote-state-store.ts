import { Construct } from 'constructs';
import { z } from 'zod';
import { freeId, startConstruct } from './checks';
import type { AwsRemoteStateStoreResources } from '../aws/remote-state-store';
import type { StateBackendSettings } from '../core/state-backend';
import type { GcpRemoteStateStoreResources } from '../gcp/remote-state-store';
import { kmsKeyCost } from '../planning/cost';

export interface RemoteStateStoreProps {
  /**
   * Days a replaced or deleted state version is kept (so a bad apply can be rolled back).
   * @default 365
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Folder of the state objects in the bucket: stack `<id>` keeps its state at
   * `<keyPrefix>/<id>.tfstate` (S3) or under `<keyPrefix>/<id>/` (GCS).
   * @default 'ai-infra'
   */
  readonly keyPrefix?: string;
}

const schema = z
  .object({
    noncurrentVersionDays: z.number().int().min(1).max(3650).default(365),
    keyPrefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,200}$/, 'a path of letters, digits, "_", ".", "/", "-"').default('ai-infra'),
  })
  .strict();

/**
 * Shared Terraform state for a team: a bucket and a customer key, made once in a
 * bootstrap stack (which itself keeps local state), then named in every other
 * stack's `backend` prop.
 *
 * - AWS: an S3 bucket with versioning, SSE-KMS under a customer key, all public
 *   access blocked, a TLS-only policy and `prevent_destroy`; stacks lock with S3
 *   native locking (`use_lockfile`), no DynamoDB table.
 * - GCP: a GCS bucket in the stack region with versioning, a CMEK default key,
 *   uniform access, public access prevention and `prevent_destroy`; GCS locks natively.
 *   Needs `gcp.projectNumber` on the stack (the Cloud Storage service agent is granted the key).
 *
 * ```ts
 * const bootstrap = new AiInfraStack(app, 'tfstate', { cloud: 'aws', region: 'eu-central-1', namePrefix: 'acme-tf', tags, aws: { accountId } });
 * const state = new RemoteStateStore(bootstrap, 'State');
 * new DistributedTrainingStack(app, 'llm', { ..., backend: state.backend });
 * ```
 */
export class RemoteStateStore extends Construct {
  /**
   * What a stack's `backend` prop takes: plain strings known at synth (bucket
   * name, region, the key's alias ARN on AWS), so no stack depends on this one's outputs.
   */
  public readonly backend: StateBackendSettings;
  /** The bucket's physical name. */
  public readonly bucketName: string;
  /** The AWS resources (escape hatch), on an AWS stack. */
  public readonly aws?: AwsRemoteStateStoreResources;
  /** The GCP resources (escape hatch), on a GCP stack. */
  public readonly gcp?: GcpRemoteStateStoreResources;

  constructor(scope: Construct, id: string, props: RemoteStateStoreProps = {}) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, schema, props, 'remoteStateStore');
    const built = backend(this, { where, nameSuffix: id.toLowerCase(), noncurrentVersionDays: p.noncurrentVersionDays });
    this.bucketName = built.bucketName;
    if (stack.cloud === 'aws') {
      this.aws = built as AwsRemoteStateStoreResources;
      this.backend = { s3: { bucket: built.bucketName, region: stack.region, kmsKeyId: built.kmsKeyName, keyPrefix: p.keyPrefix } };
      stack.addCostLines([kmsKeyCost({ component: where, region: stack.region, keys: 1 }, where)]);
    } else {
      this.gcp = built as GcpRemoteStateStoreResources;
      this.backend = { gcs: { bucket: built.bucketName, prefix: p.keyPrefix } };
    }
    stack.recordDecision({
      construct: where,
      topic: 'state-store',
      chosen: stack.cloud === 'aws'
        ? `s3://${built.bucketName}/${p.keyPrefix}/<stack>.tfstate, SSE-KMS ${built.kmsKeyName}, S3 native locking`
        : `gs://${built.bucketName}/${p.keyPrefix}/<stack>/, CMEK ${built.kmsKeyName}, GCS locking`,
      reason: `versioned (replaced state kept ${p.noncurrentVersionDays} days), customer-managed key, no public access, prevent_destroy; pass store.backend to each stack's backend prop`,
    });
  }
}
