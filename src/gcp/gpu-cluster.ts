import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { Construct } from 'constructs';
import { FABRIC_SOURCE, fabricLayout, GpuFabric, RDMA_NETWORK_EXEMPTION } from './fabric';
import { AuthorizedNetwork, GkeCluster, ReleaseChannel, SystemPoolSpec } from './gke-cluster';
import { GkeGpuNodePool, GkePurchase, GkeReservation, GkeTaint } from './gpu-node-pool';
import { GcpCustomerKey, GcpKeyRing } from './kms';
import { ExistingGkeNetwork, GkeNetwork, GkeNetworkRanges, PhysicalName } from './network';
import { toGcpLabels } from './provider';
import { checkProjectNumber } from './service-agents';
import { gkeNodeFacts } from '../catalog/gke-node-facts';
import { MANAGED_LUSTRE_FACTS } from '../catalog/storage-rules';
import type { InstanceTypeSpec } from '../catalog/types';
import { requireGcpProjectId, requireGcpProjectNumber, stackContextOf, tryStackContextOf } from '../core/context';
import type { ClusterConnection, GcpGpuClusterBackend, GpuClusterGcpPlan, GpuClusterPlan, IGpuCluster, NodePoolHandle, NodePoolPlan } from '../core/plans';
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
  /** CIDRs allowed to the control plane (master authorized networks). */
  readonly authorizedNetworks: ReadonlyArray<AuthorizedNetwork>;
  /** Give the control plane a public endpoint (restricted to the authorized networks). */
  readonly publicEndpoint: boolean;
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

/** Kubernetes minor from which GKE's versions (the channel's 1.33 alias resolves past 1.33.2-gke.4655000) reach Managed Lustre on its default LNet port. */
export const LUSTRE_DEFAULT_PORT_MIN_MINOR = 33;

/** Names of the cluster's keys in its key ring (stable: keys can never be deleted or renamed). */
export const CLUSTER_KEY_NAMES = { secrets: 'gke-secrets', bootDisks: 'node-boot-disks' } as const;

/** Kubernetes taint effects in Kubernetes spelling, and their GKE spelling. */
const GKE_EFFECT = { NoSchedule: 'NO_SCHEDULE', PreferNoSchedule: 'PREFER_NO_SCHEDULE', NoExecute: 'NO_EXECUTE' } as const;

/** What the GCP backend returns for a node pool (the neutral handle plus the GKE resources). */
export interface GkeNodePoolHandle extends NodePoolHandle {
  readonly pool: GkeGpuNodePool;
  /**
   * The fabric the pool uses.
   * @default - absent without fabric
   */
  readonly fabric?: GpuFabric;
  /** Machine type of the pool (a GKE node pool has exactly one). */
  readonly machineType: InstanceTypeSpec;
}

/**
 * The GCP side of GpuCluster: a key ring with two customer keys (etcd
 * secrets; node boot disks), each granted to the one service agent that uses
 * it and waited for; the primary network (or the user's); the hardened
 * regional GKE cluster with its system pool and node service account, and, on demand, one GPUDirect fabric per fabric kind (RoCE per
 * zone) shared by every pool that needs it. Pools come in through
 * `addNodePool`, which turns multi-networking on when a pool attaches NICs.
 */
export class GcpGpuCluster extends Construct implements GcpGpuClusterBackend {
  public readonly cloud = 'gcp' as const;
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
    tryStackContextOf(this)?.recordDecision({
      construct: props.where,
      topic: 'cluster-keys',
      chosen: `key ring ${props.physicalName(props.nameSuffix, { maxLength: 63 })}: ${CLUSTER_KEY_NAMES.secrets} (etcd secrets, GKE agent) and ${CLUSTER_KEY_NAMES.bootDisks} (node boot disks, Compute Engine agent), 90-day rotation, prevent_destroy`,
      reason: 'customer-managed keys by default; each key is granted only to the service agent that uses it, named from gcp.projectNumber (no API call at plan time); Cloud KMS keys cannot be deleted, so their names never change',
    });
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
      publicEndpoint: props.publicEndpoint,
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

  public get networkId(): string {
    return this.network.networkId;
  }

  public get subnetworkId(): string {
    return this.network.subnetworkId;
  }

  /** The cluster is regional: its location is the region. */
  public get location(): string {
    return this.region;
  }

  /** The network's Private Services Access connection and range (absent with the user's network). */
  public get privateServiceAccess(): { readonly connection: ServiceNetworkingConnection; readonly rangeCidrs: ReadonlyArray<string> } | undefined {
    const connection = this.network.privateServiceConnection;
    const range = this.network.privateServiceRange;
    if (!connection || !range) return undefined;
    return { connection, rangeCidrs: [`${range.address}/${range.prefixLength}`] };
  }

  /** Email of the node service account. */
  public get nodeServiceAccountEmail(): string {
    return this.gke.nodeServiceAccount.email;
  }

