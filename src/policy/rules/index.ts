import type { Cloud } from '../../catalog/types';
import { PolicyRule } from '../types';
import { AmpWorkspaceKmsEncryption } from './amp-workspace-kms-encryption';
import { AossCollectionKmsEncryption } from './aoss-collection-kms-encryption';
import { AossNetworkNotPublic } from './aoss-network-not-public';
import { DefaultTagsPresent, NoBlankCostAllocationTags } from './cost-allocation-tags';
import { EbsKmsEncryption } from './ebs-kms-encryption';
import { EksPrivateEndpoint } from './eks-private-endpoint';
import { EksSecretsEncryption } from './eks-secrets-encryption';
import { FeatureGroupKmsEncryption } from './feature-group-kms-encryption';
import { FsxBackupRetention } from './fsx-backup-retention';
import { FsxKmsEncryption } from './fsx-kms-encryption';
import { GCP_BASELINE_RULES } from './gcp';
import { Imdsv2Required } from './imdsv2-required';
import { LogGroupKmsEncryption } from './log-group-kms-encryption';
import { LogGroupRetention } from './log-group-retention';
import { NoOpenIngress } from './no-open-ingress';
import { RdsBackupRetention } from './rds-backup-retention';
import { RdsDeletionProtection } from './rds-deletion-protection';
import { RdsKmsEncryption } from './rds-kms-encryption';
import { RdsNotPublic } from './rds-not-public';
import { ResidencySingleRegion } from './residency';
import { S3BucketKmsEncryption } from './s3-bucket-kms-encryption';
import { S3BucketPublicAccessBlock } from './s3-bucket-public-access-block';
import { SecurityGroupRuleDescription } from './security-group-rule-description';
import { SnsKmsEncryption } from './sns-kms-encryption';
import { SqsKmsEncryption } from './sqs-kms-encryption';
import { StatefulPreventDestroy } from './stateful-prevent-destroy';
import { VpcDefaultSecurityGroupRestricted } from './vpc-default-security-group';

export {
  AmpWorkspaceKmsEncryption,
  AossCollectionKmsEncryption,
  AossNetworkNotPublic,
  DefaultTagsPresent,
  EbsKmsEncryption,
  EksPrivateEndpoint,
  EksSecretsEncryption,
  FeatureGroupKmsEncryption,
  FsxBackupRetention,
  FsxKmsEncryption,
  Imdsv2Required,
  LogGroupKmsEncryption,
  LogGroupRetention,
  NoBlankCostAllocationTags,
  NoOpenIngress,
  RdsBackupRetention,
  RdsDeletionProtection,
  RdsKmsEncryption,
  RdsNotPublic,
  ResidencySingleRegion,
  S3BucketKmsEncryption,
  S3BucketPublicAccessBlock,
  SecurityGroupRuleDescription,
  SnsKmsEncryption,
  SqsKmsEncryption,
  StatefulPreventDestroy,
  VpcDefaultSecurityGroupRestricted,
};
export { COST_ALLOCATION_TAG_KEYS } from './cost-allocation-tags';

/** The baseline pack: every rule runs on every AiInfraStack. */
export const BASELINE_RULES: ReadonlyArray<PolicyRule> = [
  // encryption with customer keys
  S3BucketKmsEncryption,
  EbsKmsEncryption,
  RdsKmsEncryption,
  FsxKmsEncryption,
  SqsKmsEncryption,
  SnsKmsEncryption,
  LogGroupKmsEncryption,
  EksSecretsEncryption,
  AmpWorkspaceKmsEncryption,
  AossCollectionKmsEncryption,
  FeatureGroupKmsEncryption,
  // private endpoints and network
  EksPrivateEndpoint,
  RdsNotPublic,
  AossNetworkNotPublic,
  NoOpenIngress,
  VpcDefaultSecurityGroupRestricted,
  SecurityGroupRuleDescription,
  S3BucketPublicAccessBlock,
  // instance metadata
  Imdsv2Required,
  // tags
  DefaultTagsPresent,
  NoBlankCostAllocationTags,
  // nothing lost
  StatefulPreventDestroy,
  RdsDeletionProtection,
  RdsBackupRetention,
  FsxBackupRetention,
  LogGroupRetention,
  // residency
  ResidencySingleRegion,
];

/**
 * The pack of a cloud: the rules every AiInfraStack of that cloud runs. AWS
 * runs the baseline; GCP runs `GCP_BASELINE_RULES` (`src/policy/rules/gcp/`).
 */
export function rulesForCloud(cloud: Cloud): ReadonlyArray<PolicyRule> {
  switch (cloud) {
    case 'aws':
      return BASELINE_RULES;
    case 'gcp':
      return GCP_BASELINE_RULES;
  }
}
