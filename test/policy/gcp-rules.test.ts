import { AlloydbCluster } from '@cdktf/provider-google/lib/alloydb-cluster';
import { AlloydbInstance } from '@cdktf/provider-google/lib/alloydb-instance';
import { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset';
import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ContainerCluster, ContainerClusterConfig } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool, ContainerNodePoolConfig } from '@cdktf/provider-google/lib/container-node-pool';
import { KmsCryptoKey, KmsCryptoKeyConfig } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRingIamBinding } from '@cdktf/provider-google/lib/kms-key-ring-iam-binding';
import { LustreInstance } from '@cdktf/provider-google/lib/lustre-instance';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { SqlDatabaseInstance, SqlDatabaseInstanceConfig } from '@cdktf/provider-google/lib/sql-database-instance';
import { StorageBucket, StorageBucketConfig } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { VertexAiIndexEndpoint } from '@cdktf/provider-google/lib/vertex-ai-index-endpoint';
import { TerraformResource, TerraformStack } from 'cdktf';
import { GcsBucket } from '../../src/gcp/bucket';
import { GcpKeyRing } from '../../src/gcp/kms';
import { ManagedLustre } from '../../src/gcp/lustre';
import { viewOf } from '../../src/policy/pack';
import { GCP_BASELINE_RULES, GCP_SUPPRESSION_REASONS } from '../../src/policy/rules/gcp';
import { PolicyRule, RuleContext } from '../../src/policy/types';
import { bareGoogleStack, TEST_PROJECT_NUMBER, TEST_REGION } from '../helpers/gcp';

const KEY = 'projects/llm-train-prod/locations/europe-west4/keyRings/llm/cryptoKeys/data';
const NODE_SA = 'llm-nodes@llm-train-prod.iam.gserviceaccount.com';
const LABELS = { 'project': 'llm', 'environment': 'test', 'cost-center': 'cc-42', 'component': 'gcp' };

type Build = (s: TerraformStack) => void;

type Found = { ruleId: string; path: string; message: string };

function evaluate(rules: ReadonlyArray<PolicyRule>, build: Build, ctx: Partial<RuleContext> = {}): Found[] {
  const stack = bareGoogleStack();
  build(stack);
  const resources = stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource).map(viewOf);
  const context: RuleContext = { resources, compliance: {}, region: TEST_REGION, defaultTags: LABELS, ...ctx };
  const out: Found[] = [];
  for (const view of resources) {
    for (const rule of rules) {
      if (!rule.resourceTypes.includes(view.type) && !rule.resourceTypes.includes('*')) continue;
      const message = rule.check(view, context);
      if (message) out.push({ ruleId: rule.id, path: view.path, message });
    }
  }
  return out;
}

function findings(ruleId: string, build: Build, ctx: Partial<RuleContext> = {}): string[] {
  const rule = GCP_BASELINE_RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return evaluate([rule], build, ctx).map((f) => f.message);
}

// ---------------------------------------------------------------- compliant fixtures

const nodeConfig = {
  serviceAccount: NODE_SA,
  workloadMetadataConfig: { mode: 'GKE_METADATA' },
  shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
  bootDiskKmsKey: KEY,
  resourceLabels: LABELS,
};

const cluster = (extra: Partial<ContainerClusterConfig> = {}): Build => (s) => new ContainerCluster(s, 'Gke', {
  name: 'llm',
  location: TEST_REGION,
  removeDefaultNodePool: true,
  initialNodeCount: 1,
  privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
  masterAuthorizedNetworksConfig: {},
  ipAllocationPolicy: { clusterSecondaryRangeName: 'pods', servicesSecondaryRangeName: 'services' },
  releaseChannel: { channel: 'REGULAR' },
  masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
  datapathProvider: 'ADVANCED_DATAPATH',
  networkPolicy: { enabled: false, provider: 'PROVIDER_UNSPECIFIED' },
  binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
  enableIntranodeVisibility: true,
  databaseEncryption: { state: 'ENCRYPTED', keyName: KEY },
  workloadIdentityConfig: { workloadPool: 'llm-train-prod.svc.id.goog' },
  nodeConfig,
  ...extra,
});

