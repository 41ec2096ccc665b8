import { Construct } from 'constructs';
import { z } from 'zod';
import { checkSameStack, clusterSchema, freeId, startConstruct, uniqueItems } from './checks';
import type { AwsAuroraVectorResources, AwsOpenSearchVectorResources, AwsVectorStore } from '../aws/vector-store';
import { CLOUDWATCH_LOG_RETENTION_DAYS, OPENSEARCH_SERVERLESS_NAME_RULE } from '../catalog';
import type { AiInfraStack } from './stack';
import type { CloudBackends } from '../core/backends';
import { nameSuffixOf } from '../core/naming';
import type { GcpVectorStoreEngine, IGpuCluster, VectorStoreEngine, VectorStorePlan } from '../core/plans';
import { AiInfraError } from '../errors';
import type { GcpVectorStore } from '../gcp/vector-store';
import { NAMESPACES } from '../kubernetes/cluster-baseline';
import { auroraServerlessCost, cloudWatchLogsCost, kmsKeyCost, openSearchServerlessCost } from '../planning/cost';
import { alloyDbCost, cloudSqlCost, gcpKmsKeyCost, vectorSearchCost } from '../planning/gcp-data-cost';
import { alloyDbShapeFor, cloudSqlMachineFor, givenAlloyDbShape, givenCloudSqlMachine, vectorSearchLayoutFor } from '../planning/gcp-vector-sizing';
import { estimateVectorSizing, planVectorCapacity } from '../planning/storage';
import type { VectorPrecision, VectorSizing } from '../planning/storage';
import { USAGE_DEFAULTS } from '../planning/usage';


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
  /**
   * Aurora usage the cost estimate assumes.
   * @default - the documented defaults; the lines say they were assumed
   */
  readonly usage?: {
    /**
     * Million Aurora I/O requests a month (the standard storage configuration bills each).
     * @default - the stored vectors written once in 4 KiB write I/Os (the first load)
     */
    readonly ioMillionsPerMonth?: number;
    /**
     * GB a month into the PostgreSQL log group (slow statements) and Enhanced Monitoring's OS metrics.
     * @default 2
     */
    readonly logsGBPerMonth?: number;
  };
}

/** GCP-only settings of a VectorStore. */
export interface VectorStoreGcpProps {
  /**
   * The engine: AlloyDB for PostgreSQL (pgvector and ScaNN), Cloud SQL for
   * PostgreSQL (pgvector), or Vertex AI Vector Search (managed; no customer key
   * in provider 6.50, recorded).
   * @default 'alloydb'
   */
  readonly engine?: GcpVectorStoreEngine;
  /**
   * REGIONAL primary (a standby in another zone) for AlloyDB and Cloud SQL.
   * @default true
   */
  readonly highAvailability?: boolean;
  /**
   * Point-in-time recovery window, days: AlloyDB continuous backup (1-35), Cloud SQL
   * write-ahead log retention (1-7).
   * @default 14 (AlloyDB), 7 (Cloud SQL)
   */
  readonly pointInTimeRecoveryDays?: number;
  /**
   * vCPUs of the AlloyDB primary (2, 4, 8, 16, 32, 64, 96) or the Cloud SQL custom tier (2-96, even).
   * @default - sized so the index stays in 75 % of the memory, else the smallest
   */
  readonly vcpus?: number;
  /**
   * The Kubernetes service account of the workload that reads and writes the
   * vectors: its Google service account becomes the IAM database user
   * (Workload Identity binds the two).
   * @default - { namespace: 'ai-inference', serviceAccount: '<construct id>-client' }, created by the store
   */
  readonly client?: { readonly namespace: string; readonly serviceAccount: string };
  /**
   * Cloud SQL major version.
   * @default 'POSTGRES_17'
   */
  readonly cloudSqlVersion?: 'POSTGRES_15' | 'POSTGRES_16' | 'POSTGRES_17';
  /**
   * Cloud SQL only, required there: the Kubernetes Secret (namespace `ai-system`,
   * key `password`) holding the `postgres` password the pgvector bootstrap Job
   * logs in with (IAM users cannot create extensions on Cloud SQL). Set the
   * password with `gcloud sql users set-password postgres`; Terraform never holds it.
   * @default - none (required for `cloudsql`)
   */
  readonly cloudSqlAdminPasswordSecret?: string;
  /**
   * Vector Search distance.
   * @default 'DOT_PRODUCT_DISTANCE'
   */
  readonly distanceMeasure?: 'DOT_PRODUCT_DISTANCE' | 'COSINE_DISTANCE' | 'SQUARED_L2_DISTANCE';
  /**
   * Vector Search replicas always running (each serves every shard).
   * @default 2
   */
  readonly minReplicas?: number;
  /**
   * Vector Search replica ceiling (≥ minReplicas).
   * @default - twice minReplicas
   */
  readonly maxReplicas?: number;
  /**
   * How the Vector Search index is updated.
   * @default 'STREAM_UPDATE'
   */
  readonly updateMethod?: 'BATCH_UPDATE' | 'STREAM_UPDATE';
}

