import type { ITerraformDependable } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import type { Cloud, InstanceTypeSpec } from '../../catalog/types';

/**
 * GpuCluster: the resolved plan, the backend interface, and what other
 * constructs need from a cluster (`IGpuCluster`, the node-pool mechanism).
 */

/** How Terraform reaches the cluster's API server (the workload stack's providers). */
export interface ClusterConnection {
  /** API server URL (a cross-stack reference to the cluster resource). */
  readonly host: string;
  /** Base64 PEM of the cluster CA, as EKS/GKE return it. */
  readonly clusterCaCertificateBase64: string;
  /** Credential plugin: `aws eks get-token ...` or `gke-gcloud-auth-plugin`. */
  readonly exec: { readonly command: string; readonly args: ReadonlyArray<string> };
}

/** A Kubernetes taint in Kubernetes spelling (backends translate, e.g. EKS `NO_SCHEDULE`). */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/**
 * How a node pool's nodes are bought. The planning layer's `Purchase`
 * (`spot`, `on-demand`, `reservation`) plus `capacity-block` (AWS EC2
 * Capacity Blocks), `flex-start` and `queued` (GCP DWS flex-start and queued
 * provisioning). A backend refuses a purchase its cloud does not sell with an AiInfraError.
 */
export type NodePurchase = 'spot' | 'on-demand' | 'reservation' | 'capacity-block' | 'flex-start' | 'queued';

/** A reservation a node pool launches into; the cloud-specific id under `aws` or `gcp` (one is set). */
export interface ReservationPlan {
  /** The reservation was made for this pool's compact placement (AWS: its cluster placement group). */
  readonly targetsPlacement: boolean;
  /**
   * AWS: an On-Demand Capacity Reservation or Capacity Block by id, or a resource group of reservations.
   * @default - not an AWS reservation
   */
  readonly aws?: { readonly id: string } | { readonly resourceGroupArn: string };
  /**
   * GCP: a specific reservation by name (optionally in another project).
   * @default - not a GCP reservation
   */
  readonly gcp?: { readonly name: string; readonly project?: string };
}

/** A node pool the cluster's backend has made (what the pool construct reads back). */
export interface NodePoolHandle {
  /** Zones the nodes launch in (one with compact placement). */
  readonly zones: ReadonlyArray<string>;
  /** High-speed fabric interfaces per node (AWS EFA interfaces; 0 without fabric). */
  readonly fabricInterfaces: number;
}

/** One GPU node pool, as decided by a pool construct. */
export interface NodePoolPlan {
  /** Construct path of the public pool construct (errors and descriptions). */
  readonly where: string;
  /** Physical-name suffix of the node pool (from construct ids only). */
  readonly nameSuffix: string;
  /** Machine/instance types from the catalog, the primary first (same accelerator and count per node). */
  readonly types: ReadonlyArray<InstanceTypeSpec>;
  readonly purchase: NodePurchase;
  readonly minNodes: number;
  readonly desiredNodes: number;
  readonly maxNodes: number;
  /** Zones the pool may use (the backend pins compact placement to the first). */
  readonly zones: ReadonlyArray<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: ReadonlyArray<NodeTaint>;
  /**
   * Tags on the pool's machines (AWS: EC2 instance tags), beside the stack's tags; e.g. the tag a
   * pool's termination handler checks before draining.
   * @default - none
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
  readonly rootVolumeGiB: number;
  /** Attach every high-speed fabric interface the primary type has (types without one ignore it). */
  readonly fabric: boolean;
  /** Compact placement (AWS: a cluster placement group; GCP: a compact placement policy). */
  readonly compactPlacement: boolean;
  /**
   * Reserved capacity to launch into.
   * @default - none
   */
  readonly reservation?: ReservationPlan;
  /**
   * Join another pool's fabric security boundary and placement (e.g. an on-demand fallback of a spot pool).
   * @default - the pool makes its own
   */
  readonly shareWith?: NodePoolHandle;
  /**
   * Field names for errors, as the user wrote them.
   * @default - `instanceTypes` and `aws.capacityReservation`
   */
  readonly fields?: { readonly instanceTypes?: string; readonly reservation?: string };
  /**
   * GCP-only settings of the pool.
   * @default - none
   */
  readonly gcp?: NodePoolGcpPlan;
}

/** GCP-only settings of a node pool. */
export interface NodePoolGcpPlan {
  /**
   * DWS flex-start: seconds after which the nodes are removed (`max_run_duration`).
   * @default - GKE's default (7 days)
   */
  readonly maxRunDurationSeconds?: number;
}

