import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { Construct } from 'constructs';
import { firstOverlap, isCidr } from './cidr';
import { AiInfraError } from '../errors';

/** Builds a physical name from a suffix (the stack's naming scheme: prefix + construct ids, never sizes). */
export type PhysicalName = (suffix: string, opts?: { readonly maxLength?: number }) => string;

/** GCP resource names: `[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63 characters. */
export const GCP_NAME_MAX = 63;

/** Address ranges of a new cluster network (all RFC 1918, none overlapping). */
export interface GkeNetworkRanges {
  /** Primary range of the node subnet. */
  readonly subnet: string;
  /** Secondary range for pods (VPC-native alias IPs). */
  readonly pods: string;
  /** Secondary range for Services. */
  readonly services: string;
}

/** Ranges cluster-toolkit's GKE blueprints use for the primary network (pods 10.4.0.0/14, services 10.0.32.0/20). */
export const DEFAULT_NETWORK_RANGES: GkeNetworkRanges = { subnet: '10.0.0.0/20', pods: '10.4.0.0/14', services: '10.0.32.0/20' };

/** A network and subnet the user already has (Shared VPC or their own). */
export interface ExistingGkeNetwork {
  /** Network id or self link (`projects/<p>/global/networks/<name>`). */
  readonly network: string;
  /** Subnetwork id or self link in the cluster's region. */
  readonly subnetwork: string;
  /** Name of the subnet's secondary range for pods. */
  readonly podsRangeName: string;
  /** Name of the subnet's secondary range for Services. */
  readonly servicesRangeName: string;
  /**
   * The subnet's ranges, when known, so the GPU fabric ranges can be checked against them.
   * @default - not checked
   */
  readonly ranges?: GkeNetworkRanges;
}

export interface GkeNetworkProps {
  /** Construct path of the owner, for errors. */
  readonly where: string;
  readonly region: string;
  readonly physicalName: PhysicalName;
  /** Suffix every name of this network starts from (a construct id, never a size). */
  readonly nameSuffix: string;
  /** Ranges of the new network (ignored with `existing`). */
  readonly ranges: GkeNetworkRanges;
  /** MTU of the new VPC (GPU blueprints use 8244 or 8896; 1460 is GCP's default). */
  readonly mtu: number;
  /** Fraction of flows the subnet's flow logs sample (0..1]. */
  readonly flowLogSampling: number;
  /**
   * Private Services Access: prefix length of the range peered to Google's
   * service producers (Managed Lustre, Cloud SQL/AlloyDB private IP, Vertex AI
   * peering). Undefined makes none.
   */
  readonly privateServiceAccessPrefixLength?: number;
  /** Use this network instead of creating one. */
  readonly existing?: ExistingGkeNetwork;
}

/**
 * The cluster's primary network. New: a custom-mode VPC with regional
 * routing, one subnet with pods and Services secondary ranges, flow logs and
 * Private Google Access; a Cloud Router with Cloud NAT (nodes have no public
 * IPs; NAT logs errors); a Private Services Access range with its service
 * networking connection; and a firewall rule allowing traffic between the
 * subnet's own ranges only (each VPC carries at least one rule, Checkov
 * CKV2_GCP_18). Existing: the given network and subnet, nothing created.
 */
