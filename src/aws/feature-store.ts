import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SagemakerFeatureGroup } from '@cdktf/provider-aws/lib/sagemaker-feature-group';
import { Construct } from 'constructs';
import { SecureBucket } from './bucket';
import { awsPartition, CustomerKey } from './kms';
import { requireAwsAccountId, stackContextOf } from '../core/context';
import { nameFragment } from '../core/naming';
import type { FeatureStoreBackend, FeatureStorePlan } from '../core/plans';

/** The provider resources of a FeatureStore (escape hatches). */
export interface AwsFeatureStoreResources extends FeatureStoreBackend {
  readonly key: CustomerKey;
  /** Offline store bucket (absent when no group has an offline store). */
  readonly offlineBucket?: SecureBucket;
  readonly role: IamRole;
  readonly rolePolicy: IamRolePolicy;
  /** Feature groups by the name given in props. */
  readonly featureGroups: Readonly<Record<string, SagemakerFeatureGroup>>;
}

/** Prefix of the offline store in its bucket. */
export const OFFLINE_STORE_PREFIX = 'offline-store';

/**
 * SageMaker feature groups: online stores encrypted with a customer key,
 * offline stores in a secure bucket under one prefix with the same key, and
 * one role SageMaker assumes (trust scoped to this account) that may write
 * only that prefix and use only that key.
 */
export function createAwsFeatureStore(scope: Construct, plan: FeatureStorePlan): AwsFeatureStoreResources {
  const stack = stackContextOf(scope);
  const base = nameFragment(scope, stack.scope);
  const partition = awsPartition(stack.region);
  const account = requireAwsAccountId(stack, plan.where);
  const aws = plan.aws ?? { onlineStorageType: 'Standard', offlineTableFormat: 'Glue', createGlueTables: false };

  const key = new CustomerKey(scope, 'Key', {
    description: `SageMaker Feature Store ${scope.node.path}: online and offline stores`,
    aliasSuffix: base,
  });
  const anyOffline = plan.groups.some((g) => g.offline);
  const offlineBucket = anyOffline
    ? new SecureBucket(scope, 'OfflineStore', { nameSuffix: `${base}-offline`, kmsKeyArn: key.arn, preventDestroy: plan.deletionProtection })
    : undefined;

  const trust = new DataAwsIamPolicyDocument(scope, 'TrustPolicy', {
    statement: [
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['sagemaker.amazonaws.com'] }],
        // Confused-deputy guard: only SageMaker acting for this account.
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
      },
    ],
  });
  const role = new IamRole(scope, 'Role', {
    name: stack.physicalName(`${base}-sagemaker`, { maxLength: 64 }),
    description: `Assumed by SageMaker Feature Store for ${scope.node.path}`,
    assumeRolePolicy: trust.json,
  });

  const statements: DataAwsIamPolicyDocumentStatement[] = [
    {
      sid: 'UseTheStoreKey',
      effect: 'Allow',
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: [key.arn],
    },
  ];
  if (offlineBucket) {
    statements.push(
      {
        sid: 'WriteOfflineStore',
        effect: 'Allow',
        actions: ['s3:PutObject', 's3:PutObjectAcl', 's3:GetObject'],
        resources: [`${offlineBucket.bucketArn}/${OFFLINE_STORE_PREFIX}/*`],
      },
      {
        sid: 'ReadOfflineStoreBucketAcl',
        effect: 'Allow',
        actions: ['s3:GetBucketAcl'],
        resources: [offlineBucket.bucketArn],
      },
    );
    if (aws.createGlueTables) {
      statements.push({
        sid: 'UpdateFeatureStoreGlueTables',
        effect: 'Allow',
        actions: ['glue:GetTable', 'glue:UpdateTable'],
        resources: [
          `arn:${partition}:glue:${stack.region}:${account}:catalog`,
          `arn:${partition}:glue:${stack.region}:${account}:database/sagemaker_featurestore`,
          `arn:${partition}:glue:${stack.region}:${account}:table/sagemaker_featurestore/*`,
        ],
      });
    }
  }
  const permissions = new DataAwsIamPolicyDocument(scope, 'RolePolicyDocument', { statement: statements });
  const rolePolicy = new IamRolePolicy(scope, 'RolePolicy', {
    name: 'feature-store',
    role: role.id,
    policy: permissions.json,
  });

  const featureGroups: Record<string, SagemakerFeatureGroup> = {};
  for (const g of plan.groups) {
    featureGroups[g.name] = new SagemakerFeatureGroup(scope, `Group-${g.name}`, {
      featureGroupName: stack.physicalName(g.name, { maxLength: 64 }),
      ...(g.description ? { description: g.description } : {}),
      recordIdentifierFeatureName: g.recordIdentifier,
      eventTimeFeatureName: g.eventTime,
      roleArn: role.arn,
      featureDefinition: g.features.map((f) => ({ featureName: f.name, featureType: f.type })),
      ...(g.online
        ? {
          onlineStoreConfig: {
            enableOnlineStore: true,
            storageType: aws.onlineStorageType,
            securityConfig: { kmsKeyId: key.arn },
            ...(g.ttlHours !== undefined ? { ttlDuration: { unit: 'Hours', value: g.ttlHours } } : {}),
          },
        }
        : {}),
      ...(g.offline && offlineBucket
        ? {
          offlineStoreConfig: {
            disableGlueTableCreation: !aws.createGlueTables,
            tableFormat: aws.offlineTableFormat,
            s3StorageConfig: { s3Uri: `s3://${offlineBucket.bucketName}/${OFFLINE_STORE_PREFIX}`, kmsKeyId: key.arn },
          },
        }
        : {}),
      lifecycle: { preventDestroy: plan.deletionProtection },
      // SageMaker checks the role's permissions when it creates the offline store.
      dependsOn: [rolePolicy, ...(offlineBucket ? [offlineBucket.policy, offlineBucket.encryption] : [])],
    });
  }
  return {
    key,
    offlineBucket,
    role,
    rolePolicy,
    featureGroups,
    featureGroupNames: Object.fromEntries(Object.entries(featureGroups).map(([name, g]) => [name, g.featureGroupName])),
    offlineStoreUri: offlineBucket ? `s3://${offlineBucket.bucketName}/${OFFLINE_STORE_PREFIX}` : undefined,
    serviceIdentity: role.arn,
    encryptionKeyId: key.arn,
  };
}
