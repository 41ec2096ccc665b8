import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { Construct } from 'constructs';
import { fabricLayout, GpuFabric } from './fabric';
import { AuthorizedNetwork, GkeCluster, ReleaseChannel, SystemPoolSpec } from './gke-cluster';
import { GkeGpuNodePool, GkePurchase, GkeReservation, GkeTaint } from './gpu-node-pool';
import { GcpCustomerKey, GcpKeyRing } from './kms';
import { ExistingGkeNetwork, GkeNetwork, GkeNetworkRanges, PhysicalName } from './network';
import { checkProjectNumber } from './service-agents';
import { gkeNodeFacts } from '../catalog/gke-node-facts';
import type { InstanceTypeSpec } from '../catalog/types';
import { AiInfraError } from '../errors';
import type { GkeFabricSpec } from '../kubernetes/gke-fabric';

/** Default /28 of the control plane's private endpoint (cluster-toolkit gke-cluster's default). */
export const DEFAULT_MASTER_CIDR = '172.16.0.32/28';

/** Flow-log sampling of every subnet the cluster makes (half the flows: enough for forensics, half the log volume). */
export const DEFAULT_FLOW_LOG_SAMPLING = 0.5;

/** Prefix length of the Private Services Access range (a /20 holds Lustre, SQL and Vertex peering ranges). */
export const DEFAULT_PSA_PREFIX_LENGTH = 20;

export interface GcpGpuClusterProps {
  /** Construct path of the public construct. */
  readonly where: string;
  readonly clusterName: string;
  /** Suffix names start from (construct ids only). */
  readonly nameSuffix: string;
  readonly physicalName: PhysicalName;
  readonly projectId: string;
  readonly region: string;
  readonly zones: ReadonlyArray<string>;
  readonly releaseChannel: ReleaseChannel;
  /**
   * Minimum control-plane version.
   * @default - the release channel's default
   */
  readonly kubernetesVersion?: string;
  readonly authorizedNetworks: ReadonlyArray<AuthorizedNetwork>;
  readonly masterCidr: string;
  readonly networkRanges: GkeNetworkRanges;
  /**
   * The user's network instead of a new one.
   * @default - a new network
   */
  readonly existingNetwork?: ExistingGkeNetwork;
  /** MTU of a new primary VPC. */
  readonly networkMtu: number;
  /** Range the GPU fabric subnets are carved from. */
  readonly fabricCidr: string;
  readonly systemPool: SystemPoolSpec;
  readonly labels: Readonly<Record<string, string>>;
  /** Project number (digits): the GKE and Compute Engine service agents get the keys by it. */
  readonly projectNumber: string;
}

/** Names of the cluster's keys in its key ring (stable: keys can never be deleted or renamed). */
export const CLUSTER_KEY_NAMES = { secrets: 'gke-secrets', bootDisks: 'node-boot-disks' } as const;

/** Kubernetes taint effects in Kubernetes spelling, and their GKE spelling. */
const GKE_EFFECT = { NoSchedule: 'NO_SCHEDULE', PreferNoSchedule: 'PREFER_NO_SCHEDULE', NoExecute: 'NO_EXECUTE' } as const;

/** How a GKE pool's nodes are bought (the seam's purchase vocabulary). */
export type GkePoolPurchase = 'on-demand' | 'spot' | 'reservation' | 'flex-start' | 'queued';

/** One GPU node pool, as a pool construct decided it. */
export interface GkeNodePoolRequest {
  /** Construct path of the public pool. */
  readonly where: string;
  readonly nameSuffix: string;
  /** Machine types, the primary first: a GKE node pool has exactly one machine type. */
  readonly types: ReadonlyArray<InstanceTypeSpec>;
  readonly purchase: GkePoolPurchase;
  /**
   * With `reservation`: one specific reservation, or any matching one.
   * @default - any matching reservation
   */
  readonly reservation?: GkeReservation;
  /**
   * With `flex-start`: seconds after which nodes are removed.
   * @default - GKE's default
   */
  readonly maxRunDurationSeconds?: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  /** Zones the pool may use; compact placement pins it to the first. */
  readonly zones: ReadonlyArray<string>;
  readonly labels: Readonly<Record<string, string>>;
  /** The pool's taints in Kubernetes spelling (the GPU taint is added). */
  readonly taints: ReadonlyArray<{ readonly key: string; readonly value: string; readonly effect: keyof typeof GKE_EFFECT }>;
  readonly rootVolumeGiB: number;
  /** Attach every GPU NIC of the type (types without a GPUDirect fabric ignore it). */
  readonly fabric: boolean;
  readonly compactPlacement: boolean;
  /** Field names used in errors, as the user wrote them. */
  readonly fields?: { readonly zones?: string; readonly purchase?: string };
}

