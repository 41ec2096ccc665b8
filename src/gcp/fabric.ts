import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { Construct } from 'constructs';
import { cidrSubnet, firstOverlap, isCidr } from './cidr';
import { GCP_NAME_MAX, PhysicalName } from './network';
import type { Fabric, InstanceTypeSpec } from '../catalog/types';
import { AiInfraError } from '../errors';
import type { GkeFabricSpec } from '../kubernetes/gke-fabric';
import type { PolicySuppression } from '../policy/pack';
import {
  ROCE_NETWORK_FIREWALL_SUPPRESSION,
  ROCE_SUBNET_FLOW_LOGS_SUPPRESSION,
  ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION,
} from '../policy/rules/gcp/suppressions';

/** GPU fabrics that need extra node NICs on their own VPCs. */
export type GpuDirectFabric = Extract<Fabric, 'gpudirect-tcpx' | 'gpudirect-tcpxo' | 'gpudirect-rdma'>;

/** How a device attaches in GKE multi-networking: a gVNIC netdevice, or an RDMA (MRDMA) device. */
export type FabricDeviceMode = 'NetDevice' | 'RDMA';

/**
 * MTUs of the fabric VPCs: 8244 on the gVNIC networks of A3 High/Mega
 * (cluster-toolkit `modules/network/multivpc` in the A3 blueprints), 8896 on
 * RoCE VPCs (`modules/network/gpu-rdma-vpc` default; the RDMA profile's
 * recommended MTU).
 */
export const FABRIC_MTU: Readonly<Record<GpuDirectFabric, number>> = {
  'gpudirect-tcpx': 8244,
  'gpudirect-tcpxo': 8244,
  'gpudirect-rdma': 8896,
};

/** Where the fabric facts come from. */
export const FABRIC_SOURCE = 'GoogleCloudPlatform/cluster-toolkit examples/gke-a3-megagpu, examples/gke-a3-highgpu, examples/gke-a3-ultragpu, modules/network/multivpc, modules/network/gpu-rdma-vpc, modules/compute/gke-node-pool/gpu_direct.tf@1047080';

/** Default range the fabric subnets are carved from (/20 each; cluster-toolkit uses 192.168.0.0/16 for TCPXO). */
export const DEFAULT_FABRIC_CIDR = '192.168.0.0/16';

/** The extra NICs a machine type needs for its GPU fabric, from the catalog. */
export interface FabricLayout {
  readonly fabric: GpuDirectFabric;
  /** Extra gVNIC VPCs, one subnet each (TCPX 4, TCPXO 8, RDMA 1). */
  readonly gvnicNetworks: number;
  /** Subnets of the one RoCE VPC, one per MRDMA NIC (RDMA 8, else 0). */
  readonly rdmaSubnets: number;
  /** MTU of every fabric VPC. */
  readonly mtu: number;
  /** Additional node NICs: gvnicNetworks + rdmaSubnets. */
  readonly additionalNics: number;
}

/**
 * The fabric layout of a machine type, or undefined for types without a
 * GPUDirect fabric (plain Ethernet: A2, G2, partial A3 shapes). The catalog
 * says how many NICs the type has: TCPX/TCPXO one gVNIC VPC per GPU NIC
 * (`extraGpuNetworks`); RDMA one extra gVNIC VPC (the second of `gvnics`)
 * plus one RoCE VPC with a subnet per MRDMA NIC (`rdmaNics`).
 */
export function fabricLayout(type: InstanceTypeSpec): FabricLayout | undefined {
  if (type.fabric === 'gpudirect-tcpx' || type.fabric === 'gpudirect-tcpxo') {
    const gvnicNetworks = type.nics.extraGpuNetworks ?? 0;
    return { fabric: type.fabric, gvnicNetworks, rdmaSubnets: 0, mtu: FABRIC_MTU[type.fabric], additionalNics: gvnicNetworks };
  }
  if (type.fabric === 'gpudirect-rdma') {
    const gvnicNetworks = Math.max(0, (type.nics.gvnics ?? 1) - 1);
    const rdmaSubnets = type.nics.rdmaNics ?? 0;
    return { fabric: type.fabric, gvnicNetworks, rdmaSubnets, mtu: FABRIC_MTU[type.fabric], additionalNics: gvnicNetworks + rdmaSubnets };
  }
  return undefined;
}

