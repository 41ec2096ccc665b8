import type { Sourced } from './types';

/**
 * Capacity and throughput rules of the two managed Lustre services, as data,
 * with the few pure checks the planner and the zod schemas need.
 */

// ---------------------------------------------------------------- FSx for Lustre

export type FsxLustreDeploymentType = 'SCRATCH_1' | 'SCRATCH_2' | 'PERSISTENT_1' | 'PERSISTENT_2';

/** Storage capacity ladder: `first` values, then multiples of `step` (GiB). */
export interface CapacityLadder {
  /** Explicit smallest values, ascending (e.g. 1,200 and 2,400). */
  readonly firstGiB: ReadonlyArray<number>;
  /** After the explicit values, every multiple of this step is valid. */
  readonly stepGiB: number;
}

export interface FsxLustreRule extends Sourced {
  readonly deploymentType: FsxLustreDeploymentType;
  /** SSD capacity ladder (PERSISTENT_1 SSD; the only storage type of the others). */
  readonly capacity: CapacityLadder;
  /** Whether capacity can be increased after creation. */
  readonly growable: boolean;
  /** Valid `per_unit_storage_throughput` values (MB/s/TiB); empty where it is not set. */
  readonly perUnitStorageThroughputMBpsPerTiB: ReadonlyArray<number>;
  /** Baseline throughput, MB/s/TiB, where fixed by the type (scratch). */
  readonly baselineMBpsPerTiB?: number;
  /** Whether data repository associations (S3 links) are supported. */
  readonly dataRepositoryAssociations: boolean;
  /** EFA-enabled file systems: capacity multiple per throughput tier (GiB). */
  readonly efaCapacityMultipleGiB?: Readonly<Record<number, number>>;
  /** PERSISTENT_1 HDD: capacity step per throughput tier (GiB). */
  readonly hddCapacityStepGiB?: Readonly<Record<number, number>>;
}

const FSX_API = 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/fsx/aws.sdk.kotlin.services.fsx.model/ (CreateFileSystemRequest.storageCapacity, UpdateFileSystemRequest.storageCapacity, UpdateFileSystemLustreConfiguration.perUnitStorageThroughput)';
const FSX_GUIDE = 'https://docs.aws.amazon.com/fsx/latest/LustreGuide/using-fsx-lustre.html; https://docs.aws.amazon.com/fsx/latest/LustreGuide/ssd-storage.html';
const FSX_EFA = 'https://docs.aws.amazon.com/ja_jp/fsx/latest/LustreGuide/increase-storage-capacity.html (EFA-enabled growth multiples)';
const FSX_DRA = 'https://docs.aws.amazon.com/fsx/latest/APIReference/API_DataRepositoryAssociation.html; hashicorp/terraform-provider-aws aws_fsx_data_repository_association';
const FSX_AS_OF = '2026-11-25';

/** At most this many data repository associations per file system. */
export const FSX_MAX_DATA_REPOSITORY_ASSOCIATIONS = 8;

/** SageMaker HyperPod's FSxLustreConfig range, used as the default ceiling when listing capacities. */
export const FSX_HYPERPOD_MAX_GIB = 100_800;

