import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import type { ContainerClusterAddonsConfigLustreCsiDriverConfig } from '@cdktf/provider-google/lib/container-cluster';
import { LustreInstance } from '@cdktf/provider-google/lib/lustre-instance';
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { PersistentVolumeV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-v1';
import { Fn, ITerraformDependable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import {
  isValidManagedLustreCapacity,
  managedLustreThroughputGBps,
  managedLustreTier,
  MANAGED_LUSTRE_FACTS,
  MANAGED_LUSTRE_FILESYSTEM_NAME,
  MANAGED_LUSTRE_INSTANCE_ID,
  MANAGED_LUSTRE_LEGACY_LNET_PORT,
  MANAGED_LUSTRE_LNET_PORT,
  MANAGED_LUSTRE_PROVIDER_TIERS,
  nextValidManagedLustreCapacity,
} from '../catalog/storage-rules';
import { AiInfraError } from '../errors';
import type { Decision } from '../manifest';

/** The CSI driver name of GKE's managed Lustre driver. */
export const GKE_LUSTRE_CSI_DRIVER = 'lustre.csi.storage.gke.io';

/** Managed Lustre tiers the 6.50 provider can create, MB/s per TiB. */
export type ManagedLustreThroughputTier = 125 | 250 | 500 | 1000;

/** A static PersistentVolume and claim for the instance (GKE managed Lustre CSI driver). */
export interface ManagedLustreVolumeProps {
  /** Scope of the in-cluster resources: the cluster's workload stack (Kubernetes provider configured). */
  readonly scope: IConstruct;
  /** Project id of the instance, for the volume handle `<project>/<zone>/<instance>`. */
  readonly projectId: string;
  /** PersistentVolume name (cluster-scoped, so unique in the cluster). */
  readonly volumeName: string;
  /** Namespace of the claim. */
  readonly namespace: string;
  /** Name of the claim. */
  readonly claimName: string;
}

export interface ManagedLustreProps {
  /** Instance id: 1-63 lowercase letters, digits, hyphens. Derive it from construct ids, never from sizes. */
  readonly instanceId: string;
  /** Zone of the instance: the GPU pool's zone (Managed Lustre is zonal). */
  readonly zone: string;
  /** The cluster VPC, `projects/<project>/global/networks/<name>` (the network's `id`). */
  readonly network: string;
  /**
   * The Private Service Access connection of that VPC (`google_service_networking_connection`):
   * Managed Lustre attaches through it, so the instance depends on it.
   */
  readonly privateServiceAccess: ITerraformDependable;
  /**
   * CIDRs of the Private Service Access ranges: the firewall rule admits LNet from them
   * into the cluster VPC.
   */
  readonly privateServiceAccessCidrs: ReadonlyArray<string>;
  /** Per-unit throughput tier, MB/s per TiB; cannot change after creation. */
  readonly throughputMBpsPerTiB: ManagedLustreThroughputTier;
  /** Capacity, GiB, on the tier's step (checked here); can only grow later. */
  readonly capacityGiB: number;
  /** Lustre fsname: 1-8 letters and digits, starting with a letter. */
  readonly filesystem: string;
  /**
   * Create the instance with `gke_support_enabled` (LNet on the legacy port 6988). Needed only for
   * GKE nodes older than 1.33.2-gke.4655000; the cluster's Lustre CSI driver must then set
   * `enable_legacy_lustre_port` too ({@link lustreCsiDriverAddon}).
   * @default false
   */
  readonly legacyLnetPort?: boolean;
  /**
   * Static PersistentVolume and claim in the cluster.
   * @default - none
   */
  readonly volume?: ManagedLustreVolumeProps;
  /**
   * Labels on the instance, merged over the provider's `default_labels`.
   * @default - only the provider's default labels
   */
  readonly labels?: Record<string, string>;
  /**
   * Terraform `lifecycle.prevent_destroy` on the instance.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** The typed `addons_config.lustre_csi_driver_config` the GKE cluster needs for this instance. */
export function lustreCsiDriverAddon(legacyLnetPort = false): ContainerClusterAddonsConfigLustreCsiDriverConfig {
  return { enabled: true, enableLegacyLustrePort: legacyLnetPort };
}

/**
 * A Google Cloud Managed Lustre instance (`google_lustre_instance`) in the GPU
 * zone, on the cluster VPC through Private Service Access, with Managed Lustre's
 * capacity rules checked at synth, a firewall rule admitting LNet from the PSA
 * ranges, `prevent_destroy`, and optionally a static PersistentVolume and claim
 * for GKE's managed Lustre CSI driver.
 *
 * Encryption: google provider 6.50 has no `kms_key` on the instance, so data is
 * encrypted with Google-managed keys. That opt-out of rule 4 is recorded as a
 * decision (see `decisions`), not skipped silently.
 */
export class ManagedLustre extends Construct {
  public readonly instance: LustreInstance;
  public readonly firewall: ComputeFirewall;
  public readonly persistentVolume?: PersistentVolumeV1;
  public readonly persistentVolumeClaim?: PersistentVolumeClaimV1;
  /** Aggregate throughput, GB/s. */
  public readonly throughputGBps: number;
  /** LNet TCP port clients use (988, or 6988 with `legacyLnetPort`). */
  public readonly lnetPort: number;
  /** Decisions (customer-key opt-out), for the stack to record. */
  public readonly decisions: ReadonlyArray<Decision>;

  constructor(scope: Construct, id: string, props: ManagedLustreProps) {
    super(scope, id);
    const where = this.node.path;
    check(where, 'instanceId', props.instanceId, MANAGED_LUSTRE_INSTANCE_ID, MANAGED_LUSTRE_FACTS.instanceId.rule);
    check(where, 'filesystem', props.filesystem, MANAGED_LUSTRE_FILESYSTEM_NAME, MANAGED_LUSTRE_FACTS.filesystemName.rule);
    if (!MANAGED_LUSTRE_PROVIDER_TIERS.includes(props.throughputMBpsPerTiB)) {
      throw new AiInfraError({ where, field: 'throughputMBpsPerTiB', given: props.throughputMBpsPerTiB, allowed: `one of ${MANAGED_LUSTRE_PROVIDER_TIERS.join(', ')}` });
    }
    const rule = managedLustreTier(props.throughputMBpsPerTiB);
    if (!isValidManagedLustreCapacity(props.throughputMBpsPerTiB, props.capacityGiB)) {
      const next = nextValidManagedLustreCapacity(props.throughputMBpsPerTiB, props.capacityGiB);
      const steps = rule.thresholdGiB !== undefined
        ? `a multiple of ${rule.stepGiB} up to ${rule.thresholdGiB}, then of ${rule.stepAboveThresholdGiB}`
        : `a multiple of ${rule.stepGiB}`;
      throw new AiInfraError({
        where,
        field: 'capacityGiB',
        given: props.capacityGiB,
        allowed: `${steps}, from ${rule.minGiB} to ${rule.maxGiB} GiB at ${props.throughputMBpsPerTiB} MB/s/TiB`,
        hint: next !== undefined ? `The next valid size is ${next} GiB` : undefined,
      });
    }
    if (props.privateServiceAccessCidrs.length === 0) {
      throw new AiInfraError({ where, field: 'privateServiceAccessCidrs', given: [], allowed: 'the CIDR of at least one Private Service Access range of the VPC' });
    }
    const legacy = props.legacyLnetPort ?? false;
    this.lnetPort = legacy ? MANAGED_LUSTRE_LEGACY_LNET_PORT : MANAGED_LUSTRE_LNET_PORT;
    this.throughputGBps = managedLustreThroughputGBps(props.throughputMBpsPerTiB, props.capacityGiB);

    // Managed Lustre lives in Google's peered (PSA) network; its servers reach the clients on the LNet port.
    this.firewall = new ComputeFirewall(this, 'LnetFromPrivateServiceAccess', {
      name: `${props.instanceId.slice(0, 58)}-lnet`,
      network: props.network,
      description: `Managed Lustre ${props.instanceId}: LNet (TCP ${this.lnetPort}) from the Private Service Access ranges`,
      direction: 'INGRESS',
      sourceRanges: [...props.privateServiceAccessCidrs],
      allow: [{ protocol: 'tcp', ports: [String(this.lnetPort)] }],
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
    });

    this.instance = new LustreInstance(this, 'Resource', {
      instanceId: props.instanceId,
      location: props.zone,
      network: props.network,
      filesystem: props.filesystem,
      // Both are strings in the 6.50 schema.
      capacityGib: String(props.capacityGiB),
      perUnitStorageThroughput: String(props.throughputMBpsPerTiB),
      gkeSupportEnabled: legacy,
      // No size here: resizing must change only capacity_gib (the instance is updated in place, MMv1 lustre/Instance.yaml).
      description: `Managed Lustre for ${where}`,
      labels: props.labels,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
      dependsOn: [props.privateServiceAccess, this.firewall],
    });

    if (props.volume) {
      const v = props.volume;
      const storage = `${props.capacityGiB}Gi`;
      this.persistentVolume = new PersistentVolumeV1(v.scope, `${id}-pv`, {
        metadata: { name: v.volumeName, labels: { 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' } },
        spec: [
          {
            capacity: { storage },
            accessModes: ['ReadWriteMany'],
            persistentVolumeReclaimPolicy: 'Retain',
            storageClassName: '',
            volumeMode: 'Filesystem',
            persistentVolumeSource: {
              csi: {
                driver: GKE_LUSTRE_CSI_DRIVER,
                volumeHandle: `${v.projectId}/${props.zone}/${props.instanceId}`,
                volumeAttributes: {
                  ip: this.lnetIp,
                  filesystem: props.filesystem,
                },
              },
            },
          },
        ],
      });
      this.persistentVolumeClaim = new PersistentVolumeClaimV1(v.scope, `${id}-pvc`, {
        metadata: { name: v.claimName, namespace: v.namespace },
        spec: {
          accessModes: ['ReadWriteMany'],
          storageClassName: '',
          volumeName: this.persistentVolume.metadata.name,
          resources: { requests: { storage } },
        },
      });
    }

    this.decisions = [
      {
        construct: where,
        topic: 'lustre-encryption',
        chosen: 'Google-managed encryption keys (explicit opt-out of customer-managed keys)',
        reason: `${MANAGED_LUSTRE_FACTS.cmek.rule}. Revisit when the bindings move to google provider 7.x: kms_key plus an `
          + 'encrypter/decrypter grant to service-<N>@gcp-sa-lustre.iam.gserviceaccount.com, which replaces the instance',
      },
    ];
  }

  /** `IP_ADDRESS@tcp:/FILESYSTEM`, for `mount -t lustre`. */
  public get mountPoint(): string {
    return this.instance.mountPoint;
  }

  /** The instance's LNet IP address (the part of `mount_point` before `@`), as the CSI volume attribute `ip` takes it. */
  public get lnetIp(): string {
    return Fn.element(Fn.split('@', this.instance.mountPoint), 0);
  }
}

function check(where: string, field: string, value: string, pattern: RegExp, rule: string): void {
  if (Token.isUnresolved(value) || pattern.test(value)) return;
  throw new AiInfraError({ where, field, given: value, allowed: rule.replace(/^[^:]*: /, '') });
}
