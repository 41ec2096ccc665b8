import { Construct, IConstruct } from 'constructs';
import { GpuFabric } from './fabric';
import { GcpGpuCluster, gcpClusterOf, GkeNodePoolHandle } from './gpu-cluster';
import type { InstanceTypeSpec } from '../catalog/types';
import { stackContextOf } from '../core/context';
import type { SpotTrainingPoolBackend, SpotTrainingPoolPlan } from '../core/plans';
import { GkeFabricSpec, GkeFabricWorkloads } from '../kubernetes/gke-fabric';

/**
 * How a pod on a GKE Spot node learns of preemption: GKE turns on kubelet
 * graceful node shutdown for Spot VMs (GKE ≥ 1.20). On the preemption notice
 * the node has 30 s: the kubelet gives ordinary pods the first 15 s (SIGTERM,
 * then SIGKILL at the end of their grace period or of the 15 s) and
 * system-critical pods the last 15 s. A training pod therefore sets
 * `terminationGracePeriodSeconds` to at most 15 and writes (or finishes
 * uploading) its checkpoint on SIGTERM; a longer grace period is cut off.
 * GKE ≥ 1.35.0-gke.1171000 can extend the window to 120 s through the node
 * system configuration, a field google provider 6.50 does not have.
 */
export const GKE_SPOT_SHUTDOWN = {
  noticeSeconds: 30,
  podGraceSeconds: 15,
  source: 'https://docs.cloud.google.com/kubernetes-engine/docs/concepts/spot-vms (Termination and graceful shutdown of Spot VMs); https://cloud.google.com/kubernetes-engine/docs/how-to/preemptible-vms',
  asOf: '2026-12-02',
} as const;

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
    ctx.recordDecision({
      construct: plan.where,
      topic: 'checkpoint-bucket',
      chosen: 'not built on GCP yet',
      reason: 'the GCP checkpoint bucket comes from the GCP bucket builder, which is not on this branch; give training pods a bucket of your own (CMEK, versioning, uniform access) until it lands',
    });
    ctx.addWarning(`${plan.where}: no checkpoint bucket is built on GCP yet (the GCP bucket builder is not wired in); training pods need a bucket of their own`);
  }
}

/** Builds the GCP side of a SpotTrainingPool under the construct (child `Gcp`). */
export function createGcpSpotTrainingPool(scope: Construct, plan: SpotTrainingPoolPlan): GcpSpotTrainingPool {
  return new GcpSpotTrainingPool(scope, 'Gcp', plan);
}
