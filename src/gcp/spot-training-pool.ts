import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct, IConstruct } from 'constructs';
import { GcsBucket } from './bucket';
import { constructKey, gcpDataContextOf, serviceAccountEmail, serviceAccountId, workloadIdentityMember } from './data-context';
import { GpuFabric } from './fabric';
import { GcpGpuCluster, gcpClusterOf, GkeNodePoolHandle } from './gpu-cluster';
import type { GcpCustomerKey } from './kms';
import { GKE_SPOT_SHUTDOWN } from '../catalog/gke-node-facts';
import type { InstanceTypeSpec } from '../catalog/types';
import { stackContextOf } from '../core/context';
import type { SpotTrainingPoolBackend, SpotTrainingPoolPlan } from '../core/plans';
import { GkeFabricSpec, GkeFabricWorkloads } from '../kubernetes/gke-fabric';
import { workloadStackOf } from '../kubernetes/workload-stack';

/**
 * What the trainer identity may do on the checkpoint bucket: read, list,
 * write, overwrite and delete objects (an overwrite is a delete in Cloud
 * Storage's permission model), multipart uploads included. Not
 * `roles/storage.objectAdmin`, which adds object ACL/IAM management that a
 * uniform-access bucket never needs. The caller needs no key permission: the
 * Cloud Storage service agent encrypts with the bucket's default key.
 */
export const CHECKPOINT_WRITER_ROLE = 'roles/storage.objectUser';

/** Name of the checkpoint key in the pool's own key ring (stable: keys can never be deleted or renamed). */
export const CHECKPOINT_KEY_NAME = 'checkpoints';


/** Fabric workloads already installed, by workload scope and fabric kind (one set per cluster). */
const INSTALLED = new WeakMap<IConstruct, Map<string, GkeFabricWorkloads>>();

/**
 * Installs the fabric's in-cluster pieces (NCCL installer, NRI injector,
 * network objects) in the cluster's workload scope, once per fabric.
 */
export function ensureFabricWorkloads(
  workloadScope: IConstruct, cluster: GcpGpuCluster, fabric: GpuFabric, type: InstanceTypeSpec,
): GkeFabricWorkloads {
  const byKind = INSTALLED.get(workloadScope) ?? new Map<string, GkeFabricWorkloads>();
  INSTALLED.set(workloadScope, byKind);
  const kind = fabric.layout.fabric;
  const existing = byKind.get(kind);
  if (existing) return existing;
  const id = `${cluster.node.path.replace(/[^A-Za-z0-9-]/g, '-')}-${kind}`;
  const made = new GkeFabricWorkloads(workloadScope as Construct, id, { spec: cluster.fabricWorkloadSpec(fabric, type) });
  byKind.set(kind, made);
  return made;
}

/**
 * The GCP side of SpotTrainingPool: a Spot node pool and, optionally, a
 * fallback pool that idles at zero and buys on demand, from a reservation or
 * by DWS flex-start, both through the cluster's one node-pool mechanism and
 * on the cluster's GPU fabric (installed in the workload stack once per
 * cluster). The fallback goes into the spot pool's zone(s), so both reach
 * the same zonal fabric and file systems.
 *
 * The construct gives the two pools distinct `ai-infra/capacity` taints: a
 * job tolerating only `spot` never lands on the dearer capacity. Each pool
 * has its own compact placement policy, so a job split across spot and
 * fallback nodes is not collocated across the two.
 *
 * No interruption handler is installed: GKE drains Spot nodes itself
 * through kubelet graceful node shutdown (`GKE_SPOT_SHUTDOWN`).
 */
export class GcpSpotTrainingPool extends Construct implements SpotTrainingPoolBackend {
  public readonly spotPool: GkeNodePoolHandle;
  public readonly fallbackPool?: GkeNodePoolHandle;
  /** The fabric's in-cluster pieces (multi-node pools on a GPUDirect type). */
  public readonly fabricWorkloads?: GkeFabricWorkloads;
  /** What `gkeFabricPodSpec` takes for this pool's pods (multi-node pools on a GPUDirect type). */
  public readonly fabricSpec?: GkeFabricSpec;
  /** Customer key of the checkpoint bucket, in the pool's own key ring (region of the stack). */
  public readonly key: GcpCustomerKey;
  /** The checkpoint bucket (CMEK, versioning, uniform access, public access prevention, soft delete, lifecycle, `prevent_destroy`). */
  public readonly checkpoints: GcsBucket;
  /** Google service account of the training pods; only the trainer Kubernetes service account may act as it. */
  public readonly trainerServiceAccount: ServiceAccount;
  /** `roles/iam.workloadIdentityUser` on the trainer service account for `<project>.svc.id.goog[<ns>/<ksa>]`. */
  public readonly trainerWorkloadIdentity: ServiceAccountIamMember;
  /** `roles/storage.objectUser` for the trainer on the checkpoint bucket only. */
  public readonly trainerCheckpointAccess: StorageBucketIamMember;
  /** The trainer Kubernetes service account in the workload stack, annotated with the Google service account. */
  public readonly trainerKubernetesServiceAccount: ServiceAccountV1;

