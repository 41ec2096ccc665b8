import { Construct } from 'constructs';
import { gcpClusterOf, GkeNodePoolHandle } from './gpu-cluster';
import { ensureFabricWorkloads } from './spot-training-pool';
import type { WarmInferencePoolBackend, WarmInferencePoolPlan } from '../core/plans';
import { GkeFabricWorkloads } from '../kubernetes/gke-fabric';

/**
 * The GCP side of WarmInferencePool: one node pool with a warm floor and a
 * ceiling, on demand or consuming a reservation (specific or any), through
 * the cluster's node-pool mechanism. The model server itself (Deployment,
 * Service, HPA, PDB) is the same on both clouds and comes from the construct.
 */
export class GcpWarmInferencePool extends Construct implements WarmInferencePoolBackend {
  public readonly nodes: GkeNodePoolHandle;
  /** The fabric's in-cluster pieces, when the pool attaches GPU NICs. */
  public readonly fabricWorkloads?: GkeFabricWorkloads;

  constructor(scope: Construct, id: string, plan: WarmInferencePoolPlan) {
    super(scope, id);
    const cluster = gcpClusterOf(plan.cluster, plan.where);
    this.nodes = cluster.addNodePool(this, 'Nodes', plan.pool);
    if (this.nodes.fabric) {
      this.fabricWorkloads = ensureFabricWorkloads(plan.cluster.workloadScope(), cluster, this.nodes.fabric, this.nodes.machineType);
    }
  }
}

/** Builds the GCP side of a WarmInferencePool under the construct (child `Gcp`). */
export function createGcpWarmInferencePool(scope: Construct, plan: WarmInferencePoolPlan): GcpWarmInferencePool {
  return new GcpWarmInferencePool(scope, 'Gcp', plan);
}
