import { Construct } from 'constructs';
import { awsClusterOf } from './gpu-cluster';
import { GpuNodeGroup } from './gpu-node-group';
import type { WarmInferencePoolBackend, WarmInferencePoolPlan } from '../core/plans';

/** The AWS side of WarmInferencePool: one on-demand (or reserved) node group through the cluster's node-pool mechanism. */
export class AwsWarmInferencePool extends Construct implements WarmInferencePoolBackend {
  /** The node group (launch template, EKS node group, EFA security group, placement group). */
  public readonly nodes: GpuNodeGroup;

  constructor(scope: Construct, id: string, plan: WarmInferencePoolPlan) {
    super(scope, id);
    this.nodes = awsClusterOf(plan.cluster, plan.where).addNodePool(this, 'Nodes', plan.pool) as GpuNodeGroup;
  }
}

/** Builds the AWS side of a WarmInferencePool under the construct (child `Aws`). */
export function createAwsWarmInferencePool(scope: Construct, plan: WarmInferencePoolPlan): AwsWarmInferencePool {
  return new AwsWarmInferencePool(scope, 'Aws', plan);
}