  constructor(scope: Construct, id: string, plan: SpotTrainingPoolPlan) {
    super(scope, id);
    const ctx = stackContextOf(this);
    const cluster = gcpClusterOf(plan.cluster, plan.where);
    this.spotPool = cluster.addNodePool(this, 'SpotNodes', plan.spotPool);
    if (plan.fallbackPool) {
      this.fallbackPool = cluster.addNodePool(this, 'Fallback', { ...plan.fallbackPool, zones: this.spotPool.zones });
    }
    if (this.spotPool.fabric) {
      this.fabricWorkloads = ensureFabricWorkloads(plan.cluster.workloadScope(), cluster, this.spotPool.fabric, this.spotPool.machineType);
      this.fabricSpec = this.fabricWorkloads.spec;
    }
    if (plan.interruptionHandler) {
      ctx.recordDecision({
        construct: plan.where,
        topic: 'preemption-notice',
        chosen: `GKE graceful node shutdown (no handler to install); training pods set terminationGracePeriodSeconds <= ${GKE_SPOT_SHUTDOWN.podGraceSeconds}`,
        reason: `GKE gives a Spot node ${GKE_SPOT_SHUTDOWN.noticeSeconds} s after the preemption notice: ${GKE_SPOT_SHUTDOWN.podGraceSeconds} s for ordinary pods (SIGTERM), then ${GKE_SPOT_SHUTDOWN.noticeSeconds - GKE_SPOT_SHUTDOWN.podGraceSeconds} s for system pods; checkpoint on SIGTERM (${GKE_SPOT_SHUTDOWN.source})`,
      });
    }

    // Checkpoints: a bucket of the pool's own, with a key of its own in the stack region.
    const data = gcpDataContextOf(this, plan.where);
    this.key = constructKey(this, data, `${plan.nameSuffix}-ckpt`, CHECKPOINT_KEY_NAME);
    this.checkpoints = new GcsBucket(this, 'Checkpoints', {
      name: data.physicalName(`${plan.nameSuffix}-ckpt-${data.projectId}`, { maxLength: 63 }),
      location: data.region,
      key: this.key,
      projectNumber: data.projectNumber,
      noncurrentVersionRetentionDays: plan.checkpoints.noncurrentDays,
      preventDestroy: plan.checkpoints.preventDestroy,
    });
    for (const decision of this.checkpoints.decisions) ctx.recordDecision(decision);

    // The trainer: a Google service account that only the trainer Kubernetes service account may act as.
    const ksa = plan.trainerServiceAccount;
    const accountId = serviceAccountId(data, `${plan.nameSuffix}-trainer`);
    const email = serviceAccountEmail(data.projectId, accountId);
    this.trainerServiceAccount = new ServiceAccount(this, 'TrainerServiceAccount', {
      accountId,
      project: data.projectId,
      displayName: `Trainer of ${plan.where}`,
      description: `Reads and writes the checkpoints of ${plan.where}; bound to ${ksa.namespace}/${ksa.name}`,
    });
    this.trainerWorkloadIdentity = new ServiceAccountIamMember(this, 'TrainerWorkloadIdentity', {
      serviceAccountId: this.trainerServiceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: workloadIdentityMember(data.projectId, ksa.namespace, ksa.name),
    });
    this.trainerCheckpointAccess = new StorageBucketIamMember(this, 'TrainerCheckpointAccess', {
      bucket: this.checkpoints.bucketName,
      role: CHECKPOINT_WRITER_ROLE,
      member: this.trainerServiceAccount.member,
    });
    const workloads = workloadStackOf(plan.cluster);
    this.trainerKubernetesServiceAccount = new ServiceAccountV1(workloads, `${ctx.scope.node.id}-${plan.nameSuffix}-Trainer`.replace(/[^A-Za-z0-9-]/g, '-'), {
      metadata: {
        name: ksa.name,
        namespace: ksa.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' },
        annotations: { 'iam.gke.io/gcp-service-account': email },
      },
      dependsOn: [workloads.baseline.namespaces.training],
    });
    ctx.recordDecision({
      construct: plan.where,
      topic: 'trainer-identity',
      chosen: `Google service account ${email} for ${ksa.namespace}/${ksa.name} (Workload Identity), ${CHECKPOINT_WRITER_ROLE} on the checkpoint bucket only`,
      reason: 'checkpointing reads, lists, writes, overwrites and deletes objects; objectAdmin would add object ACL/IAM management a uniform-access bucket does not need; the key is used by the Cloud Storage service agent, not by the trainer',
    });
  }
}

/** Builds the GCP side of a SpotTrainingPool under the construct (child `Gcp`). */
export function createGcpSpotTrainingPool(scope: Construct, plan: SpotTrainingPoolPlan): GcpSpotTrainingPool {
  return new GcpSpotTrainingPool(scope, 'Gcp', plan);
}