export interface VectorStoreProps {
  /** The GPU cluster whose nodes (and only those) may reach the store. */
  readonly cluster: IGpuCluster;
  /**
   * The engine on AWS (on GCP, `gcp.engine` chooses; leave this unset).
   * @default 'aurora-pgvector' on AWS
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
  /**
   * GCP-only settings.
   * @default - defaults of each field
   */
  readonly gcp?: VectorStoreGcpProps;
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
    engine: z.enum(['aurora-pgvector', 'opensearch-serverless']).optional(),
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
        usage: z
          .object({
            ioMillionsPerMonth: z.number().min(0).max(1_000_000_000).optional(),
            logsGBPerMonth: z.number().min(0).max(100_000_000).optional(),
          })
          .strict()
          .optional(),
        accessPrincipalArns: z.array(z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:.+$/, 'an IAM role or user ARN')).min(1).max(100).superRefine(uniqueItems('a principal')).optional(),
        collectionName: z.string().regex(OPENSEARCH_SERVERLESS_NAME_RULE.pattern, '3-32 lowercase letters, digits or hyphens, starting with a letter').optional(),
        standbyReplicas: z.boolean().optional(),
      })
      .strict()
      .default({}),
    gcp: z
      .object({
        engine: z.enum(['alloydb', 'cloudsql', 'vertex-vector-search']).default('alloydb'),
        highAvailability: z.boolean().optional(),
        pointInTimeRecoveryDays: z.number().int().min(1).max(35).optional(),
        vcpus: z.number().int().min(2).max(96).optional(),
        client: z
          .object({
            namespace: z.string().max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes namespace (DNS label)'),
            serviceAccount: z.string().max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Kubernetes service account name'),
          })
          .strict()
          .optional(),
        cloudSqlVersion: z.enum(['POSTGRES_15', 'POSTGRES_16', 'POSTGRES_17']).optional(),
        cloudSqlAdminPasswordSecret: z.string().max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Kubernetes Secret name').optional(),
        distanceMeasure: z.enum(['DOT_PRODUCT_DISTANCE', 'COSINE_DISTANCE', 'SQUARED_L2_DISTANCE']).optional(),
        minReplicas: z.number().int().min(1).max(100).optional(),
        maxReplicas: z.number().int().min(1).max(1000).optional(),
        updateMethod: z.enum(['BATCH_UPDATE', 'STREAM_UPDATE']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

type ParsedVectorProps = z.output<typeof schema>;

/** Settings of each GCP engine only (set with another engine, they are refused). */
const GCP_ENGINE_FIELDS: Readonly<Record<GcpVectorStoreEngine, ReadonlyArray<string>>> = {
  'alloydb': ['highAvailability', 'pointInTimeRecoveryDays', 'vcpus', 'client'],
  'cloudsql': ['highAvailability', 'pointInTimeRecoveryDays', 'vcpus', 'client', 'cloudSqlVersion', 'cloudSqlAdminPasswordSecret'],
  'vertex-vector-search': ['distanceMeasure', 'minReplicas', 'maxReplicas', 'updateMethod'],
};
/** The smallest Cloud SQL data disk the store asks for, GB (it grows on demand). */
export const MIN_CLOUD_SQL_DISK_GB = 20;
/** The AlloyDB major version the store runs. */
const ALLOYDB_VERSION_LABEL = 'PostgreSQL 16';

/** Defaults the schema fills (not "set by the user"). */
const GCP_DEFAULTED = ['engine'];

const AURORA_ONLY = ['engineVersion', 'minCapacityAcu', 'maxCapacityAcu', 'readers', 'logRetentionDays', 'slowStatementMs', 'usage'] as const;
const OPENSEARCH_ONLY = ['accessPrincipalArns', 'collectionName', 'standbyReplicas'] as const;

/**
 * A vector store the GPU cluster (and nothing else) reaches privately:
 * Aurora PostgreSQL Serverless v2 with pgvector (default), or an OpenSearch
 * Serverless VECTORSEARCH collection. Encrypted with a customer key, deletion
 * protected, backed up, sized from `vectors` × `dimensions` when given.
 */
export class VectorStore extends Construct {
  /** The engine (AWS names on AWS stacks, GCP names on GCP stacks). */
  public readonly engine: VectorStoreEngine | GcpVectorStoreEngine;
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
  /** AWS: the security group the store (or its VPC endpoint) carries. GCP: the VPC network id clients reach it from (private IP only). */
  public readonly securityGroupId: string;
  /** Storage/memory estimate, when `vectors` and `dimensions` were given. */
  public readonly sizing?: VectorSizing;
  /** Serverless v2 capacity range (Aurora only). */
  public readonly capacityAcu?: { readonly min: number; readonly max: number };
  /**
   * The GCP resources (escape hatch, GCP stacks): `alloyDb`, `cloudSql` or `vectorSearch`, by engine, and the key.
   * @default - absent on other clouds
   */
  public readonly gcp?: GcpVectorStore;
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
    if (stack.cloud === 'gcp') {
      const form = this.gcpForm(p, stack, backend);
      this.engine = form.engine;
      this.sizing = form.sizing;
      this.endpoint = form.built.endpoint;
      this.port = form.built.port;
      this.databaseName = form.engine === 'vertex-vector-search' ? undefined : p.databaseName;
      this.securityGroupId = form.built.networkBoundaryId;
      this.gcp = form.built;
      return;
    }
    if (p.gcp) throw new AiInfraError({ where, field: 'gcp', given: p.gcp, allowed: `unset on a ${stack.cloud} stack (GCP-only settings)` });
    const engine = p.engine ?? 'aurora-pgvector';
    const wrongEngineFields = engine === 'aurora-pgvector' ? OPENSEARCH_ONLY : AURORA_ONLY;
    for (const f of wrongEngineFields) {
      if (p.aws[f] !== undefined) {
        throw new AiInfraError({ where, field: `aws.${f}`, given: p.aws[f], allowed: `unset with engine "${engine}" (it applies to ${engine === 'aurora-pgvector' ? 'opensearch-serverless' : 'aurora-pgvector'} only)` });
      }
    }

    if (p.dimensions !== undefined) {
      const max = engine === 'aurora-pgvector' ? PGVECTOR_HNSW_MAX_DIMENSIONS[p.precision] : OPENSEARCH_MAX_DIMENSIONS;
      if (p.dimensions > max) {
        throw new AiInfraError({
          where,
          field: 'dimensions',
          given: p.dimensions,
          allowed: engine === 'aurora-pgvector'
            ? `at most ${max} for an HNSW index on pgvector ${p.precision === 'float16' ? 'halfvec (float16)' : 'vector (float32)'}`
            : `at most ${max} (OpenSearch Serverless knn_vector)`,
          hint: engine === 'aurora-pgvector' && p.precision === 'float32' && p.dimensions <= PGVECTOR_HNSW_MAX_DIMENSIONS.float16
            ? 'Set precision: "float16" (halfvec indexes up to 4,000 dimensions), reduce the dimensions, or use engine "opensearch-serverless"'
            : 'Reduce the dimensions (e.g. a Matryoshka embedding truncated), or use engine "opensearch-serverless" (up to 16,000)',
        });
      }
    }
    this.engine = engine;
    this.sizing = p.vectors !== undefined && p.dimensions !== undefined ? estimateVectorSizing(p.vectors, p.dimensions, p.precision) : undefined;
    if (this.sizing && engine === 'aurora-pgvector' && this.sizing.storageGiB > AURORA_MAX_STORAGE_GIB) {
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

    // What the backend gets whatever the engine.
    const common = {
      where,
      cluster: p.cluster,
      engine,
      backupRetentionDays: p.backupRetentionDays,
      databaseName: p.databaseName,
      deletionProtection: p.deletionProtection,
    };
    if (engine === 'aurora-pgvector') {
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
        ...common,
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
      const usage = p.aws.usage ?? {};
      const cost = auroraServerlessCost(
        {
          component: where,
          region: stack.region,
          minAcu: min * instances,
          maxAcu: max * instances,
          storageGiB,
          backupRetentionDays: p.backupRetentionDays,
          ...(usage.ioMillionsPerMonth !== undefined ? { ioMillionsPerMonth: usage.ioMillionsPerMonth } : {}),
        },
        where,
      );
      stack.addCostLines(cost.lines);
      stack.addCostLines([kmsKeyCost({ component: where, region: stack.region, keys: 1 }, where)]);
      stack.addCostLines(cloudWatchLogsCost({
        component: where,
        region: stack.region,
        logGroup: 'PostgreSQL slow-statement logs and Enhanced Monitoring',
        gbPerMonth: usage.logsGBPerMonth ?? USAGE_DEFAULTS.databaseLogsGBPerMonth.value,
        retentionDays: p.aws.logRetentionDays ?? 365,
        usage: { id: 'databaseLogsGBPerMonth', given: usage.logsGBPerMonth },
      }, where));
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
        ...common,
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
   * The GCP form: checks what the engine takes, sizes it from vectors ×
   * dimensions (the estimate the Aurora sizing uses), records the decisions
   * and the cost, and hands the plan to the GCP backend.
   */
  private gcpForm(
    p: ParsedVectorProps, stack: AiInfraStack, backend: CloudBackends['vectorStore'],
  ): { engine: GcpVectorStoreEngine; sizing?: VectorSizing; built: GcpVectorStore } {
    const build = (plan: VectorStorePlan): GcpVectorStore => backend(this, plan) as GcpVectorStore;
    const where = this.node.path;
    if (p.engine !== undefined) {
      throw new AiInfraError({ where, field: 'engine', given: p.engine, allowed: 'unset on a gcp stack (AWS engines; choose with gcp.engine: "alloydb", "cloudsql" or "vertex-vector-search")' });
    }
    const awsSet = Object.keys(p.aws);
    if (awsSet.length > 0) throw new AiInfraError({ where, field: `aws.${awsSet[0]}`, given: p.aws[awsSet[0] as keyof typeof p.aws], allowed: 'unset on a gcp stack (AWS-only settings)' });
    const g = p.gcp ?? { engine: 'alloydb' as const };
    const engine = g.engine;
    for (const [field, value] of Object.entries(g)) {
      if (value !== undefined && !GCP_DEFAULTED.includes(field) && !GCP_ENGINE_FIELDS[engine].includes(field)) {
        const owner = (Object.keys(GCP_ENGINE_FIELDS) as GcpVectorStoreEngine[]).filter((e) => GCP_ENGINE_FIELDS[e].includes(field));
        throw new AiInfraError({ where, field: `gcp.${field}`, given: value, allowed: `unset with gcp.engine "${engine}" (it applies to ${owner.join(', ')} only)` });
      }
    }
    const pgvector = engine !== 'vertex-vector-search';
    if (pgvector && p.dimensions !== undefined && p.dimensions > PGVECTOR_HNSW_MAX_DIMENSIONS[p.precision]) {
      throw new AiInfraError({
        where,
        field: 'dimensions',
        given: p.dimensions,
        allowed: `at most ${PGVECTOR_HNSW_MAX_DIMENSIONS[p.precision]} for an HNSW index on pgvector ${p.precision === 'float16' ? 'halfvec (float16)' : 'vector (float32)'}`,
        hint: 'Set precision: "float16", reduce the dimensions, or use gcp.engine "vertex-vector-search"',
      });
    }
    if (!pgvector && p.precision !== 'float32') {
      throw new AiInfraError({ where, field: 'precision', given: p.precision, allowed: '"float32" with gcp.engine "vertex-vector-search" (Vector Search stores float32; float16 is pgvector\'s halfvec)' });
    }
    if (!pgvector && p.dimensions === undefined) {
      throw new AiInfraError({ where, field: 'dimensions', given: undefined, allowed: 'the embedding dimensions (with vectors) for gcp.engine "vertex-vector-search": the index is created for them' });
    }
    const pitrMax = engine === 'cloudsql' ? 7 : 35;
    if (g.pointInTimeRecoveryDays !== undefined && g.pointInTimeRecoveryDays > pitrMax) {
      throw new AiInfraError({ where, field: 'gcp.pointInTimeRecoveryDays', given: g.pointInTimeRecoveryDays, allowed: `1-${pitrMax} with gcp.engine "${engine}"` });
    }
    if (engine === 'cloudsql' && !g.cloudSqlAdminPasswordSecret) {
      throw new AiInfraError({
        where,
        field: 'gcp.cloudSqlAdminPasswordSecret',
        given: undefined,
        allowed: 'the Kubernetes Secret (namespace ai-system, key "password") with the postgres password, for gcp.engine "cloudsql": the pgvector bootstrap Job needs a cloudsqlsuperuser login, which IAM users do not get',
        hint: 'gcloud sql users set-password postgres --instance=<name>, then kubectl -n ai-system create secret generic <name> --from-literal=password=...',
      });
    }
    const sizing = p.vectors !== undefined && p.dimensions !== undefined ? estimateVectorSizing(p.vectors, p.dimensions, p.precision) : undefined;
    if (sizing) {
      stack.recordDecision({
        construct: where,
        topic: 'vector-storage',
        chosen: pgvector ? `${sizing.storageGiB} GiB (heap ${sizing.heapGiB} GiB + HNSW index ${sizing.hnswIndexGiB} GiB)` : `${sizing.rawGiB} GiB of float32 vectors`,
        reason: `${p.vectors} vectors × ${p.dimensions} dims × ${sizing.bytesPerDimension} B (${p.precision}); ${sizing.formula}`,
      });
    }
    if (!p.deletionProtection) {
      stack.recordDecision({ construct: where, topic: 'deletion-protection', chosen: 'off', reason: 'deletionProtection: false was given: deletion protection and prevent_destroy are off (throw-away environments only)' });
    }
    const highAvailability = g.highAvailability ?? true;
    const client = g.client ?? { namespace: NAMESPACES.inference, serviceAccount: `${nameSuffixOf(this.node.id, where, 50)}-client` };
    const base = {
      where,
      cluster: p.cluster,
      engine,
      backupRetentionDays: p.backupRetentionDays,
      databaseName: p.databaseName,
      deletionProtection: p.deletionProtection,
    };
    // The default client account is ours to create; a given one is the user's.
    const common = { highAvailability, client, createClientServiceAccount: g.client === undefined, bootstrapNamespace: NAMESPACES.system };
    const region = stack.region;
    let built: GcpVectorStore;
    if (engine === 'alloydb') {
      const machine = g.vcpus !== undefined ? givenAlloyDbShape(g.vcpus, where) : alloyDbShapeFor(sizing?.hnswIndexGiB, where);
      const pitr = g.pointInTimeRecoveryDays ?? 14;
      stack.recordDecision({
        construct: where,
        topic: 'vector-engine',
        chosen: `AlloyDB for PostgreSQL (${ALLOYDB_VERSION_LABEL}) + pgvector and ScaNN, ${highAvailability ? 'REGIONAL (HA)' : 'ZONAL'} primary`,
        reason: 'the GCP default: pgvector and ScaNN indexes on AlloyDB; customer key on the cluster and both backup kinds, private IP through Private Service Access, IAM database authentication',
        alternatives: [
          { option: 'cloudsql', reason: 'not requested (gcp.engine: "cloudsql")' },
          { option: 'vertex-vector-search', reason: 'not requested (managed, but no customer key in provider 6.50)' },
        ],
      });
      stack.recordDecision({ construct: where, topic: 'vector-capacity', chosen: `${machine.vcpus} vCPU, ${machine.memoryGB} GB`, reason: g.vcpus !== undefined ? 'gcp.vcpus given' : machine.reason });
      stack.recordDecision({ construct: where, topic: 'point-in-time-recovery', chosen: `${pitr} days of continuous backup, ${p.backupRetentionDays} days of daily backups`, reason: g.pointInTimeRecoveryDays !== undefined ? 'given' : 'default 14 days (the AlloyDB default window)' });
      this.recordBootstrap(stack, 'AlloyDB', client);
      built = build({ ...base, gcp: { engine, ...common, pointInTimeRecoveryDays: pitr, alloyDbVcpus: machine.vcpus } });
      const nodes = highAvailability ? 2 : 1;
      const storageGiB = sizing?.storageGiB ?? 0;
      stack.addCostLines(alloyDbCost({ component: where, region, vcpus: machine.vcpus, memoryGB: machine.memoryGB, nodes, storageGiB }, where).lines);
      stack.addCostLines([gcpKmsKeyCost({ component: where, region, keys: 1 }, where)]);
    } else if (engine === 'cloudsql') {
      const machine = g.vcpus !== undefined ? givenCloudSqlMachine(g.vcpus, where) : cloudSqlMachineFor(sizing?.hnswIndexGiB, where);
      const pitr = g.pointInTimeRecoveryDays ?? 7;
      const version = g.cloudSqlVersion ?? 'POSTGRES_17';
      const diskSizeGb = Math.max(MIN_CLOUD_SQL_DISK_GB, Math.ceil((sizing?.storageGiB ?? 0) * 1.2));
      stack.recordDecision({
        construct: where,
        topic: 'vector-engine',
        chosen: `Cloud SQL for PostgreSQL ${version} (Enterprise) + pgvector, ${highAvailability ? 'REGIONAL (HA)' : 'ZONAL'}, ${machine.tier}`,
        reason: 'gcp.engine "cloudsql" requested; customer key, private IP only, trusted client certificates through the Cloud SQL Auth Proxy, point-in-time recovery, IAM database authentication',
      });
      stack.recordDecision({ construct: where, topic: 'vector-capacity', chosen: `${machine.tier} (${machine.memoryGB} GB), ${diskSizeGb} GB SSD growing on demand`, reason: g.vcpus !== undefined ? 'gcp.vcpus given' : machine.reason });
      stack.recordDecision({
        construct: where,
        topic: 'postgres-version',
        chosen: version,
        reason: g.cloudSqlVersion
          ? 'given'
          : 'the newest major in the stored Cloud SQL version list; Checkov CKV_GCP_79 asks for the latest (it names POSTGRES_18, not sourced here)',
      });
      this.recordBootstrap(stack, 'Cloud SQL', client);
      built = build({
        ...base,
        gcp: {
          engine,
          ...common,
          pointInTimeRecoveryDays: pitr,
          cloudSql: { tier: machine.tier!, databaseVersion: version, diskSizeGb, adminPasswordSecret: g.cloudSqlAdminPasswordSecret! },
        },
      });
      const { vcpus, memoryGB } = machine;
      const cost = cloudSqlCost({ component: where, region, vcpus, memoryGB, highAvailability, storageGiB: diskSizeGb }, where);
      stack.addCostLines(cost.lines);
      stack.addCostLines([gcpKmsKeyCost({ component: where, region, keys: 1 }, where)]);
    } else {
      const layout = vectorSearchLayoutFor(p.vectors, p.dimensions);
      const minReplicas = g.minReplicas ?? 2;
      const maxReplicas = g.maxReplicas ?? minReplicas * 2;
      if (maxReplicas < minReplicas) {
        throw new AiInfraError({ where, field: 'gcp.maxReplicas', given: maxReplicas, allowed: `>= gcp.minReplicas (${minReplicas})` });
      }
      const updateMethod = g.updateMethod ?? 'STREAM_UPDATE';
      stack.recordDecision({
        construct: where,
        topic: 'vector-engine',
        chosen: `Vertex AI Vector Search: ${layout.shards} × ${layout.shard.shardSize} on ${layout.shard.machineType}, ${minReplicas}-${maxReplicas} replicas, ${updateMethod}`,
        reason: `gcp.engine "vertex-vector-search" requested; ${layout.reason}; endpoint peered with the VPC, no public endpoint`,
      });
      stack.recordDecision({
        construct: where,
        topic: 'encryption-opt-out',
        chosen: 'Google-managed key on the index and its endpoint',
        reason: 'OPT-OUT of customer keys: google provider 6.50 has no encryption_spec on google_vertex_ai_index or _index_endpoint (GA and beta); choose gcp.engine "alloydb" for a customer key',
      });
      built = build({
        ...base,
        gcp: {
          engine,
          ...common,
          pointInTimeRecoveryDays: 0,
          vectorSearch: {
            dimensions: p.dimensions!,
            distanceMeasure: g.distanceMeasure ?? 'DOT_PRODUCT_DISTANCE',
            shardSize: layout.shard.shardSize,
            machineType: layout.shard.machineType,
            minReplicas,
            maxReplicas,
            updateMethod,
            approximateNeighborsCount: 150,
          },
        },
      });
      const dataGiB = Math.round(((layout.dataGB * 1e9) / 1024 ** 3) * 1000) / 1000;
      const cost = vectorSearchCost(
        {
          component: where,
          region,
          machineType: layout.shard.machineType,
          shards: layout.shards,
          replicas: minReplicas,
          dataGiBPerMonth: dataGiB,
          updateMethod,
        },
        where,
      );
      stack.addCostLines(cost.lines.map((l, i) => (i === 1 ? { ...l, note: ['the whole vector set written once (the first load); later months pay for what changes', l.note].filter(Boolean).join('; ') } : l)));
    }
    return { engine, sizing, built };
  }

  private recordBootstrap(stack: AiInfraStack, engine: string, client: { namespace: string; serviceAccount: string }): void {
    stack.recordDecision({
      construct: this.node.path,
      topic: 'pgvector-extension',
      chosen: `a Kubernetes Job in the workload stack (namespace ${NAMESPACES.system}) creates the extension through the ${engine} Auth Proxy`,
      reason: `pgvector is enabled by SQL (CREATE EXTENSION vector), not by a flag, and the google provider cannot run SQL; the Job also grants ${client.namespace}/${client.serviceAccount}'s IAM database user the database`,
    });
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
