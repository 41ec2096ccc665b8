import { ComputeResourcePolicy } from '@cdktf/provider-google/lib/compute-resource-policy';
import { ContainerNodePool, ContainerNodePoolNodeConfigReservationAffinity } from '@cdktf/provider-google/lib/container-node-pool';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { GpuFabric, maxAdditionalNics } from './fabric';
import { CLOUD_PLATFORM_SCOPE } from './gke-cluster';
import { PhysicalName } from './network';
import { gkeNodeFacts } from '../catalog/gke-node-facts';
import type { InstanceTypeSpec } from '../catalog/types';
import { AiInfraError } from '../errors';
import type { PolicySuppression } from '../policy/pack';
import { DWS_AUTO_REPAIR_SUPPRESSION } from '../policy/rules/gcp/suppressions';

/** A Kubernetes taint in GKE spelling. */
export interface GkeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NO_SCHEDULE' | 'PREFER_NO_SCHEDULE' | 'NO_EXECUTE';
}

/** The GPU taint GKE itself puts on GPU nodes (and cluster-toolkit sets explicitly): only pods that tolerate it land there. */
export const GKE_GPU_TAINT: GkeTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' };

/** The label GKE needs on queued-provisioning nodes for workloads selecting them (cluster-toolkit gke-node-pool). */
export const GKE_QUEUED_LABEL = { 'cloud.google.com/gke-queued': 'true' } as const;

/** Key of a reservation's name in `reservation_affinity`. */
export const RESERVATION_NAME_KEY = 'compute.googleapis.com/reservation-name';

/** Machine families that may combine compact placement with DWS flex-start (cluster-toolkit gke-node-pool precondition; A3 Ultra and A4). */
export const COMPACT_FLEX_START_FAMILIES: ReadonlyArray<string> = ['a3-ultra', 'a4'];

/** A reservation the pool consumes: one by name (optionally shared from another project), or any matching one. */
export type GkeReservation =
  | {
    readonly affinity: 'specific';
    readonly name: string;
    /**
     * Project of a shared reservation.
     * @default - the pool's project
     */
    readonly project?: string;
  }
  | { readonly affinity: 'any' };

/** DWS flex-start: capacity obtained when available, for at most `maxRunDurationSeconds`. */
export interface FlexStart {
  /**
   * Nodes are removed after this many seconds.
   * @default - GKE's default (7 days)
   */
  readonly maxRunDurationSeconds?: number;
}

/** How the nodes are bought: the flags the node pool API has, checked against each other. */
export interface GkePurchase {
  /**
   * Spot VMs.
   * @default false
   */
  readonly spot?: boolean;
  /**
   * Consume a reservation.
   * @default - none (NO_RESERVATION)
   */
  readonly reservation?: GkeReservation;
  /**
   * DWS flex-start.
   * @default - off
   */
  readonly flexStart?: FlexStart;
  /**
   * DWS queued provisioning (nodes only through ProvisioningRequests, e.g. by Kueue).
   * @default false
   */
  readonly queuedProvisioning?: boolean;
}

/**
 * A policy-pack rule the pool cannot meet: the suppression (rule id, path
 * prefix of the node pool, written reason) plus the resource's Terraform
 * address and the matching Checkov ids for external scanners.
 */
export interface PolicyExemption extends PolicySuppression {
  /** Terraform address of the resource. */
  readonly resource: string;
  /** The same finding's Checkov check ids. */
  readonly checks: ReadonlyArray<string>;
}