export class GkeNetwork extends Construct {
  public readonly network?: ComputeNetwork;
  public readonly subnetwork?: ComputeSubnetwork;
  public readonly router?: ComputeRouter;
  public readonly nat?: ComputeRouterNat;
  public readonly internalFirewall?: ComputeFirewall;
  public readonly privateServiceRange?: ComputeGlobalAddress;
  public readonly privateServiceConnection?: ServiceNetworkingConnection;
  /** Network id (`projects/<p>/global/networks/<name>`), what GKE and Managed Lustre take. */
  public readonly networkId: string;
  public readonly subnetworkId: string;
  public readonly podsRangeName: string;
  public readonly servicesRangeName: string;
  /** The ranges in use, by name, when known (fabric ranges must not overlap them). */
  public readonly knownRanges: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: GkeNetworkProps) {
    super(scope, id);
    if (props.existing) {
      const e = props.existing;
      this.networkId = e.network;
      this.subnetworkId = e.subnetwork;
      this.podsRangeName = e.podsRangeName;
      this.servicesRangeName = e.servicesRangeName;
      this.knownRanges = e.ranges ? checkRanges(props.where, 'gcp.network.ranges', e.ranges) : {};
      return;
    }
    this.knownRanges = checkRanges(props.where, 'gcp.networkRanges', props.ranges);
    const name = (suffix: string) => props.physicalName(`${props.nameSuffix}-${suffix}`, { maxLength: GCP_NAME_MAX });
    this.podsRangeName = 'pods';
    this.servicesRangeName = 'services';

    this.network = new ComputeNetwork(this, 'Resource', {
      name: name('vpc'),
      description: `Primary network of ${props.where}`,
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      mtu: props.mtu,
    });
    this.subnetwork = new ComputeSubnetwork(this, 'Subnet', {
      name: name('nodes'),
      description: `Nodes, pods and Services of ${props.where}`,
      network: this.network.id,
      region: props.region,
      ipCidrRange: props.ranges.subnet,
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: this.podsRangeName, ipCidrRange: props.ranges.pods },
        { rangeName: this.servicesRangeName, ipCidrRange: props.ranges.services },
      ],
      logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: props.flowLogSampling, metadata: 'INCLUDE_ALL_METADATA' },
    });
    this.networkId = this.network.id;
    this.subnetworkId = this.subnetwork.id;

    this.router = new ComputeRouter(this, 'Router', { name: name('router'), network: this.network.id, region: props.region });
    this.nat = new ComputeRouterNat(this, 'Nat', {
      name: name('nat'),
      router: this.router.name,
      region: props.region,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
      subnetwork: [{ name: this.subnetwork.id, sourceIpRangesToNat: ['ALL_IP_RANGES'] }],
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });

    this.internalFirewall = new ComputeFirewall(this, 'InternalFirewall', {
      name: name('internal'),
      description: `Traffic between the nodes and pods of ${props.where} only`,
      network: this.network.id,
      direction: 'INGRESS',
      sourceRanges: [props.ranges.subnet, props.ranges.pods],
      allow: [{ protocol: 'tcp' }, { protocol: 'udp' }, { protocol: 'icmp' }],
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
    });

    if (props.privateServiceAccessPrefixLength !== undefined) {
      this.privateServiceRange = new ComputeGlobalAddress(this, 'PrivateServiceRange', {
        name: name('psa'),
        description: `Private Services Access range of ${props.where} (Managed Lustre, Cloud SQL/AlloyDB, Vertex AI)`,
        purpose: 'VPC_PEERING',
        addressType: 'INTERNAL',
        prefixLength: props.privateServiceAccessPrefixLength,
        network: this.network.id,
      });
      this.privateServiceConnection = new ServiceNetworkingConnection(this, 'PrivateServiceConnection', {
        network: this.network.id,
        service: 'servicenetworking.googleapis.com',
        reservedPeeringRanges: [this.privateServiceRange.name],
        // Deleting the peering while a producer (Lustre, SQL) still uses it fails; abandon it with the VPC instead.
        deletionPolicy: 'ABANDON',
      });
    }
  }
}

/** Checks the primary ranges: each a network-form RFC 1918-size CIDR, none overlapping. */
function checkRanges(where: string, field: string, ranges: GkeNetworkRanges): Record<string, string> {
  const named: Record<string, string> = { subnet: ranges.subnet, pods: ranges.pods, services: ranges.services };
  for (const [key, cidr] of Object.entries(named)) {
    if (!isCidr(cidr, 8, 29)) {
      throw new AiInfraError({ where, field: `${field}.${key}`, given: cidr, allowed: 'an IPv4 CIDR in network form (host bits zero) with a prefix of /8 to /29' });
    }
  }
  const clash = firstOverlap(named);
  if (clash) {
    throw new AiInfraError({ where, field: `${field}.${clash[1]}`, given: named[clash[1]], allowed: `a range that does not overlap ${clash[0]} (${named[clash[0]]})` });
  }
  return named;
}