/** The AWS resources of a cluster other constructs reference (ids and ARNs, as tokens). */
export interface AwsClusterRefs {
  /** VPC of the cluster (created, or the one given in `aws.vpc`). */
  readonly vpcId: string;
  /** CIDR block of that VPC. */
  readonly vpcCidrBlock: string;
  /** Every private subnet of the cluster, in the cluster's zone order. */
  readonly privateSubnetIds: ReadonlyArray<string>;
  /** Private subnet id per zone (AZ ID). */
  readonly privateSubnetIdByZone: Readonly<Record<string, string>>;
  /** ARN of the EKS cluster. */
  readonly clusterArn: string;
  /** HTTPS endpoint of the Kubernetes API server. */
  readonly clusterEndpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly clusterCertificateAuthorityData: string;
  /** EKS-created cluster security group (control plane <-> managed nodes). */
  readonly clusterSecurityGroupId: string;
  /** Security group every node of the cluster carries; allow it as the source for access "from the cluster". */
  readonly nodeSecurityGroupId: string;
  /** IAM role of the GPU and system nodes. */
  readonly nodeRoleArn: string;
  /** Name of that IAM role. */
  readonly nodeRoleName: string;
  /** Grants a Kubernetes service account an IAM role through EKS Pod Identity. */
  addPodIdentity(id: string, opts: { namespace: string; serviceAccount: string; roleArn: string }): void;
}

/** The GCP resources of a cluster other constructs reference (ids and self links, as tokens). */
export interface GcpClusterRefs {
  /** VPC network id (`projects/<p>/global/networks/<n>`). */
  readonly networkId: string;
  /** Subnetwork of the nodes. */
  readonly subnetworkId: string;
  /** GKE cluster id. */
  readonly clusterId: string;
  /** Location of the cluster (region or zone). */
  readonly location: string;
  /**
   * The VPC's Private Service Access (Managed Lustre, Cloud SQL/AlloyDB private IP and Vertex
   * peering attach through it): the `google_service_networking_connection` to depend on and
   * the CIDRs of its allocated ranges (`<address>/<prefix_length>`).
   * @default - absent when the cluster's network has none; LustreTier then refuses the cluster
   */
  readonly privateServiceAccess?: { readonly connection: ITerraformDependable; readonly rangeCidrs: ReadonlyArray<string> };
  /**
   * Turns on the GKE Managed Lustre CSI driver (`addons_config.lustre_csi_driver_config`);
   * `legacyPort` sets `enable_legacy_lustre_port` (LNet on 6988).
   * @default - absent when the cluster cannot; LustreTier then refuses the cluster
   */
  readonly enableLustreCsiDriver?: (opts: { readonly legacyPort: boolean; readonly where?: string }) => void;
}

/** Control-plane log types EKS can ship; the AWS cluster enables all of them. */
export const EKS_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** Components whose logs a GKE cluster sends to Cloud Logging. */
export const GKE_LOGGING_COMPONENTS = ['SYSTEM_COMPONENTS', 'WORKLOADS', 'APISERVER', 'CONTROLLER_MANAGER', 'SCHEDULER'] as const;

/** What every cluster backend does, whatever its cloud. */
export interface GpuClusterBackendBase {
  /** Adds a GPU node pool to the cluster; its resources go under `scope`/`id`. */
  addNodePool(scope: Construct, id: string, plan: NodePoolPlan): NodePoolHandle;
  /** How the workload stack's Kubernetes and Helm providers reach the API server. */
  connection(): ClusterConnection;
}

/** An AWS cluster's backend: the node-pool mechanism plus the AWS references. */
export interface AwsGpuClusterBackend extends GpuClusterBackendBase, AwsClusterRefs {
  readonly cloud: 'aws';
}

/** A GCP cluster's backend: the node-pool mechanism plus the GCP references. */
export interface GcpGpuClusterBackend extends GpuClusterBackendBase, GcpClusterRefs {
  readonly cloud: 'gcp';
}

/** The backend of a cluster; `cloud` tells which references it carries. */
export type GpuClusterBackend = AwsGpuClusterBackend | GcpGpuClusterBackend;

/**
 * What other constructs need from a GPU cluster. `GpuCluster` implements it;
 * pools, stores, file systems and observability take `cluster: IGpuCluster`,
 * and reach the cloud only through `cluster.backend`, so a user's own
 * implementation works the same for pools and for storage.
 */
