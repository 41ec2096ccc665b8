import { AlloydbCluster } from '@cdktf/provider-google/lib/alloydb-cluster';
import { AlloydbInstance } from '@cdktf/provider-google/lib/alloydb-instance';
import { AlloydbUser } from '@cdktf/provider-google/lib/alloydb-user';
import type { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { VertexAiIndex } from '@cdktf/provider-google/lib/vertex-ai-index';
import { VertexAiIndexEndpoint } from '@cdktf/provider-google/lib/vertex-ai-index-endpoint';
import { VertexAiIndexEndpointDeployedIndex } from '@cdktf/provider-google/lib/vertex-ai-index-endpoint-deployed-index';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Fn, ITerraformDependable, Token } from 'cdktf';
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
import type { GcpGpuClusterBackend, IGpuCluster, VectorStoreBackend, VectorStorePlan } from '../core/plans';
import { AiInfraError } from '../errors';
import { PgvectorBootstrapJob, PGVECTOR_BOOTSTRAP_SERVICE_ACCOUNT } from './pgvector-bootstrap';
import { NAMESPACES } from '../kubernetes/cluster-baseline';
import { ClusterWorkloadStack } from '../kubernetes/workload-stack';

/** Port PostgreSQL (AlloyDB, Cloud SQL) listens on. */
export const POSTGRES_PORT = 5432;

/** The VPC the store is reachable from, through Private Service Access. */
export interface GcpPrivateNetwork {
  /** Network id (`projects/<project>/global/networks/<name>`), as the network resource's `id`. */
  readonly networkId: string;
  /** Network name (Vector Search peers with `projects/<number>/global/networks/<name>`). */
  readonly networkName: string;
  /** Name of the PSA range (`google_compute_global_address`) to allocate from. @default - any PSA range of the network */
  readonly allocatedIpRange?: string;
  /** The `google_service_networking_connection` the private IP depends on. */
  readonly privateServiceAccess: ITerraformDependable;
}

