import { ContainerCluster, ContainerClusterAddonsConfig } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { firstOverlap, isCidr } from './cidr';
import { lustreCsiDriverAddon } from './lustre';
import { GkeNetwork, PhysicalName } from './network';
import { GKE_LOGGING_COMPONENTS } from '../core/plans/gpu-cluster';
import { AiInfraError } from '../errors';

/** GKE release channels a cluster may enrol in. */
export const RELEASE_CHANNELS = ['RAPID', 'REGULAR', 'STABLE', 'EXTENDED'] as const;
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];

/**
 * Roles of the node service account: what the GKE hardening guide lists for a
 * least-privilege node identity (logs, metrics, metadata, image pulls), not
 * the Compute Engine default account's Editor.
 */
export const NODE_SERVICE_ACCOUNT_ROLES = [
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
  'roles/monitoring.viewer',
  'roles/stackdriver.resourceMetadata.writer',
  'roles/artifactregistry.reader',
] as const;

/** Components whose metrics the cluster sends to Cloud Monitoring; DCGM is the GPU one (managed DCGM exporter). */
export const MONITORING_COMPONENTS = [
  'SYSTEM_COMPONENTS', 'APISERVER', 'SCHEDULER', 'CONTROLLER_MANAGER', 'STORAGE', 'HPA', 'POD', 'DAEMONSET', 'DEPLOYMENT', 'STATEFULSET', 'DCGM',
] as const;

/** Components whose logs the cluster sends to Cloud Logging (in core: the cost estimate names them too). */
export const LOGGING_COMPONENTS = GKE_LOGGING_COMPONENTS;

/** The only OAuth scope nodes get: IAM (the node service account's roles) decides what they may do. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** Node label every system node carries (the same as on AWS). */
export const SYSTEM_POOL_LABEL = { 'ai-infra/pool': 'system' } as const;

/** A CIDR allowed to reach the control plane. */
export interface AuthorizedNetwork {
  readonly cidrBlock: string;
  readonly displayName: string;
}

/** The CPU node pool for cluster add-ons and controllers. */
export interface SystemPoolSpec {
  /** Machine type (`e2-standard-4`). */
  readonly machineType: string;
  /** Autoscaling floor per zone. */
  readonly minNodesPerZone: number;
  /** Autoscaling ceiling per zone. */
  readonly maxNodesPerZone: number;
  readonly diskSizeGb: number;
}

