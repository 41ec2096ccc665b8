import type { Construct } from 'constructs';
import type { IGpuCluster, NodePoolHandle, NodePoolPlan } from './gpu-cluster';

/** What WarmInferencePool decided; its backend builds from it. */
export interface WarmInferencePoolPlan {
  /** Construct path of the public construct. */
  readonly where: string;
  /** The cluster whose backend adds the node pool. */
  readonly cluster: IGpuCluster;
  /** The node pool: the warm floor as min and desired, the ceiling as max. */
  readonly pool: NodePoolPlan;
}

/** What a WarmInferencePool backend made, as the construct reads it back. */
export interface WarmInferencePoolBackend {
  readonly nodes: NodePoolHandle;
}

/** Builds an inference pool's resources under `scope` (the construct). */
export type WarmInferencePoolBackendFactory = (scope: Construct, plan: WarmInferencePoolPlan) => WarmInferencePoolBackend;
