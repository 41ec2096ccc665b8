import { Construct } from 'constructs';
import { z } from 'zod';
import { checkSameStack, clusterSchema, freeId, startConstruct } from './checks';
import type { AwsLustreResources } from '../aws/lustre-tier';
import {
  FSX_LUSTRE_RULES,
  FSX_MAX_DATA_REPOSITORY_ASSOCIATIONS,
  isValidFsxCapacity,
  MANAGED_LUSTRE_FILESYSTEM_NAME,
  nextValidFsxCapacity,
} from '../catalog/storage-rules';
import type { IGpuCluster, LustreDeploymentType } from '../core/plans';
import { AiInfraError } from '../errors';
import type { GcpLustreResources } from '../gcp/lustre-tier';
import { kmsKeyCost } from '../planning/cost';
import { managedLustreCostLine, sizeManagedLustre } from '../planning/managed-lustre';
import { lustreCostLine, lustreLadderText, lustrePerTiB, lustreThroughputGBps, PERSISTENT_2_TIERS, sizeLustre } from '../planning/storage';


/** Per-unit throughput tiers of PERSISTENT_2, MB/s per TiB of storage. */
export type LustreThroughputTier = 125 | 250 | 500 | 1000;

/** A link between a file system directory and an object-store prefix. */
export interface LustreDataRepository {
  /** Object-store prefix (`s3://bucket/prefix`). */
  readonly importPath: string;
  /** Directory in the file system it appears as (`/datasets`); must not overlap another association's. */
  readonly fileSystemPath: string;
  /**
   * Import new, changed and deleted objects automatically.
   * @default true
   */
  readonly autoImport?: boolean;
  /**
   * Export new, changed and deleted files automatically.
   * @default true
   */
  readonly autoExport?: boolean;
  /**
   * Stripe size for imported files, MiB (1-512,000).
   * @default 1024
   */
  readonly importedFileChunkSizeMiB?: number;
}

/** A static PersistentVolume + claim for the file system in the cluster. */
export interface LustrePersistentVolumeProps {
  /** Namespace of the claim. */
  readonly namespace: string;
  /**
   * Name of the claim.
   * @default 'lustre'
   */
  readonly claimName?: string;
}

/** GCP-only settings of a LustreTier (Google Cloud Managed Lustre). */
export interface LustreTierGcpProps {
  /**
   * Lustre fsname: 1-8 letters and digits, starting with a letter (it is part of the mount path).
   * @default 'lustre'
   */
  readonly filesystem?: string;
  /**
   * Create the instance with `gke_support_enabled` and the cluster's CSI driver with
   * `enable_legacy_lustre_port` (LNet on port 6988). Needed only for GKE nodes older than
   * 1.33.2-gke.4655000 (a cluster pinned below 1.33 must set it); otherwise the default
   * port 988 is used with neither flag. Every Lustre instance of a cluster uses the same port.
   * @default false
   */
  readonly legacyLnetPort?: boolean;
}

/** AWS-only settings of a LustreTier. */
export interface LustreTierAwsProps {
  /**
   * Data compression.
   * @default 'LZ4'
   */
  readonly dataCompression?: 'LZ4' | 'NONE';
}

