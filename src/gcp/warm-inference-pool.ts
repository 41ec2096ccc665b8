import { Construct } from 'constructs';
import { GcpGpuCluster, GkeNodePoolHandle, GkeNodePoolRequest } from './gpu-cluster';
import { ensureFabricWorkloads } from './spot-training-pool';
import { GkeFabricWorkloads } from '../kubernetes/gke-fabric';

export interface GcpWarmInferencePoolProps {
  readonly cluster: GcpGpuCluster;
  /** The node pool: the warm floor as min, the ceiling as max; on demand or from a reservation. */
  readonly pool: GkeNodePoolRequest;
  /**
   * The cluster's workload scope, where a fabric's in-cluster pieces go (multi-node replicas only).
   * @default - none installed
   */
  readonly workloadScope?: Construct;
}

/**
 * The GCP side of WarmInferencePool: one node pool with a warm floor and a
 * ceiling, on demand or consuming a reservation (specific or any), through
 * the cluster's node-pool mechanism. The model server itself (Deployment,
 * Service, HPA, PDB) is the same on both clouds and comes from the construct.
 */
export class GcpWarmInferencePool extends Construct {
  public readonly nodes: GkeNodePoolHandle;
  public readonly fabricWorkloads?: GkeFabricWorkloads;

  constructor(scope: Construct, id: string, props: GcpWarmInferencePoolProps) {
    super(scope, id);
    this.nodes = props.cluster.addNodePool(this, 'Nodes', props.pool);
    if (props.workloadScope && this.nodes.fabric) {
      this.fabricWorkloads = ensureFabricWorkloads(props.workloadScope, props.cluster, this.nodes.fabric, props.pool.types[0]);
    }
  }
}