export const FSX_LUSTRE_RULES: Readonly<Record<FsxLustreDeploymentType, FsxLustreRule>> = {
  SCRATCH_1: {
    deploymentType: 'SCRATCH_1',
    capacity: { firstGiB: [1200, 2400], stepGiB: 3600 },
    growable: false,
    perUnitStorageThroughputMBpsPerTiB: [],
    baselineMBpsPerTiB: 200,
    dataRepositoryAssociations: false,
    source: `${FSX_API}; ${FSX_DRA}`,
    asOf: FSX_AS_OF,
    note: '1,200, 2,400, then increments of 3,600 GiB; cannot be increased. No DRA (legacy import/export paths only).',
  },
  SCRATCH_2: {
    deploymentType: 'SCRATCH_2',
    capacity: { firstGiB: [1200, 2400], stepGiB: 2400 },
    growable: true,
    perUnitStorageThroughputMBpsPerTiB: [],
    baselineMBpsPerTiB: 200,
    dataRepositoryAssociations: true,
    source: `${FSX_API}; ${FSX_GUIDE}; ${FSX_DRA}`,
    asOf: FSX_AS_OF,
    note: 'Baseline 200 MB/s/TiB, bursts up to 1,300 MB/s/TiB (about 6x). Increases must be multiples of 2,400 GiB.',
  },
  PERSISTENT_1: {
    deploymentType: 'PERSISTENT_1',
    capacity: { firstGiB: [1200, 2400], stepGiB: 2400 },
    growable: true,
    perUnitStorageThroughputMBpsPerTiB: [50, 100, 200],
    dataRepositoryAssociations: true,
    hddCapacityStepGiB: { 12: 6000, 40: 1800 },
    source: `${FSX_API}; ${FSX_GUIDE}; ${FSX_DRA}`,
    asOf: FSX_AS_OF,
    note: 'SSD: 50/100/200 MB/s/TiB on the 1,200/2,400/+2,400 ladder. HDD: 12 MB/s/TiB in 6,000 GiB steps, 40 MB/s/TiB in 1,800 GiB steps.',
  },
  PERSISTENT_2: {
    deploymentType: 'PERSISTENT_2',
    capacity: { firstGiB: [1200, 2400], stepGiB: 2400 },
    growable: true,
    perUnitStorageThroughputMBpsPerTiB: [125, 250, 500, 1000],
    dataRepositoryAssociations: true,
    efaCapacityMultipleGiB: { 125: 38400, 250: 19200, 500: 9600, 1000: 4800 },
    source: `${FSX_API}; ${FSX_GUIDE}; ${FSX_EFA}; ${FSX_DRA}`,
    asOf: FSX_AS_OF,
    note: 'Use a current AWS provider (old docs list only SCRATCH_1/2 and PERSISTENT_1). EFA-enabled file systems use the per-tier capacity multiples instead of the 2,400 ladder.',
  },
};

/** Options that change the FSx capacity rule. */
export interface FsxCapacityOptions {
  /** PERSISTENT_1 only. @default 'SSD' */
  readonly storageType?: 'SSD' | 'HDD';
  /** Needed for PERSISTENT_1 HDD and EFA-enabled PERSISTENT_2. */
  readonly perUnitStorageThroughputMBpsPerTiB?: number;
  /** PERSISTENT_2 only. @default false */
  readonly efaEnabled?: boolean;
}

/** The step that applies when the rule is "multiples of N" (HDD, EFA), or undefined for the SSD ladder. */
const multipleRuleGiB = (deploymentType: FsxLustreDeploymentType, opts: FsxCapacityOptions): number | undefined => {
  const rule = FSX_LUSTRE_RULES[deploymentType];
  const throughput = opts.perUnitStorageThroughputMBpsPerTiB;
  if (deploymentType === 'PERSISTENT_1' && opts.storageType === 'HDD') {
    return throughput === undefined ? NaN : rule.hddCapacityStepGiB?.[throughput] ?? NaN;
  }
  if (deploymentType === 'PERSISTENT_2' && opts.efaEnabled) {
    return throughput === undefined ? NaN : rule.efaCapacityMultipleGiB?.[throughput] ?? NaN;
  }
  return undefined;
};

/** Whether `gib` is a valid FSx for Lustre storage capacity for the deployment type. */
export function isValidFsxCapacity(deploymentType: FsxLustreDeploymentType, gib: number, opts: FsxCapacityOptions = {}): boolean {
  if (!Number.isInteger(gib) || gib <= 0) return false;
  const multiple = multipleRuleGiB(deploymentType, opts);
  if (multiple !== undefined) return Number.isFinite(multiple) && gib % multiple === 0;
  const { firstGiB, stepGiB } = FSX_LUSTRE_RULES[deploymentType].capacity;
  return firstGiB.includes(gib) || (gib > firstGiB[firstGiB.length - 1] && gib % stepGiB === 0);
}