/** What the pool construct reads back. */
export interface GkeNodePoolHandle {
  readonly zones: ReadonlyArray<string>;
  /** GPU NICs per node beyond the primary one (0 without fabric). */
  readonly fabricInterfaces: number;
  readonly pool: GkeGpuNodePool;
  /** The fabric the pool uses, when it uses one. */
  readonly fabric?: GpuFabric;
}

/**
 * The GCP side of GpuCluster: a key ring with two customer keys (etcd
 * secrets; node boot disks), each granted to the one service agent that uses
 * it and waited for; the primary network (or the user's); the hardened
 * regional GKE cluster with its system pool and node service account, and, on demand, one GPUDirect fabric per fabric kind (RoCE per
 * zone) shared by every pool that needs it. Pools come in through
 * `addNodePool`, which turns multi-networking on when a pool attaches NICs.
 */
export class GcpGpuCluster extends Construct {
  public readonly network: GkeNetwork;
  public readonly gke: GkeCluster;
  /** Key ring of the cluster's keys (in the cluster's region). */
  public readonly keyRing: GcpKeyRing;
  /** Encrypts Kubernetes secrets in etcd (GKE service agent may use it). */
  public readonly secretsKey: GcpCustomerKey;
  /** Encrypts every node boot disk (Compute Engine service agent may use it). */
  public readonly bootDiskKey: GcpCustomerKey;
  public readonly projectId: string;
  public readonly region: string;
  private readonly props: GcpGpuClusterProps;
  private readonly fabrics = new Map<string, GpuFabric>();
  private readonly bootDiskGrant: KmsCryptoKeyIamMember;

  constructor(scope: Construct, id: string, props: GcpGpuClusterProps) {
    super(scope, id);
    this.props = props;
    this.projectId = props.projectId;
    this.region = props.region;
    checkProjectNumber(props.projectNumber, props.where);
    this.keyRing = new GcpKeyRing(this, 'KeyRing', { name: props.physicalName(props.nameSuffix, { maxLength: 63 }), location: props.region, project: props.projectId });
    this.secretsKey = this.keyRing.addKey('SecretsKey', { name: CLUSTER_KEY_NAMES.secrets });
    this.bootDiskKey = this.keyRing.addKey('BootDiskKey', { name: CLUSTER_KEY_NAMES.bootDisks });
    const secretsGrant = this.secretsKey.grantEncryptDecryptToAgent('gke', props.projectNumber);
    this.bootDiskGrant = this.bootDiskKey.grantEncryptDecryptToAgent('computeEngine', props.projectNumber);
    this.network = new GkeNetwork(this, 'Network', {
      where: props.where,
      region: props.region,
      physicalName: props.physicalName,
      nameSuffix: props.nameSuffix,
      ranges: props.networkRanges,
      mtu: props.networkMtu,
      flowLogSampling: DEFAULT_FLOW_LOG_SAMPLING,
      privateServiceAccessPrefixLength: DEFAULT_PSA_PREFIX_LENGTH,
      existing: props.existingNetwork,
    });
    this.gke = new GkeCluster(this, 'Gke', {
      where: props.where,
      physicalName: props.physicalName,
      nameSuffix: props.nameSuffix,
      clusterName: props.clusterName,
      projectId: props.projectId,
      region: props.region,
      zones: props.zones,
      network: this.network,
      releaseChannel: props.releaseChannel,
      ...(props.kubernetesVersion ? { minMasterVersion: props.kubernetesVersion } : {}),
      authorizedNetworks: props.authorizedNetworks,
      masterCidr: props.masterCidr,
      secretsKeyId: this.secretsKey.keyId,
      bootDiskKeyId: this.bootDiskKey.keyId,
      systemPool: props.systemPool,
      labels: props.labels,
      dependsOn: [secretsGrant, this.bootDiskGrant],
    });
  }

  /** GKE cluster id (`projects/<p>/locations/<region>/clusters/<name>`). */
  public get clusterId(): string {
    return this.gke.cluster.id;
  }

  /** Every GPU fabric the cluster's pools asked for. */
  public get gpuFabrics(): GpuFabric[] {
    return [...this.fabrics.values()];
  }

  /**
   * The GPU fabric for a machine type in a zone, made on first use: one per
   * fabric kind (TCPX, TCPXO, RDMA). A RoCE network is zonal and its
   * Kubernetes networks (`rdma-0`...) are cluster-wide names, so a cluster
   * holds one RDMA fabric, in one zone.
   */
  public fabricFor(type: InstanceTypeSpec, zone: string, where: string, zonesField = 'zones'): GpuFabric {
    const layout = fabricLayout(type);
    if (!layout) {
      throw new AiInfraError({ where, field: 'instanceTypes', given: type.name, allowed: 'a machine type with a GPUDirect fabric' });
    }
    const existing = this.fabrics.get(layout.fabric);
    if (existing) {
      if (existing.rdmaNetwork && existing.zone !== zone) {
        throw new AiInfraError({
          where,
          field: zonesField,
          given: zone,
          allowed: `${existing.zone}: the cluster's RoCE fabric is in ${existing.zone} (a RoCE network is zonal and its Kubernetes networks rdma-0..N are cluster-wide)`,
        });
      }
      return existing;
    }
    const kind = layout.fabric.replace('gpudirect-', '');
    const reserved = { ...this.network.knownRanges, master: this.props.masterCidr };
    const fabric = new GpuFabric(this, `Fabric-${kind}`, {
      where: this.props.where,
      physicalName: this.props.physicalName,
      nameSuffix: `${this.props.nameSuffix}-${kind}`,
      projectId: this.props.projectId,
      region: this.props.region,
      zone,
      type,
      baseCidr: this.props.fabricCidr,
      reservedRanges: reserved,
      flowLogSampling: DEFAULT_FLOW_LOG_SAMPLING,
    });
    this.fabrics.set(layout.fabric, fabric);
    this.gke.enableMultiNetworking();
    return fabric;
  }

