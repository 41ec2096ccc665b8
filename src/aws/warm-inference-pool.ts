import { Construct } from 'constructs';
import { AwsGpuCluster } from './gpu-cluster';
import { CapacityReservationTarget, GpuNodeGroup, NodeCapacityType, NodeTaint } from './gpu-node-group';
import type { InstanceTypeSpec } from '../catalog/types';

export interface AwsWarmInferencePoolProps {
  readonly where: string;
  readonly nameSuffix: string;
  readonly cluster: AwsGpuCluster;
  readonly types: ReadonlyArray<InstanceTypeSpec>;
  readonly floorNodes: number;
  readonly ceilingNodes: number;
  readonly zones: ReadonlyArray<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: ReadonlyArray<NodeTaint>;
  readonly rootVolumeGiB: number;
  readonly efa: boolean;
  readonly placementGroup: boolean;
  readonly capacityType: NodeCapacityType;
  readonly capacityReservation?: CapacityReservationTarget;
  readonly reservationTargetsPlacementGroup?: boolean;
}

/** The AWS side of WarmInferencePool: one on-demand (or reserved) node group through the shared GPU mechanism. */
export class AwsWarmInferencePool extends Construct {
  public readonly nodes: GpuNodeGroup;

  constructor(scope: Construct, id: string, props: AwsWarmInferencePoolProps) {
    super(scope, id);
    this.nodes = new GpuNodeGroup(this, 'Nodes', {
      cluster: props.cluster.nodeGroupRefs(),
      where: props.where,
      instanceTypes: props.types,
      capacityType: props.capacityType,
      minSize: props.floorNodes,
      desiredSize: props.floorNodes,
      maxSize: props.ceilingNodes,
      zones: props.zones,
      labels: props.labels,
      taints: props.taints,
      rootVolumeGiB: props.rootVolumeGiB,
      efa: props.efa,
      placementGroup: props.placementGroup,
      capacityReservation: props.capacityReservation,
      reservationTargetsPlacementGroup: props.reservationTargetsPlacementGroup,
      imdsHopLimit: props.cluster.imdsHopLimit,
      nameSuffix: props.nameSuffix,
    });
  }
}
