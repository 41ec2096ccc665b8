import type { Construct } from 'constructs';
import type { IGpuCluster, NodePoolHandle, NodePoolPlan } from './gpu-cluster';

/** What SpotTrainingPool decided; its backend builds from it. */
export interface SpotTrainingPoolPlan {
  /** Construct path of the public construct. */
  readonly where: string;
  /** Physical-name suffix of the pool (from its construct id). */
  readonly nameSuffix: string;
  /** The cluster whose backend adds the node pools. */
  readonly cluster: IGpuCluster;
  /** The spot node pool. */
  readonly spotPool: NodePoolPlan;
  /**
   * The fallback pool (on demand or reserved, at zero); the backend joins it
   * to the spot pool's fabric and placement (`shareWith`).
   * @default - no fallback
   */
  readonly fallbackPool?: NodePoolPlan;
  /** Checkpoint bucket settings. */
  readonly checkpoints: {
    /** Days a superseded checkpoint version is kept. */
    readonly noncurrentDays: number;
    /** Terraform `prevent_destroy` on the bucket. */
    readonly preventDestroy: boolean;
  };
  /** Service account training pods use to reach the checkpoints. */
  readonly trainerServiceAccount: { readonly namespace: string; readonly name: string };
  /**
   * The cloud's interruption handler (AWS: aws-node-termination-handler in queue mode), by its service account.
   * @default - none
   */
  readonly interruptionHandler?: { readonly serviceAccount: string };
}

/** What a SpotTrainingPool backend made, as the construct reads it back. */
export interface SpotTrainingPoolBackend {
  readonly spotPool: NodePoolHandle;
  /**
   * @default - absent without a fallback
   */
  readonly fallbackPool?: NodePoolHandle;
}

/** Builds a spot pool's resources under `scope` (the construct). */
export type SpotTrainingPoolBackendFactory = (scope: Construct, plan: SpotTrainingPoolPlan) => SpotTrainingPoolBackend;