/** The Kubernetes service account of the workload that reads and writes vectors (Workload Identity). */
export interface GcpVectorClient {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** Where the pgvector bootstrap Job goes: the cluster's workload stack, in a namespace. */
export interface PgvectorBootstrapTarget {
  /** Scope inside the cluster's workload stack (Kubernetes provider configured). */
  readonly workloadScope: Construct;
  /** Namespace the Job runs in (must exist). */
  readonly namespace: string;
  /**
   * Resources in the workload stack the Job and the client service account wait for (their namespaces).
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Create the client's Kubernetes service account (annotated with its Google service account).
   * @default false
   */
  readonly createClientServiceAccount?: boolean;
}

/** Resolved by the construct: an AlloyDB cluster for pgvector. */
export interface GcpAlloyDbVectorPlan {
  readonly network: GcpPrivateNetwork;
  /** Customer key in the store's region, for the cluster and both backup kinds (the AlloyDB agent is granted it). */
  readonly key: GcpCustomerKey;
  /** `machine_config.cpu_count` of the primary. */
  readonly vcpus: number;
  /** REGIONAL primary (active + standby in two zones). */
  readonly highAvailability: boolean;
  /** Days automated backups are kept. */
  readonly backupRetentionDays: number;
  /** Days of continuous backup (point-in-time recovery), 1-35. */
  readonly pointInTimeRecoveryDays: number;
  readonly databaseName: string;
  /** `lifecycle.prevent_destroy` on the cluster. */
  readonly deletionProtection: boolean;
  readonly client: GcpVectorClient;
  readonly bootstrap: PgvectorBootstrapTarget;
}

/** The provider resources of the AlloyDB store (escape hatches). */
export interface GcpAlloyDbVectorResources {
  readonly keyGrant: KmsCryptoKeyIamMember;
  readonly cluster: AlloydbCluster;
  readonly primary: AlloydbInstance;
  readonly clientServiceAccount: ServiceAccount;
  readonly clientUser: AlloydbUser;
  readonly bootstrapServiceAccount: ServiceAccount;
  readonly bootstrapUser: AlloydbUser;
  readonly bootstrapJob: PgvectorBootstrapJob;
  /** PostgreSQL user name of the client (`<sa>@<project>.iam`). */
  readonly clientUserName: string;
  /** The client's Kubernetes service account, when this store created it. */
  readonly clientKubernetesServiceAccount?: ServiceAccountV1;
}

/** AlloyDB PostgreSQL major version (pgvector and ScaNN available). */
export const ALLOYDB_DATABASE_VERSION = 'POSTGRES_16';

/** Roles a principal needs to connect through the AlloyDB Auth Proxy with IAM database login. */
export const ALLOYDB_CONNECT_ROLES = ['roles/alloydb.client', 'roles/alloydb.databaseUser', 'roles/serviceusage.serviceUsageConsumer'] as const;

/** Roles a principal needs to connect through the Cloud SQL Auth Proxy with IAM database login. */
export const CLOUD_SQL_CONNECT_ROLES = ['roles/cloudsql.client', 'roles/cloudsql.instanceUser'] as const;

/** The PostgreSQL user name of an IAM service account: its email without `.gserviceaccount.com`. */
export function iamDatabaseUserName(projectId: string, accountId: string): string {
  return `${accountId}@${projectId}.iam`;
}

const SECONDS_PER_DAY = 86_400;
const EVERY_DAY = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

interface Principals {
  readonly clientServiceAccount: ServiceAccount;
  readonly bootstrapServiceAccount: ServiceAccount;
  readonly clientUserName: string;
  readonly bootstrapUserName: string;
}

/**
 * Two service accounts bound to Kubernetes service accounts through Workload
 * Identity: the workload's (read/write its database) and the bootstrap Job's
 * (creates the extension), each with the project roles to connect.
 */
function databasePrincipals(
  scope: Construct,
  ctx: GcpDataContext,
  base: string,
  plan: { client: GcpVectorClient; bootstrap: PgvectorBootstrapTarget },
  roles: { readonly client: ReadonlyArray<string>; readonly bootstrap: ReadonlyArray<string> },
  what: string,
): Principals {
  const clientId = serviceAccountId(ctx, `${base}-client`);
  const bootstrapId = serviceAccountId(ctx, `${base}-pgboot`);
  const clientServiceAccount = new ServiceAccount(scope, 'ClientServiceAccount', {
    accountId: clientId,
    displayName: `${what} client (${scope.node.path})`,
    description: `IAM database user of ${scope.node.path}; bound to ${plan.client.namespace}/${plan.client.serviceAccount}`,
  });
  const bootstrapServiceAccount = new ServiceAccount(scope, 'BootstrapServiceAccount', {
    accountId: bootstrapId,
    displayName: `${what} pgvector bootstrap (${scope.node.path})`,
    description: `Creates the vector extension in ${scope.node.path}; bound to ${plan.bootstrap.namespace}/${PGVECTOR_BOOTSTRAP_SERVICE_ACCOUNT}`,
  });
  const bind = (id: string, sa: ServiceAccount, email: string, ns: string, ksa: string, granted: ReadonlyArray<string>): void => {
    new ServiceAccountIamMember(scope, `${id}WorkloadIdentity`, {
      serviceAccountId: sa.name,
      role: 'roles/iam.workloadIdentityUser',
      member: workloadIdentityMember(ctx.projectId, ns, ksa),
    });
    for (const role of granted) {
      new ProjectIamMember(scope, `${id}${role.split('/')[1].replace(/(^|\.)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}`, {
        project: ctx.projectId,
        role,
        member: serviceAccountMember(email),
      });
    }
  };
  bind('Client', clientServiceAccount, serviceAccountEmail(ctx.projectId, clientId), plan.client.namespace, plan.client.serviceAccount, roles.client);
  bind('Bootstrap', bootstrapServiceAccount, serviceAccountEmail(ctx.projectId, bootstrapId), plan.bootstrap.namespace, PGVECTOR_BOOTSTRAP_SERVICE_ACCOUNT, roles.bootstrap);
  return {
    clientServiceAccount,
    bootstrapServiceAccount,
    clientUserName: iamDatabaseUserName(ctx.projectId, clientId),
    bootstrapUserName: iamDatabaseUserName(ctx.projectId, bootstrapId),
  };
}

/** The client's Kubernetes service account in the workload stack, annotated for Workload Identity (when asked). */
function clientKubernetesServiceAccount(
  scope: Construct, plan: { client: GcpVectorClient; bootstrap: PgvectorBootstrapTarget }, email: string,
): ServiceAccountV1 | undefined {
  if (!plan.bootstrap.createClientServiceAccount) return undefined;
  return new ServiceAccountV1(plan.bootstrap.workloadScope, `${scope.node.id}ClientServiceAccount`, {
    metadata: {
      name: plan.client.serviceAccount,
      namespace: plan.client.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' },
      annotations: { 'iam.gke.io/gcp-service-account': email },
    },
    ...(plan.bootstrap.dependsOn ? { dependsOn: plan.bootstrap.dependsOn } : {}),
  });
}

/**
 * AlloyDB for PostgreSQL with pgvector (and ScaNN): the cluster, its automated
 * and continuous backups encrypted with one customer key; private IP through
 * Private Service Access only (no public IP, TLS only); IAM database
 * authentication with an IAM user per workload; a REGIONAL primary;
 * `prevent_destroy`. No built-in password is set (no write-only password in
 * provider 6.50): administration goes through IAM users. A Job in the
 * workload stack creates the database and the `vector` extension.
 */
export function buildGcpAlloyDbVectorStore(
  scope: Construct, ctx: GcpDataContext, base: string, plan: GcpAlloyDbVectorPlan,
): GcpAlloyDbVectorResources {
  const clusterId = ctx.physicalName(base, { maxLength: 60 });
  const keyGrant = plan.key.grantEncryptDecryptToAgent('alloyDb', ctx.projectNumber);
  const encryptionConfig = { kmsKeyName: plan.key.keyId };
  const cluster = new AlloydbCluster(scope, 'Resource', {
    clusterId,
    location: ctx.region,
    databaseVersion: ALLOYDB_DATABASE_VERSION,
    displayName: `Vector store ${scope.node.path}`,
    networkConfig: {
      network: plan.network.networkId,
      ...(plan.network.allocatedIpRange ? { allocatedIpRange: plan.network.allocatedIpRange } : {}),
    },
    encryptionConfig,
    automatedBackupPolicy: {
      enabled: true,
      location: ctx.region,
      backupWindow: '3600s',
      weeklySchedule: { daysOfWeek: EVERY_DAY, startTimes: [{ hours: 2 }] },
      timeBasedRetention: { retentionPeriod: `${plan.backupRetentionDays * SECONDS_PER_DAY}s` },
      encryptionConfig,
    },
    continuousBackupConfig: { enabled: true, recoveryWindowDays: plan.pointInTimeRecoveryDays, encryptionConfig },
    deletionPolicy: 'DEFAULT',
    lifecycle: { preventDestroy: plan.deletionProtection },
    dependsOn: [keyGrant, plan.network.privateServiceAccess],
  });
  const primary = new AlloydbInstance(scope, 'Primary', {
    cluster: cluster.name,
    instanceId: `${clusterId}-primary`.slice(0, 63),
    instanceType: 'PRIMARY',
    availabilityType: plan.highAvailability ? 'REGIONAL' : 'ZONAL',
    machineConfig: { cpuCount: plan.vcpus },
    databaseFlags: { 'alloydb.iam_authentication': 'on' },
    clientConnectionConfig: { sslConfig: { sslMode: 'ENCRYPTED_ONLY' } },
    networkConfig: { enablePublicIp: false },
  });

  const principals = databasePrincipals(scope, ctx, base, plan, { client: ALLOYDB_CONNECT_ROLES, bootstrap: ALLOYDB_CONNECT_ROLES }, 'AlloyDB');
  // database_roles is the complete, sorted set AlloyDB returns (any other order diffs forever).
  const clientUser = new AlloydbUser(scope, 'ClientUser', {
    cluster: cluster.name,
    userId: principals.clientUserName,
    userType: 'ALLOYDB_IAM_USER',
    databaseRoles: ['alloydbiamuser'],
    dependsOn: [primary],
  });
  const bootstrapUser = new AlloydbUser(scope, 'BootstrapUser', {
    cluster: cluster.name,
    userId: principals.bootstrapUserName,
    userType: 'ALLOYDB_IAM_USER',
    databaseRoles: ['alloydbiamuser', 'alloydbsuperuser'],
    dependsOn: [primary],
  });

  const bootstrapJob = new PgvectorBootstrapJob(plan.bootstrap.workloadScope, `${scope.node.id}PgvectorBootstrap`, {
    engine: 'alloydb',
    namespace: plan.bootstrap.namespace,
    name: `pgvector-${base}`,
    instanceConnectionName: primary.name,
    bootstrapServiceAccountEmail: principals.bootstrapServiceAccount.email,
    bootstrapUserName: principals.bootstrapUserName,
    clientUserName: principals.clientUserName,
    databaseName: plan.databaseName,
    createDatabase: true,
    extensions: ['vector', 'alloydb_scann'],
    dependsOn: plan.bootstrap.dependsOn,
  });
  const clientKsa = clientKubernetesServiceAccount(scope, plan, principals.clientServiceAccount.email);

  return {
    keyGrant,
    cluster,
    primary,
    clientServiceAccount: principals.clientServiceAccount,
    clientUser,
    bootstrapServiceAccount: principals.bootstrapServiceAccount,
    bootstrapUser,
    bootstrapJob,
    clientUserName: principals.clientUserName,
    ...(clientKsa ? { clientKubernetesServiceAccount: clientKsa } : {}),
  };
}

/** Resolved by the construct: a Cloud SQL for PostgreSQL instance for pgvector. */
export interface GcpCloudSqlVectorPlan {
  readonly network: GcpPrivateNetwork;
  /** Customer key in the instance's region (the Cloud SQL agent is granted it). */
  readonly key: GcpCustomerKey;
  /** Custom tier `db-custom-<vCPU>-<MB>`. */
  readonly tier: string;
  readonly highAvailability: boolean;
  /** `POSTGRES_<major>`. */
  readonly databaseVersion: string;
  /** Initial SSD size, GB (grows automatically). */
  readonly diskSizeGb: number;
  readonly backupRetentionDays: number;
  /** Days of write-ahead log kept for point-in-time recovery (1-7 on Enterprise). */
  readonly pointInTimeRecoveryDays: number;
  readonly databaseName: string;
  readonly deletionProtection: boolean;
  readonly client: GcpVectorClient;
  readonly bootstrap: PgvectorBootstrapTarget;
  /**
   * Kubernetes Secret (key `password`) in the bootstrap namespace with the
   * `postgres` password the operator set (`gcloud sql users set-password`):
   * IAM users cannot create extensions on Cloud SQL, and Terraform never holds the password.
   */
  readonly adminPasswordSecret: string;
}

/** The provider resources of the Cloud SQL store (escape hatches). */
export interface GcpCloudSqlVectorResources {
  readonly keyGrant: KmsCryptoKeyIamMember;
  readonly instance: SqlDatabaseInstance;
  readonly database: SqlDatabase;
  readonly clientServiceAccount: ServiceAccount;
  readonly clientUser: SqlUser;
  readonly bootstrapServiceAccount: ServiceAccount;
  readonly bootstrapJob: PgvectorBootstrapJob;
  readonly clientUserName: string;
  /** The client's Kubernetes service account, when this store created it. */
  readonly clientKubernetesServiceAccount?: ServiceAccountV1;
}

/**
 * PostgreSQL flags Checkov's Cloud SQL checks expect (gcp-facts §4): connection,
 * checkpoint, lock-wait, duration and hostname logging on, DDL statements
 * logged, pgaudit on; plus IAM database authentication.
 */
export const CLOUD_SQL_POSTGRES_FLAGS: ReadonlyArray<{ readonly name: string; readonly value: string }> = [
  { name: 'cloudsql.iam_authentication', value: 'on' },
  { name: 'cloudsql.enable_pgaudit', value: 'on' },
  { name: 'log_checkpoints', value: 'on' },
  { name: 'log_connections', value: 'on' },
  { name: 'log_disconnections', value: 'on' },
  { name: 'log_lock_waits', value: 'on' },
  { name: 'log_duration', value: 'on' },
  { name: 'log_hostname', value: 'on' },
  { name: 'log_min_messages', value: 'error' },
  { name: 'log_min_error_statement', value: 'error' },
  { name: 'log_statement', value: 'ddl' },
];

/**
 * Cloud SQL for PostgreSQL with pgvector: customer key, private IP through
 * Private Service Access only (`ipv4_enabled` false), SSL with trusted client
 * certificates (the Cloud SQL Auth Proxy and connectors present one; Checkov
 * CKV_GCP_6 rejects ENCRYPTED_ONLY for PostgreSQL), daily backups with
 * point-in-time recovery, deletion protection on both sides and
 * `prevent_destroy`, IAM database authentication and the audit log flags.
 */
export function buildGcpCloudSqlVectorStore(
  scope: Construct, ctx: GcpDataContext, base: string, plan: GcpCloudSqlVectorPlan,
): GcpCloudSqlVectorResources {
  const name = ctx.physicalName(base, { maxLength: 80 });
  const keyGrant = plan.key.grantEncryptDecryptToAgent('cloudSql', ctx.projectNumber);
  const instance = new SqlDatabaseInstance(scope, 'Resource', {
    name,
    region: ctx.region,
    databaseVersion: plan.databaseVersion,
    encryptionKeyName: plan.key.keyId,
    deletionProtection: plan.deletionProtection,
    settings: {
      tier: plan.tier,
      edition: 'ENTERPRISE',
      availabilityType: plan.highAvailability ? 'REGIONAL' : 'ZONAL',
      diskType: 'PD_SSD',
      diskSize: plan.diskSizeGb,
      diskAutoresize: true,
      deletionProtectionEnabled: plan.deletionProtection,
      retainBackupsOnDelete: true,
      connectorEnforcement: 'REQUIRED',
      ipConfiguration: {
        ipv4Enabled: false,
        privateNetwork: plan.network.networkId,
        ...(plan.network.allocatedIpRange ? { allocatedIpRange: plan.network.allocatedIpRange } : {}),
        sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
      },
      backupConfiguration: {
        enabled: true,
        startTime: '02:00',
        location: ctx.region,
        pointInTimeRecoveryEnabled: true,
        transactionLogRetentionDays: plan.pointInTimeRecoveryDays,
        backupRetentionSettings: { retainedBackups: plan.backupRetentionDays, retentionUnit: 'COUNT' },
      },
      databaseFlags: CLOUD_SQL_POSTGRES_FLAGS.map((f) => ({ ...f })),
      insightsConfig: { queryInsightsEnabled: true, recordClientAddress: false },
      // The provider's default_labels do not reach Cloud SQL: its billing labels go here.
      userLabels: { ...ctx.labels },
    },
    lifecycle: { preventDestroy: plan.deletionProtection },
    dependsOn: [keyGrant, plan.network.privateServiceAccess],
  });
  const database = new SqlDatabase(scope, 'Database', {
    name: plan.databaseName,
    instance: instance.name,
    deletionPolicy: 'ABANDON',
  });

  // The bootstrap Job only connects (Auth Proxy); it logs in as `postgres`, since IAM users get no cloudsqlsuperuser.
  const principals = databasePrincipals(scope, ctx, base, plan, { client: CLOUD_SQL_CONNECT_ROLES, bootstrap: ['roles/cloudsql.client'] }, 'Cloud SQL');
  const clientUser = new SqlUser(scope, 'ClientUser', { instance: instance.name, name: principals.clientUserName, type: 'CLOUD_IAM_SERVICE_ACCOUNT' });

  const bootstrapJob = new PgvectorBootstrapJob(plan.bootstrap.workloadScope, `${scope.node.id}PgvectorBootstrap`, {
    engine: 'cloudsql',
    namespace: plan.bootstrap.namespace,
    name: `pgvector-${base}`,
    instanceConnectionName: instance.connectionName,
    bootstrapServiceAccountEmail: principals.bootstrapServiceAccount.email,
    bootstrapUserName: 'postgres',
    adminPasswordSecret: plan.adminPasswordSecret,
    clientUserName: principals.clientUserName,
    databaseName: plan.databaseName,
    createDatabase: false,
    extensions: ['vector'],
    dependsOn: plan.bootstrap.dependsOn,
  });
  const clientKsa = clientKubernetesServiceAccount(scope, plan, principals.clientServiceAccount.email);

  return {
    keyGrant,
    instance,
    database,
    clientServiceAccount: principals.clientServiceAccount,
    clientUser,
    bootstrapServiceAccount: principals.bootstrapServiceAccount,
    bootstrapJob,
    clientUserName: principals.clientUserName,
    ...(clientKsa ? { clientKubernetesServiceAccount: clientKsa } : {}),
  };
}

/** Resolved by the construct: a Vertex AI Vector Search index on a private endpoint. */
export interface GcpVectorSearchPlan {
  readonly network: GcpPrivateNetwork;
  readonly dimensions: number;
  readonly distanceMeasure: 'DOT_PRODUCT_DISTANCE' | 'COSINE_DISTANCE' | 'SQUARED_L2_DISTANCE';
  readonly shardSize: 'SHARD_SIZE_SMALL' | 'SHARD_SIZE_MEDIUM' | 'SHARD_SIZE_LARGE';
  readonly machineType: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly updateMethod: 'BATCH_UPDATE' | 'STREAM_UPDATE';
  /** Neighbours the tree-AH search returns before re-ranking. */
  readonly approximateNeighborsCount: number;
  readonly deletionProtection: boolean;
}

/** The provider resources of the Vector Search store (escape hatches). */
export interface GcpVectorSearchResources {
  readonly index: VertexAiIndex;
  readonly endpoint: VertexAiIndexEndpoint;
  readonly deployedIndex: VertexAiIndexEndpointDeployedIndex;
  /** The deployed index id queries name. */
  readonly deployedIndexId: string;
}

/**
 * A Vertex AI Vector Search index (tree-AH) deployed on an index endpoint
 * peered to the VPC (Private Service Access; no public endpoint), on
 * dedicated nodes sized by shard. Neither resource has `encryption_spec` in
 * provider 6.50: the index is encrypted with a Google-managed key (a recorded
 * opt-out of rule 4).
 */
export function buildGcpVectorSearch(scope: Construct, ctx: GcpDataContext, base: string, plan: GcpVectorSearchPlan): GcpVectorSearchResources {
  const index = new VertexAiIndex(scope, 'Resource', {
    displayName: ctx.physicalName(base, { maxLength: 128 }),
    description: `Vector index of ${scope.node.path}`,
    region: ctx.region,
    indexUpdateMethod: plan.updateMethod,
    metadata: {
      config: {
        dimensions: plan.dimensions,
        approximateNeighborsCount: plan.approximateNeighborsCount,
        distanceMeasureType: plan.distanceMeasure,
        shardSize: plan.shardSize,
        algorithmConfig: { treeAhConfig: { leafNodeEmbeddingCount: 1000, leafNodesToSearchPercent: 10 } },
      },
    },
    lifecycle: { preventDestroy: plan.deletionProtection },
  });
  const endpoint = new VertexAiIndexEndpoint(scope, 'Endpoint', {
    displayName: ctx.physicalName(`${base}-endpoint`, { maxLength: 128 }),
    description: `Private endpoint of ${scope.node.path} (VPC peering, no public endpoint)`,
    region: ctx.region,
    network: `projects/${ctx.projectNumber}/global/networks/${plan.network.networkName}`,
    publicEndpointEnabled: false,
    dependsOn: [plan.network.privateServiceAccess],
  });
  // Letters, digits and underscores, starting with a letter: from the construct path, never from sizes.
  const deployedIndexId = ctx.physicalName(base, { maxLength: 64, separator: '_' }).replace(/[^a-z0-9_]/g, '_');
  const deployedIndex = new VertexAiIndexEndpointDeployedIndex(scope, 'DeployedIndex', {
    indexEndpoint: endpoint.id,
    index: index.id,
    deployedIndexId,
    displayName: `${scope.node.path} deployed index`,
    enableAccessLogging: true,
    dedicatedResources: {
      machineSpec: { machineType: plan.machineType },
      minReplicaCount: plan.minReplicas,
      maxReplicaCount: plan.maxReplicas,
    },
    ...(plan.network.allocatedIpRange ? { reservedIpRanges: [plan.network.allocatedIpRange] } : {}),
  });
  return { index, endpoint, deployedIndex, deployedIndexId };
}

/** What the GCP backend of VectorStore made: the endpoint the construct reads back, and the resources by engine. */
export interface GcpVectorStore extends VectorStoreBackend {
  /** The store's customer key (AlloyDB, Cloud SQL; Vector Search takes none in provider 6.50). */
  readonly key?: GcpCustomerKey;
  /** Engine `alloydb`. */
  readonly alloyDb?: GcpAlloyDbVectorResources;
  /** Engine `cloudsql`. */
  readonly cloudSql?: GcpCloudSqlVectorResources;
  /** Engine `vertex-vector-search`. */
  readonly vectorSearch?: GcpVectorSearchResources;
}

/** The GCP references of a cluster, or an AiInfraError naming the construct (an AWS cluster). */
export function gcpClusterOf(cluster: IGpuCluster, where: string): GcpGpuClusterBackend {
  const backend = cluster.backend;
  if (backend.cloud === 'gcp') return backend;
  throw new AiInfraError({ where, field: 'cluster', given: `${cluster.node.path} (a ${backend.cloud} cluster)`, allowed: 'a GCP GpuCluster (with GCP references)' });
}

/**
 * The cluster's network with its Private Service Access, or an AiInfraError:
 * private IP comes from it. The network name is the id's last segment (a
 * Terraform expression when the id is a reference).
 */
export function privateNetworkOf(cluster: IGpuCluster, where: string): GcpPrivateNetwork {
  const refs = gcpClusterOf(cluster, where);
  const psa = refs.privateServiceAccess?.connection;
  if (!psa) {
    throw new AiInfraError({
      where,
      field: 'cluster',
      given: `${cluster.node.path} (no Private Service Access connection in its GCP references)`,
      allowed: 'a GCP GpuCluster whose network has a Private Service Access connection (private IP for AlloyDB, Cloud SQL and Vertex AI comes from it)',
    });
  }
  const networkName = Token.isUnresolved(refs.networkId) ? Fn.element(Fn.reverse(Fn.split('/', refs.networkId)), 0) : refs.networkId.split('/').pop()!;
  return { networkId: refs.networkId, networkName, privateServiceAccess: psa };
}

/** Builds the GCP side of a VectorStore in the construct's scope, from its plan. */
export function createGcpVectorStore(scope: Construct, plan: VectorStorePlan): GcpVectorStore {
  const g = plan.gcp;
  if (!g) throw new AiInfraError({ where: plan.where, field: 'gcp', given: undefined, allowed: 'the GCP settings of the vector store plan (a GCP stack)' });
  const ctx = gcpDataContextOf(scope, plan.where);
  const base = gcpNameFragment(scope);
  const network = privateNetworkOf(plan.cluster, plan.where);
  const workloads = plan.cluster.workloadScope() as Construct;
  // In the library's workload stack the namespaces are resources: the Job and the client account wait for them.
  const namespaces = ClusterWorkloadStack.isWorkloadStack(workloads)
    ? [workloads.baseline.namespaces.system, ...(g.client.namespace === NAMESPACES.inference ? [workloads.baseline.namespaces.inference] : [])]
    : undefined;
  const bootstrap = {
    workloadScope: workloads,
    namespace: g.bootstrapNamespace,
    dependsOn: namespaces,
    createClientServiceAccount: g.createClientServiceAccount,
  };
  if (g.engine === 'alloydb') {
    const key = constructKey(scope, ctx, base, 'vectors');
    const alloyDb = buildGcpAlloyDbVectorStore(scope, ctx, base, {
      network,
      key,
      vcpus: g.alloyDbVcpus!,
      highAvailability: g.highAvailability,
      backupRetentionDays: plan.backupRetentionDays,
      pointInTimeRecoveryDays: g.pointInTimeRecoveryDays,
      databaseName: plan.databaseName,
      deletionProtection: plan.deletionProtection,
      client: g.client,
      bootstrap,
    });
    return { key, alloyDb, endpoint: alloyDb.primary.ipAddress, port: POSTGRES_PORT, networkBoundaryId: network.networkId };
  }
  if (g.engine === 'cloudsql') {
    const sql = g.cloudSql!;
    const key = constructKey(scope, ctx, base, 'vectors');
    const cloudSql = buildGcpCloudSqlVectorStore(scope, ctx, base, {
      network,
      key,
      tier: sql.tier,
      highAvailability: g.highAvailability,
      databaseVersion: sql.databaseVersion,
      diskSizeGb: sql.diskSizeGb,
      backupRetentionDays: plan.backupRetentionDays,
      pointInTimeRecoveryDays: g.pointInTimeRecoveryDays,
      databaseName: plan.databaseName,
      deletionProtection: plan.deletionProtection,
      client: g.client,
      bootstrap,
      adminPasswordSecret: sql.adminPasswordSecret,
    });
    return { key, cloudSql, endpoint: cloudSql.instance.privateIpAddress, port: POSTGRES_PORT, networkBoundaryId: network.networkId };
  }
  const vectorSearch = buildGcpVectorSearch(scope, ctx, base, { network, ...g.vectorSearch!, deletionProtection: plan.deletionProtection });
  return {
    vectorSearch,
    endpoint: vectorSearch.deployedIndex.privateEndpoints.get(0).matchGrpcAddress,
    port: VECTOR_SEARCH_GRPC_PORT,
    networkBoundaryId: network.networkId,
  };
}

/** Port of a deployed index's private gRPC match endpoint. */
export const VECTOR_SEARCH_GRPC_PORT = 10000;