export interface LustreTierProps {
  /** The GPU cluster whose nodes (and only those) mount the file system. */
  readonly cluster: IGpuCluster;
  /**
   * Deployment type (AWS). SCRATCH types have no replication, no backups and use
   * FSx-managed encryption keys. Not on GCP: Managed Lustre has one kind.
   * @default 'PERSISTENT_2'
   */
  readonly deploymentType?: LustreDeploymentType;
  /**
   * Storage capacity, GiB. AWS: on FSx's ladder (1,200, 2,400, then multiples of
   * 2,400; SCRATCH_1: multiples of 3,600). GCP: on the Managed Lustre tier's step
   * (1000: 9,000; 500: 18,000; 250: 36,000; 125: 72,000 GiB, with larger steps past a threshold).
   * @default - sized from `throughputGBps`
   */
  readonly capacityGiB?: number;
  /**
   * Aggregate throughput the file system must deliver, GB/s (baseline, not burst).
   * @default - sized from `capacityGiB`
   */
  readonly throughputGBps?: number;
  /**
   * Per-unit throughput, MB/s per TiB (AWS: PERSISTENT_2 only; GCP: the Managed Lustre tier,
   * fixed at creation).
   * @default - AWS: the cheapest tier meeting `throughputGBps`, else 250. GCP: the tier needing the
   * least capacity for `throughputGBps`, else 1000 (Managed Lustre's default)
   */
  readonly perUnitStorageThroughputMBpsPerTiB?: LustreThroughputTier;
  /**
   * Zone the file system lives in: the GPU zone (AWS: AZ ID; GCP: zone name).
   * @default - the cluster's first zone
   */
  readonly zone?: string;
  /**
   * Object-store links with automatic import/export (AWS only: at most 8; not on SCRATCH_1).
   * @default - none
   */
  readonly dataRepositories?: LustreDataRepository[];
  /**
   * Days of automatic daily backups (AWS only: 7-90; PERSISTENT only).
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Terraform `prevent_destroy` (and a final backup for PERSISTENT). Turn off
   * only for throw-away environments; the choice is recorded.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Create a static PersistentVolume and claim in the cluster's workload scope.
   * AWS: needs the FSx CSI driver in the cluster. GCP: the GKE Managed Lustre CSI
   * driver, which the construct turns on in the cluster.
   * @default - none: mount from the `dnsName`/`mountName` outputs
   */
  readonly persistentVolume?: LustrePersistentVolumeProps;
  /**
   * AWS-only settings.
   * @default - defaults of each field
   */
  readonly aws?: LustreTierAwsProps;
  /**
   * GCP-only settings.
   * @default - defaults of each field
   */
  readonly gcp?: LustreTierGcpProps;
}

/** FSx's `StorageCapacity` is a 32-bit integer (CreateFileSystem API). */
export const FSX_MAX_STORAGE_CAPACITY_GIB = 2_147_483_647;