export interface IGpuCluster extends IConstruct {
  /** The cloud the cluster runs on (the stack's cloud). */
  readonly cloud: Cloud;
  /** The Kubernetes cluster's name (EKS / GKE). */
  readonly clusterName: string;
  /**
   * Zones the cluster's private subnets are in (AWS: AZ IDs such as `use1-az4`,
   * which are the same in every account; GCP: zone names).
   */
  readonly zones: ReadonlyArray<string>;
  /** The cluster's backend: node pools, connection, and the cloud's references. */
  readonly backend: GpuClusterBackend;
  /**
   * Usage the cluster's cost estimate assumed; ObservabilityStack prices the
   * retention of the cluster's logs from `clusterLogsGBPerMonth`.
   * @default - the documented defaults (`USAGE_DEFAULTS`)
   */
  readonly usage?: { readonly clusterLogsGBPerMonth?: number };
  /**
   * The scope in-cluster resources go into: a separate TerraformStack with the
   * Kubernetes and Helm providers configured for this cluster, created on first
   * use, so the cloud stack plans without a cluster.
   */
  workloadScope(): IConstruct;
}

/** AWS-only resolved settings of a cluster. */
export interface GpuClusterAwsPlan {
  /** CIDR of the new VPC. */
  readonly vpcCidrBlock: string;
  readonly natGateways: 'one' | 'per-zone';
  readonly flowLogs: boolean;
  /** An S3 gateway endpoint on the private route tables of a new VPC. */
  readonly s3GatewayEndpoint: boolean;
  /** The user's VPC instead of a new one. */
  readonly existingVpc?: { readonly vpcId: string; readonly vpcCidrBlock: string; readonly privateSubnetIds: Readonly<Record<string, string>> };
  /** IAM principals given cluster-admin through access entries. */
  readonly adminPrincipalArns: ReadonlyArray<string>;
  /** The creating identity gets cluster-admin. */
  readonly creatorAdmin: boolean;
  /**
   * Role the workload stack authenticates as (`aws eks get-token --role-arn`); one of adminPrincipalArns.
   * @default - the identity running terraform (only with creatorAdmin)
   */
  readonly workloadsRoleArn?: string;
  readonly addonVersions: Readonly<Record<string, string>>;
  readonly systemInstanceTypes: ReadonlyArray<string>;
  readonly imdsHopLimit: number;
  readonly ssmOnNodes: boolean;
}

/** GCP-only resolved settings of a cluster. */
export interface GpuClusterGcpPlan {
  readonly releaseChannel: 'RAPID' | 'REGULAR' | 'STABLE' | 'EXTENDED';
  /** Internal CIDRs allowed to the control plane besides `publicAccessCidrs` (master authorized networks). */
  readonly authorizedNetworks: ReadonlyArray<{ readonly cidrBlock: string; readonly displayName: string }>;
  /** Ranges of a new network: node subnet, pods, services. */
  readonly networkRanges: { readonly subnet: string; readonly pods: string; readonly services: string };
  /**
   * The user's network and subnet instead of a new one.
   * @default - a new network
   */
  readonly existingNetwork?: {
    readonly network: string;
    readonly subnetwork: string;
    readonly podsRangeName: string;
    readonly servicesRangeName: string;
    /** The subnet's ranges, when known (fabric ranges are checked against them). */
    readonly ranges?: { readonly subnet: string; readonly pods: string; readonly services: string };
  };
  /** MTU of a new primary VPC. */
  readonly networkMtu: number;
  /** /28 of the control plane's private endpoint. */
  readonly masterCidr: string;
  /** Range the GPU fabric subnets are carved from. */
  readonly fabricCidr: string;
  /** Machine type of the CPU system pool. */
  readonly systemMachineType: string;
  /** Autoscaling range of the system pool per zone. */
  readonly systemNodesPerZone: { readonly min: number; readonly max: number };
}

/** What GpuCluster decided; its backend builds from it. */
export interface GpuClusterPlan {
  /** Construct path of the public construct. */
  readonly where: string;
  /** The Kubernetes cluster's physical name. */
  readonly clusterName: string;
  /** Suffix of every physical name of the cluster, from construct ids only. */
  readonly nameSuffix: string;
  readonly kubernetesVersion: string;
  /** Zones of the private subnets (AWS: AZ IDs). */
  readonly zones: ReadonlyArray<string>;
  /** CIDRs allowed to reach a public API endpoint (empty: private only). */
  readonly publicAccessCidrs: ReadonlyArray<string>;
  /** Retention of control-plane and flow logs, days. */
  readonly logRetentionDays: number;
  /** Nodes of the CPU system pool. */
  readonly systemNodeCount: number;
  readonly systemRootVolumeGiB: number;
  /**
   * AWS-only settings (set on AWS stacks).
   * @default - absent on other clouds
   */
  readonly aws?: GpuClusterAwsPlan;
  /**
   * GCP-only settings (set on GCP stacks).
   * @default - absent on other clouds
   */
  readonly gcp?: GpuClusterGcpPlan;
}

/** Builds a cluster's resources under `scope` (the GpuCluster construct) and returns its backend. */
export type GpuClusterBackendFactory = (scope: Construct, plan: GpuClusterPlan) => GpuClusterBackend;
