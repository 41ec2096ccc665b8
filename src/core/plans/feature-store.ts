import type { Construct } from 'constructs';

/** One feature group, validated. */
export interface FeatureGroupPlan {
  /** Name as the user gave it (the construct id and physical-name suffix). */
  readonly name: string;
  /**
   * @default - none
   */
  readonly description?: string;
  readonly recordIdentifier: string;
  readonly eventTime: string;
  readonly features: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  readonly online: boolean;
  readonly offline: boolean;
  /**
   * Online-store TTL, hours.
   * @default - none
   */
  readonly ttlHours?: number;
}

/** What FeatureStore decided; its backend builds from it. */
export interface FeatureStorePlan {
  /** Construct path of the public construct. */
  readonly where: string;
  readonly groups: ReadonlyArray<FeatureGroupPlan>;
  readonly deletionProtection: boolean;
  /**
   * AWS-only settings (set on AWS stacks).
   * @default - absent on other clouds
   */
  readonly aws?: {
    readonly onlineStorageType: 'Standard' | 'InMemory';
    readonly offlineTableFormat: 'Glue' | 'Iceberg';
    readonly createGlueTables: boolean;
  };
  /**
   * GCP-only settings (set on GCP stacks).
   * @default - absent on other clouds
   */
  readonly gcp?: FeatureStoreGcpPlan;
}

/** Vertex AI Feature Store settings, resolved. */
export interface FeatureStoreGcpPlan {
  /** `optimized` (served over Private Service Connect) or `bigtable` (autoscaled nodes). */
  readonly onlineStore: 'optimized' | 'bigtable';
  /**
   * Bigtable serving nodes.
   * @default - absent unless onlineStore is bigtable
   */
  readonly bigtableNodes?: { readonly min: number; readonly max: number; readonly cpuUtilizationTarget: number };
  /** Feature view sync schedule (cron). */
  readonly syncCron: string;
  /**
   * Kubernetes service account bound to the client service account.
   * @default - no binding
   */
  readonly client?: { readonly namespace: string; readonly serviceAccount: string };
  /**
   * Network and subnetwork of the optimized store's Private Service Connect endpoint.
   * @default - no consumer endpoint (PSC stays on; create one yourself)
   */
  readonly servingNetwork?: { readonly networkId: string; readonly subnetworkId: string };
}

/** What a FeatureStore backend made, as the construct reads it back. */
export interface FeatureStoreBackend {
  /** Physical names of the groups, by the name given in props. */
  readonly featureGroupNames: Readonly<Record<string, string>>;
  /**
   * URI of the offline store.
   * @default - absent when no group has an offline store
   */
  readonly offlineStoreUri?: string;
  /** The identity the feature service acts as (AWS: role ARN). */
  readonly serviceIdentity: string;
  /** The customer key of both stores. */
  readonly encryptionKeyId: string;
}

/** Builds a feature store's resources in `scope` (the construct). */
export type FeatureStoreBackendFactory = (scope: Construct, plan: FeatureStorePlan) => FeatureStoreBackend;
