import { Construct } from 'constructs';
import { z } from 'zod';
import { checkSameStack, clusterSchema, freeId, startConstruct, uniqueItems } from './checks';
import type { AwsAuroraVectorResources, AwsOpenSearchVectorResources, AwsVectorStore } from '../aws/vector-store';
import { CLOUDWATCH_LOG_RETENTION_DAYS, OPENSEARCH_SERVERLESS_NAME_RULE } from '../catalog';
import type { IGpuCluster, VectorStoreEngine } from '../core/plans';
import { AiInfraError } from '../errors';
import { auroraServerlessCost, kmsKeyCost, openSearchServerlessCost } from '../planning/cost';
import { estimateVectorSizing, planVectorCapacity } from '../planning/storage';
import type { VectorPrecision, VectorSizing } from '../planning/storage';


/** AWS-only settings of a VectorStore. */
export interface VectorStoreAwsProps {
  /**
   * Aurora PostgreSQL engine version (`major.minor`). Must carry pgvector
   * 0.5.0+ (HNSW): 12.16+, 13.12+, 14.9+, 15.4+, or any 16/17.
   * @default '16.6'
   */
  readonly engineVersion?: string;
  /**
   * Serverless v2 floor, in ACU (0.5 steps, 0.5-256).
   * @default - sized from `vectors` × `dimensions` (the HNSW index stays in memory at the floor), else 0.5
   */
  readonly minCapacityAcu?: number;
  /**
   * Serverless v2 ceiling, in ACU (0.5 steps, 1-256, ≥ the floor).
   * @default - twice the floor, at least 4 ACU (8 when nothing is sized)
   */
  readonly maxCapacityAcu?: number;
  /**
   * Aurora reader instances (Serverless v2) besides the writer.
   * @default 0
   */
  readonly readers?: number;
  /**
   * Days the PostgreSQL log group keeps logs (one year: audit frameworks and scanners expect it).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Log every statement that runs longer than this many milliseconds
   * (`log_min_duration_statement`), to the PostgreSQL log group.
   * @default 1000
   */
  readonly slowStatementMs?: number;
  /**
   * IAM principals (role or user ARNs) granted index read/write on the
   * OpenSearch collection. Required for `opensearch-serverless`; nobody else
   * gets data access.
   * @default - none (required for `opensearch-serverless`)
   */
  readonly accessPrincipalArns?: string[];
  /**
   * OpenSearch Serverless collection name (3-32 lowercase letters, digits, hyphens, starting with a letter).
   * @default - `<namePrefix>-<construct path>`, shortened to 32 characters
   */
  readonly collectionName?: string;
  /**
   * OpenSearch Serverless standby replicas in a second zone.
   * @default true
   */
  readonly standbyReplicas?: boolean;
}

export interface VectorStoreProps {
  /** The GPU cluster whose nodes (and only those) may reach the store. */
  readonly cluster: IGpuCluster;
  /**
   * The engine.
   * @default 'aurora-pgvector'
   */
  readonly engine?: VectorStoreEngine;
  /**
   * Vectors the store will hold; with `dimensions`, sizes storage and capacity.
   * @default - not sized (capacity defaults are recorded as unsized)
   */
  readonly vectors?: number;
  /**
   * Dimensions of each vector (pgvector indexes up to 2,000 float32 / 4,000 float16 dimensions with HNSW).
   * @default - not sized
   */
  readonly dimensions?: number;
  /**
   * Component precision (`float16` is pgvector's `halfvec`).
   * @default 'float32'
   */
  readonly precision?: VectorPrecision;
  /**
   * Days of automated backups (7-35).
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Database created in the cluster (Aurora).
   * @default 'vectors'
   */
  readonly databaseName?: string;
  /**
   * Deletion protection and Terraform `prevent_destroy`. Turn off only for
   * throw-away environments; the choice is recorded.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * AWS-only settings.
   * @default - defaults of each field
   */
  readonly aws?: VectorStoreAwsProps;
}

/** First Aurora PostgreSQL minor per major with pgvector 0.5.0 (HNSW) (AWS What's New, 2023-10-24). */
export const PGVECTOR_HNSW_MIN_MINOR: Readonly<Record<number, number>> = { 12: 16, 13: 12, 14: 9, 15: 4 };
export const PGVECTOR_HNSW_SOURCE = 'https://aws.amazon.com/about-aws/whats-new/2023/10/amazon-aurora-postgresql-pgvector-v0-5-0-hnsw-indexing/';
export const DEFAULT_AURORA_POSTGRES_VERSION = '16.6';

const ALLOWED_VERSIONS = '12.16+, 13.12+, 14.9+, 15.4+ or 16.x/17.x (pgvector 0.5.0 with HNSW)';

