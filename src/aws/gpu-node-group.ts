import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate, LaunchTemplateNetworkInterfaces } from '@cdktf/provider-aws/lib/launch-template';
import { PlacementGroup } from '@cdktf/provider-aws/lib/placement-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { awsPartition, CustomerKey } from './kms';
import type { InstanceTypeSpec } from '../catalog/types';
import { requireAwsAccountId, stackContextOf } from '../core/context';
import type { NodePoolHandle, NodeTaint } from '../core/plans';
import { AiInfraError } from '../errors';

/** How the nodes are bought. `CAPACITY_BLOCK` runs on an EC2 Capacity Block named by `capacityReservation`. */
export type NodeCapacityType = 'ON_DEMAND' | 'SPOT' | 'CAPACITY_BLOCK';

/** EKS's spelling of a taint effect. */
const EKS_TAINT_EFFECT: Readonly<Record<NodeTaint['effect'], 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE'>> = {
  NoSchedule: 'NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
};

/** An On-Demand Capacity Reservation (or Capacity Block) by id, or a resource group of reservations. */
export type CapacityReservationTarget = { readonly id: string } | { readonly resourceGroupArn: string };

/** What a node group needs from its cluster (the AWS cluster backend provides it). */
export interface NodeGroupClusterRefs {
  /** EKS cluster name (a token of the cluster resource, so node groups depend on it). */
  readonly clusterName: string;
  readonly vpcId: string;
  readonly nodeRoleArn: string;
  readonly privateSubnetIdByZone: Readonly<Record<string, string>>;
  /** EKS cluster security group: control plane <-> nodes, and node <-> node. */
  readonly clusterSecurityGroupId: string;
  /** Our node security group (the source other services allow). */
  readonly nodeSecurityGroupId: string;
  /** KMS key for EBS root volumes (its policy lets Auto Scaling use it). */
  readonly volumeKeyArn: string;
  /** Resources node groups must wait for (node IAM policies, network add-ons). */
  readonly nodeDependencies: ReadonlyArray<ITerraformDependable>;
  /**
   * `nodeDependencies` as the dependency strings cdktf writes to `depends_on`
   * (cdktf's `dependable()` of each), made once per cluster and shared.
   */
  readonly nodeDependsOn: ReadonlyArray<string>;
}

export interface GpuNodeGroupProps {
  readonly cluster: NodeGroupClusterRefs;
  /** Construct path of the pool, for error messages. */
  readonly where: string;
  /** Instance types, all with the same accelerator and count per node; the first sets the interface layout. */
  readonly instanceTypes: ReadonlyArray<InstanceTypeSpec>;
  readonly capacityType: NodeCapacityType;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** AZ IDs the node group may use; one with a placement group. */
  readonly zones: ReadonlyArray<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: ReadonlyArray<NodeTaint>;
  /**
   * EC2 tags on the instances (and their volumes and interfaces), beside the stack's tags.
   * @default - none
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
  readonly rootVolumeGiB: number;
  /** Attach every EFA interface the type has (types without EFA ignore it). */
  readonly efa: boolean;
  /** Launch into a cluster placement group (multi-node jobs); pins the group to `zones[0]`. */
  readonly placementGroup: boolean;
  readonly capacityReservation?: CapacityReservationTarget;
  /** The reservation was created for this node group's cluster placement group. */
  readonly reservationTargetsPlacementGroup?: boolean;
  /** IMDSv2 hop limit: 1 keeps pods off the node's instance metadata (and its role). */
  readonly imdsHopLimit: number;
  /** Physical-name suffix (from construct ids only). */
  readonly nameSuffix: string;
  /**
   * Share the EFA security group and placement group of another node group of
   * the same pool (the on-demand fallback joins the spot nodes' EFA fabric).
   * @default - this node group makes its own
   */
  readonly shareWith?: GpuNodeGroup;
  /** Field names used in errors, as the user wrote them. */
  readonly fields?: { readonly instanceTypes?: string; readonly capacityReservation?: string };
}