/** Valid capacities (GiB), ascending, up to `maxGiB`. */
export function validLustreCapacitiesGiB(
  deploymentType: FsxLustreDeploymentType,
  maxGiB: number = FSX_HYPERPOD_MAX_GIB,
  opts: FsxCapacityOptions = {},
): number[] {
  const multiple = multipleRuleGiB(deploymentType, opts);
  if (multiple !== undefined) {
    if (!Number.isFinite(multiple)) return [];
    const out: number[] = [];
    for (let gib = multiple; gib <= maxGiB; gib += multiple) out.push(gib);
    return out;
  }
  const { firstGiB, stepGiB } = FSX_LUSTRE_RULES[deploymentType].capacity;
  const out = firstGiB.filter((g) => g <= maxGiB);
  const last = firstGiB[firstGiB.length - 1];
  for (let gib = (Math.floor(last / stepGiB) + 1) * stepGiB; gib <= maxGiB; gib += stepGiB) out.push(gib);
  return out;
}

/** Smallest valid capacity (GiB) at or above `gib`, or undefined if the rule cannot be applied. */
export function nextValidFsxCapacity(deploymentType: FsxLustreDeploymentType, gib: number, opts: FsxCapacityOptions = {}): number | undefined {
  const want = Math.max(1, Math.ceil(gib));
  const multiple = multipleRuleGiB(deploymentType, opts);
  if (multiple !== undefined) {
    return Number.isFinite(multiple) ? Math.ceil(want / multiple) * multiple : undefined;
  }
  const { firstGiB, stepGiB } = FSX_LUSTRE_RULES[deploymentType].capacity;
  const first = firstGiB.find((g) => g >= want);
  if (first !== undefined) return first;
  return Math.ceil(want / stepGiB) * stepGiB;
}

// ------------------------------------------------------- Google Cloud Managed Lustre

/** Managed Lustre tier: MB/s per TiB, or 'dynamic' (25 MB/s/TiB aggregate, `per_unit_storage_throughput` unset or 0). */
export type ManagedLustreTier = 125 | 250 | 500 | 1000 | 'dynamic';

export interface ManagedLustreTierRule extends Sourced {
  readonly tier: ManagedLustreTier;
  /** Value for `per_unit_storage_throughput` (0 = Dynamic: leave unset or 0). */
  readonly perUnitStorageThroughput: number;
  readonly minGiB: number;
  readonly maxGiB: number;
  /** Step at or below the threshold (or everywhere if no threshold). */
  readonly stepGiB: number;
  /** Capacity at which the step changes; an instance created at or below it can grow only up to it. */
  readonly thresholdGiB?: number;
  /** Step above the threshold. */
  readonly stepAboveThresholdGiB?: number;
}

const ML_SOURCE = 'https://docs.cloud.google.com/managed-lustre/docs/performance-tiers (ja); https://docs.cloud.google.com/managed-lustre/docs/increase-capacity; hashicorp/terraform-provider-google website/docs/r/lustre_instance.html.markdown';
const ML_AS_OF = '2026-11-25';
const ML_NOTE = 'Tier cannot change after creation; capacity can only grow. Older doc versions had other limits (minimums 72k/36k/18k/9k, 1000-tier max 954,000 GiB); this is the current table.';

/** Key of MANAGED_LUSTRE_TIERS: the tier as a string. */
export type ManagedLustreTierKey = `${ManagedLustreTier}`;

