import { AlloyDbBackups } from './alloydb-backups';
import { AlloyDbCmek } from './alloydb-cmek';
import { AlloyDbNoPublicIp } from './alloydb-no-public-ip';
import { BigQueryDatasetCmek } from './bigquery-dataset-cmek';
import { BigQueryDatasetNotPublic } from './bigquery-dataset-not-public';
import { BigQueryTableCmek } from './bigquery-table-cmek';
import { BigQueryTableDeletionProtection } from './bigquery-table-deletion-protection';
import { FirewallNoOpenIngress } from './firewall-no-open-ingress';
import { GcsCmek } from './gcs-cmek';
import { GcsIamNotPublic } from './gcs-iam-not-public';
import { GcsPublicAccessPrevention } from './gcs-public-access-prevention';
import { GcsUniformAccess } from './gcs-uniform-access';
import { GcsVersioning } from './gcs-versioning';
import { GkeAliasIp } from './gke-alias-ip';
import { GkeAuthorizedNetworks } from './gke-authorized-networks';
import { GkeBinaryAuthorization } from './gke-binary-authorization';
import { GkeBootDiskCmek } from './gke-boot-disk-cmek';
import { GkeNoClientCertificate } from './gke-client-certificate';
import { GkeIntegrityMonitoring } from './gke-integrity-monitoring';
import { GkeIntranodeVisibility } from './gke-intranode-visibility';
import { GkeNoLegacyAbac } from './gke-legacy-abac';
import { GkeLoggingMonitoring } from './gke-logging-monitoring';
import { GkeMetadataServer } from './gke-metadata-server';
import { GkeNetworkPolicy } from './gke-network-policy';
import { GkeNoPublicAuthorizedCidr } from './gke-no-public-authorized-cidr';
import { GkeNodeAutoRepair } from './gke-node-auto-repair';
import { GkeNodeAutoUpgrade } from './gke-node-auto-upgrade';
import { GkeNodeServiceAccount } from './gke-node-service-account';
import { GkePrivateNodes } from './gke-private-nodes';
import { GkeReleaseChannel } from './gke-release-channel';
import { GkeSecretsEncryption } from './gke-secrets-encryption';
import { GkeSecureBoot } from './gke-secure-boot';
import { GkeShieldedNodes } from './gke-shielded-nodes';
import { GkeWorkloadIdentity } from './gke-workload-identity';
import { KmsIamNotPublic } from './kms-iam-not-public';
import { KmsPreventDestroy } from './kms-prevent-destroy';
import { KmsRotation } from './kms-rotation';
import { GcpDefaultLabelsPresent, GcpLabelsWhereDefaultsDoNotReach, GcpNoBlankLabels } from './labels';
import { NetworkFirewallAttached } from './network-firewall-attached';
import { ProjectIamNoBasicRoles } from './project-iam-no-basic-roles';
import { PubSubIamNotPublic } from './pubsub-iam-not-public';
import { PubSubTopicCmek } from './pubsub-topic-cmek';
import { GcpResidencySingleRegion } from './residency';
import { SqlBackups } from './sql-backups';
import { SqlCmek } from './sql-cmek';
import { SqlDeletionProtection } from './sql-deletion-protection';
import { SqlNoPublicIp } from './sql-no-public-ip';
import { SqlPointInTimeRecovery } from './sql-pitr';
import { SqlPostgresLogFlags } from './sql-postgres-log-flags';
import { SqlSslEnforced } from './sql-ssl';
import { GcpStatefulPreventDestroy } from './stateful-prevent-destroy';
import { SubnetFlowLogs } from './subnet-flow-logs';
import { SubnetPrivateGoogleAccess } from './subnet-private-google-access';
import { VertexIndexEndpointPrivate } from './vertex-index-endpoint-private';
import { PolicyRule } from '../../types';