  /** Adds a GPU node pool through the one node-pool mechanism; its resources go under `scope`/`id`. */
  public addNodePool(scope: Construct, id: string, plan: GkeNodePoolRequest): GkeNodePoolHandle {
    const [primary] = plan.types;
    if (!primary) throw new AiInfraError({ where: plan.where, field: 'instanceTypes', given: [], allowed: 'at least one machine type' });
    const foreign = plan.zones.find((z) => !this.props.zones.includes(z));
    if (foreign !== undefined) {
      throw new AiInfraError({ where: plan.where, field: plan.fields?.zones ?? 'zones', given: foreign, allowed: `a zone of the cluster (${this.props.zones.join(', ')})` });
    }
    const zones = plan.compactPlacement ? plan.zones.slice(0, 1) : [...plan.zones];
    const withFabric = plan.fabric && fabricLayout(primary) !== undefined;
    const fabric = withFabric ? this.fabricFor(primary, zones[0], plan.where, plan.fields?.zones) : undefined;
    const taints: GkeTaint[] = plan.taints.map((t) => ({ key: t.key, value: t.value, effect: GKE_EFFECT[t.effect] }));
    const pool = new GkeGpuNodePool(scope, id, {
      where: plan.where,
      physicalName: this.props.physicalName,
      nameSuffix: plan.nameSuffix,
      projectId: this.props.projectId,
      region: this.props.region,
      clusterId: this.clusterId,
      type: primary,
      zones,
      minNodes: plan.minNodes,
      maxNodes: plan.maxNodes,
      purchase: purchaseOf(plan),
      compactPlacement: plan.compactPlacement,
      ...(fabric ? { fabric } : {}),
      serviceAccountEmail: this.gke.nodeServiceAccount.email,
      bootDiskKeyId: this.bootDiskKey.keyId,
      diskSizeGb: plan.rootVolumeGiB,
      labels: plan.labels,
      taints,
      resourceLabels: this.props.labels,
      ...(plan.fields ? { fields: plan.fields } : {}),
      dependsOn: [this.bootDiskGrant],
    });
    return { zones, fabricInterfaces: pool.additionalNics, pool, ...(fabric ? { fabric } : {}) };
  }

  /**
   * How the workload stack reaches the API server: the endpoint and CA by
   * reference, tokens from `gke-gcloud-auth-plugin` (the gcloud component
   * kubectl uses; no key files). With a private endpoint, Terraform must run
   * from inside the VPC (or through a bastion / Connect Gateway).
   */
  public connection(): { host: string; clusterCaCertificateBase64: string; exec: { command: string; args: string[] } } {
    return {
      host: `https://${this.gke.cluster.endpoint}`,
      clusterCaCertificateBase64: this.gke.cluster.masterAuth.clusterCaCertificate,
      exec: { command: 'gke-gcloud-auth-plugin', args: [] },
    };
  }

  /** The in-cluster description of a fabric (for `GkeFabricWorkloads` and `gkeFabricPodSpec`). */
  public fabricWorkloadSpec(fabric: GpuFabric, type: InstanceTypeSpec): GkeFabricSpec {
    const facts = gkeNodeFacts(type.family);
    if (!facts) throw new AiInfraError({ where: this.props.where, field: 'instanceTypes', given: type.name, allowed: 'a GCP GPU machine type whose GKE accelerator name the catalog knows' });
    return fabric.workloadSpec(facts.acceleratorType, type.acceleratorsPerNode);
  }
}

/** The node pool API's purchase flags for a decided purchase. */
function purchaseOf(plan: GkeNodePoolRequest): GkePurchase {
  switch (plan.purchase) {
    case 'on-demand':
      return {};
    case 'spot':
      return { spot: true };
    case 'reservation':
      return { reservation: plan.reservation ?? { affinity: 'any' } };
    case 'flex-start':
      return { flexStart: plan.maxRunDurationSeconds !== undefined ? { maxRunDurationSeconds: plan.maxRunDurationSeconds } : {} };
    case 'queued':
      return { queuedProvisioning: true };
  }
}
