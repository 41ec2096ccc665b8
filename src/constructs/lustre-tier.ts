import { Construct } from 'constructs';
import { z } from 'zod';
import { AwsLustreResources, buildAwsLustreTier } from '../aws/lustre-tier';
import {
  FSX_LUSTRE_RULES,
  FSX_MAX_DATA_REPOSITORY_ASSOCIATIONS,
  isValidFsxCapacity,
  nextValidFsxCapacity,
} from '../catalog/storage-rules';
import { AiInfraError, parseOrThrow } from '../errors';
import { checkSameStack, freeId, requireAwsBackend } from './checks';
import type { IGpuCluster } from './cluster-ref';
import { AiInfraStack } from './stack';
import { CostLine, kmsKeyCost, lustreCost } from '../planning/cost';

/** FSx for Lustre deployment types the construct builds. PERSISTENT_1 is superseded by PERSISTENT_2. */
export type LustreDeploymentType = 'PERSISTENT_2' | 'SCRATCH_2' | 'SCRATCH_1';

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

const PERSISTENT_2_TIERS = FSX_LUSTRE_RULES.PERSISTENT_2.perUnitStorageThroughputMBpsPerTiB;

/** FSx's `StorageCapacity` is a 32-bit integer (CreateFileSystem API). */
export const FSX_MAX_STORAGE_CAPACITY_GIB = 2_147_483_647;