export interface GkeGpuNodePoolProps {
  /** Construct path of the pool, for errors. */
  readonly where: string;
  readonly physicalName: PhysicalName;
  /** Suffix names start from (construct ids only). */
  readonly nameSuffix: string;
  readonly projectId: string;
  readonly region: string;
  /** Cluster id (`projects/<p>/locations/<r>/clusters/<name>`). */
  readonly clusterId: string;
  readonly type: InstanceTypeSpec;
  /** Zones the nodes go in (exactly one with compact placement or a specific reservation). */
  readonly zones: ReadonlyArray<string>;
  /** Pool-wide node floor and ceiling. */
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly purchase: GkePurchase;
  /** Place the nodes close together with a compact placement policy (multi-node training). */
  readonly compactPlacement: boolean;
  /**
   * GPU NIC networks (multi-node pools on a GPUDirect type); the pool attaches every NIC.
   * @default - no additional NICs
   */
  readonly fabric?: GpuFabric;
  /** Node service account email. */
  readonly serviceAccountEmail: string;
  /** KMS key of the boot disks. */
  readonly bootDiskKeyId: string;
  readonly diskSizeGb: number;
  /** Kubernetes node labels (the pool's own; accelerator labels are added). */
  readonly labels: Readonly<Record<string, string>>;
  /** The pool's own taints (the GPU taint is added). */
  readonly taints: ReadonlyArray<GkeTaint>;
  /** Labels of the node VMs. */
  readonly resourceLabels: Readonly<Record<string, string>>;
  /**
   * Node auto-repair. Must be off with DWS (flex-start and queued provisioning).
   * @default - on, off for DWS pools
   */
  readonly autoRepair?: boolean;
  /**
   * GPU driver GKE installs: DEFAULT (the version's default driver) or LATEST.
   * @default 'DEFAULT'
   */
  readonly gpuDriverVersion?: 'DEFAULT' | 'LATEST';
  /**
   * Field names used in errors, as the user wrote them.
   * @default - `zones` and `purchase`
   */
  readonly fields?: { readonly zones?: string; readonly purchase?: string };
  /**
   * What the pool waits for (the Compute Engine agent's grant on the boot-disk key).
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Labels every GPU node carries, the same keys as the AWS node groups. */
export function gkeAcceleratorLabels(type: InstanceTypeSpec): Record<string, string> {
  return { 'ai-infra/accelerator': type.accelerator, 'nvidia.com/gpu.present': 'true' };
}

/**
 * The one mechanism every GKE GPU pool uses (the GCP twin of the AWS
 * `GpuNodeGroup`): a `google_container_node_pool` with the accelerator and
 * GKE-installed driver, gVNIC, the GKE metadata server, secure boot and
 * integrity monitoring, a customer-keyed boot disk, no legacy metadata
 * endpoints, the GPU taint plus the pool's taints, autoscaling between the
 * pool's floor and ceiling, every GPU NIC of the fabric as
 * `additional_node_network_configs`, and, for multi-node training, a compact
 * placement policy in one zone.
 *
 * Purchase preconditions (cluster-toolkit gke-node-pool, gcp-facts §2.1) are
 * checked first, one error each. `initial_node_count` is ignored after
 * creation: the autoscaler owns the size.
 */
export class GkeGpuNodePool extends Construct {
  public readonly nodePool: ContainerNodePool;
  public readonly placementPolicy?: ComputeResourcePolicy;
  public readonly zones: ReadonlyArray<string>;
  /** Taints on every node (GPU taint first). */
  public readonly taints: ReadonlyArray<GkeTaint>;
  /** Node labels on every node. */
  public readonly labels: Readonly<Record<string, string>>;
  /** Additional NICs attached per node. */
  public readonly additionalNics: number;
  /** Scanner rules this pool cannot meet, with the reason (for the policy pack's suppressions). */
  public readonly policyExemptions: PolicyExemption[] = [];