/** One interface of a launch template, as laid out by `efaInterfaceLayout`. */
export interface InterfaceSlot {
  readonly networkCardIndex: number;
  readonly deviceIndex: number;
  readonly interfaceType: 'efa' | 'efa-only' | 'interface';
}

/**
 * The EC2 layout of EFA interfaces for a type: one EFA device on every network
 * card the type has. The primary interface (card 0, device 0) carries IP
 * traffic, so it is never `efa-only`: it is `efa` (EFA with ENA) when card 0
 * supports EFA, else a plain `interface`. Every other card gets an `efa-only`
 * interface at device index 1 (the layout of the EC2 docs' p5 example,
 * terraform-aws-eks and dstack; `efa-only` needs VPC CNI >= 1.18.4). When card 0
 * has no EFA (p6-b300), the EFA devices go on cards 1..N.
 */
export function efaInterfaceLayout(type: InstanceTypeSpec): InterfaceSlot[] {
  const cards = type.nics.networkCards ?? 1;
  const efa = type.nics.efaInterfaces ?? 0;
  if (efa === 0) return [];
  const primaryEfa = type.nics.primaryCardSupportsEfa !== false;
  const slots: InterfaceSlot[] = [{ networkCardIndex: 0, deviceIndex: 0, interfaceType: primaryEfa ? 'efa' : 'interface' }];
  const otherCards = Math.min(cards - 1, primaryEfa ? efa - 1 : efa);
  for (let card = 1; card <= otherCards; card++) slots.push({ networkCardIndex: card, deviceIndex: 1, interfaceType: 'efa-only' });
  return slots;
}

/**
 * A customer-managed key for node root volumes. Nodes of managed node groups
 * are launched by Auto Scaling, so besides the account root the key policy
 * lets the Auto Scaling service-linked role use the key and create grants for
 * EC2 (docs: "Required AWS KMS key policy for use with encrypted volumes").
 *
 * The service-linked role `AWSServiceRoleForAutoScaling` must exist when the
 * key is created: KMS rejects a policy naming a missing role. It exists in
 * every account that has ever had an Auto Scaling group; in a brand-new
 * account create it once (`aws iam create-service-linked-role
 * --aws-service-name autoscaling.amazonaws.com`). We do not create it here:
 * creating it fails where it already exists, and which case holds cannot be
 * known offline (rule 3).
 */