const schema = z
  .object({
    cluster: z.custom<IGpuCluster>((c) => typeof c === 'object' && c !== null && typeof (c as IGpuCluster).workloadScope === 'function', 'an IGpuCluster'),
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

/** Capacity ladder of a deployment type in words: `1200, 2400 or a multiple of 2400`. */
function ladderText(deploymentType: LustreDeploymentType): string {
  const { firstGiB, stepGiB } = FSX_LUSTRE_RULES[deploymentType].capacity;
  return `${firstGiB.join(', ')} or a multiple of ${stepGiB}`;
}

/** Baseline MB/s per TiB of a deployment at a tier. */
function perTiB(deploymentType: LustreDeploymentType, tier: number | undefined): number {
  return deploymentType === 'PERSISTENT_2' ? tier! : FSX_LUSTRE_RULES[deploymentType].baselineMBpsPerTiB!;
}

/** Aggregate baseline throughput, GB/s, of `capacityGiB` at `mbpsPerTiB`. */
export function lustreThroughputGBps(capacityGiB: number, mbpsPerTiB: number): number {
  return (capacityGiB / 1024) * mbpsPerTiB / 1000;
}

/** Smallest valid capacity delivering `throughputGBps` at `mbpsPerTiB`. */
export function lustreCapacityForThroughput(deploymentType: LustreDeploymentType, throughputGBps: number, mbpsPerTiB: number): number {
  const neededGiB = Math.ceil((throughputGBps * 1000 / mbpsPerTiB) * 1024);
  return nextValidFsxCapacity(deploymentType, neededGiB)!;
}

/** Monthly storage price of a capacity at a tier (undefined where the catalog has no price: SCRATCH_1). */
function lustreLine(
  component: string, region: string, deploymentType: LustreDeploymentType, tier: number | undefined, capacityGiB: number,
): CostLine | undefined {
  if (deploymentType === 'SCRATCH_1') return undefined;
  return lustreCost({ component, cloud: 'aws', region, deploymentType, throughputMBpsPerTiB: perTiB(deploymentType, tier), capacityGiB }, component);
}

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
  /** Provider resources (escape hatches). */
  public readonly aws: AwsLustreResources;

  constructor(scope: Construct, id: string, props: LustreTierProps) {
    super(freeId(scope, id), id);
    const where = this.node.path;
    const p = parseOrThrow(schema, props, where);
    const stack = AiInfraStack.of(this);
    requireAwsBackend(stack.cloud, where, 'LustreTier');
    checkSameStack(where, p.cluster, stack);
    const refs = p.cluster.aws;
    if (p.cluster.cloud !== 'aws' || !refs) {
      throw new AiInfraError({ where, field: 'cluster', given: p.cluster.node.path, allowed: 'an AWS GpuCluster (with AWS references)' });
    }
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
      throw new AiInfraError({ where, field: 'capacityGiB', given: p.capacityGiB, allowed: `${ladderText(type)} for ${type}`, hint: next ? `The next valid size is ${next} GiB` : undefined });
    }
    const zone = p.zone ?? p.cluster.zones[0];
    if (!zone || !refs.privateSubnetIdByZone[zone]) {
      throw new AiInfraError({ where, field: 'zone', given: zone, allowed: `a zone of the cluster (${Object.keys(refs.privateSubnetIdByZone).join(', ')})` });
    }

    const { capacityGiB, tier } = this.size(type, p.capacityGiB, p.throughputGBps, p.perUnitStorageThroughputMBpsPerTiB);
    this.deploymentType = type;
    this.capacityGiB = capacityGiB;
    this.throughputMBpsPerTiB = perTiB(type, tier);
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

    this.aws = buildAwsLustreTier(this, p.cluster, refs, {
      deploymentType: type,
      capacityGiB,
      perUnitStorageThroughputMBpsPerTiB: persistent ? tier : undefined,
      zone,
      dataCompression: p.aws.dataCompression,
      backupRetentionDays: persistent ? p.backupRetentionDays ?? 7 : undefined,
      deletionProtection: p.deletionProtection,
      dataRepositories: p.dataRepositories,
      persistentVolume: p.persistentVolume ? { namespace: p.persistentVolume.namespace, claimName: p.persistentVolume.claimName } : undefined,
    });
    this.fileSystemId = this.aws.fileSystem.id;
    this.dnsName = this.aws.fileSystem.dnsName;
    this.mountName = this.aws.fileSystem.mountName;
    const line = lustreLine(where, stack.region, type, tier, capacityGiB);
    if (line) stack.addCostLines([line]);
    else stack.addWarning(`${where}: ${type} has no catalog price; the file system is not in the cost estimate`);
    if (persistent) stack.addCostLines([kmsKeyCost({ component: where, region: stack.region, keys: 1 }, where)]);
  }

  /** Chooses capacity and tier, and records why. */
  private size(
    type: LustreDeploymentType, capacityGiven: number | undefined, throughputGBps: number | undefined, tierGiven: number | undefined,
  ): { capacityGiB: number; tier?: number } {
    const where = this.node.path;
    const stack = AiInfraStack.of(this);
    const persistent = type === 'PERSISTENT_2';
    const tiers = persistent ? (tierGiven !== undefined ? [tierGiven] : [...PERSISTENT_2_TIERS]) : [undefined];
    const usd = (c: number, t: number | undefined): number => lustreLine(where, stack.region, type, t, c)?.monthlyUsd ?? NaN;
    const describe = (c: number, t: number | undefined): string =>
      `${c} GiB${persistent ? ` at ${t} MB/s/TiB` : ''} = ${lustreThroughputGBps(c, perTiB(type, t)).toFixed(2)} GB/s${Number.isNaN(usd(c, t)) ? '' : `, ~$${Math.round(usd(c, t))}/month`}`;

    if (throughputGBps === undefined) {
      const tier = persistent ? tierGiven ?? 250 : undefined;
      stack.recordDecision({
        construct: where,
        topic: 'lustre-capacity',
        chosen: describe(capacityGiven!, tier),
        reason: persistent && tierGiven === undefined ? 'capacity given; 250 MB/s/TiB is the default PERSISTENT_2 tier' : 'capacity given',
      });
      return { capacityGiB: capacityGiven!, tier };
    }

    // Every tier that can meet the target: its capacity (the given one, or the smallest valid one) and its price.
    const options = tiers.map((t) => {
      const needed = lustreCapacityForThroughput(type, throughputGBps, perTiB(type, t));
      const capacity = capacityGiven ?? needed;
      return { tier: t, capacity, meets: capacity >= needed, needed, usd: usd(capacity, t) };
    });
    const feasible = options.filter((o) => o.meets).sort((a, b) => a.usd - b.usd || a.capacity - b.capacity);
    if (feasible.length === 0) {
      const best = options.reduce((a, b) => (a.needed <= b.needed ? a : b));
      throw new AiInfraError({
        where,
        field: 'capacityGiB',
        given: capacityGiven,
        allowed: `at least ${best.needed} GiB to deliver ${throughputGBps} GB/s${persistent ? ` at ${best.tier} MB/s/TiB` : ` at the ${type} baseline of ${perTiB(type, undefined)} MB/s/TiB`}`,
        hint: 'Raise capacityGiB, or omit it to size from throughputGBps',
      });
    }
    const chosen = feasible[0];
    stack.recordDecision({
      construct: where,
      topic: 'lustre-capacity',
      chosen: describe(chosen.capacity, chosen.tier),
      reason: capacityGiven !== undefined
        ? `capacity given; meets the ${throughputGBps} GB/s target${persistent && tierGiven === undefined ? ' at the cheapest tier that does' : ''}`
        : `smallest valid ${type} capacity (${ladderText(type)}) delivering ${throughputGBps} GB/s${persistent && tierGiven === undefined ? ', at the cheapest tier' : ''}`,
      alternatives: options
        .filter((o) => o !== chosen)
        .map((o) => ({ option: describe(o.capacity, o.tier), reason: o.meets ? 'costs more' : `below the ${throughputGBps} GB/s target` })),
    });
    return { capacityGiB: chosen.capacity, tier: chosen.tier };
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