const pool = (extra: Partial<ContainerNodePoolConfig> = {}): Build => (s) => new ContainerNodePool(s, 'Pool', {
  cluster: 'llm',
  location: TEST_REGION,
  management: { autoRepair: true, autoUpgrade: true },
  nodeConfig: { machineType: 'a3-megagpu-8g', ...nodeConfig },
  ...extra,
});

const bucket = (extra: Partial<StorageBucketConfig> = {}): Build => (s) => new StorageBucket(s, 'Bucket', {
  name: 'llm-ckpt',
  location: TEST_REGION,
  uniformBucketLevelAccess: true,
  publicAccessPrevention: 'enforced',
  versioning: { enabled: true },
  encryption: { defaultKmsKeyName: KEY },
  lifecycle: { preventDestroy: true },
  ...extra,
});

const key = (extra: Partial<KmsCryptoKeyConfig> = {}): Build => (s) => new KmsCryptoKey(s, 'Key', {
  name: 'data', keyRing: 'projects/p/locations/europe-west4/keyRings/llm', rotationPeriod: '7776000s', lifecycle: { preventDestroy: true }, ...extra,
});

const postgresFlags = [
  ['log_checkpoints', 'on'], ['log_connections', 'on'], ['log_disconnections', 'on'], ['log_lock_waits', 'on'], ['log_hostname', 'on'], ['log_duration', 'on'],
].map(([name, value]) => ({ name, value }));

type SqlSettings = NonNullable<SqlDatabaseInstanceConfig['settings']>;
const sql = (settings: Partial<SqlSettings> = {}, extra: Partial<SqlDatabaseInstanceConfig> = {}): Build => (s) => new SqlDatabaseInstance(s, 'Sql', {
  name: 'llm-pg',
  region: TEST_REGION,
  databaseVersion: 'POSTGRES_16',
  encryptionKeyName: KEY,
  lifecycle: { preventDestroy: true },
  settings: {
    tier: 'db-custom-2-8192',
    deletionProtectionEnabled: true,
    userLabels: LABELS,
    ipConfiguration: { ipv4Enabled: false, privateNetwork: 'projects/p/global/networks/llm', sslMode: 'ENCRYPTED_ONLY' },
    backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true },
    databaseFlags: postgresFlags,
    ...settings,
  },
  ...extra,
});

const alloy = (extra: Record<string, unknown> = {}, publicIp = false): Build => (s) => {
  const c = new AlloydbCluster(s, 'Alloy', {
    clusterId: 'llm',
    location: TEST_REGION,
    networkConfig: { network: 'projects/p/global/networks/llm' },
    encryptionConfig: { kmsKeyName: KEY },
    automatedBackupPolicy: { enabled: true, encryptionConfig: { kmsKeyName: KEY } },
    continuousBackupConfig: { enabled: true, encryptionConfig: { kmsKeyName: KEY } },
    lifecycle: { preventDestroy: true },
    ...extra,
  });
  new AlloydbInstance(s, 'AlloyPrimary', { cluster: c.name, instanceId: 'primary', instanceType: 'PRIMARY', networkConfig: { enablePublicIp: publicIp } });
};

const dataset = (cmek = true): Build => (s) => {
  const d = new BigqueryDataset(s, 'Ds', {
    datasetId: 'features', location: TEST_REGION, lifecycle: { preventDestroy: true }, ...(cmek ? { defaultEncryptionConfiguration: { kmsKeyName: KEY } } : {}),
  });
  new BigqueryTable(s, 'Table', { datasetId: d.datasetId, tableId: 'f' });
};

const network = (withFirewall: boolean, profile?: string): Build => (s) => {
  const n = new ComputeNetwork(s, 'Net', { name: 'llm', autoCreateSubnetworks: false, ...(profile ? { networkProfile: profile } : {}) });
  if (withFirewall) new ComputeFirewall(s, 'Internal', { name: 'llm-internal', network: n.id, sourceRanges: ['10.0.0.0/8'], allow: [{ protocol: 'all' }] });
};