  /** Workload Identity pool of the cluster (`<project>.svc.id.goog`). */
  public get workloadPool(): string {
    return this.gke.workloadPool;
  }

  /**
   * Turns on GKE's Managed Lustre CSI driver (a LustreTier asks for it). The
   * default LNet port (988, no legacy flag) needs nodes from
   * 1.33.2-gke.4655000: a cluster pinned below 1.33 must use the legacy port.
   */
  public readonly enableLustreCsiDriver = (opts: { readonly legacyPort: boolean; readonly where?: string }): void => {
    const version = this.props.kubernetesVersion;
    const minor = version ? Number(/^1\.(\d+)/.exec(version)?.[1]) : undefined;
    if (!opts.legacyPort && minor !== undefined && minor < LUSTRE_DEFAULT_PORT_MIN_MINOR) {
      throw new AiInfraError({
        where: opts.where ?? this.props.where,
        field: 'gcp.legacyLnetPort',
        given: false,
        allowed: `true on a cluster at Kubernetes ${version}: GKE nodes older than 1.33.2-gke.4655000 reach Managed Lustre only on the legacy LNet port 6988 (${MANAGED_LUSTRE_FACTS.lnetPorts.source.split(';')[0]})`,
      });
    }
    this.gke.enableLustreCsiDriver(opts);
  };

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
    const ctx = tryStackContextOf(this);
    ctx?.recordDecision({
      construct: this.props.where,
      topic: `gpu-fabric-${kind}`,
      chosen: `${layout.fabric} for ${type.name}: ${layout.gvnicNetworks} gVNIC VPC(s)${layout.rdmaSubnets ? ` + 1 RoCE VPC (${zone}-vpc-roce) with ${layout.rdmaSubnets} subnets` : ''}, MTU ${layout.mtu}, ${fabric.nics.length} NICs per node (${fabric.nics.map((n) => n.cidr).join(', ')}); GKE multi-networking on`,
      reason: `the catalog's NIC layout of ${type.name} (all of it: a multi-node job must not run on a fraction of its fabric), as cluster-toolkit builds it (${FABRIC_SOURCE})`,
    });
    if (fabric.rdmaNetwork) {
      for (const s of fabric.policyExemptions) ctx?.addPolicySuppression({ ruleId: s.ruleId, pathPrefix: s.pathPrefix ?? `${fabric.node.path}/Rdma`, reason: s.reason });
      ctx?.recordDecision({
        construct: this.props.where,
        topic: 'roce-network-firewall',
        chosen: 'no VPC firewall rule, no flow logs and no Private Google Access on the RoCE VPC and its subnets',
        reason: `OPT-OUT (scanner checks ${RDMA_NETWORK_EXEMPTION.checks.join(', ')}): ${RDMA_NETWORK_EXEMPTION.suppressions.map((x) => `${x.ruleId}: ${x.reason}`).join(' | ')}`,
      });
    }
    return fabric;
  }

  /**
   * Adds a GPU node pool through the one node-pool mechanism (`GkeGpuNodePool`)
   * under `scope`/`id`. A GKE node pool has one machine type: the plan's
   * primary. Compact placement pins the pool to the plan's first zone; a
   * fabric pool gets every NIC of the cluster's fabric for its type.
   */
  public addNodePool(scope: Construct, id: string, plan: NodePoolPlan): GkeNodePoolHandle {
    const [primary] = plan.types;
    if (!primary) throw new AiInfraError({ where: plan.where, field: plan.fields?.instanceTypes ?? 'instanceTypes', given: [], allowed: 'at least one machine type' });
    const foreign = plan.zones.find((z) => !this.props.zones.includes(z));
    if (foreign !== undefined) {
      throw new AiInfraError({ where: plan.where, field: 'zones', given: foreign, allowed: `a zone of the cluster (${this.props.zones.join(', ')})` });
    }
    const zones = plan.compactPlacement ? plan.zones.slice(0, 1) : [...plan.zones];
    const withFabric = plan.fabric && fabricLayout(primary) !== undefined;
    const fabric = withFabric ? this.fabricFor(primary, zones[0], plan.where) : undefined;
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
      fields: { zones: 'zones', purchase: plan.fields?.reservation ?? 'purchase' },
      dependsOn: [this.bootDiskGrant],
    });
    for (const e of pool.policyExemptions) {
      tryStackContextOf(this)?.addPolicySuppression({ ruleId: e.ruleId, pathPrefix: e.pathPrefix ?? pool.node.path, reason: e.reason });
      tryStackContextOf(this)?.recordDecision({
        construct: plan.where,
        topic: 'node-auto-repair',
        chosen: `auto-repair off on ${e.resource}`,
        reason: `OPT-OUT (scanner checks ${e.checks.join(', ')}): ${e.reason}`,
      });
    }
    return { zones, fabricInterfaces: pool.additionalNics, pool, machineType: primary, ...(fabric ? { fabric } : {}) };
  }

  /**
   * How the workload stack reaches the API server: the endpoint and CA by
   * reference, tokens from `gke-gcloud-auth-plugin` (the gcloud component
   * kubectl uses; no key files). With a private endpoint, Terraform must run
   * from inside the VPC (or through a bastion / Connect Gateway).
   */
  public connection(): ClusterConnection {
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

/** The node pool API's purchase flags for a decided purchase; AWS-only purchases and reservations are refused. */
function purchaseOf(plan: NodePoolPlan): GkePurchase {
  const field = plan.fields?.reservation ?? 'purchase';
  const r = plan.reservation;
  if (r?.aws) {
    throw new AiInfraError({ where: plan.where, field, given: r.aws, allowed: 'a GCP reservation (gcp.name) on a GCP cluster' });
  }
  const reservation: GkeReservation | undefined = r ? (r.gcp ? { affinity: 'specific', name: r.gcp.name, ...(r.gcp.project ? { project: r.gcp.project } : {}) } : { affinity: 'any' }) : undefined;
  if (reservation && plan.purchase !== 'reservation') {
    throw new AiInfraError({ where: plan.where, field, given: plan.purchase, allowed: '"reservation" when the pool consumes a reservation' });
  }
  const maxRun = plan.gcp?.maxRunDurationSeconds;
  if (maxRun !== undefined && plan.purchase !== 'flex-start') {
    throw new AiInfraError({ where: plan.where, field: 'gcp.maxRunDurationSeconds', given: maxRun, allowed: 'unset unless the pool buys by DWS flex-start' });
  }
  switch (plan.purchase) {
    case 'on-demand':
      return {};
    case 'spot':
      return { spot: true };
    case 'reservation':
      return { reservation: reservation ?? { affinity: 'any' } };
    case 'flex-start':
      return { flexStart: maxRun !== undefined ? { maxRunDurationSeconds: maxRun } : {} };
    case 'queued':
      return { queuedProvisioning: true };
    case 'capacity-block':
      throw new AiInfraError({
        where: plan.where,
        field,
        given: plan.purchase,
        allowed: 'on-demand, spot, reservation, flex-start or queued on GCP (Capacity Blocks are an AWS purchase option; GCP sells A3 Ultra/A4 blocks as reservations)',
      });
  }
}

/** The GCP part of a cluster plan, or an AiInfraError (a plan made for another cloud). */
function gcpPlanOf(plan: GpuClusterPlan): GpuClusterGcpPlan {
  if (plan.gcp) return plan.gcp;
  throw new AiInfraError({ where: plan.where, field: 'gcp', given: undefined, allowed: 'the GCP settings of the cluster plan (a GCP stack)' });
}

/** Builds a GCP GpuCluster under the construct (child `Gcp`). */
export function createGcpGpuCluster(scope: Construct, plan: GpuClusterPlan): GcpGpuCluster {
  const ctx = stackContextOf(scope);
  const g = gcpPlanOf(plan);
  const physicalName: PhysicalName = (suffix, opts) => ctx.physicalName(suffix, opts);
  return new GcpGpuCluster(scope, 'Gcp', {
    where: plan.where,
    clusterName: plan.clusterName,
    nameSuffix: plan.nameSuffix,
    physicalName,
    projectId: requireGcpProjectId(ctx, plan.where),
    projectNumber: requireGcpProjectNumber(ctx, plan.where),
    region: ctx.region,
    zones: plan.zones,
    releaseChannel: g.releaseChannel,
    kubernetesVersion: plan.kubernetesVersion,
    authorizedNetworks: [
      ...plan.publicAccessCidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: `public-${i + 1}` })),
      ...g.authorizedNetworks,
    ],
    publicEndpoint: plan.publicAccessCidrs.length > 0,
    masterCidr: g.masterCidr,
    networkRanges: g.networkRanges,
    ...(g.existingNetwork ? { existingNetwork: g.existingNetwork } : {}),
    networkMtu: g.networkMtu,
    fabricCidr: g.fabricCidr,
    systemPool: {
      machineType: g.systemMachineType,
      minNodesPerZone: g.systemNodesPerZone.min,
      maxNodesPerZone: g.systemNodesPerZone.max,
      diskSizeGb: plan.systemRootVolumeGiB,
    },
    labels: toGcpLabels(ctx.tags),
  });
}

/** The GCP backend of a cluster, or an AiInfraError naming the construct that needs it. */
export function gcpClusterOf(cluster: IGpuCluster, where: string): GcpGpuCluster {
  const backend = cluster.backend;
  if (backend instanceof GcpGpuCluster) return backend;
  throw new AiInfraError({ where, field: 'cluster', given: `${cluster.node.path} (a ${backend.cloud} cluster)`, allowed: 'a GCP GpuCluster of this library (its node-pool mechanism is needed)' });
}
