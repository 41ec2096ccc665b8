import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { OpensearchserverlessAccessPolicy } from '@cdktf/provider-aws/lib/opensearchserverless-access-policy';
import { OpensearchserverlessCollection } from '@cdktf/provider-aws/lib/opensearchserverless-collection';
import { OpensearchserverlessSecurityPolicy } from '@cdktf/provider-aws/lib/opensearchserverless-security-policy';
import { OpensearchserverlessVpcEndpoint } from '@cdktf/provider-aws/lib/opensearchserverless-vpc-endpoint';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { awsClusterOf } from './gpu-cluster';
import { awsPartition, CustomerKey } from './kms';
import { OPENSEARCH_SERVERLESS_NAME_RULE } from '../catalog/storage-rules';
import { requireAwsAccountId, stackContextOf } from '../core/context';
import { nameFragment } from '../core/naming';
import type { AwsClusterRefs, VectorStoreBackend, VectorStorePlan } from '../core/plans';
import { AiInfraError } from '../errors';

/** What the Aurora backend needs, resolved and validated by the construct. */
export interface AwsAuroraVectorPlan {
  readonly engineVersion: string;
  /** Major version, for the parameter group family (`aurora-postgresql16`). */
  readonly majorVersion: number;
  readonly minCapacityAcu: number;
  readonly maxCapacityAcu: number;
  readonly readers: number;
  readonly backupRetentionDays: number;
  readonly databaseName: string;
  readonly deletionProtection: boolean;
  readonly logRetentionDays: number;
  /** `log_min_duration_statement`, ms. */
  readonly slowStatementMs: number;
}

/** The provider resources of the Aurora PostgreSQL + pgvector store (escape hatches). */
export interface AwsAuroraVectorResources {
  readonly key: CustomerKey;
  readonly securityGroup: SecurityGroup;
  readonly ingressFromCluster: VpcSecurityGroupIngressRule;
  readonly subnetGroup: DbSubnetGroup;
  readonly parameterGroup: RdsClusterParameterGroup;
  readonly logGroup: CloudwatchLogGroup;
  /** Role RDS Enhanced Monitoring publishes OS metrics with. */
  readonly monitoringRole: IamRole;
  readonly cluster: RdsCluster;
  readonly writer: RdsClusterInstance;
  readonly readers: ReadonlyArray<RdsClusterInstance>;
}

/** Seconds between Enhanced Monitoring samples of each instance. */
export const ENHANCED_MONITORING_INTERVAL_SECONDS = 60;

/** Port Aurora PostgreSQL listens on. */
export const AURORA_POSTGRES_PORT = 5432;

/**
 * Aurora PostgreSQL Serverless v2 with pgvector: storage, master secret,
 * Performance Insights and logs encrypted with one customer key; Enhanced
 * Monitoring every 60 s; IAM
 * database authentication; TLS forced by the cluster parameter group; the
 * private subnets of the cluster; port 5432 open only to the cluster's node
 * security group; deletion protection, backups, a final snapshot and
 * `prevent_destroy`.
 */
/**
 * A security group reachable on one TCP port from the cluster's nodes only,
 * with no egress rules: the store never initiates connections.
 */
function clusterOnlySecurityGroup(
  scope: Construct,
  refs: AwsClusterRefs,
  opts: { readonly nameSuffix: string; readonly what: string; readonly protocol: string; readonly port: number },
): { securityGroup: SecurityGroup; ingressFromCluster: VpcSecurityGroupIngressRule } {
  const stack = stackContextOf(scope);
  const securityGroup = new SecurityGroup(scope, 'SecurityGroup', {
    name: stack.physicalName(opts.nameSuffix, { maxLength: 255 }),
    description: `${opts.what}: ${opts.protocol} from the GPU cluster nodes only`,
    vpcId: refs.vpcId,
    lifecycle: { createBeforeDestroy: true },
  });
  const ingressFromCluster = new VpcSecurityGroupIngressRule(scope, 'IngressFromCluster', {
    securityGroupId: securityGroup.id,
    description: `${opts.protocol} from the GPU cluster nodes`,
    ipProtocol: 'tcp',
    fromPort: opts.port,
    toPort: opts.port,
    referencedSecurityGroupId: refs.nodeSecurityGroupId,
  });
  return { securityGroup, ingressFromCluster };
}