  constructor(scope: Construct, id: string, props: GkeGpuNodePoolProps) {
    super(scope, id);
    const facts = gkeNodeFacts(props.type.family);
    if (!facts) {
      throw new AiInfraError({ where: props.where, field: 'instanceTypes', given: props.type.name, allowed: 'a GCP GPU machine type whose GKE accelerator name the catalog knows' });
    }
    checkPurchase(props);
    const p = props.purchase;
    const dws = p.flexStart !== undefined || p.queuedProvisioning === true;
    const autoRepair = props.autoRepair ?? !dws;
    this.zones = [...props.zones];

    if (props.fabric) {
      const expected = maxAdditionalNics(props.type);
      if (props.fabric.nics.length !== expected || props.fabric.layout.fabric !== props.type.fabric) {
        throw new AiInfraError({
          where: props.where,
          field: 'instanceTypes',
          given: `${props.type.name} on a ${props.fabric.layout.fabric} fabric with ${props.fabric.nics.length} NICs (built for ${props.fabric.machineType})`,
          allowed: `a ${props.type.fabric} fabric with all ${expected} additional NICs of ${props.type.name}`,
        });
      }
      if (props.fabric.rdmaNetwork && props.zones.some((z) => z !== props.fabric!.zone)) {
        throw new AiInfraError({
          where: props.where,
          field: props.fields?.zones ?? 'zones',
          given: props.zones,
          allowed: `[${JSON.stringify(props.fabric.zone)}]: the RoCE network of the fabric is zonal (profile ${props.fabric.zone}-vpc-roce)`,
        });
      }
    }
    this.additionalNics = props.fabric?.nics.length ?? 0;

    if (props.compactPlacement) {
      this.placementPolicy = new ComputeResourcePolicy(this, 'CompactPlacement', {
        name: props.physicalName(`${props.nameSuffix}-compact`, { maxLength: 63 }),
        description: `Compact placement of the nodes of ${props.where}`,
        project: props.projectId,
        region: props.region,
        groupPlacementPolicy: { collocation: 'COLLOCATED' },
      });
    }

    this.taints = [GKE_GPU_TAINT, ...props.taints.filter((t) => t.key !== GKE_GPU_TAINT.key)];
    this.labels = { ...gkeAcceleratorLabels(props.type), ...props.labels, ...(p.queuedProvisioning ? GKE_QUEUED_LABEL : {}) };
    const perZone = props.minNodes === 0 ? 0 : Math.ceil(props.minNodes / props.zones.length);
    const maxRun = p.flexStart?.maxRunDurationSeconds;

    this.nodePool = new ContainerNodePool(this, 'Resource', {
      name: props.physicalName(props.nameSuffix, { maxLength: 40 }),
      project: props.projectId,
      cluster: props.clusterId,
      location: props.region,
      nodeLocations: [...props.zones],
      initialNodeCount: perZone,
      autoscaling: {
        totalMinNodeCount: props.minNodes,
        totalMaxNodeCount: props.maxNodes,
        // Spot and DWS capacity is wherever GCP has it; on-demand and reserved pools stay balanced across zones.
        locationPolicy: p.spot || dws ? 'ANY' : 'BALANCED',
      },
      // Auto-upgrade stays on for every pool: GKE does not let a node pool of a cluster enrolled in a release channel turn it off.
      management: { autoRepair, autoUpgrade: true },
      // No surge GPU node on upgrade (capacity is scarce); BLUE_GREEN is not allowed with compact placement.
      upgradeSettings: { strategy: 'SURGE', maxSurge: 0, maxUnavailable: 1 },
      ...(this.placementPolicy ? { placementPolicy: { type: 'COMPACT', policyName: this.placementPolicy.name } } : {}),
      ...(p.queuedProvisioning ? { queuedProvisioning: { enabled: true } } : {}),
      ...(props.fabric
        ? { networkConfig: { additionalNodeNetworkConfigs: props.fabric.nics.map((n) => ({ network: n.network, subnetwork: n.subnetwork })) } }
        : {}),
      nodeConfig: {
        machineType: props.type.name,
        imageType: 'COS_CONTAINERD',
        guestAccelerator: [
          {
            type: facts.acceleratorType,
            count: props.type.acceleratorsPerNode,
            gpuDriverInstallationConfig: { gpuDriverVersion: props.gpuDriverVersion ?? 'DEFAULT' },
          },
        ],
        gvnic: { enabled: true },
        diskSizeGb: props.diskSizeGb,
        diskType: facts.bootDiskType,
        bootDiskKmsKey: props.bootDiskKeyId,
        serviceAccount: props.serviceAccountEmail,
        oauthScopes: [CLOUD_PLATFORM_SCOPE],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        metadata: { 'disable-legacy-endpoints': 'true' },
        labels: this.labels,
        taint: this.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
        resourceLabels: { ...props.resourceLabels },
        ...(p.spot ? { spot: true } : {}),
        ...(p.flexStart ? { flexStart: true } : {}),
        ...(maxRun !== undefined ? { maxRunDuration: `${maxRun}s` } : {}),
        reservationAffinity: reservationAffinity(p.reservation),
      },
      lifecycle: { ignoreChanges: ['initial_node_count'] },
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });

    // A DWS pool cannot repair nodes; a user's own autoRepair: false stays a finding for the user to suppress.
    if (!autoRepair && dws) {
      this.policyExemptions.push({
        ruleId: DWS_AUTO_REPAIR_SUPPRESSION.ruleId,
        pathPrefix: this.nodePool.node.path,
        resource: `google_container_node_pool.${this.nodePool.friendlyUniqueId}`,
        checks: ['CKV_GCP_9'],
        reason: DWS_AUTO_REPAIR_SUPPRESSION.reason,
      });
    }
  }
}

function reservationAffinity(r: GkeReservation | undefined): ContainerNodePoolNodeConfigReservationAffinity {
  if (!r) return { consumeReservationType: 'NO_RESERVATION' };
  if (r.affinity === 'any') return { consumeReservationType: 'ANY_RESERVATION' };
  return {
    consumeReservationType: 'SPECIFIC_RESERVATION',
    key: RESERVATION_NAME_KEY,
    values: [r.project ? `projects/${r.project}/reservations/${r.name}` : r.name],
  };
}

/** The preconditions of gcp-facts §2.1 (cluster-toolkit gke-node-pool), one clear error each. */
function checkPurchase(props: GkeGpuNodePoolProps): void {
  const { where, purchase: p } = props;
  const field = props.fields?.purchase ?? 'purchase';
  const zonesField = props.fields?.zones ?? 'zones';
  const given = describePurchase(p);
  const fail = (f: string, allowed: string, g: unknown = given): never => {
    throw new AiInfraError({ where, field: f, given: g, allowed });
  };
  if (props.minNodes < 0 || props.maxNodes < 1 || props.minNodes > props.maxNodes) {
    fail('minNodes', `between 0 and maxNodes (${props.maxNodes})`, props.minNodes);
  }
  if (props.zones.length === 0) fail(zonesField, 'at least one zone', props.zones);
  if (p.flexStart && p.queuedProvisioning) fail(field, 'one DWS mode: flex-start or queued provisioning, not both');
  if (p.spot && p.reservation) fail(field, 'spot without a reservation (spot nodes cannot consume reservations: NO_RESERVATION)');
  if (p.flexStart && p.spot) fail(field, 'flex-start without spot (flex-start is its own provisioning model)');
  if (p.flexStart && p.reservation) fail(field, 'flex-start without a reservation (DWS flex-start pools use NO_RESERVATION)');
  if ((p.flexStart || p.queuedProvisioning) && props.autoRepair === true) {
    fail('autoRepair', 'false (or unset) for DWS pools: GKE requires auto-repair off with flex-start and queued provisioning', true);
  }
  if (p.queuedProvisioning) {
    if (p.spot) fail(field, 'queued provisioning without spot');
    if (p.reservation) fail(field, 'queued provisioning without a reservation (NO_RESERVATION)');
    if (props.minNodes !== 0) fail('minNodes', '0 with queued provisioning (nodes exist only for admitted ProvisioningRequests)', props.minNodes);
    if (props.compactPlacement) fail('placement', 'no compact placement with queued provisioning (GKE does not support it for GPU pools)', 'COMPACT');
  }
  if (p.reservation?.affinity === 'specific' && props.zones.length !== 1) {
    fail(zonesField, 'exactly one zone, the reservation\'s, with a specific reservation', props.zones);
  }
  if (props.compactPlacement && props.zones.length !== 1) {
    fail(zonesField, 'exactly one zone with compact placement (cluster-toolkit: "Compact placement is only available for node pools operating in a single zone")', props.zones);
  }
  if (props.compactPlacement && p.flexStart && !COMPACT_FLEX_START_FAMILIES.includes(props.type.family)) {
    fail(field, `compact placement with flex-start only on ${COMPACT_FLEX_START_FAMILIES.join(', ')} machines (A3 Ultra, A4), got ${props.type.name}`);
  }
  const maxRun = p.flexStart?.maxRunDurationSeconds;
  if (maxRun !== undefined && (!Number.isInteger(maxRun) || maxRun < 1 || maxRun > 604_800)) {
    fail(`${field}.flexStart.maxRunDurationSeconds`, 'a whole number of seconds up to 604800 (7 days, the DWS flex-start maximum)', maxRun);
  }
}

function describePurchase(p: GkePurchase): string {
  const parts = [
    p.spot ? 'spot' : undefined,
    p.reservation ? `reservation ${p.reservation.affinity === 'any' ? 'any' : p.reservation.name}` : undefined,
    p.flexStart ? 'flex-start' : undefined,
    p.queuedProvisioning ? 'queued provisioning' : undefined,
  ].filter((x): x is string => x !== undefined);
  return parts.length ? parts.join(' + ') : 'on-demand';
}