export interface GkeClusterProps {
  /** Construct path of the owner, for errors and descriptions. */
  readonly where: string;
  readonly physicalName: PhysicalName;
  /** Suffix names start from (a construct id, never a size). */
  readonly nameSuffix: string;
  /** Cluster name. */
  readonly clusterName: string;
  readonly projectId: string;
  readonly region: string;
  /** Zones of the cluster's nodes (the system pool spreads over them). */
  readonly zones: ReadonlyArray<string>;
  readonly network: GkeNetwork;
  readonly releaseChannel: ReleaseChannel;
  /**
   * Minimum control-plane version (`1.33`); the release channel upgrades from there.
   * @default - the channel's default
   */
  readonly minMasterVersion?: string;
  /** CIDRs allowed to reach the control plane (master authorized networks). */
  readonly authorizedNetworks: ReadonlyArray<AuthorizedNetwork>;
  /** Give the control plane a public endpoint, reachable from the authorized networks only; false keeps it private. */
  readonly publicEndpoint: boolean;
  /** /28 of the control plane's private endpoint. */
  readonly masterCidr: string;
  /** KMS key (`projects/.../cryptoKeys/...`) encrypting Kubernetes secrets in etcd. */
  readonly secretsKeyId: string;
  /** KMS key of the nodes' boot disks. */
  readonly bootDiskKeyId: string;
  readonly systemPool: SystemPoolSpec;
  /** `resource_labels` of the cluster (GKE labels its nodes' VMs with them too). */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * What the cluster and its system pool wait for (the service agents' grants on the keys).
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A regional GKE Standard cluster for GPU work, configured the way
 * cluster-toolkit's `gke-cluster` module and the GKE hardening guide do:
 * private nodes; a private endpoint unless a public one is asked for (then
 * restricted to the authorized networks; `master_authorized_networks_config`
 * is always present); Workload
 * Identity; shielded nodes; a release channel; Dataplane V2 (network policy
 * enforced by it, so `network_policy` stays disabled as GKE requires);
 * multi-networking once a pool needs GPU NICs; secrets encrypted with a
 * customer key; Managed Prometheus and the DCGM component; no client
 * certificate, no legacy ABAC; Binary Authorization enforcing the project
 * policy; intranode visibility; deletion protection. The default node pool
 * is removed (its `node_config` still carries shielded boot, the GKE metadata
 * server and the customer boot-disk key while it exists), and a small CPU
 * system pool runs on a dedicated least-privilege node service account.
 */
export class GkeCluster extends Construct {
  public readonly cluster: ContainerCluster;
  public readonly nodeServiceAccount: ServiceAccount;
  public readonly nodeServiceAccountRoles: ProjectIamMember[] = [];
  public readonly systemPool: ContainerNodePool;
  public readonly network: GkeNetwork;
  public readonly region: string;
  public readonly zones: ReadonlyArray<string>;
  public readonly bootDiskKeyId: string;
  /** Whether the control plane has a public endpoint (restricted to the authorized networks). */
  public readonly publicEndpoint: boolean;
  private addons: ContainerClusterAddonsConfig;
  /** The LNet port choice of the Lustre CSI driver, once a Lustre instance asked for it. */
  private lustreLegacyPort?: boolean;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    this.network = props.network;
    this.region = props.region;
    this.zones = [...props.zones];
    this.bootDiskKeyId = props.bootDiskKeyId;
    if (!isCidr(props.masterCidr, 28, 28)) {
      throw new AiInfraError({ where: props.where, field: 'gcp.masterCidr', given: props.masterCidr, allowed: 'an IPv4 /28 in network form (the control plane\'s private endpoint range)' });
    }
    const clash = firstOverlap({ ...props.network.knownRanges, master: props.masterCidr });
    if (clash) {
      throw new AiInfraError({ where: props.where, field: 'gcp.masterCidr', given: props.masterCidr, allowed: `a /28 that does not overlap the network's ${clash[0]} range (${props.network.knownRanges[clash[0]]})` });
    }

    this.nodeServiceAccount = new ServiceAccount(this, 'NodeServiceAccount', {
      accountId: props.physicalName(`${props.nameSuffix}-nodes`, { maxLength: 30 }),
      displayName: `GKE nodes of ${props.clusterName}`,
      description: `Least-privilege node identity of ${props.where} (logs, metrics, image pulls); never the Compute Engine default account`,
      project: props.projectId,
    });
    for (const role of NODE_SERVICE_ACCOUNT_ROLES) {
      this.nodeServiceAccountRoles.push(new ProjectIamMember(this, `NodeRole-${role.replace('roles/', '')}`, {
        project: props.projectId,
        role,
        member: this.nodeServiceAccount.member,
      }));
    }

    this.publicEndpoint = props.publicEndpoint;
    if (this.publicEndpoint && props.authorizedNetworks.length === 0) {
      throw new AiInfraError({ where: props.where, field: 'publicAccessCidrs', given: [], allowed: 'at least one CIDR when the control plane has a public endpoint' });
    }
    this.addons = {
      httpLoadBalancing: { disabled: false },
      horizontalPodAutoscaling: { disabled: false },
      gcePersistentDiskCsiDriverConfig: { enabled: true },
      gcsFuseCsiDriverConfig: { enabled: true },
    };
    this.cluster = new ContainerCluster(this, 'Resource', {
      name: props.clusterName,
      description: `GPU cluster of ${props.where}`,
      project: props.projectId,
      location: props.region,
      nodeLocations: [...props.zones],
      ...(props.minMasterVersion ? { minMasterVersion: props.minMasterVersion } : {}),
      network: props.network.networkId,
      subnetwork: props.network.subnetworkId,
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: {
        clusterSecondaryRangeName: props.network.podsRangeName,
        servicesSecondaryRangeName: props.network.servicesRangeName,
        stackType: 'IPV4',
      },
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: {
        serviceAccount: this.nodeServiceAccount.email,
        oauthScopes: [CLOUD_PLATFORM_SCOPE],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        bootDiskKmsKey: props.bootDiskKeyId,
        metadata: { 'disable-legacy-endpoints': 'true' },
      },
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: !this.publicEndpoint,
        masterIpv4CidrBlock: props.masterCidr,
        masterGlobalAccessConfig: { enabled: false },
      },
      masterAuthorizedNetworksConfig: {
        gcpPublicCidrsAccessEnabled: false,
        cidrBlocks: props.authorizedNetworks.map((n) => ({ cidrBlock: n.cidrBlock, displayName: n.displayName })),
      },
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      enableLegacyAbac: false,
      workloadIdentityConfig: { workloadPool: `${props.projectId}.svc.id.goog` },
      enableShieldedNodes: true,
      releaseChannel: { channel: props.releaseChannel },
      datapathProvider: 'ADVANCED_DATAPATH',
      // With Dataplane V2 the dataplane enforces NetworkPolicy; GKE rejects network_policy enabled alongside it.
      networkPolicy: { enabled: false, provider: 'PROVIDER_UNSPECIFIED' },
      enableMultiNetworking: false,
      databaseEncryption: { state: 'ENCRYPTED', keyName: props.secretsKeyId },
      monitoringConfig: { enableComponents: [...MONITORING_COMPONENTS], managedPrometheus: { enabled: true } },
      loggingConfig: { enableComponents: [...LOGGING_COMPONENTS] },
      enableIntranodeVisibility: true,
      binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
      resourceLabels: { ...props.labels },
      addonsConfig: this.addons,
      deletionProtection: true,
      // The default pool's node_config only exists until the pool is removed; changing it would replace the cluster.
      lifecycle: { ignoreChanges: ['node_config'] },
      dependsOn: [...(props.dependsOn ?? []), ...this.nodeServiceAccountRoles],
    });

    const s = props.systemPool;
    this.systemPool = new ContainerNodePool(this, 'SystemNodes', {
      name: props.physicalName(`${props.nameSuffix}-system`, { maxLength: 40 }),
      project: props.projectId,
      cluster: this.cluster.id,
      location: props.region,
      nodeLocations: [...props.zones],
      initialNodeCount: s.minNodesPerZone,
      autoscaling: { minNodeCount: s.minNodesPerZone, maxNodeCount: s.maxNodesPerZone, locationPolicy: 'BALANCED' },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: s.machineType,
        imageType: 'COS_CONTAINERD',
        diskSizeGb: s.diskSizeGb,
        diskType: 'pd-balanced',
        bootDiskKmsKey: props.bootDiskKeyId,
        serviceAccount: this.nodeServiceAccount.email,
        oauthScopes: [CLOUD_PLATFORM_SCOPE],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        gvnic: { enabled: true },
        metadata: { 'disable-legacy-endpoints': 'true' },
        labels: { ...SYSTEM_POOL_LABEL },
        resourceLabels: { ...props.labels },
      },
      lifecycle: { ignoreChanges: ['initial_node_count'] },
      dependsOn: [...(props.dependsOn ?? []), ...this.nodeServiceAccountRoles],
    });
  }

  /** Turns GKE multi-networking on (a pool needs extra NICs for its GPU fabric); Dataplane V2 is already on. */
  public enableMultiNetworking(): void {
    this.cluster.enableMultiNetworking = true;
  }

  /**
   * Turns on the Managed Lustre CSI driver. `legacyPort` makes it use port 6988
   * for instances created without `gke_support_enabled` (988 clashes with the
   * GKE metadata server).
   */
  public enableLustreCsiDriver(opts: { readonly legacyPort?: boolean; readonly where?: string } = {}): void {
    const legacy = opts.legacyPort ?? false;
    // The driver initializes LNet on one port per node: every Lustre instance of the cluster must use it.
    if (this.lustreLegacyPort !== undefined && this.lustreLegacyPort !== legacy) {
      throw new AiInfraError({
        where: opts.where ?? this.node.path,
        field: 'gcp.legacyLnetPort',
        given: legacy,
        allowed: `${this.lustreLegacyPort} (the cluster's Lustre CSI driver already uses ${this.lustreLegacyPort ? 'the legacy port 6988' : 'the default port 988'} for another instance; the driver initializes LNet on one port per node)`,
      });
    }
    this.lustreLegacyPort = legacy;
    this.addons = { ...this.addons, lustreCsiDriverConfig: lustreCsiDriverAddon(legacy) };
    this.cluster.putAddonsConfig(this.addons);
  }

  /** The workload pool Kubernetes service accounts federate through (`<project>.svc.id.goog`). */
  public get workloadPool(): string {
    return this.cluster.workloadIdentityConfig.workloadPool;
  }
}
