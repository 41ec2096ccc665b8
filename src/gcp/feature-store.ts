import { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset';
import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address';
import { ComputeForwardingRule } from '@cdktf/provider-google/lib/compute-forwarding-rule';
import type { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { VertexAiFeatureGroup } from '@cdktf/provider-google/lib/vertex-ai-feature-group';
import { VertexAiFeatureGroupFeature } from '@cdktf/provider-google/lib/vertex-ai-feature-group-feature';
import { VertexAiFeatureOnlineStore } from '@cdktf/provider-google/lib/vertex-ai-feature-online-store';
import { VertexAiFeatureOnlineStoreFeatureview } from '@cdktf/provider-google/lib/vertex-ai-feature-online-store-featureview';
import { Construct } from 'constructs';
import {
  constructKey,
  GcpDataContext,
  gcpDataContextOf,
  gcpNameFragment,
  serviceAccountEmail,
  serviceAccountId,
  serviceAccountMember,
  workloadIdentityMember,
} from './data-context';
import type { GcpCustomerKey } from './kms';
import { serviceAgentMember } from './service-agents';
import type { FeatureStoreBackend, FeatureStorePlan } from '../core/plans';
import { AiInfraError } from '../errors';

/** Column Vertex AI Feature Store reads event time from (the BigQuery source must have it). */
export const FEATURE_TIMESTAMP_COLUMN = 'feature_timestamp';

/** Value type of a feature, as the neutral construct names it. */
export type GcpFeatureValueType = 'String' | 'Integral' | 'Fractional';

/** BigQuery column type of each feature value type. */
export const BIGQUERY_TYPE: Readonly<Record<GcpFeatureValueType, string>> = { String: 'STRING', Integral: 'INT64', Fractional: 'FLOAT64' };

/** One feature group, resolved and validated by the construct (names valid as BigQuery columns and Vertex ids). */
export interface GcpFeatureGroupPlan {
  /** Group name as given in props (construct ids). */
  readonly name: string;
  /** Vertex feature group id and BigQuery table id (`[a-z_][a-z0-9_]*`). */
  readonly resourceId: string;
  readonly description?: string;
  /** Entity id column (a String feature). */
  readonly entityIdColumn: string;
  /** The event-time feature: it becomes the `feature_timestamp` TIMESTAMP column. */
  readonly eventTime: string;
  readonly features: ReadonlyArray<{ readonly name: string; readonly type: GcpFeatureValueType }>;
  /** Served from the online store through a feature view. */
  readonly online: boolean;
}

/** Where the optimized store's Private Service Connect endpoint goes. */
export interface GcpFeatureServingNetwork {
  /** Network id of the consumer VPC. */
  readonly networkId: string;
  /** Subnetwork id the endpoint's internal address comes from. */
  readonly subnetworkId: string;
}

/** What the FeatureStore backend needs, resolved and validated by the construct. */
export interface GcpFeatureStorePlan {
  readonly groups: ReadonlyArray<GcpFeatureGroupPlan>;
  /** Customer key in the dataset's location, for the dataset and its tables (the BigQuery agent is granted it). */
  readonly key: GcpCustomerKey;
  /** `bigtable` (autoscaled nodes) or `optimized` (deprecated by Google: see `VERTEX_FEATURE_STORE_OPTIMIZED_SERVING_SUNSET`; served privately through Private Service Connect). */
  readonly onlineStore: 'optimized' | 'bigtable';
  /** Bigtable serving nodes. */
  readonly bigtableNodes?: { readonly min: number; readonly max: number; readonly cpuUtilizationTarget: number };
  /** Feature view sync schedule (cron, UTC). */
  readonly syncCron: string;
  /** Private serving endpoint of the optimized store. @default - PSC on, consumer endpoint not created */
  readonly servingNetwork?: GcpFeatureServingNetwork;
  /** Kubernetes service account bound to the client service account. @default - no binding */
  readonly client?: { readonly namespace: string; readonly serviceAccount: string };
  /** `lifecycle.prevent_destroy` on the dataset, tables and online store. */
  readonly deletionProtection: boolean;
}

/** The provider resources of a FeatureStore on GCP (escape hatches). */
export interface GcpFeatureStoreResources {
  readonly keyGrant: KmsCryptoKeyIamMember;
  readonly dataset: BigqueryDataset;
  readonly tables: Readonly<Record<string, BigqueryTable>>;
  readonly featureGroups: Readonly<Record<string, VertexAiFeatureGroup>>;
  readonly features: Readonly<Record<string, ReadonlyArray<VertexAiFeatureGroupFeature>>>;
  readonly onlineStore?: VertexAiFeatureOnlineStore;
  readonly featureViews: Readonly<Record<string, VertexAiFeatureOnlineStoreFeatureview>>;
  readonly clientServiceAccount: ServiceAccount;
  readonly fetchRole: ProjectIamCustomRole;
  readonly servingAddress?: ComputeAddress;
  readonly servingEndpoint?: ComputeForwardingRule;
}

/** Permission to read online feature values (FetchFeatureValues on a feature view). */
export const FETCH_FEATURE_VALUES_PERMISSION = 'aiplatform.featureViews.fetchFeatureValues';

/** BigQuery schema (JSON) of a feature group's table: entity id, feature timestamp, then the features. */
export function featureTableSchema(g: GcpFeatureGroupPlan): string {
  const typeOf = (n: string): GcpFeatureValueType => g.features.find((f) => f.name === n)!.type;
  return JSON.stringify([
    { name: g.entityIdColumn, type: BIGQUERY_TYPE[typeOf(g.entityIdColumn)], mode: 'REQUIRED', description: 'Entity id' },
    { name: FEATURE_TIMESTAMP_COLUMN, type: 'TIMESTAMP', mode: 'REQUIRED', description: `Event time (feature "${g.eventTime}")` },
    ...g.features
      .filter((f) => f.name !== g.entityIdColumn && f.name !== g.eventTime)
      .map((f) => ({ name: f.name, type: BIGQUERY_TYPE[f.type], mode: 'NULLABLE' })),
  ]);
}

/** Feature names registered on the group: every column but the entity id and the timestamp. */
export function registeredFeatures(g: GcpFeatureGroupPlan): string[] {
  return g.features.filter((f) => f.name !== g.entityIdColumn && f.name !== g.eventTime).map((f) => f.name);
}

/**
 * Vertex AI Feature Store over a BigQuery offline store: a dataset and one
 * time-partitioned table per group, encrypted with the customer key,
 * deletion-protected and `prevent_destroy`; a feature group and its features
 * per table; an online store (Bigtable with autoscaling, the construct's
 * default, or the deprecated optimized store behind Private Service Connect)
 * with a feature view per online group; the Vertex
 * AI service agent reads the dataset only; one client service account writes
 * the tables and reads online values, nothing more.
 *
 * The online store, feature groups and views have no `encryption_spec` in
 * provider 6.50: they use Google-managed keys (a recorded opt-out of rule 4).
 */
export function buildGcpFeatureStore(scope: Construct, ctx: GcpDataContext, base: string, plan: GcpFeatureStorePlan): GcpFeatureStoreResources {
  const underscored = (suffix: string, max: number): string => ctx.physicalName(suffix, { maxLength: max, separator: '_' }).replace(/[^a-z0-9_]/g, '_');
  const keyGrant = plan.key.grantEncryptDecryptToAgent('bigQuery', ctx.projectNumber);
  const datasetId = underscored(base, 1024);
  const dataset = new BigqueryDataset(scope, 'OfflineStore', {
    datasetId,
    location: ctx.region,
    description: `Offline feature store of ${scope.node.path}`,
    defaultEncryptionConfiguration: { kmsKeyName: plan.key.keyId },
    deleteContentsOnDestroy: false,
    lifecycle: { preventDestroy: plan.deletionProtection },
    dependsOn: [keyGrant],
  });

  // Vertex AI syncs feature views from BigQuery as its service agent: read-only on this dataset.
  new BigqueryDatasetIamMember(scope, 'VertexAiReadsOfflineStore', {
    datasetId: dataset.datasetId,
    role: 'roles/bigquery.dataViewer',
    member: serviceAgentMember('vertexAi', ctx.projectNumber),
  });

  const clientId = serviceAccountId(ctx, `${base}-features`);
  const clientEmail = serviceAccountEmail(ctx.projectId, clientId);
  const clientServiceAccount = new ServiceAccount(scope, 'ClientServiceAccount', {
    accountId: clientId,
    displayName: `Feature store client (${scope.node.path})`,
    description: `Writes the offline tables of ${scope.node.path} and reads its online feature values`,
  });
  new BigqueryDatasetIamMember(scope, 'ClientWritesOfflineStore', {
    datasetId: dataset.datasetId,
    role: 'roles/bigquery.dataEditor',
    member: serviceAccountMember(clientEmail),
  });
  // Load and query jobs are project-scoped: BigQuery has no dataset-level job role.
  new ProjectIamMember(scope, 'ClientRunsBigQueryJobs', { project: ctx.projectId, role: 'roles/bigquery.jobUser', member: serviceAccountMember(clientEmail) });
  const fetchRole = new ProjectIamCustomRole(scope, 'FetchFeatureValuesRole', {
    roleId: underscored(`${base}-fetch`, 64).replace(/[^a-zA-Z0-9_]/g, '_'),
    title: `Fetch online features (${scope.node.path})`,
    description: 'Read online feature values from feature views; nothing else',
    permissions: [FETCH_FEATURE_VALUES_PERMISSION],
  });
  new ProjectIamMember(scope, 'ClientFetchesFeatureValues', { project: ctx.projectId, role: fetchRole.name, member: serviceAccountMember(clientEmail) });
  if (plan.client) {
    new ServiceAccountIamMember(scope, 'ClientWorkloadIdentity', {
      serviceAccountId: clientServiceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: workloadIdentityMember(ctx.projectId, plan.client.namespace, plan.client.serviceAccount),
    });
  }

  const tables: Record<string, BigqueryTable> = {};
  const featureGroups: Record<string, VertexAiFeatureGroup> = {};
  const features: Record<string, VertexAiFeatureGroupFeature[]> = {};
  for (const g of plan.groups) {
    const table = new BigqueryTable(scope, `Table-${g.name}`, {
      datasetId: dataset.datasetId,
      tableId: g.resourceId,
      description: g.description ?? `Feature group ${g.name} of ${scope.node.path}`,
      schema: featureTableSchema(g),
      timePartitioning: { type: 'DAY', field: FEATURE_TIMESTAMP_COLUMN },
      clustering: [g.entityIdColumn],
      encryptionConfiguration: { kmsKeyName: plan.key.keyId },
      deletionProtection: true,
      lifecycle: { preventDestroy: plan.deletionProtection },
    });
    tables[g.name] = table;
    const group = new VertexAiFeatureGroup(scope, `Group-${g.name}`, {
      name: g.resourceId,
      region: ctx.region,
      description: g.description ?? `Feature group ${g.name} of ${scope.node.path}`,
      bigQuery: {
        bigQuerySource: { inputUri: `bq://${ctx.projectId}.${datasetId}.${g.resourceId}` },
        entityIdColumns: [g.entityIdColumn],
      },
      lifecycle: { preventDestroy: plan.deletionProtection },
      dependsOn: [table],
    });
    featureGroups[g.name] = group;
    features[g.name] = registeredFeatures(g).map(
      (f) => new VertexAiFeatureGroupFeature(scope, `Feature-${g.name}-${f}`, { name: f, featureGroup: group.name, region: ctx.region }),
    );
  }

  let onlineStore: VertexAiFeatureOnlineStore | undefined;
  let servingAddress: ComputeAddress | undefined;
  let servingEndpoint: ComputeForwardingRule | undefined;
  const featureViews: Record<string, VertexAiFeatureOnlineStoreFeatureview> = {};
  const onlineGroups = plan.groups.filter((g) => g.online);
  if (onlineGroups.length > 0) {
    const optimized = plan.onlineStore === 'optimized';
    onlineStore = new VertexAiFeatureOnlineStore(scope, 'OnlineStore', {
      name: underscored(base, 60),
      region: ctx.region,
      ...(optimized
        ? {
          optimized: {},
          dedicatedServingEndpoint: { privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlist: [ctx.projectId] } },
        }
        : {
          bigtable: {
            autoScaling: {
              minNodeCount: plan.bigtableNodes!.min,
              maxNodeCount: plan.bigtableNodes!.max,
              cpuUtilizationTarget: plan.bigtableNodes!.cpuUtilizationTarget,
            },
          },
        }),
      forceDestroy: false,
      lifecycle: { preventDestroy: plan.deletionProtection },
    });
    for (const g of onlineGroups) {
      featureViews[g.name] = new VertexAiFeatureOnlineStoreFeatureview(scope, `View-${g.name}`, {
        name: g.resourceId,
        region: ctx.region,
        featureOnlineStore: onlineStore.name,
        featureRegistrySource: {
          featureGroups: [{ featureGroupId: featureGroups[g.name].name, featureIds: registeredFeatures(g) }],
        },
        syncConfig: { cron: plan.syncCron },
        dependsOn: [...features[g.name]],
      });
    }
    if (optimized && plan.servingNetwork) {
      servingAddress = new ComputeAddress(scope, 'ServingAddress', {
        name: ctx.physicalName(`${base}-features-psc`, { maxLength: 63 }),
        region: ctx.region,
        addressType: 'INTERNAL',
        subnetwork: plan.servingNetwork.subnetworkId,
        description: `Private Service Connect address of ${scope.node.path}'s online store`,
      });
      servingEndpoint = new ComputeForwardingRule(scope, 'ServingEndpoint', {
        name: ctx.physicalName(`${base}-features-psc`, { maxLength: 63 }),
        region: ctx.region,
        network: plan.servingNetwork.networkId,
        ipAddress: servingAddress.id,
        target: onlineStore.dedicatedServingEndpoint.serviceAttachment,
        loadBalancingScheme: '',
        description: `Private Service Connect endpoint of ${scope.node.path}'s online store`,
      });
    }
  }

  return {
    keyGrant, dataset, tables, featureGroups, features, onlineStore, featureViews, clientServiceAccount, fetchRole, servingAddress, servingEndpoint,
  };
}

/** What the GCP backend of FeatureStore made: what the construct reads back, plus the resources. */
export interface GcpFeatureStore extends FeatureStoreBackend {
  readonly key: GcpCustomerKey;
  readonly resources: GcpFeatureStoreResources;
}

/** A Vertex AI / BigQuery id from a group name: lowercase, `[a-z0-9_]`, starting with a letter or `_`. */
export function gcpFeatureResourceId(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(id) ? id : `_${id}`;
}

/** Builds the GCP side of a FeatureStore in the construct's scope, from its plan. */
export function createGcpFeatureStore(scope: Construct, plan: FeatureStorePlan): GcpFeatureStore {
  const g = plan.gcp;
  if (!g) throw new AiInfraError({ where: plan.where, field: 'gcp', given: undefined, allowed: 'the GCP settings of the feature store plan (a GCP stack)' });
  const ctx = gcpDataContextOf(scope, plan.where);
  const base = gcpNameFragment(scope);
  const key = constructKey(scope, ctx, base, 'features');
  const resources = buildGcpFeatureStore(scope, ctx, base, {
    groups: plan.groups.map((grp) => ({
      name: grp.name,
      resourceId: gcpFeatureResourceId(grp.name),
      description: grp.description,
      entityIdColumn: grp.recordIdentifier,
      eventTime: grp.eventTime,
      features: grp.features.map((f) => ({ name: f.name, type: f.type as GcpFeatureValueType })),
      online: grp.online,
    })),
    key,
    onlineStore: g.onlineStore,
    bigtableNodes: g.bigtableNodes,
    syncCron: g.syncCron,
    servingNetwork: g.servingNetwork,
    client: g.client,
    deletionProtection: plan.deletionProtection,
  });
  return {
    key,
    resources,
    featureGroupNames: Object.fromEntries(plan.groups.map((grp) => [grp.name, gcpFeatureResourceId(grp.name)])),
    offlineStoreUri: `bq://${ctx.projectId}.${resources.dataset.datasetId}`,
    serviceIdentity: resources.clientServiceAccount.email,
    encryptionKeyId: key.keyId,
  };
}
