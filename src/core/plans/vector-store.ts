import type { Construct } from 'constructs';
import type { IGpuCluster } from './gpu-cluster';

/** The engine holding the vectors. */
export type VectorStoreEngine = 'aurora-pgvector' | 'opensearch-serverless';

/** The PostgreSQL + pgvector engine, resolved. */
export interface PgvectorPlan {
  readonly engineVersion: string;
  /** Major version (parameter group family). */
  readonly majorVersion: number;
  readonly minCapacityAcu: number;
  readonly maxCapacityAcu: number;
  readonly readers: number;
  readonly logRetentionDays: number;
  /** `log_min_duration_statement`: statements slower than this (ms) are logged. */
  readonly slowStatementMs: number;
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
  readonly engine: VectorStoreEngine;
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
