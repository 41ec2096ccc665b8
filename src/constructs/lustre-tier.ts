import { Construct } from 'constructs';
import { z } from 'zod';
import { checkSameStack, clusterSchema, freeId, startConstruct } from './checks';
import type { AwsLustreResources } from '../aws/lustre-tier';
import {
  FSX_LUSTRE_RULES,
  FSX_MAX_DATA_REPOSITORY_ASSOCIATIONS,
  isValidFsxCapacity,
  nextValidFsxCapacity,
} from '../catalog/storage-rules';
import type { IGpuCluster, LustreDeploymentType } from '../core/plans';
import { AiInfraError } from '../errors';
import { kmsKeyCost } from '../planning/cost';
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
   * Deployment type. SCRATCH types have no replication, no backups and use
   * FSx-managed encryption keys.
   * @default 'PERSISTENT_2'
   */
  readonly deploymentType?: LustreDeploymentType;
  /**
   * Storage capacity, GiB, on FSx's ladder (1,200, 2,400, then multiples of
   * 2,400; SCRATCH_1: multiples of 3,600).
   * @default - sized from `throughputGBps`
   */
  readonly capacityGiB?: number;
  /**
   * Aggregate throughput the file system must deliver, GB/s (baseline, not burst).
   * @default - sized from `capacityGiB`
   */
  readonly throughputGBps?: number;
  /**
   * Per-unit throughput, MB/s per TiB (PERSISTENT_2 only).
   * @default - the cheapest tier meeting `throughputGBps`, else 250
   */
  readonly perUnitStorageThroughputMBpsPerTiB?: LustreThroughputTier;
  /**
   * Zone (AZ ID) the file system lives in: the GPU zone.
   * @default - the cluster's first zone
   */
  readonly zone?: string;
  /**
   * Object-store links with automatic import/export (at most 8; not on SCRATCH_1).
   * @default - none
   */
  readonly dataRepositories?: LustreDataRepository[];
  /**
   * Days of automatic daily backups (7-90; PERSISTENT only).
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
   * Needs the FSx CSI driver in the cluster.
   * @default - none: mount from the `dnsName`/`mountName` outputs
   */
  readonly persistentVolume?: LustrePersistentVolumeProps;
  /**
   * AWS-only settings.
   * @default - defaults of each field
   */
  readonly aws?: LustreTierAwsProps;
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
  })
  .strict();

/**
 * An FSx for Lustre file system next to the GPUs: PERSISTENT_2 (or SCRATCH on
 * request) in the GPU zone, sized from a capacity or a throughput target with
 * FSx's capacity and throughput-per-TiB rules checked at synth, encrypted with
 * a customer key, backed up, linked to S3 with automatic import/export, and
 * reachable on the Lustre ports from the cluster only.
 */
export class LustreTier extends Construct {
  public readonly deploymentType: LustreDeploymentType;
  public readonly capacityGiB: number;
  /** MB/s per TiB (the SCRATCH baseline for scratch types). */
  public readonly throughputMBpsPerTiB: number;
  /** Aggregate baseline throughput, GB/s. */
  public readonly throughputGBps: number;
  /** AZ ID the file system is in. */
  public readonly zone: string;
  public readonly fileSystemId: string;
  /** DNS name to mount (`<dnsName>@tcp:/<mountName>`). */
  public readonly dnsName: string;
  /** Lustre mount name. */
  public readonly mountName: string;
  /**
   * The AWS resources (escape hatch, AWS stacks).
   * @default - absent on other clouds
   */
  public readonly aws?: AwsLustreResources;

  constructor(scope: Construct, id: string, props: LustreTierProps) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, schema, props, 'lustreTier');
    checkSameStack(where, p.cluster, stack);
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
