import { Construct, IConstruct } from 'constructs';
import { GpuFabric } from './fabric';
import { GcpGpuCluster, GkeNodePoolHandle, GkeNodePoolRequest } from './gpu-cluster';
import type { InstanceTypeSpec } from '../catalog/types';
import { GkeFabricWorkloads } from '../kubernetes/gke-fabric';

/**
 * How a pod on a GKE Spot node learns of preemption: GKE turns on kubelet
 * graceful node shutdown for Spot VMs (GKE ≥ 1.20). On the preemption notice
 * the kubelet gets 30 s: the first 15 s to terminate ordinary pods (SIGTERM,
 * then SIGKILL at the end of their grace period or of the 15 s), the last
 * 15 s for system-critical pods. A training pod therefore sets
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
  workloadScope: Construct, cluster: GcpGpuCluster, fabric: GpuFabric, type: InstanceTypeSpec,
): GkeFabricWorkloads {
  const byKind = INSTALLED.get(workloadScope) ?? new Map<string, GkeFabricWorkloads>();
  INSTALLED.set(workloadScope, byKind);
  const kind = fabric.layout.fabric;
  const existing = byKind.get(kind);
  if (existing) return existing;
  const id = `${cluster.node.path.replace(/[^A-Za-z0-9-]/g, '-')}-${kind}`;
  const made = new GkeFabricWorkloads(workloadScope, id, { spec: cluster.fabricWorkloadSpec(fabric, type) });
  byKind.set(kind, made);
  return made;
}

export interface GcpSpotTrainingPoolProps {
  readonly cluster: GcpGpuCluster;
  /** The spot pool (purchase `spot`). */
  readonly spotPool: GkeNodePoolRequest;
  /**
   * The fallback pool at zero: on demand, from a reservation, or by DWS flex-start, with its own taint.
   * @default - no fallback
   */
  readonly fallbackPool?: GkeNodePoolRequest;
  /**
   * The cluster's workload scope, where the fabric's in-cluster pieces go.
   * @default - none installed (the caller installs them)
   */
  readonly workloadScope?: Construct;
}

/**
 * The GCP side of SpotTrainingPool: a Spot node pool and, optionally, a
 * fallback pool that idles at zero and buys on demand, from a reservation or
 * by DWS flex-start, both through the cluster's one node-pool mechanism and
 * on the cluster's GPU fabric; plus the fabric's in-cluster pieces.
 *
 * The two pools carry distinct `ai-infra/capacity` taints: a job tolerating
 * only `spot` never lands on the dearer capacity; one tolerating both runs
 * wherever capacity exists. Each pool has its own compact placement policy,
 * so a job split across spot and fallback nodes is not collocated across the
 * two (keep a job on one capacity type for the tightest placement).
 */
export class GcpSpotTrainingPool extends Construct {
  public readonly spot: GkeNodePoolHandle;
  public readonly fallback?: GkeNodePoolHandle;
  public readonly fabricWorkloads?: GkeFabricWorkloads;

  constructor(scope: Construct, id: string, props: GcpSpotTrainingPoolProps) {
    super(scope, id);
    this.spot = props.cluster.addNodePool(this, 'SpotNodes', props.spotPool);
    if (props.fallbackPool) {
      // The fallback joins the spot pool's zone so both reach the same zonal fabric and file systems.
      this.fallback = props.cluster.addNodePool(this, 'Fallback', { ...props.fallbackPool, zones: props.spotPool.compactPlacement ? this.spot.zones : props.fallbackPool.zones });
    }
    if (props.workloadScope && this.spot.fabric) {
      this.fabricWorkloads = ensureFabricWorkloads(props.workloadScope, props.cluster, this.spot.fabric, props.spotPool.types[0]);
    }
  }
}