/** Whether an Aurora PostgreSQL version ships pgvector with HNSW indexes. */
export function supportsPgvectorHnsw(version: string): boolean {
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major >= 16) return major <= 17;
  const min = PGVECTOR_HNSW_MIN_MINOR[major];
  return min !== undefined && minor >= min;
}

/** Databases every Aurora PostgreSQL cluster already has. */
export const RESERVED_DATABASE_NAMES: ReadonlyArray<string> = ['postgres', 'template0', 'template1', 'rdsadmin'];

/**
 * Most dimensions an HNSW index takes in pgvector (0.7.0+): 2,000 for `vector`
 * (float32), 4,000 for `halfvec` (float16).
 */
export const PGVECTOR_HNSW_MAX_DIMENSIONS: Readonly<Record<VectorPrecision, number>> = { float32: 2000, float16: 4000 };
export const PGVECTOR_HNSW_MAX_DIMENSIONS_SOURCE = 'https://github.com/pgvector/pgvector#hnsw (vector: up to 2,000 dimensions, halfvec: up to 4,000)';
/** Largest Aurora cluster volume, GiB (256 TiB on current engine versions; older ones stop at 128 TiB). */
export const AURORA_MAX_STORAGE_GIB = 256 * 1024;
/** Most dimensions of an OpenSearch Serverless `knn_vector` field. */
export const OPENSEARCH_MAX_DIMENSIONS = 16_000;

const acu = (max: number) =>
  z.number().min(0.5).max(max).refine((v) => Number.isInteger(v * 2), 'a multiple of 0.5');