/**
 * The most NICs a node of the type can use beyond its primary one, as the
 * catalog records them: every GPU NIC plus every extra gVNIC. A pool whose
 * fabric configures fewer runs multi-node jobs on a fraction of its fabric.
 */
export function maxAdditionalNics(type: InstanceTypeSpec): number {
  const gvnics = type.nics.gvnics ?? 1;
  if (type.fabric === 'gpudirect-rdma') return gvnics - 1 + (type.nics.rdmaNics ?? 0);
  return gvnics - 1 + (type.nics.extraGpuNetworks ?? 0);
}

/** One additional node NIC and the Kubernetes network that names it. */
export interface FabricNic {
  /** Name of the GKENetworkParamSet and Network objects (`vpc1`, `rdma-0`). */
  readonly k8sNetwork: string;
  /** Interface name inside the pod (`eth1`...). */
  readonly interfaceName: string;
  /** VPC name as a reference to the network (what `additional_node_network_configs.network` takes; orders the pool after it). */
  readonly network: string;
  /** Subnet name as a reference to the subnet. */
  readonly subnetwork: string;
  /** VPC name as a literal (what the in-cluster GKENetworkParamSet names, without a cross-stack reference). */
  readonly vpcName: string;
  /** Subnet name as a literal. */
  readonly subnetName: string;
  readonly deviceMode: FabricDeviceMode;
  /** The subnet's range. */
  readonly cidr: string;
  /** Whether a multi-node pod attaches it (the RDMA fabric's extra gVNIC is left to the node, as in cluster-toolkit's jobs). */
  readonly podAttached: boolean;
}

export interface GpuFabricProps {
  /** Construct path of the owner, for errors and descriptions. */
  readonly where: string;
  readonly physicalName: PhysicalName;
  /** Suffix the fabric's names start from (cluster suffix + fabric kind). */
  readonly nameSuffix: string;
  readonly projectId: string;
  readonly region: string;
  /** Zone of the pools using the fabric: a RoCE VPC is zonal (its network profile is `<zone>-vpc-roce`). */
  readonly zone: string;
  /** The machine type the fabric is for. */
  readonly type: InstanceTypeSpec;
  /** Range the fabric's /20 subnets are carved from (a /16 holds 16 of them). */
  readonly baseCidr: string;
  /** Ranges already in use in the cluster (primary subnet, pods, services), which fabric subnets must not overlap. */
  readonly reservedRanges: Readonly<Record<string, string>>;
  /** Flow-log sampling of the gVNIC fabric subnets (0..1]. */
  readonly flowLogSampling: number;
  /**
   * Field name used in errors for the base range.
   * @default 'gcp.fabricCidr'
   */
  readonly baseCidrField?: string;
}

/** Subnets per fabric are /20s: 4 more bits than a /16 base, 16 slots (gVNIC networks first, RoCE subnets from slot 8). */
const FABRIC_NEW_BITS = 4;
const RDMA_FIRST_SLOT = 8;

/**
 * The VPCs of a GPUDirect fabric, as cluster-toolkit builds them for GKE:
 * - `gpudirect-tcpxo` (a3-megagpu-8g): 8 gVNIC VPCs, one subnet each, MTU 8244;
 * - `gpudirect-tcpx` (a3-highgpu-8g): 4 gVNIC VPCs, MTU 8244;
 * - `gpudirect-rdma` (a3-ultragpu-8g, a4-highgpu-8g): 1 extra gVNIC VPC plus one
 *   RoCE VPC with network profile `projects/<id>/global/networkProfiles/<zone>-vpc-roce`
 *   and a subnet per MRDMA NIC (8), MTU 8896.
 *
 * gVNIC fabric VPCs get flow logs, Private Google Access and a firewall rule
 * allowing their own subnet only. RoCE VPCs get neither flow logs nor
 * firewall rules: VPC firewall rules are not supported on them (only
 * RDMA_ROCE_POLICY network firewall policies, google-beta only), and they
 * implicitly allow traffic between their NICs; `policyExemptions` carries
 * the pack's rule ids and written reasons for them (`RDMA_NETWORK_EXEMPTION`).
 *
 * After building, it asserts that the NICs it made equal the type's maximum
 * in the catalog, and that no subnet overlaps the cluster's ranges.
 */