export {
  AlloyDbBackups,
  AlloyDbCmek,
  AlloyDbNoPublicIp,
  BigQueryDatasetCmek,
  BigQueryDatasetNotPublic,
  BigQueryTableCmek,
  BigQueryTableDeletionProtection,
  FirewallNoOpenIngress,
  GcpDefaultLabelsPresent,
  GcpLabelsWhereDefaultsDoNotReach,
  GcpNoBlankLabels,
  GcpResidencySingleRegion,
  GcpStatefulPreventDestroy,
  GcsCmek,
  GcsIamNotPublic,
  GcsPublicAccessPrevention,
  GcsUniformAccess,
  GcsVersioning,
  GkeAliasIp,
  GkeAuthorizedNetworks,
  GkeBinaryAuthorization,
  GkeBootDiskCmek,
  GkeIntegrityMonitoring,
  GkeIntranodeVisibility,
  GkeLoggingMonitoring,
  GkeMetadataServer,
  GkeNetworkPolicy,
  GkeNoClientCertificate,
  GkeNoLegacyAbac,
  GkeNoPublicAuthorizedCidr,
  GkeNodeAutoRepair,
  GkeNodeAutoUpgrade,
  GkeNodeServiceAccount,
  GkePrivateNodes,
  GkeReleaseChannel,
  GkeSecretsEncryption,
  GkeSecureBoot,
  GkeShieldedNodes,
  GkeWorkloadIdentity,
  KmsIamNotPublic,
  KmsPreventDestroy,
  KmsRotation,
  NetworkFirewallAttached,
  ProjectIamNoBasicRoles,
  PubSubIamNotPublic,
  PubSubTopicCmek,
  SqlBackups,
  SqlCmek,
  SqlDeletionProtection,
  SqlNoPublicIp,
  SqlPointInTimeRecovery,
  SqlPostgresLogFlags,
  SqlSslEnforced,
  SubnetFlowLogs,
  SubnetPrivateGoogleAccess,
  VertexIndexEndpointPrivate,
};
export { GCP_LABELS_WITHOUT_DEFAULTS } from './labels';
export { GCP_STATEFUL_TYPES } from './stateful-prevent-destroy';
export { isRoceNetwork, isRoceSubnet } from './util';
export { POSTGRES_FLAG_VALUES, POSTGRES_REQUIRED_ON_FLAGS } from './sql-postgres-log-flags';
export * from './suppressions';

/**
 * The GCP baseline pack: every rule runs on every GCP AiInfraStack (the per-cloud
 * choice of pack is made where the pack is applied). Defaults of the GCP backends
 * produce no finding; the GPU conflicts (DWS pools, RoCE networks) are suppressed
 * with the reasons in ./suppressions.
 */
export const GCP_BASELINE_RULES: ReadonlyArray<PolicyRule> = [
  GkeAliasIp,
  GkeAuthorizedNetworks,
  GkeBinaryAuthorization,
  GkeBootDiskCmek,
  GkeNoClientCertificate,
  GkeIntegrityMonitoring,
  GkeIntranodeVisibility,
  GkeNoLegacyAbac,
  GkeLoggingMonitoring,
  GkeMetadataServer,
  GkeNetworkPolicy,
  GkeNoPublicAuthorizedCidr,
  GkeNodeAutoRepair,
  GkeNodeAutoUpgrade,
  GkeNodeServiceAccount,
  GkePrivateNodes,
  GkeReleaseChannel,
  GkeSecretsEncryption,
  GkeSecureBoot,
  GkeShieldedNodes,
  GkeWorkloadIdentity,
  GcsCmek,
  GcsIamNotPublic,
  GcsPublicAccessPrevention,
  GcsUniformAccess,
  GcsVersioning,
  KmsIamNotPublic,
  KmsPreventDestroy,
  KmsRotation,
  SqlBackups,
  SqlCmek,
  SqlDeletionProtection,
  SqlNoPublicIp,
  SqlPointInTimeRecovery,
  SqlPostgresLogFlags,
  SqlSslEnforced,
  AlloyDbBackups,
  AlloyDbCmek,
  AlloyDbNoPublicIp,
  BigQueryDatasetCmek,
  BigQueryDatasetNotPublic,
  BigQueryTableCmek,
  BigQueryTableDeletionProtection,
  PubSubIamNotPublic,
  PubSubTopicCmek,
  SubnetFlowLogs,
  SubnetPrivateGoogleAccess,
  NetworkFirewallAttached,
  FirewallNoOpenIngress,
  VertexIndexEndpointPrivate,
  ProjectIamNoBasicRoles,
  GcpStatefulPreventDestroy,
  GcpDefaultLabelsPresent,
  GcpLabelsWhereDefaultsDoNotReach,
  GcpNoBlankLabels,
  GcpResidencySingleRegion,
];