export class NodeVolumeKey extends CustomerKey {
  constructor(scope: Construct, id: string, props: { readonly aliasSuffix: string }) {
    const stack = stackContextOf(scope);
    const partition = awsPartition(stack.region);
    const asg = `arn:${partition}:iam::${requireAwsAccountId(stack, scope.node.path)}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    super(scope, id, {
      description: 'EBS root volumes of the cluster nodes',
      aliasSuffix: props.aliasSuffix,
      extraStatements: [
        {
          sid: 'AutoScalingUsesKeyForVolumes',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [asg] }],
          actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          resources: ['*'],
        },
        {
          sid: 'AutoScalingGrantsForAwsResources',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [asg] }],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          condition: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
        },
      ],
    });
  }
}

/**
 * The one mechanism every GPU pool uses: a launch template (IMDSv2 required,
 * encrypted gp3 root volume, no public IPs, every EFA interface of the type in
 * an EFA security group, optional cluster placement group and capacity
 * reservation) and an EKS managed node group on it with the type's
 * accelerated `ami_type`.
 *
 * The node group's desired size is ignored after creation: the cluster
 * autoscaler (or the user) owns it, and Terraform must not scale nodes back on
 * every apply. Instance-type or capacity-type changes replace the node group
 * (EKS cannot change them in place); the name is a prefix and the replacement
 * is created before the old one goes, so the Terraform address stays the same.
 */
export class GpuNodeGroup extends Construct implements NodePoolHandle {
  public readonly launchTemplate: LaunchTemplate;
  public readonly nodeGroup: EksNodeGroup;
  public readonly placementGroup?: PlacementGroup;
  /** Security group of the EFA interfaces: all traffic to and from itself. */
  public readonly efaSecurityGroup?: SecurityGroup;
  /** The interfaces laid out on the launch template (empty without EFA). */
  public readonly interfaces: ReadonlyArray<InterfaceSlot>;
  /** AZ IDs the node group launches into. */
  public readonly zones: ReadonlyArray<string>;

  /** EFA interfaces per node (0 without EFA). */
  public get fabricInterfaces(): number {
    return this.interfaces.length;
  }

  constructor(scope: Construct, id: string, props: GpuNodeGroupProps) {
    super(scope, id);
    const stack = stackContextOf(this);
    const typesField = props.fields?.instanceTypes ?? 'instanceTypes';
    const reservationField = props.fields?.capacityReservation ?? 'aws.capacityReservation';
    const [primary, ...others] = props.instanceTypes;
    if (!primary) throw new AiInfraError({ where: props.where, field: typesField, given: [], allowed: 'at least one instance type' });

    for (const t of others) {
      if (t.accelerator !== primary.accelerator || t.acceleratorsPerNode !== primary.acceleratorsPerNode) {
        throw new AiInfraError({
          where: props.where,
          field: typesField,
          given: props.instanceTypes.map((x) => `${x.name} (${x.acceleratorsPerNode} × ${x.accelerator})`),
          allowed: `types with the same accelerator and count per node as ${primary.name} (${primary.acceleratorsPerNode} × ${primary.accelerator})`,
        });
      }
    }
    const useEfa = props.efa && (primary.nics.efaInterfaces ?? 0) > 0;
    this.interfaces = useEfa ? efaInterfaceLayout(primary) : [];
    if (useEfa) {
      const odd = others.find((t) => JSON.stringify(efaInterfaceLayout(t)) !== JSON.stringify(this.interfaces));
      if (odd) {
        throw new AiInfraError({
          where: props.where,
          field: typesField,
          given: props.instanceTypes.map((x) => `${x.name} (${x.nics.efaInterfaces ?? 0} EFA)`),
          allowed: `types with the same EFA interface layout as ${primary.name} (${primary.nics.efaInterfaces} interfaces): one launch template serves them all`,
          hint: 'Use one of them, or turn EFA off for the pool',
        });
      }
    }
    if (props.capacityReservation && props.placementGroup && !props.reservationTargetsPlacementGroup) {
      throw new AiInfraError({
        where: props.where,
        field: reservationField,
        given: props.capacityReservation,
        allowed: 'a reservation that targets this pool\'s cluster placement group (set aws.reservationTargetsPlacementGroup: true), or no placement group',
        message: `${reservationField} and a cluster placement group are both set: instances must launch into the reservation and into the placement group, which only works when the reservation was created for that placement group (terraform-aws-eks #3661)`,
        hint: 'Set aws.reservationTargetsPlacementGroup: true if it does, or drop one of the two',
      });
    }
    if (props.capacityType === 'CAPACITY_BLOCK' && !props.capacityReservation) {
      throw new AiInfraError({ where: props.where, field: reservationField, given: undefined, allowed: 'the Capacity Block\'s reservation id when the purchase is a capacity block' });
    }

    const zones = props.placementGroup ? props.zones.slice(0, 1) : [...props.zones];
    this.zones = zones;
    const subnetIds = zones.map((z) => {
      const subnet = props.cluster.privateSubnetIdByZone[z];
      if (!subnet) {
        throw new AiInfraError({
          where: props.where,
          field: 'zones',
          given: z,
          allowed: `a zone of the cluster (${Object.keys(props.cluster.privateSubnetIdByZone).join(', ')})`,
        });
      }
      return subnet;
    });

    const nodeSecurityGroups = [props.cluster.clusterSecurityGroupId, props.cluster.nodeSecurityGroupId];
    if (useEfa && props.shareWith?.efaSecurityGroup) {
      this.efaSecurityGroup = props.shareWith.efaSecurityGroup;
    } else if (useEfa) {
      this.efaSecurityGroup = new SecurityGroup(this, 'EfaSecurityGroup', {
        name: stack.physicalName(`${props.nameSuffix}-efa`, { maxLength: 255 }),
        description: 'EFA: all traffic to and from members of this group only',
        vpcId: props.cluster.vpcId,
        revokeRulesOnDelete: true,
      });
      new VpcSecurityGroupIngressRule(this, 'EfaIngressSelf', {
        securityGroupId: this.efaSecurityGroup.id,
        referencedSecurityGroupId: this.efaSecurityGroup.id,
        ipProtocol: '-1',
        description: 'EFA from members of this group',
      });
      new VpcSecurityGroupEgressRule(this, 'EfaEgressSelf', {
        securityGroupId: this.efaSecurityGroup.id,
        referencedSecurityGroupId: this.efaSecurityGroup.id,
        ipProtocol: '-1',
        description: 'EFA to members of this group',
      });
    }

    if (props.placementGroup && props.shareWith?.placementGroup) {
      this.placementGroup = props.shareWith.placementGroup;
    } else if (props.placementGroup) {
      this.placementGroup = new PlacementGroup(this, 'PlacementGroup', {
        name: stack.physicalName(`${props.nameSuffix}-cluster`, { maxLength: 255 }),
        strategy: 'cluster',
      });
    }

    const networkInterfaces: LaunchTemplateNetworkInterfaces[] = this.interfaces.map((slot) => ({
      networkCardIndex: slot.networkCardIndex,
      deviceIndex: slot.deviceIndex,
      interfaceType: slot.interfaceType,
      associatePublicIpAddress: 'false',
      deleteOnTermination: 'true',
      securityGroups: [...nodeSecurityGroups, this.efaSecurityGroup!.id],
      description: `card ${slot.networkCardIndex} ${slot.interfaceType}`,
    }));

    const reservation = props.capacityReservation;
    this.launchTemplate = new LaunchTemplate(this, 'LaunchTemplate', {
      name: stack.physicalName(props.nameSuffix, { maxLength: 125 }),
      description: `GPU nodes of ${props.where}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: props.imdsHopLimit,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeType: 'gp3',
            volumeSize: props.rootVolumeGiB,
            encrypted: 'true',
            kmsKeyId: props.cluster.volumeKeyArn,
            deleteOnTermination: 'true',
          },
        },
      ],
      ...(networkInterfaces.length > 0 ? { networkInterfaces } : { vpcSecurityGroupIds: nodeSecurityGroups }),
      ...(this.placementGroup ? { placement: { groupName: this.placementGroup.name } } : {}),
      ...(reservation
        ? {
          capacityReservationSpecification: {
            capacityReservationTarget:
                'id' in reservation ? { capacityReservationId: reservation.id } : { capacityReservationResourceGroupArn: reservation.resourceGroupArn },
          },
        }
        : {}),
      ...(props.capacityType === 'CAPACITY_BLOCK' ? { instanceMarketOptions: { marketType: 'capacity-block' } } : {}),
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({
        resourceType,
        tags: { ...stack.tags, ...(props.instanceTags ?? {}), Name: stack.physicalName(props.nameSuffix, { maxLength: 255 }) },
      })),
      monitoring: { enabled: true },
    });

    this.nodeGroup = new EksNodeGroup(this, 'Resource', {
      clusterName: props.cluster.clusterName,
      nodeGroupNamePrefix: `${stack.physicalName(props.nameSuffix, { maxLength: 36 })}-`,
      nodeRoleArn: props.cluster.nodeRoleArn,
      subnetIds,
      amiType: primary.amiType ?? 'AL2023_x86_64_NVIDIA',
      capacityType: props.capacityType,
      instanceTypes: props.instanceTypes.map((t) => t.name),
      scalingConfig: { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize },
      updateConfig: { maxUnavailable: 1 },
      labels: { ...props.labels },
      taint: props.taints.map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] })),
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      nodeRepairConfig: { enabled: true },
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'], createBeforeDestroy: true },
    });
    // The cluster's shared dependency strings: passing `dependsOn` in the config would make a new token per dependency.
    this.nodeGroup.dependsOn = [...props.cluster.nodeDependsOn];
  }
}