export class GpuFabric extends Construct {
  public readonly layout: FabricLayout;
  public readonly zone: string;
  public readonly networks: ComputeNetwork[] = [];
  public readonly subnetworks: ComputeSubnetwork[] = [];
  public readonly firewalls: ComputeFirewall[] = [];
  /** The RoCE VPC (RDMA fabric only). */
  public readonly rdmaNetwork?: ComputeNetwork;
  /**
   * Suppressions the policy pack needs for the RoCE VPC and its subnets (path
   * prefix `<fabric>/Rdma`), each with the pack's rule id and written reason.
   * Empty without a RoCE network.
   */
  public readonly policyExemptions: PolicySuppression[] = [];
  /** Every additional node NIC, in interface order. */
  public readonly nics: ReadonlyArray<FabricNic>;
  /** Machine type the fabric was built for. */
  public readonly machineType: string;

  constructor(scope: Construct, id: string, props: GpuFabricProps) {
    super(scope, id);
    const layout = fabricLayout(props.type);
    if (!layout) {
      throw new AiInfraError({ where: props.where, field: 'instanceTypes', given: props.type.name, allowed: 'a machine type with a GPUDirect fabric (gpudirect-tcpx, gpudirect-tcpxo, gpudirect-rdma)' });
    }
    this.layout = layout;
    this.zone = props.zone;
    this.machineType = props.type.name;
    const baseField = props.baseCidrField ?? 'gcp.fabricCidr';
    if (!isCidr(props.baseCidr, 8, 32 - 8 - FABRIC_NEW_BITS)) {
      throw new AiInfraError({ where: props.where, field: baseField, given: props.baseCidr, allowed: `an IPv4 CIDR in network form with a prefix of /8 to /${32 - 8 - FABRIC_NEW_BITS} (16 fabric subnets are carved from it)` });
    }
    const name = (suffix: string) => props.physicalName(`${props.nameSuffix}-${suffix}`, { maxLength: GCP_NAME_MAX });
    const nics: FabricNic[] = [];
    const tcpx = layout.fabric !== 'gpudirect-rdma';

    for (let i = 0; i < layout.gvnicNetworks; i++) {
      const n = i + 1;
      const cidr = cidrSubnet(props.baseCidr, FABRIC_NEW_BITS, i);
      const vpcName = name(`gvnic-${n}`);
      const network = new ComputeNetwork(this, `Gvnic${n}`, {
        name: vpcName,
        description: `GPU fabric (${layout.fabric}) NIC ${n} of ${props.where}`,
        autoCreateSubnetworks: false,
        routingMode: 'REGIONAL',
        mtu: layout.mtu,
      });
      const subnet = new ComputeSubnetwork(this, `Gvnic${n}Subnet`, {
        name: vpcName,
        network: network.id,
        region: props.region,
        ipCidrRange: cidr,
        privateIpGoogleAccess: true,
        logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: props.flowLogSampling, metadata: 'INCLUDE_ALL_METADATA' },
      });
      this.firewalls.push(new ComputeFirewall(this, `Gvnic${n}Internal`, {
        name: name(`gvnic-${n}-internal`),
        description: `GPU fabric NIC ${n}: traffic from its own subnet only`,
        network: network.id,
        direction: 'INGRESS',
        sourceRanges: [cidr],
        allow: [{ protocol: 'tcp' }, { protocol: 'udp' }, { protocol: 'icmp' }],
        logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
      }));
      this.networks.push(network);
      this.subnetworks.push(subnet);
      nics.push({
        // cluster-toolkit's A3 blueprints name these vpc1..vpcN (gvnic_prefix: vpc); its RDMA blueprints gvnic-1.
        k8sNetwork: tcpx ? `vpc${n}` : `gvnic-${n}`,
        interfaceName: `eth${n}`,
        network: network.name,
        subnetwork: subnet.name,
        vpcName,
        subnetName: vpcName,
        deviceMode: 'NetDevice',
        cidr,
        podAttached: tcpx,
      });
    }