export const MANAGED_LUSTRE_TIERS: Readonly<Record<ManagedLustreTierKey, ManagedLustreTierRule>> = {
  1000: {
    tier: 1000,
    perUnitStorageThroughput: 1000,
    minGiB: 9000,
    maxGiB: 10_008_000,
    stepGiB: 9000,
    thresholdGiB: 1_530_000,
    stepAboveThresholdGiB: 72_000,
    source: ML_SOURCE,
    asOf: ML_AS_OF,
    note: ML_NOTE,
  },
  500: {
    tier: 500,
    perUnitStorageThroughput: 500,
    minGiB: 18_000,
    maxGiB: 20_016_000,
    stepGiB: 18_000,
    thresholdGiB: 3_060_000,
    stepAboveThresholdGiB: 144_000,
    source: ML_SOURCE,
    asOf: ML_AS_OF,
    note: ML_NOTE,
  },
  250: {
    tier: 250,
    perUnitStorageThroughput: 250,
    minGiB: 36_000,
    maxGiB: 40_032_000,
    stepGiB: 36_000,
    thresholdGiB: 6_120_000,
    stepAboveThresholdGiB: 288_000,
    source: ML_SOURCE,
    asOf: ML_AS_OF,
    note: ML_NOTE,
  },
  125: {
    tier: 125,
    perUnitStorageThroughput: 125,
    minGiB: 72_000,
    maxGiB: 12_240_000,
    stepGiB: 72_000,
    source: ML_SOURCE,
    asOf: ML_AS_OF,
    note: ML_NOTE,
  },
  dynamic: {
    tier: 'dynamic',
    perUnitStorageThroughput: 0,
    minGiB: 472_000,
    maxGiB: 84_016_000,
    stepGiB: 472_000,
    source: ML_SOURCE,
    asOf: ML_AS_OF,
    note: `${ML_NOTE} Dynamic: per_unit_storage_throughput unset or 0 (DynamicTierOptions mode DEFAULT_CACHE).`,
  },
};

/** The rule of a Managed Lustre tier. */
export function managedLustreTier(tier: ManagedLustreTier): ManagedLustreTierRule {
  return MANAGED_LUSTRE_TIERS[`${tier}`];
}

/** Whether `gib` is a valid Managed Lustre capacity for the tier (min, max, step below and above the threshold). */
export function isValidManagedLustreCapacity(tier: ManagedLustreTier, gib: number): boolean {
  const rule = managedLustreTier(tier);
  if (!Number.isInteger(gib) || gib < rule.minGiB || gib > rule.maxGiB) return false;
  if (rule.thresholdGiB !== undefined && rule.stepAboveThresholdGiB !== undefined && gib > rule.thresholdGiB) {
    return gib % rule.stepAboveThresholdGiB === 0;
  }
  return gib % rule.stepGiB === 0;
}

/** Smallest valid Managed Lustre capacity at or above `gib`, or undefined above the tier maximum. */
export function nextValidManagedLustreCapacity(tier: ManagedLustreTier, gib: number): number | undefined {
  const rule = managedLustreTier(tier);
  const want = Math.max(rule.minGiB, Math.ceil(gib));
  let next = Math.ceil(want / rule.stepGiB) * rule.stepGiB;
  if (rule.thresholdGiB !== undefined && rule.stepAboveThresholdGiB !== undefined && next > rule.thresholdGiB) {
    next = Math.ceil(want / rule.stepAboveThresholdGiB) * rule.stepAboveThresholdGiB;
  }
  return next <= rule.maxGiB ? next : undefined;
}

/**
 * Tiers `google_lustre_instance` can create in google provider 6.50 (`@cdktf/provider-google` 16.12.1):
 * `per_unit_storage_throughput` is a required string there whose documented values are 125, 250,
 * 500 and 1000, so the Dynamic tier (unset or 0) is not reachable through the typed binding.
 */
export const MANAGED_LUSTRE_PROVIDER_TIERS: ReadonlyArray<Exclude<ManagedLustreTier, 'dynamic'>> = [125, 250, 500, 1000];