const schema = z
  .object({
    cluster: clusterSchema,
    deploymentType: z.enum(['PERSISTENT_2', 'SCRATCH_2', 'SCRATCH_1']).default('PERSISTENT_2'),
    capacityGiB: z.number().int().positive().max(FSX_MAX_STORAGE_CAPACITY_GIB, `at most ${FSX_MAX_STORAGE_CAPACITY_GIB} GiB (FSx's StorageCapacity is a 32-bit integer)`).optional(),
    throughputGBps: z.number().positive().max(10_000).optional(),
    perUnitStorageThroughputMBpsPerTiB: z.literal([...PERSISTENT_2_TIERS]).optional(),
    zone: z.string().min(1).optional(),
    dataRepositories: z
      .array(
        z
          .object({
            importPath: z
              .string()
              .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'an S3 URI (s3://bucket/prefix)')
              .refine((u) => !/^s3:\/\/[^/]*(\.\.|\.-|-\.)/.test(u), 'an S3 URI whose bucket name has no "..", ".-" or "-."'),
            fileSystemPath: z
              .string()
              .regex(/^\/[^\0]{0,4095}$/, 'an absolute path (/datasets)')
              .refine((f) => !f.split('/').some((seg, i, all) => seg === '.' || seg === '..' || (seg === '' && i > 0 && i < all.length - 1)), 'an absolute path without ".", ".." or empty segments (/datasets)'),
            autoImport: z.boolean().default(true),
            autoExport: z.boolean().default(true),
            importedFileChunkSizeMiB: z.number().int().min(1).max(512_000).default(1024),
          })
          .strict(),
      )
      .max(FSX_MAX_DATA_REPOSITORY_ASSOCIATIONS)
      .default([]),
    backupRetentionDays: z.number().int().min(7).max(90).optional(),
    deletionProtection: z.boolean().default(true),
    persistentVolume: z
      .object({
        namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a Kubernetes namespace name'),
        claimName: z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'a Kubernetes object name').default('lustre'),
      })
      .strict()
      .optional(),
    aws: z.object({ dataCompression: z.enum(['LZ4', 'NONE']).default('LZ4') }).strict().default({ dataCompression: 'LZ4' }),
    gcp: z
      .object({
        filesystem: z.string().regex(MANAGED_LUSTRE_FILESYSTEM_NAME, '1-8 letters and digits, starting with a letter').default('lustre'),
        legacyLnetPort: z.boolean().default(false),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Props that only FSx for Lustre has, refused on a GCP stack (with why). */
const AWS_ONLY_PROPS: ReadonlyArray<readonly [keyof LustreTierProps, string]> = [
  ['deploymentType', 'unset on GCP (Managed Lustre has one kind, persistent; FSx deployment types are AWS only)'],
  ['dataRepositories', 'unset on GCP (google_lustre_instance 6.50 has no data import: load from Cloud Storage with `gcloud lustre instances import-data` after apply)'],
  ['backupRetentionDays', 'unset on GCP (Managed Lustre has no backup settings in google 6.50; keep checkpoints in a Cloud Storage bucket)'],
  ['aws', 'unset on a GCP stack (AWS-only settings)'],
];

/**
 * A Lustre file system next to the GPUs. AWS: FSx for Lustre, PERSISTENT_2 (or
 * SCRATCH on request) in the GPU zone, sized from a capacity or a throughput
 * target with FSx's capacity and throughput-per-TiB rules checked at synth,
 * encrypted with a customer key, backed up, linked to S3 with automatic
 * import/export, and reachable on the Lustre ports from the cluster only.
 * GCP: Google Cloud Managed Lustre in the GPU zone on the cluster VPC, sized by
 * Managed Lustre's tier rules, with the GKE Managed Lustre CSI driver (see
 * docs/constructs/lustre-tier.md).
 */
export class LustreTier extends Construct {
  /** FSx deployment type; `PERSISTENT_2` on GCP (Managed Lustre is persistent). */
  public readonly deploymentType: LustreDeploymentType;
  public readonly capacityGiB: number;
  /** MB/s per TiB (the SCRATCH baseline for scratch types; the Managed Lustre tier on GCP). */
  public readonly throughputMBpsPerTiB: number;
  /** Aggregate baseline throughput, GB/s. */
  public readonly throughputGBps: number;
  /** Zone the file system is in (AWS: AZ ID). */
  public readonly zone: string;
  /** FSx file system id, or the Managed Lustre instance id. */
  public readonly fileSystemId: string;
  /** DNS name (AWS) or LNet IP address (GCP) to mount: `<dnsName>@tcp:/<mountName>`. */
  public readonly dnsName: string;
  /** Lustre mount name (the fsname on GCP). */
  public readonly mountName: string;
  /**
   * The AWS resources (escape hatch, AWS stacks).
   * @default - absent on other clouds
   */
  public readonly aws?: AwsLustreResources;
  /**
   * The GCP resources (escape hatch, GCP stacks): `managedLustre` with its `instance`,
   * `firewall`, `persistentVolume?`, `persistentVolumeClaim?`.
   * @default - absent on other clouds
   */
  public readonly gcp?: GcpLustreResources;

  constructor(scope: Construct, id: string, props: LustreTierProps) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, schema, props, 'lustreTier');
    checkSameStack(where, p.cluster, stack);
    if (stack.cloud === 'gcp') {
      for (const [field, allowed] of AWS_ONLY_PROPS) {
        const given = props[field];
        if (given !== undefined && !(Array.isArray(given) && given.length === 0)) throw new AiInfraError({ where, field, given, allowed });
      }
      const zone = p.zone ?? p.cluster.zones[0];
      if (!zone || !p.cluster.zones.includes(zone)) {
        throw new AiInfraError({ where, field: 'zone', given: zone, allowed: `a zone of the cluster (${p.cluster.zones.join(', ')})` });
      }
      const sized = sizeManagedLustre(
        { region: stack.region, capacityGiB: p.capacityGiB, throughputGBps: p.throughputGBps, tier: p.perUnitStorageThroughputMBpsPerTiB },
        where,
      );
      stack.recordDecision({ construct: where, ...sized.decision });
      stack.recordDecision({
        construct: where,
        topic: 'lustre-zone',
        chosen: zone,
        reason: p.zone ? 'given' : 'the cluster\'s first zone (the GPU zone): a Managed Lustre instance is zonal and cross-zone reads cost latency and transfer',
      });
      if (!p.deletionProtection) {
        stack.recordDecision({ construct: where, topic: 'deletion-protection', chosen: 'off', reason: 'deletionProtection: false was given: prevent_destroy is off (throw-away environments only)' });
      }
      const gcp = p.gcp ?? { filesystem: 'lustre', legacyLnetPort: false };
      const built = backend(this, {
        where,
        cluster: p.cluster,
        deploymentType: 'PERSISTENT_2',
        capacityGiB: sized.capacityGiB,
        perUnitStorageThroughputMBpsPerTiB: sized.tier,
        zone,
        deletionProtection: p.deletionProtection,
        dataRepositories: [],
        persistentVolume: p.persistentVolume ? { namespace: p.persistentVolume.namespace, claimName: p.persistentVolume.claimName } : undefined,
        gcp: { filesystem: gcp.filesystem, legacyLnetPort: gcp.legacyLnetPort },
      });
      this.gcp = built as GcpLustreResources;
      this.deploymentType = 'PERSISTENT_2';
      this.capacityGiB = sized.capacityGiB;
      this.throughputMBpsPerTiB = sized.tier;
      this.throughputGBps = Math.round(sized.throughputGBps * 1000) / 1000;
      this.zone = zone;
      this.fileSystemId = built.fileSystemId;
      this.dnsName = built.dnsName;
      this.mountName = built.mountName;
      stack.addCostLines([managedLustreCostLine(where, stack.region, sized.tier, sized.capacityGiB)]);
      return;
    }
    if (p.gcp !== undefined) throw new AiInfraError({ where, field: 'gcp', given: p.gcp, allowed: 'unset on an AWS stack (GCP-only settings)' });
    const type = p.deploymentType;
    const rule = FSX_LUSTRE_RULES[type];
    const persistent = type === 'PERSISTENT_2';

    // Cross-field rules FSx enforces at create time, checked here instead.
    if (!persistent && p.perUnitStorageThroughputMBpsPerTiB !== undefined) {
      throw new AiInfraError({ where, field: 'perUnitStorageThroughputMBpsPerTiB', given: p.perUnitStorageThroughputMBpsPerTiB, allowed: `unset for ${type} (fixed baseline of ${rule.baselineMBpsPerTiB} MB/s/TiB)` });
    }
    if (!persistent && p.backupRetentionDays !== undefined) {
      throw new AiInfraError({ where, field: 'backupRetentionDays', given: p.backupRetentionDays, allowed: `unset for ${type} (scratch file systems have no backups; use PERSISTENT_2)` });
    }
    if (!rule.dataRepositoryAssociations && p.dataRepositories.length > 0) {
      throw new AiInfraError({
        where,
        field: 'dataRepositories',
        given: p.dataRepositories.map((d) => d.importPath),
        allowed: `empty for ${type} (data repository associations need SCRATCH_2 or PERSISTENT_2)`,
      });
    }
    this.checkRepositoryPaths(p.dataRepositories.map((d) => d.fileSystemPath));
    if (p.capacityGiB === undefined && p.throughputGBps === undefined) {
      throw new AiInfraError({ where, field: 'capacityGiB', given: undefined, allowed: 'given, or throughputGBps given to size it' });
    }
    if (p.capacityGiB !== undefined && !isValidFsxCapacity(type, p.capacityGiB)) {
      const next = nextValidFsxCapacity(type, p.capacityGiB);
      throw new AiInfraError({ where, field: 'capacityGiB', given: p.capacityGiB, allowed: `${lustreLadderText(type)} for ${type}`, hint: next ? `The next valid size is ${next} GiB` : undefined });
    }
    const zone = p.zone ?? p.cluster.zones[0];
    if (!zone || !p.cluster.zones.includes(zone)) {
      throw new AiInfraError({ where, field: 'zone', given: zone, allowed: `a zone of the cluster (${p.cluster.zones.join(', ')})` });
    }

    const sized = sizeLustre(
      {
        cloud: stack.cloud,
        region: stack.region,
        deploymentType: type,
        capacityGiB: p.capacityGiB,
        throughputGBps: p.throughputGBps,
        tier: p.perUnitStorageThroughputMBpsPerTiB,
      },
      where,
    );
    stack.recordDecision({ construct: where, ...sized.decision });
    const { capacityGiB, tier } = sized;
    this.deploymentType = type;
    this.capacityGiB = capacityGiB;
    this.throughputMBpsPerTiB = lustrePerTiB(type, tier);
    this.throughputGBps = Math.round(lustreThroughputGBps(capacityGiB, this.throughputMBpsPerTiB) * 1000) / 1000;
    this.zone = zone;

    stack.recordDecision({
      construct: where,
      topic: 'lustre-zone',
      chosen: zone,
      reason: p.zone ? 'given' : 'the cluster\'s first zone (the GPU zone): a file system lives in one subnet and cross-zone reads cost latency and transfer',
    });
    if (!persistent) {
      stack.recordDecision({
        construct: where,
        topic: 'lustre-encryption',
        chosen: 'FSx-managed key',
        reason: `${type} does not take a customer key (FSx encrypts scratch file systems with FSx-managed keys) and has no backups or replication; use PERSISTENT_2 for a customer key and backups`,
      });
    }
    if (!p.deletionProtection) {
      stack.recordDecision({ construct: where, topic: 'deletion-protection', chosen: 'off', reason: 'deletionProtection: false was given: prevent_destroy and the final backup are off (throw-away environments only)' });
    }

    const built = backend(this, {
      where,
      cluster: p.cluster,
      deploymentType: type,
      capacityGiB,
      perUnitStorageThroughputMBpsPerTiB: persistent ? tier : undefined,
      zone,
      backupRetentionDays: persistent ? p.backupRetentionDays ?? 7 : undefined,
      deletionProtection: p.deletionProtection,
      dataRepositories: p.dataRepositories,
      persistentVolume: p.persistentVolume ? { namespace: p.persistentVolume.namespace, claimName: p.persistentVolume.claimName } : undefined,
      ...(stack.cloud === 'aws' ? { aws: { dataCompression: p.aws.dataCompression } } : {}),
    });
    if (stack.cloud === 'aws') this.aws = built as AwsLustreResources;
    this.fileSystemId = built.fileSystemId;
    this.dnsName = built.dnsName;
    this.mountName = built.mountName;
    const line = lustreCostLine(stack.cloud, where, stack.region, type, tier, capacityGiB);
    if (line) stack.addCostLines([line]);
    else stack.addWarning(`${where}: ${type} has no catalog price; the file system is not in the cost estimate`);
    if (persistent) stack.addCostLines([kmsKeyCost({ component: where, region: stack.region, keys: 1 }, where)]);
  }

  private checkRepositoryPaths(paths: string[]): void {
    const norm = paths.map((s) => (s.endsWith('/') && s.length > 1 ? s.slice(0, -1) : s));
    for (let i = 0; i < norm.length; i++) {
      for (let j = 0; j < norm.length; j++) {
        if (i === j) continue;
        const a = norm[i];
        const b = norm[j];
        if (a === b || b.startsWith(a === '/' ? '/' : `${a}/`)) {
          throw new AiInfraError({
            where: this.node.path,
            field: `dataRepositories.${j}.fileSystemPath`,
            given: paths[j],
            allowed: `a path that does not overlap another association's (${paths[i]})`,
          });
        }
      }
    }
  }
}
