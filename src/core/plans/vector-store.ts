import type { Construct } from 'constructs';
import type { IGpuCluster } from './gpu-cluster';

/** The engine holding the vectors on AWS. */
export type VectorStoreEngine = 'aurora-pgvector' | 'opensearch-serverless';

/** The engine holding the vectors on Google Cloud. */
export type GcpVectorStoreEngine = 'alloydb' | 'cloudsql' | 'vertex-vector-search';

/** A Kubernetes service account (Workload Identity binds a Google service account to it). */
export interface KubernetesServiceAccountRef {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** The Google Cloud engine and its settings, resolved by the construct. */
export interface VectorStoreGcpPlan {
  readonly engine: GcpVectorStoreEngine;
  /** REGIONAL primary (AlloyDB, Cloud SQL). */
  readonly highAvailability: boolean;
  /** Point-in-time recovery window, days (AlloyDB continuous backup 1-35; Cloud SQL log retention 1-7; 0 for Vector Search, which has none). */
  readonly pointInTimeRecoveryDays: number;
  /** The workload that reads and writes vectors (its IAM database user). */
  readonly client: KubernetesServiceAccountRef;
  /** Create that Kubernetes service account in the workload stack (the construct named it). */
  readonly createClientServiceAccount: boolean;
  /** Namespace of the pgvector bootstrap Job (must exist in the cluster). */
  readonly bootstrapNamespace: string;
  /**
   * AlloyDB primary `cpu_count`.
   * @default - absent for other engines
   */
  readonly alloyDbVcpus?: number;
  /**
   * Cloud SQL settings.
   * @default - absent for other engines
   */
  readonly cloudSql?: {
    readonly tier: string;
    readonly databaseVersion: string;
    readonly diskSizeGb: number;
    /** Kubernetes Secret with the `postgres` password the bootstrap Job logs in with. */
    readonly adminPasswordSecret: string;
  };
  /**
   * Vertex AI Vector Search settings.
   * @default - absent for other engines
   */
  readonly vectorSearch?: {
    readonly dimensions: number;
    readonly distanceMeasure: 'DOT_PRODUCT_DISTANCE' | 'COSINE_DISTANCE' | 'SQUARED_L2_DISTANCE';
    readonly shardSize: 'SHARD_SIZE_SMALL' | 'SHARD_SIZE_MEDIUM' | 'SHARD_SIZE_LARGE';
    readonly machineType: string;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly updateMethod: 'BATCH_UPDATE' | 'STREAM_UPDATE';
    readonly approximateNeighborsCount: number;
  };
}

/** The PostgreSQL + pgvector engine, resolved. */
export interface PgvectorPlan {
  readonly engineVersion: string;
  /** Major version (parameter group family). */
  readonly majorVersion: number;
  readonly minCapacityAcu: number;
  readonly maxCapacityAcu: number;
  readonly readers: number;
  readonly logRetentionDays: number;
}

/** The search-service engine, resolved. */
export interface SearchCollectionPlan {
  /**
   * Collection name.
   * @default - derived from the prefix and construct path
   */
  readonly collectionName?: string;
  readonly standbyReplicas: boolean;
  /** Principals the data access policy grants. */
  readonly accessPrincipalArns: ReadonlyArray<string>;
}

/** What VectorStore decided; its backend builds from it. */
export interface VectorStorePlan {
  /** Construct path of the public construct. */
  readonly where: string;
  /** The cluster that (and nothing else) reaches the store privately. */
  readonly cluster: IGpuCluster;
  readonly engine: VectorStoreEngine | GcpVectorStoreEngine;
  readonly backupRetentionDays: number;
  readonly databaseName: string;
  readonly deletionProtection: boolean;
  /**
   * Set with engine `aurora-pgvector`.
   * @default - absent for other engines
   */
  readonly pgvector?: PgvectorPlan;
  /**
   * Set with engine `opensearch-serverless`.
   * @default - absent for other engines
   */
  readonly searchCollection?: SearchCollectionPlan;
  /**
   * Set on GCP stacks.
   * @default - absent on other clouds
   */
  readonly gcp?: VectorStoreGcpPlan;
}

/** What a VectorStore backend made, as the construct reads it back. */
export interface VectorStoreBackend {
  /** Writer (or collection) endpoint. */
  readonly endpoint: string;
  /**
   * Reader endpoint (databases only).
   * @default - none
   */
  readonly readerEndpoint?: string;
  readonly port: number;
  /**
   * Secret holding the master credentials (databases only).
   * @default - none
   */
  readonly credentialsSecretId?: string;
  /** The network boundary clients are admitted through (AWS: security group id). */
  readonly networkBoundaryId: string;
}

/** Builds a vector store's resources in `scope` (the construct). */
export type VectorStoreBackendFactory = (scope: Construct, plan: VectorStorePlan) => VectorStoreBackend;