/** Where the Managed Lustre facts below come from. */
export const MANAGED_LUSTRE_FACTS: Readonly<Record<'filesystemName' | 'instanceId' | 'gkeCsi' | 'lnetPorts' | 'cmek', Sourced & { readonly rule: string }>> = {
  filesystemName: {
    rule: 'fsname: 1-8 letters and digits, starting with a letter',
    source: 'registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/lustre_instance#filesystem; https://cloud.google.com/kubernetes-engine/docs/reference/lustre-csi-driver/lustre-csi-driver-reference (filesystem parameter)',
    asOf: '2026-12-02',
  },
  instanceId: {
    rule: 'instance id: 1-63 lowercase letters, digits and hyphens, starting with a letter, ending with a letter or digit',
    source: 'registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/lustre_instance#instance_id',
    asOf: '2026-12-02',
  },
  gkeCsi: {
    rule: 'static PV: driver lustre.csi.storage.gke.io, volumeHandle "<project-id>/<zone>/<instance-id>", volumeAttributes ip and filesystem; the instance exports mount_point "IP_ADDRESS@tcp:/FILESYSTEM"',
    source: 'GoogleCloudPlatform/lustre-csi-driver examples/pre-prov/preprov-pvc-pv.yaml@cb10e2d38bd00af5158237e14651930d886e720f; registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/lustre_instance#mount_point',
    asOf: '2026-12-02',
  },
  lnetPorts: {
    rule: 'LNet uses TCP 988 by default, and GKE nodes from 1.33.2-gke.4655000 reach it with the CSI driver\'s default (no legacy port, instance without gke_support_enabled). '
      + 'An instance created with gke_support_enabled uses the legacy port 6988 and needs the cluster\'s lustre_csi_driver_config.enable_legacy_lustre_port; so do nodes older than 1.33.2-gke.4655000 '
      + '(the GKE API marks enable_legacy_lustre_port deprecated outside those two cases). The 6.50 provider doc of gke_support_enabled ("By default, GKE clients are not supported") predates the default port',
    source: 'GKE API v1 LustreCsiDriverConfig.enable_legacy_lustre_port (https://docs.cloud.google.com/python/docs/reference/container/latest/google.cloud.container_v1.types.LustreCsiDriverConfig); '
      + 'https://docs.cloud.google.com/managed-lustre/docs/lustre-csi-driver-new-volume#lustre_communication_ports; GoogleCloudPlatform/lustre-csi-driver cmd flag enable-legacy-lustre-port',
    asOf: '2026-12-02',
  },
  cmek: {
    rule: 'customer-managed keys (kms_key) exist for Managed Lustre in google provider 7.x only; 6.50 has no kms_key argument on google_lustre_instance',
    source: 'node_modules/@cdktf/provider-google/lib/lustre-instance/index.d.ts (16.12.1 = google 6.50.0); GoogleCloudPlatform/cluster-toolkit modules/file-system/managed-lustre/main.tf@1047080375afbb44da4b596be314634e7486af4a (kms_key, google >= 7.x)',
    asOf: '2026-12-02',
  },
};

/** A valid Managed Lustre `filesystem` name (see MANAGED_LUSTRE_FACTS.filesystemName). */
export const MANAGED_LUSTRE_FILESYSTEM_NAME = /^[A-Za-z][A-Za-z0-9]{0,7}$/;
/** A valid Managed Lustre instance id (see MANAGED_LUSTRE_FACTS.instanceId). */
export const MANAGED_LUSTRE_INSTANCE_ID = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** LNet TCP port of a Managed Lustre instance, and the legacy port of `gke_support_enabled` instances. */
export const MANAGED_LUSTRE_LNET_PORT = 988;
export const MANAGED_LUSTRE_LEGACY_LNET_PORT = 6988;

/** Aggregate throughput of a Managed Lustre instance, GB/s: capacity in TiB × the tier's MB/s per TiB. */
export function managedLustreThroughputGBps(tier: Exclude<ManagedLustreTier, 'dynamic'>, capacityGiB: number): number {
  return (capacityGiB / 1024) * tier / 1000;
}

/** Names of OpenSearch Serverless collections, security/access policies and VPC endpoints. */
export const OPENSEARCH_SERVERLESS_NAME_RULE: Sourced & { readonly pattern: RegExp } = {
  pattern: /^[a-z][a-z0-9-]{2,31}$/,
  source: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-create.html',
  asOf: '2026-12-02',
  confidence: 'single-source',
  note: 'collection names: 3-32 characters, lowercase letters, digits and hyphens, starting with a letter; the same rule was applied to policy and VPC endpoint names before this fact moved here from the AWS backend',
};