export function buildAwsAuroraVectorStore(scope: Construct, refs: AwsClusterRefs, plan: AwsAuroraVectorPlan): AwsAuroraVectorResources {
  const stack = stackContextOf(scope);
  const base = nameFragment(scope, stack.scope);
  const identifier = rdsIdentifier(stack.physicalName(base, { maxLength: 54 }));

  const key = new CustomerKey(scope, 'Key', {
    description: `Aurora vector store ${scope.node.path}: storage, master secret, Performance Insights, logs`,
    aliasSuffix: base,
    allowCloudWatchLogs: true,
  });

  const { securityGroup, ingressFromCluster } = clusterOnlySecurityGroup(scope, refs, {
    nameSuffix: `${base}-db`,
    what: `Aurora vector store ${scope.node.path}`,
    protocol: 'PostgreSQL',
    port: AURORA_POSTGRES_PORT,
  });

  const subnetGroup = new DbSubnetGroup(scope, 'SubnetGroup', {
    name: stack.physicalName(`${base}-db`, { maxLength: 255 }),
    description: `Private subnets of the GPU cluster for ${scope.node.path}`,
    subnetIds: [...refs.privateSubnetIds],
  });

  const parameterGroup = new RdsClusterParameterGroup(scope, 'ParameterGroup', {
    // A prefix, so a major-version upgrade can create the new family's group before dropping the old one.
    namePrefix: `${stack.physicalName(base, { maxLength: 200 })}-`,
    family: `aurora-postgresql${plan.majorVersion}`,
    description: `TLS-only connections for ${scope.node.path}`,
    parameter: [
      { name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' },
      { name: 'log_min_duration_statement', value: String(plan.slowStatementMs), applyMethod: 'immediate' },
    ],
    lifecycle: { createBeforeDestroy: true },
  });

  const logGroup = new CloudwatchLogGroup(scope, 'PostgresLogs', {
    name: `/aws/rds/cluster/${identifier}/postgresql`,
    retentionInDays: plan.logRetentionDays,
    kmsKeyId: key.arn,
  });

  // Enhanced Monitoring (OS metrics per instance): RDS assumes this role, scoped to this account's instances.
  const partition = awsPartition(stack.region);
  const monitoringTrust = new DataAwsIamPolicyDocument(scope, 'MonitoringTrust', {
    statement: [
      {
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['monitoring.rds.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [requireAwsAccountId(stack, scope.node.path)] }],
      },
    ],
  });
  const monitoringRole = new IamRole(scope, 'MonitoringRole', {
    name: stack.physicalName(`${base}-rds-monitoring`, { maxLength: 64 }),
    description: `RDS Enhanced Monitoring of ${scope.node.path}`,
    assumeRolePolicy: monitoringTrust.json,
  });
  const monitoringPolicy = new IamRolePolicyAttachment(scope, 'MonitoringRolePolicy', {
    role: monitoringRole.name,
    policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
  });

  const cluster = new RdsCluster(scope, 'Resource', {
    clusterIdentifier: identifier,
    engine: 'aurora-postgresql',
    engineMode: 'provisioned',
    engineVersion: plan.engineVersion,
    databaseName: plan.databaseName,
    masterUsername: 'vectoradmin',
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: key.arn,
    iamDatabaseAuthenticationEnabled: true,
    storageEncrypted: true,
    kmsKeyId: key.arn,
    port: AURORA_POSTGRES_PORT,
    dbSubnetGroupName: subnetGroup.name,
    vpcSecurityGroupIds: [securityGroup.id],
    dbClusterParameterGroupName: parameterGroup.name,
    serverlessv2ScalingConfiguration: { minCapacity: plan.minCapacityAcu, maxCapacity: plan.maxCapacityAcu },
    backupRetentionPeriod: plan.backupRetentionDays,
    copyTagsToSnapshot: true,
    deletionProtection: plan.deletionProtection,
    skipFinalSnapshot: false,
    // The creation time, set once (ignore_changes): a destroy, a recreate and a second destroy never collide on the name.
    finalSnapshotIdentifier: `${identifier}-final-${Fn.formatdate('YYYYMMDDhhmmss', Fn.timestamp())}`,
    deleteAutomatedBackups: false,
    enabledCloudwatchLogsExports: ['postgresql'],
    lifecycle: { preventDestroy: plan.deletionProtection, ignoreChanges: ['final_snapshot_identifier'] },
    dependsOn: [logGroup],
  });
  stack.recordDecision({
    construct: scope.node.path,
    topic: 'aurora-backups',
    chosen: `automated backups ${plan.backupRetentionDays} days (point-in-time restore), final snapshot on delete; no AWS Backup plan`,
    reason: 'Aurora\'s own backups cover restore within the account and region at no extra cost up to the cluster size. An AWS Backup plan '
      + '(aws_backup_plan + aws_backup_selection on the cluster ARN, see docs/constructs/vector-store.md) adds retention beyond 35 days and '
      + 'cross-account or cross-region copies against account loss; the trade-off is vault storage cost and, for cross-region copies, residency',
  });

  const instance = (id: string, suffix: string, promotionTier: number): RdsClusterInstance =>
    new RdsClusterInstance(scope, id, {
      identifier: rdsIdentifier(`${identifier}-${suffix}`),
      clusterIdentifier: cluster.id,
      instanceClass: 'db.serverless',
      engine: cluster.engine,
      engineVersion: cluster.engineVersion,
      dbSubnetGroupName: subnetGroup.name,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      promotionTier,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key.arn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: ENHANCED_MONITORING_INTERVAL_SECONDS,
      monitoringRoleArn: monitoringRole.arn,
      dependsOn: [monitoringPolicy],
    });
  const writer = instance('Writer', 'writer', 0);
  // Reader ids are positional (Reader1, Reader2, ...): adding readers never renames existing ones.
  const readers = Array.from({ length: plan.readers }, (_, i) => instance(`Reader${i + 1}`, `reader${i + 1}`, 1));

  return { key, securityGroup, ingressFromCluster, subnetGroup, parameterGroup, logGroup, monitoringRole, cluster, writer, readers };
}

/** RDS identifiers: letters, digits, single hyphens, starting with a letter, no trailing hyphen. */
function rdsIdentifier(raw: string): string {
  const s = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/-+$/, '');
  return /^[a-z]/.test(s) ? s : `db-${s}`;
}

/** What the OpenSearch Serverless backend needs, resolved and validated by the construct. */
export interface AwsOpenSearchVectorPlan {
  /** Collection name (3-32 lowercase letters, digits, hyphens); defaults to a physical name. */
  readonly collectionName?: string;
  readonly standbyReplicas: boolean;
  readonly accessPrincipalArns: ReadonlyArray<string>;
  readonly deletionProtection: boolean;
}

/** The provider resources of the OpenSearch Serverless vector collection (escape hatches). */
export interface AwsOpenSearchVectorResources {
  readonly key: CustomerKey;
  readonly securityGroup: SecurityGroup;
  readonly ingressFromCluster: VpcSecurityGroupIngressRule;
  readonly vpcEndpoint: OpensearchserverlessVpcEndpoint;
  readonly encryptionPolicy: OpensearchserverlessSecurityPolicy;
  readonly networkPolicy: OpensearchserverlessSecurityPolicy;
  readonly dataAccessPolicy: OpensearchserverlessAccessPolicy;
  readonly collection: OpensearchserverlessCollection;
  readonly collectionName: string;
}

/** Names of OpenSearch Serverless collections, policies and VPC endpoints. */
export const AOSS_NAME = OPENSEARCH_SERVERLESS_NAME_RULE.pattern;

/**
 * An OpenSearch Serverless VECTORSEARCH collection: encrypted with a
 * customer key (encryption policy), reachable only through a VPC endpoint in
 * the cluster's private subnets (network policy, no public access; the
 * endpoint's security group admits HTTPS from the node security group only),
 * and readable/writable only by the principals given (data access policy).
 */
export function buildAwsOpenSearchVectorStore(scope: Construct, refs: AwsClusterRefs, plan: AwsOpenSearchVectorPlan): AwsOpenSearchVectorResources {
  const stack = stackContextOf(scope);
  const base = nameFragment(scope, stack.scope);
  const name = (suffix: string): string => stack.physicalName(suffix, { maxLength: 32 });
  const collectionName = plan.collectionName ?? name(base);

  const key = new CustomerKey(scope, 'Key', {
    description: `OpenSearch Serverless vector collection ${scope.node.path}`,
    aliasSuffix: base,
  });

  const { securityGroup, ingressFromCluster } = clusterOnlySecurityGroup(scope, refs, {
    nameSuffix: `${base}-aoss`,
    what: `OpenSearch Serverless endpoint ${scope.node.path}`,
    protocol: 'HTTPS',
    port: 443,
  });
  const vpcEndpoint = new OpensearchserverlessVpcEndpoint(scope, 'VpcEndpoint', {
    name: name(`${base}-vpce`),
    vpcId: refs.vpcId,
    subnetIds: [...refs.privateSubnetIds],
    securityGroupIds: [securityGroup.id],
  });

  const collectionRule = { ResourceType: 'collection', Resource: [`collection/${collectionName}`] };
  const encryptionPolicy = new OpensearchserverlessSecurityPolicy(scope, 'EncryptionPolicy', {
    name: name(`${base}-enc`),
    type: 'encryption',
    description: `Customer-key encryption for ${collectionName}`,
    policy: JSON.stringify({ Rules: [collectionRule], AWSOwnedKey: false, KmsARN: key.arn }),
  });
  const networkPolicy = new OpensearchserverlessSecurityPolicy(scope, 'NetworkPolicy', {
    name: name(`${base}-net`),
    type: 'network',
    description: `VPC endpoint access only for ${collectionName}`,
    policy: JSON.stringify([
      {
        Description: 'Private access through the VPC endpoint only',
        Rules: [collectionRule],
        AllowFromPublic: false,
        SourceVPCEs: [vpcEndpoint.id],
      },
    ]),
  });
  const dataAccessPolicy = new OpensearchserverlessAccessPolicy(scope, 'DataAccessPolicy', {
    name: name(`${base}-data`),
    type: 'data',
    description: `Index read/write for the named principals on ${collectionName}`,
    policy: JSON.stringify([
      {
        Description: 'Index and document access for the named principals',
        Rules: [
          {
            ResourceType: 'collection',
            Resource: [`collection/${collectionName}`],
            Permission: ['aoss:DescribeCollectionItems', 'aoss:CreateCollectionItems', 'aoss:UpdateCollectionItems'],
          },
          {
            ResourceType: 'index',
            Resource: [`index/${collectionName}/*`],
            Permission: ['aoss:CreateIndex', 'aoss:DescribeIndex', 'aoss:UpdateIndex', 'aoss:ReadDocument', 'aoss:WriteDocument'],
          },
        ],
        Principal: [...plan.accessPrincipalArns],
      },
    ]),
  });
  const collection = new OpensearchserverlessCollection(scope, 'Resource', {
    name: collectionName,
    type: 'VECTORSEARCH',
    description: `Vector collection of ${scope.node.path}`,
    standbyReplicas: plan.standbyReplicas ? 'ENABLED' : 'DISABLED',
    // A collection cannot be created before an encryption policy covers its name.
    dependsOn: [encryptionPolicy, networkPolicy],
    lifecycle: { preventDestroy: plan.deletionProtection },
  });
  return { key, securityGroup, ingressFromCluster, vpcEndpoint, encryptionPolicy, networkPolicy, dataAccessPolicy, collection, collectionName };
}

/** The AWS side of a VectorStore: the engine's resources, and what the construct reads back. */
export interface AwsVectorStore extends VectorStoreBackend {
  /**
   * Aurora PostgreSQL + pgvector resources (engine `aurora-pgvector`).
   * @default - absent for other engines
   */
  readonly aurora?: AwsAuroraVectorResources;
  /**
   * OpenSearch Serverless resources (engine `opensearch-serverless`).
   * @default - absent for other engines
   */
  readonly openSearch?: AwsOpenSearchVectorResources;
}

/** Builds the AWS side of a VectorStore in the construct's scope. */
export function createAwsVectorStore(scope: Construct, plan: VectorStorePlan): AwsVectorStore {
  const refs = awsClusterOf(plan.cluster, plan.where);
  if (plan.pgvector) {
    const aurora = buildAwsAuroraVectorStore(scope, refs, {
      ...plan.pgvector,
      backupRetentionDays: plan.backupRetentionDays,
      databaseName: plan.databaseName,
      deletionProtection: plan.deletionProtection,
    });
    return {
      aurora,
      endpoint: aurora.cluster.endpoint,
      readerEndpoint: aurora.cluster.readerEndpoint,
      port: AURORA_POSTGRES_PORT,
      credentialsSecretId: aurora.cluster.masterUserSecret.get(0).secretArn,
      networkBoundaryId: aurora.securityGroup.id,
    };
  }
  if (plan.searchCollection) {
    const openSearch = buildAwsOpenSearchVectorStore(scope, refs, { ...plan.searchCollection, deletionProtection: plan.deletionProtection });
    return { openSearch, endpoint: openSearch.collection.collectionEndpoint, port: 443, networkBoundaryId: openSearch.securityGroup.id };
  }
  throw new AiInfraError({ where: plan.where, field: 'engine', given: plan.engine, allowed: 'a plan with the engine\'s settings (pgvector or searchCollection)' });
}