const schema = z
  .object({
    cluster: clusterSchema,
    engine: z.enum(['aurora-pgvector', 'opensearch-serverless']).default('aurora-pgvector'),
    vectors: z.number().int().min(1).max(1e12).optional(),
    dimensions: z.number().int().min(1).max(16_000).optional(),
    precision: z.enum(['float32', 'float16']).default('float32'),
    backupRetentionDays: z.number().int().min(7).max(35).default(7),
    databaseName: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, 'a PostgreSQL identifier (letter, then letters, digits, underscores; ≤63)')
      .refine((n) => !RESERVED_DATABASE_NAMES.includes(n.toLowerCase()), `a name other than ${RESERVED_DATABASE_NAMES.join(', ')} (they exist in every Aurora PostgreSQL cluster)`)
      .default('vectors'),
    deletionProtection: z.boolean().default(true),
    aws: z
      .object({
        engineVersion: z.string().refine(supportsPgvectorHnsw, `an Aurora PostgreSQL version with pgvector HNSW: ${ALLOWED_VERSIONS}`).optional(),
        minCapacityAcu: acu(256).optional(),
        maxCapacityAcu: acu(256).refine((v) => v >= 1, '>= 1').optional(),
        readers: z.number().int().min(0).max(15).optional(),
        logRetentionDays: z.literal(CLOUDWATCH_LOG_RETENTION_DAYS).optional(),
        slowStatementMs: z.number().int().min(10).max(3_600_000).optional(),
        accessPrincipalArns: z.array(z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:.+$/, 'an IAM role or user ARN')).min(1).max(100).superRefine(uniqueItems('a principal')).optional(),
        collectionName: z.string().regex(OPENSEARCH_SERVERLESS_NAME_RULE.pattern, '3-32 lowercase letters, digits or hyphens, starting with a letter').optional(),
        standbyReplicas: z.boolean().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

const AURORA_ONLY = ['engineVersion', 'minCapacityAcu', 'maxCapacityAcu', 'readers', 'logRetentionDays', 'slowStatementMs'] as const;
const OPENSEARCH_ONLY = ['accessPrincipalArns', 'collectionName', 'standbyReplicas'] as const;

/**
 * A vector store the GPU cluster (and nothing else) reaches privately:
 * Aurora PostgreSQL Serverless v2 with pgvector (default), or an OpenSearch
 * Serverless VECTORSEARCH collection. Encrypted with a customer key, deletion
 * protected, backed up, sized from `vectors` × `dimensions` when given.
 */
export class VectorStore extends Construct {
  public readonly engine: VectorStoreEngine;
  /** Writer endpoint (Aurora) or collection endpoint (OpenSearch). */
  public readonly endpoint: string;
  /** Reader endpoint (Aurora only). */
  public readonly readerEndpoint?: string;
  /** 5432 (Aurora) or 443 (OpenSearch). */
  public readonly port: number;
  /** Database name (Aurora only). */
  public readonly databaseName?: string;
  /** ARN of the Secrets Manager secret RDS manages for the master user (Aurora only). */
  public readonly masterUserSecretArn?: string;
  /** Security group the store (or its VPC endpoint) carries. */
  public readonly securityGroupId: string;
  /** Storage/memory estimate, when `vectors` and `dimensions` were given. */
  public readonly sizing?: VectorSizing;
  /** Serverless v2 capacity range (Aurora only). */
  public readonly capacityAcu?: { readonly min: number; readonly max: number };
  /**
   * The AWS resources (escape hatch, AWS stacks): `aurora` or `openSearch`, by engine.
   * @default - absent on other clouds
   */
  public readonly aws?: AwsVectorStore;

  constructor(scope: Construct, id: string, props: VectorStoreProps) {
    super(freeId(scope, id), id);
    const { where, p, stack, backend } = startConstruct(this, schema, props, 'vectorStore');
    if (p.engine === 'opensearch-serverless' && props.databaseName !== undefined) {
      throw new AiInfraError({ where, field: 'databaseName', given: props.databaseName, allowed: 'unset with engine "opensearch-serverless" (a collection has indexes, not databases)' });
    }
    checkSameStack(where, p.cluster, stack);
    if ((p.vectors === undefined) !== (p.dimensions === undefined)) {
      const field = p.vectors === undefined ? 'vectors' : 'dimensions';
      throw new AiInfraError({ where, field, given: undefined, allowed: `given together with ${field === 'vectors' ? 'dimensions' : 'vectors'} (the estimate needs both)` });
    }
    const wrongEngineFields = p.engine === 'aurora-pgvector' ? OPENSEARCH_ONLY : AURORA_ONLY;
    for (const f of wrongEngineFields) {
      if (p.aws[f] !== undefined) {
        throw new AiInfraError({ where, field: `aws.${f}`, given: p.aws[f], allowed: `unset with engine "${p.engine}" (it applies to ${p.engine === 'aurora-pgvector' ? 'opensearch-serverless' : 'aurora-pgvector'} only)` });
      }
    }

    if (p.dimensions !== undefined) {
      const max = p.engine === 'aurora-pgvector' ? PGVECTOR_HNSW_MAX_DIMENSIONS[p.precision] : OPENSEARCH_MAX_DIMENSIONS;
      if (p.dimensions > max) {
        throw new AiInfraError({
          where,
          field: 'dimensions',
          given: p.dimensions,
          allowed: p.engine === 'aurora-pgvector'
            ? `at most ${max} for an HNSW index on pgvector ${p.precision === 'float16' ? 'halfvec (float16)' : 'vector (float32)'}`
            : `at most ${max} (OpenSearch Serverless knn_vector)`,
          hint: p.engine === 'aurora-pgvector' && p.precision === 'float32' && p.dimensions <= PGVECTOR_HNSW_MAX_DIMENSIONS.float16
            ? 'Set precision: "float16" (halfvec indexes up to 4,000 dimensions), reduce the dimensions, or use engine "opensearch-serverless"'
            : 'Reduce the dimensions (e.g. a Matryoshka embedding truncated), or use engine "opensearch-serverless" (up to 16,000)',
        });
      }
    }
    this.engine = p.engine;
    this.sizing = p.vectors !== undefined && p.dimensions !== undefined ? estimateVectorSizing(p.vectors, p.dimensions, p.precision) : undefined;
    if (this.sizing && p.engine === 'aurora-pgvector' && this.sizing.storageGiB > AURORA_MAX_STORAGE_GIB) {
      throw new AiInfraError({
        where,
        field: 'vectors',
        given: p.vectors,
        allowed: `few enough that vectors × dimensions fits an Aurora cluster volume (${AURORA_MAX_STORAGE_GIB} GiB; this needs ${this.sizing.storageGiB} GiB)`,
        hint: 'Shard the vectors over several stores, lower the precision or dimensions, or use engine "opensearch-serverless"',
      });
    }
    if (this.sizing) {
      stack.recordDecision({
        construct: where,
        topic: 'vector-storage',
        chosen: `${this.sizing.storageGiB} GiB (heap ${this.sizing.heapGiB} GiB + HNSW index ${this.sizing.hnswIndexGiB} GiB)`,
        reason: `${p.vectors} vectors × ${p.dimensions} dims × ${this.sizing.bytesPerDimension} B (${p.precision}); ${this.sizing.formula}`,
      });
    }
    if (!p.deletionProtection) {
      stack.recordDecision({ construct: where, topic: 'deletion-protection', chosen: 'off', reason: 'deletionProtection: false was given: deletion protection and prevent_destroy are off (throw-away environments only)' });
    }

    if (p.engine === 'aurora-pgvector') {
      const engineVersion = p.aws.engineVersion ?? DEFAULT_AURORA_POSTGRES_VERSION;
      const capacity = planVectorCapacity(this.sizing, p.aws.minCapacityAcu, p.aws.maxCapacityAcu, where);
      stack.recordDecision({ construct: where, ...capacity.decision });
      if (capacity.warning) stack.addWarning(capacity.warning);
      const { min, max } = capacity;
      const readers = p.aws.readers ?? 0;
      stack.recordDecision({
        construct: where,
        topic: 'vector-engine',
        chosen: `Aurora PostgreSQL ${engineVersion} Serverless v2 + pgvector`,
        reason: `${p.aws.engineVersion ? 'version given' : 'default version'}; pgvector with HNSW needs ${ALLOWED_VERSIONS} (${PGVECTOR_HNSW_SOURCE})`,
        alternatives: [{ option: 'opensearch-serverless', reason: 'not requested (engine: "opensearch-serverless" selects it)' }],
      });
      this.capacityAcu = { min, max };
      const built = backend(this, {
        where,
        cluster: p.cluster,
        engine: p.engine,
        backupRetentionDays: p.backupRetentionDays,
        databaseName: p.databaseName,
        deletionProtection: p.deletionProtection,
        pgvector: {
          engineVersion,
          majorVersion: Number(engineVersion.split('.')[0]),
          minCapacityAcu: min,
          maxCapacityAcu: max,
          readers,
          logRetentionDays: p.aws.logRetentionDays ?? 365,
          slowStatementMs: p.aws.slowStatementMs ?? 1000,
        },
      });
      if (stack.cloud === 'aws') this.aws = built as AwsVectorStore;
      const instances = 1 + readers;
      const storageGiB = this.sizing?.storageGiB ?? 0;
      const cost = auroraServerlessCost(
        { component: where, region: stack.region, minAcu: min * instances, maxAcu: max * instances, storageGiB },
        where,
      );
      stack.addCostLines(cost.lines);
      stack.addCostLines([kmsKeyCost({ component: where, region: stack.region, keys: 1 }, where)]);
      this.endpoint = built.endpoint;
      this.readerEndpoint = built.readerEndpoint;
      this.port = built.port;
      this.databaseName = p.databaseName;
      this.masterUserSecretArn = built.credentialsSecretId;
      this.securityGroupId = built.networkBoundaryId;
    } else {
      if (!p.aws.accessPrincipalArns) {
        throw new AiInfraError({ where, field: 'aws.accessPrincipalArns', given: undefined, allowed: 'at least one IAM role or user ARN for engine "opensearch-serverless" (the data access policy grants only these)' });
      }
      const standbyReplicas = p.aws.standbyReplicas ?? true;
      stack.recordDecision({
        construct: where,
        topic: 'vector-engine',
        chosen: `OpenSearch Serverless VECTORSEARCH collection (standby replicas ${standbyReplicas ? 'on' : 'off'})`,
        reason: 'engine "opensearch-serverless" requested; private VPC endpoint, customer key, data access for the named principals only',
      });
      const built = backend(this, {
        where,
        cluster: p.cluster,
        engine: p.engine,
        backupRetentionDays: p.backupRetentionDays,
        databaseName: p.databaseName,
        deletionProtection: p.deletionProtection,
        searchCollection: { collectionName: p.aws.collectionName, standbyReplicas, accessPrincipalArns: p.aws.accessPrincipalArns },
      });
      if (stack.cloud === 'aws') this.aws = built as AwsVectorStore;
      // Floor: 0.5 indexing + 0.5 search OCU, doubled by standby replicas (an account-wide pool per key).
      const ocus = standbyReplicas ? 2 : 1;
      const cost = openSearchServerlessCost({ component: where, region: stack.region, ocus, storageGiB: this.sizing?.storageGiB ?? 0 }, where);
      stack.addCostLines(cost.lines);
      stack.addCostLines([kmsKeyCost({ component: where, region: stack.region, keys: 1 }, where)]);
      this.endpoint = built.endpoint;
      this.port = built.port;
      this.securityGroupId = built.networkBoundaryId;
    }
  }

  /**
   * Aurora provider resources (engine `aurora-pgvector`).
   * @deprecated use `aws.aurora` (the one escape hatch of every construct); kept for the documented examples.
   */
  public get aurora(): AwsAuroraVectorResources | undefined {
    return this.aws?.aurora;
  }

  /**
   * OpenSearch Serverless provider resources (engine `opensearch-serverless`).
   * @deprecated use `aws.openSearch` (the one escape hatch of every construct); kept for the documented examples.
   */
  public get openSearch(): AwsOpenSearchVectorResources | undefined {
    return this.aws?.openSearch;
  }
}