const firewall = (sourceRanges: string[], allow: { protocol: string; ports?: string[] }[], direction = 'INGRESS'): Build => (s) =>
  new ComputeFirewall(s, 'Fw', { name: 'fw', network: 'projects/p/global/networks/llm', sourceRanges, allow, direction });

const subnet = (extra: Record<string, unknown> = {}): Build => (s) => new ComputeSubnetwork(s, 'Subnet', {
  name: 's',
  network: 'projects/p/global/networks/llm',
  ipCidrRange: '10.0.0.0/20',
  region: TEST_REGION,
  privateIpGoogleAccess: true,
  logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
  ...extra,
});

const lustre = (preventDestroy: boolean): Build => (s) => new LustreInstance(s, 'Lustre', {
  instanceId: 'llm',
  location: 'europe-west4-b',
  network: 'projects/p/global/networks/llm',
  filesystem: 'llm',
  capacityGib: '18000',
  perUnitStorageThroughput: '1000',
  lifecycle: { preventDestroy },
});

interface Case {
  readonly id: string;
  readonly good: Build;
  readonly bad: Build;
  readonly expect: RegExp;
  readonly ctx?: Partial<RuleContext>;
}

const CASES: Case[] = [
  { id: 'AiInfra-GKE-1', good: cluster(), bad: cluster({ privateClusterConfig: { enablePrivateNodes: false } }), expect: /nodes get public IPs/ },
  { id: 'AiInfra-GKE-2', good: cluster(), bad: cluster({ masterAuthorizedNetworksConfig: undefined }), expect: /no master_authorized_networks_config/ },
  { id: 'AiInfra-GKE-3', good: cluster({ masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: '203.0.113.0/24' }] } }), bad: cluster({ masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: '0.0.0.0/0' }] } }), expect: /admit 0\.0\.0\.0\/0/ },
  { id: 'AiInfra-GKE-4', good: cluster(), bad: cluster({ enableShieldedNodes: false }), expect: /enable_shielded_nodes = false/ },
  { id: 'AiInfra-GKE-5', good: pool(), bad: pool({ nodeConfig: { ...nodeConfig, workloadMetadataConfig: { mode: 'GCE_METADATA' } } }), expect: /GKE_METADATA/ },
  { id: 'AiInfra-GKE-6', good: cluster(), bad: cluster({ nodeConfig: { ...nodeConfig, shieldedInstanceConfig: { enableSecureBoot: false } } }), expect: /cluster node_config .*enable_secure_boot = true/ },
  { id: 'AiInfra-GKE-7', good: pool(), bad: pool({ nodeConfig: { ...nodeConfig, shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: false } } }), expect: /enable_integrity_monitoring = false/ },
  { id: 'AiInfra-GKE-8', good: cluster(), bad: cluster({ releaseChannel: { channel: 'UNSPECIFIED' } }), expect: /release_channel is UNSPECIFIED/ },
  { id: 'AiInfra-GKE-9', good: cluster(), bad: cluster({ masterAuth: undefined }), expect: /issue_client_certificate = false/ },
  { id: 'AiInfra-GKE-10', good: cluster(), bad: cluster({ enableLegacyAbac: true }), expect: /enable_legacy_abac = true/ },
  { id: 'AiInfra-GKE-11', good: cluster(), bad: cluster({ datapathProvider: 'LEGACY_DATAPATH', networkPolicy: undefined }), expect: /NetworkPolicy objects are not enforced/ },
  { id: 'AiInfra-GKE-12', good: cluster(), bad: cluster({ ipAllocationPolicy: undefined }), expect: /routes-based/ },
  { id: 'AiInfra-GKE-13', good: cluster(), bad: cluster({ binaryAuthorization: { evaluationMode: 'DISABLED' } }), expect: /evaluation_mode is DISABLED/ },
  { id: 'AiInfra-GKE-14', good: cluster(), bad: cluster({ enableIntranodeVisibility: false }), expect: /enable_intranode_visibility is off/ },
  { id: 'AiInfra-GKE-15', good: cluster(), bad: cluster({ databaseEncryption: { state: 'DECRYPTED' } }), expect: /database_encryption/ },
  { id: 'AiInfra-GKE-16', good: cluster(), bad: cluster({ workloadIdentityConfig: undefined }), expect: /no workload_identity_config/ },
  { id: 'AiInfra-GKE-17', good: pool(), bad: pool({ nodeConfig: { ...nodeConfig, serviceAccount: '123456789012-compute@developer.gserviceaccount.com' } }), expect: /Compute Engine default account/ },
  { id: 'AiInfra-GKE-18', good: cluster(), bad: cluster({ loggingService: 'none' }), expect: /logging_service = "none"/ },
  { id: 'AiInfra-GKE-19', good: pool(), bad: pool({ management: { autoRepair: false, autoUpgrade: true } }), expect: /DWS_AUTO_REPAIR_SUPPRESSION/ },
  { id: 'AiInfra-GKE-20', good: pool(), bad: pool({ management: { autoRepair: true, autoUpgrade: false } }), expect: /DWS_AUTO_UPGRADE_SUPPRESSION/ },
  { id: 'AiInfra-GKE-21', good: pool(), bad: pool({ nodeConfig: { ...nodeConfig, bootDiskKmsKey: undefined } }), expect: /compute-system/ },
  { id: 'AiInfra-GCS-1', good: bucket(), bad: bucket({ uniformBucketLevelAccess: false }), expect: /uniform_bucket_level_access = true/ },
  { id: 'AiInfra-GCS-2', good: bucket(), bad: bucket({ publicAccessPrevention: 'inherited' }), expect: /public_access_prevention is inherited/ },
  { id: 'AiInfra-GCS-3', good: bucket(), bad: bucket({ versioning: undefined }), expect: /versioning/ },
  { id: 'AiInfra-GCS-4', good: bucket(), bad: bucket({ encryption: undefined }), expect: /default_kms_key_name/ },
  {
    id: 'AiInfra-GCS-5',
    good: (s) => new StorageBucketIamMember(s, 'M', { bucket: 'b', role: 'roles/storage.objectViewer', member: `serviceAccount:${NODE_SA}` }),
    bad: (s) => new StorageBucketIamMember(s, 'M', { bucket: 'b', role: 'roles/storage.objectViewer', member: 'allUsers' }),
    expect: /roles\/storage\.objectViewer on the bucket to allUsers/,
  },
  { id: 'AiInfra-KMS-1', good: key(), bad: key({ rotationPeriod: '31536000s' }), expect: /rotation_period 31536000s is outside/ },
  { id: 'AiInfra-KMS-2', good: key(), bad: key({ lifecycle: {} }), expect: /no lifecycle\.prevent_destroy/ },
  {
    id: 'AiInfra-KMS-3',
    good: (s) => new KmsCryptoKeyIamMember(s, 'M', { cryptoKeyId: KEY, role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', member: `serviceAccount:${NODE_SA}` }),
    bad: (s) => new KmsKeyRingIamBinding(s, 'B', { keyRingId: 'projects/p/locations/l/keyRings/r', role: 'roles/cloudkms.viewer', members: ['allAuthenticatedUsers'] }),
    expect: /on the key ring to allAuthenticatedUsers/,
  },
  { id: 'AiInfra-SQL-1', good: sql(), bad: sql({ ipConfiguration: { ipv4Enabled: false, privateNetwork: 'projects/p/global/networks/llm', sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' } }), expect: /ssl_mode is ALLOW_UNENCRYPTED_AND_ENCRYPTED/ },
  { id: 'AiInfra-SQL-2', good: sql(), bad: sql({ ipConfiguration: { sslMode: 'ENCRYPTED_ONLY' } }), expect: /public IP \(ipv4_enabled defaults to true\)/ },
  { id: 'AiInfra-SQL-3', good: sql(), bad: sql({ backupConfiguration: { enabled: false } }), expect: /no automated backups/ },
  { id: 'AiInfra-SQL-4', good: sql(), bad: sql({ backupConfiguration: { enabled: true } }), expect: /point-in-time recovery is off/ },
  { id: 'AiInfra-SQL-5', good: sql(), bad: sql({}, { deletionProtection: false }), expect: /deletion_protection = false/ },
  { id: 'AiInfra-SQL-6', good: sql(), bad: sql({}, { encryptionKeyName: undefined }), expect: /gcp-sa-cloud-sql/ },
  {
    id: 'AiInfra-SQL-7',
    good: sql(),
    bad: sql({ databaseFlags: [...postgresFlags.filter((f) => f.name !== 'log_connections'), { name: 'log_statement', value: 'none' }] }),
    expect: /log_connections must be "on"; log_statement = "none" must be one of ddl, mod, all/,
  },
  { id: 'AiInfra-ALLOYDB-1', good: alloy(), bad: alloy({ continuousBackupConfig: { enabled: true } }), expect: /continuous_backup_config\.encryption_config\.kms_key_name/ },
  { id: 'AiInfra-ALLOYDB-2', good: alloy(), bad: alloy({ automatedBackupPolicy: { enabled: false, encryptionConfig: { kmsKeyName: KEY } } }), expect: /automated_backup_policy \{ enabled = true \}/ },
  { id: 'AiInfra-ALLOYDB-3', good: alloy(), bad: alloy({}, true), expect: /enable_public_ip = true/ },
  { id: 'AiInfra-BQ-1', good: dataset(), bad: dataset(false), expect: /bigquery-encryption/ },
  {
    id: 'AiInfra-BQ-2',
    good: (s) => new BigqueryDatasetIamMember(s, 'M', { datasetId: 'features', role: 'roles/bigquery.dataViewer', member: `serviceAccount:${NODE_SA}` }),
    bad: (s) => new BigqueryDataset(s, 'Ds', { datasetId: 'features', access: [{ role: 'READER', specialGroup: 'allAuthenticatedUsers' }] }),
    expect: /allUsers or allAuthenticatedUsers/,
  },
  { id: 'AiInfra-BQ-3', good: dataset(), bad: (s) => new BigqueryTable(s, 'T', { datasetId: 'd', tableId: 't', deletionProtection: false }), expect: /deletion_protection = false/ },
  { id: 'AiInfra-BQ-4', good: dataset(), bad: dataset(false), expect: /the table has no Cloud KMS key/ },
  { id: 'AiInfra-PUBSUB-1', good: (s) => new PubsubTopic(s, 'T', { name: 'alerts', kmsKeyName: KEY }), bad: (s) => new PubsubTopic(s, 'T', { name: 'alerts' }), expect: /gcp-sa-pubsub/ },
  {
    id: 'AiInfra-PUBSUB-2',
    good: (s) => new PubsubTopicIamMember(s, 'M', { topic: 'alerts', role: 'roles/pubsub.publisher', member: 'serviceAccount:billing-budget-alert@system.gserviceaccount.com' }),
    bad: (s) => new PubsubTopicIamMember(s, 'M', { topic: 'alerts', role: 'roles/pubsub.publisher', member: 'allUsers' }),
    expect: /on the topic to allUsers/,
  },
  { id: 'AiInfra-NET-1', good: subnet(), bad: subnet({ logConfig: undefined }), expect: /VPC flow logs are off/ },
  { id: 'AiInfra-NET-2', good: subnet(), bad: subnet({ privateIpGoogleAccess: false }), expect: /private_ip_google_access is off/ },
  { id: 'AiInfra-NET-3', good: network(true), bad: network(false), expect: /no google_compute_firewall/ },
  { id: 'AiInfra-NET-4', good: firewall(['35.235.240.0/20'], [{ protocol: 'tcp', ports: ['22'] }]), bad: firewall(['0.0.0.0/0'], [{ protocol: 'tcp', ports: ['20-25', '443'] }]), expect: /allows tcp\/22 from the internet/ },
  {
    id: 'AiInfra-VERTEX-1',
    good: (s) => new VertexAiIndexEndpoint(s, 'E', { displayName: 'e', region: TEST_REGION, network: 'projects/123456789012/global/networks/llm' }),
    bad: (s) => new VertexAiIndexEndpoint(s, 'E', { displayName: 'e', region: TEST_REGION, publicEndpointEnabled: true }),
    expect: /public_endpoint_enabled = true/,
  },
  { id: 'AiInfra-IAM-1', good: (s) => new ProjectIamMember(s, 'M', { project: 'p', role: 'roles/logging.logWriter', member: `serviceAccount:${NODE_SA}` }), bad: (s) => new ProjectIamMember(s, 'M', { project: 'p', role: 'roles/editor', member: `serviceAccount:${NODE_SA}` }), expect: /grants roles\/editor/ },
  { id: 'AiInfra-STATE-2', good: lustre(true), bad: lustre(false), expect: /without lifecycle\.prevent_destroy/ },
  { id: 'AiInfra-LABEL-1', good: bucket(), bad: bucket(), ctx: { defaultTags: { project: 'llm', environment: 'test' } }, expect: /default labels miss cost-center, component/ },
  { id: 'AiInfra-LABEL-2', good: pool(), bad: pool({ nodeConfig: { ...nodeConfig, resourceLabels: { project: 'llm' } } }), expect: /node_config\.resource_labels miss environment, cost-center, component/ },
  { id: 'AiInfra-LABEL-3', good: bucket({ labels: { component: 'checkpoints' } }), bad: bucket({ labels: { 'cost-center': '' } }), expect: /labels set cost-center to an empty value/ },
  {
    id: 'AiInfra-RES-2',
    good: (s) => { bucket()(s); lustre(true)(s); },
    bad: bucket({ location: 'EU' }),
    ctx: { compliance: { jurisdictions: ['EU'] } },
    expect: /located in EU, outside the stack region europe-west4/,
  },
];

describe('GCP baseline rules', () => {
  test('ids are unique, follow AiInfra-<SERVICE>-<n>, and every rule has a non-compliant and a compliant case here', () => {
    const ids = GCP_BASELINE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^AiInfra-[A-Z0-9]+-\d+$/);
    expect(CASES.map((c) => c.id).sort()).toEqual([...ids].sort());
  });

  test.each(CASES)('$id: the non-compliant case is reported, the compliant case is not', (c) => {
    const bad = findings(c.id, c.bad, c.ctx);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(c.expect);
    expect(findings(c.id, c.good, c.id === 'AiInfra-LABEL-1' ? {} : c.ctx)).toEqual([]);
  });

  test('every compliant fixture is clean under the whole GCP pack', () => {
    const stack = bareGoogleStack();
    const all = CASES.flatMap((c, i) => {
      const scope = new TerraformStack(stack.node.scope!, `case${i}`);
      c.good(scope);
      const views = scope.node.findAll().filter((x): x is TerraformResource => x instanceof TerraformResource).map(viewOf);
      const ctx: RuleContext = { resources: views, compliance: { jurisdictions: ['EU'] }, region: TEST_REGION, defaultTags: LABELS };
      return views.flatMap((v) => GCP_BASELINE_RULES
        .filter((r) => r.resourceTypes.includes(v.type) || r.resourceTypes.includes('*'))
        .map((r) => ({ id: r.id, path: v.path, message: r.check(v, ctx) }))
        .filter((f) => f.message !== undefined));
    });
    expect(all).toEqual([]);
  });

  test('the Dataplane V2 form without a network_policy block is told to add it (Checkov CKV_GCP_12 needs the block)', () => {
    expect(findings('AiInfra-GKE-11', cluster({ networkPolicy: undefined }))).toEqual([expect.stringMatching(/network_policy \{ enabled = false, provider = "PROVIDER_UNSPECIFIED" \}/)]);
  });

  test('a RoCE network without firewall names the RoCE suppression; a firewall policy association also counts as attached', () => {
    expect(findings('AiInfra-NET-3', network(false, 'projects/p/global/networkProfiles/europe-west4-b-vpc-roce'))).toEqual([
      expect.stringMatching(/RoCE network without firewall.*ROCE_NETWORK_FIREWALL_SUPPRESSION/),
    ]);
  });

  test('a RoCE subnet without flow logs or Private Google Access names the RoCE suppressions', () => {
    const roceSubnet: Build = (s) => {
      const n = new ComputeNetwork(s, 'Roce', { name: 'roce', autoCreateSubnetworks: false, networkProfile: 'projects/p/global/networkProfiles/europe-west4-b-vpc-roce' });
      new ComputeSubnetwork(s, 'RoceSub', { name: 'roce-0', network: n.id, ipCidrRange: '192.168.128.0/21', region: TEST_REGION });
    };
    expect(findings('AiInfra-NET-1', roceSubnet)).toEqual([expect.stringMatching(/^RoCE subnet without flow logs; suppress with ROCE_SUBNET_FLOW_LOGS_SUPPRESSION$/)]);
    expect(findings('AiInfra-NET-2', roceSubnet)).toEqual(['RoCE subnet without Private Google Access; suppress with ROCE_SUBNET_PRIVATE_GOOGLE_ACCESS_SUPPRESSION']);
  });

  test('firewall: egress and non-internet sources are not findings; "all" from the internet is', () => {
    expect(findings('AiInfra-NET-4', firewall(['0.0.0.0/0'], [{ protocol: 'all' }], 'EGRESS'))).toEqual([]);
    expect(findings('AiInfra-NET-4', firewall(['0.0.0.0/0'], [{ protocol: 'tcp', ports: ['443'] }]))).toEqual([]);
    expect(findings('AiInfra-NET-4', firewall(['::/0'], [{ protocol: 'all' }]))).toEqual([expect.stringMatching(/allows all protocols from the internet/)]);
  });

  test('BigQuery table CMEK: a key on the table itself passes without a dataset default', () => {
    expect(findings('AiInfra-BQ-4', (s) => new BigqueryTable(s, 'T', { datasetId: 'd', tableId: 't', encryptionConfiguration: { kmsKeyName: KEY } }))).toEqual([]);
  });

  test('suppression reasons name rules of the pack and carry a source', () => {
    const ids = new Set(GCP_BASELINE_RULES.map((r) => r.id));
    expect(GCP_SUPPRESSION_REASONS.map((r) => r.ruleId)).toEqual(['AiInfra-GKE-19', 'AiInfra-GKE-20', 'AiInfra-NET-3', 'AiInfra-NET-1', 'AiInfra-NET-2']);
    for (const r of GCP_SUPPRESSION_REASONS) {
      expect(ids.has(r.ruleId)).toBe(true);
      expect(r.reason.length).toBeGreaterThan(40);
      expect(r.source).toMatch(/https:\/\/|GoogleCloudPlatform\//);
    }
  });

  test('the storage builders (bucket, key, Managed Lustre) produce no finding under the GCP pack', () => {
    const out = evaluate(GCP_BASELINE_RULES, (s) => {
      const k = new GcpKeyRing(s, 'Keys', { name: 'llm', location: TEST_REGION }).addKey('Data', { name: 'data' });
      new GcsBucket(s, 'Ckpt', { name: 'llm-ckpt', location: TEST_REGION, key: k, projectNumber: TEST_PROJECT_NUMBER });
      const net = new ComputeNetwork(s, 'Net', { name: 'llm', autoCreateSubnetworks: false });
      new ManagedLustre(s, 'Lustre', {
        instanceId: 'llm',
        zone: 'europe-west4-b',
        network: net.id,
        privateServiceAccess: net,
        privateServiceAccessCidrs: ['10.200.0.0/16'],
        throughputMBpsPerTiB: 125,
        capacityGiB: 72_000,
        filesystem: 'llm',
      });
    }, { compliance: { jurisdictions: ['EU'] } });
    expect(out).toEqual([]);
  });
});