    if (layout.rdmaSubnets > 0) {
      const rdmaName = name('rdma');
      this.rdmaNetwork = new ComputeNetwork(this, 'Rdma', {
        name: rdmaName,
        description: `GPU fabric (RoCE, ${props.zone}) of ${props.where}`,
        autoCreateSubnetworks: false,
        routingMode: 'REGIONAL',
        mtu: layout.mtu,
        networkProfile: `projects/${props.projectId}/global/networkProfiles/${props.zone}-vpc-roce`,
      });
      this.networks.push(this.rdmaNetwork);
      this.policyExemptions.push(...RDMA_NETWORK_EXEMPTION.suppressions.map((r) => ({ ruleId: r.ruleId, pathPrefix: `${this.node.path}/Rdma`, reason: r.reason })));
      for (let j = 0; j < layout.rdmaSubnets; j++) {
        const cidr = cidrSubnet(props.baseCidr, FABRIC_NEW_BITS, RDMA_FIRST_SLOT + j);
        const subnetName = name(`rdma-${j}`);
        const subnet = new ComputeSubnetwork(this, `Rdma${j}Subnet`, {
          name: subnetName,
          network: this.rdmaNetwork.id,
          region: props.region,
          ipCidrRange: cidr,
        });
        this.subnetworks.push(subnet);
        nics.push({
          k8sNetwork: `rdma-${j}`,
          interfaceName: `eth${layout.gvnicNetworks + 1 + j}`,
          network: this.rdmaNetwork.name,
          subnetwork: subnet.name,
          vpcName: rdmaName,
          subnetName,
          deviceMode: 'RDMA',
          cidr,
          podAttached: true,
        });
      }
    }
    this.nics = nics;

    const expected = maxAdditionalNics(props.type);
    if (nics.length !== expected) {
      throw new AiInfraError({
        where: props.where,
        field: 'instanceTypes',
        given: `${props.type.name} with ${nics.length} fabric NICs`,
        allowed: `${expected} additional NICs (the catalog's maximum for ${props.type.name}): a multi-node job must not run on a fraction of its fabric`,
      });
    }
    const fabricRanges = Object.fromEntries(nics.map((n) => [`fabric ${n.k8sNetwork}`, n.cidr]));
    const clash = firstOverlap({ ...props.reservedRanges, ...fabricRanges });
    if (clash) {
      const all: Record<string, string> = { ...props.reservedRanges, ...fabricRanges };
      throw new AiInfraError({
        where: props.where,
        field: baseField,
        given: props.baseCidr,
        allowed: `a range whose fabric subnets do not overlap the cluster's ranges (${clash[1]} ${all[clash[1]]} overlaps ${clash[0]} ${all[clash[0]]})`,
      });
    }
  }

  /** The pod interfaces a multi-node pod attaches, in order. */
  public podNics(): FabricNic[] {
    return this.nics.filter((n) => n.podAttached);
  }

  /** What the workload stack needs: the in-cluster objects and `gkeFabricPodSpec` take it. */
  public workloadSpec(acceleratorType: string, gpusPerNode: number): GkeFabricSpec {
    return {
      fabric: this.layout.fabric,
      acceleratorType,
      gpusPerNode,
      networks: this.nics.map((n) => ({
        name: n.k8sNetwork,
        vpc: n.vpcName,
        subnet: n.subnetName,
        deviceMode: n.deviceMode,
        interfaceName: n.interfaceName,
        podAttached: n.podAttached,
      })),
    };
  }
}

/**
 * The policy pack's written reasons for a RoCE VPC and its subnets: no VPC
 * firewall rule (AiInfra-NET-3, Checkov CKV2_GCP_18), no flow logs
 * (AiInfra-NET-1, CKV_GCP_26) and no Private Google Access (AiInfra-NET-2,
 * CKV_GCP_74), as cluster-toolkit's gpu-rdma-vpc builds them. The rule ids
 * and reasons are the GCP pack's own (src/policy/rules/gcp/suppressions.ts).
 */
export const RDMA_NETWORK_EXEMPTION = {
  suppressions: [ROCE_NETWORK_FIREWALL_SUPPRESSION, ROCE_SUBNET_FLOW_LOGS_SUPPRESSION, ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION],
  checks: ['CKV2_GCP_18', 'CKV_GCP_26', 'CKV_GCP_74'],
} as const;
