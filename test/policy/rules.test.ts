import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { EbsVolume } from '@cdktf/provider-aws/lib/ebs-volume';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { FsxLustreFileSystem } from '@cdktf/provider-aws/lib/fsx-lustre-file-system';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { OpensearchserverlessCollection } from '@cdktf/provider-aws/lib/opensearchserverless-collection';
import { OpensearchserverlessSecurityPolicy } from '@cdktf/provider-aws/lib/opensearchserverless-security-policy';
import { PrometheusWorkspace } from '@cdktf/provider-aws/lib/prometheus-workspace';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { SagemakerFeatureGroup } from '@cdktf/provider-aws/lib/sagemaker-feature-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformResource, Testing } from 'cdktf';
import { AiInfraStack, AiInfraStackProps } from '../../src/constructs/stack';
import { BASELINE_RULES } from '../../src/policy/rules';
import { awsStack } from '../helpers/stack';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const ROLE = 'arn:aws:iam::123456789012:role/x';

type Build = (stack: AiInfraStack) => void;

/** Findings of one rule after a synth (level warn, so every rule reports). */
function findingsOf(ruleId: string, build: Build, props: Partial<AiInfraStackProps> = {}): string[] {
  const stack = awsStack({ policy: { level: 'warn' }, ...props }, Testing.app());
  build(stack);
  Testing.synth(stack, true);
  return stack.policyReport.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);
}

function bucket(stack: AiInfraStack, opts: { sse?: 'kms' | 'aes' | 'none'; pab?: boolean | 'partial'; preventDestroy?: boolean } = {}): S3Bucket {
  const b = new S3Bucket(stack, 'Bucket', { bucket: 'test-bucket', lifecycle: { preventDestroy: opts.preventDestroy ?? true } });
  if ((opts.sse ?? 'kms') !== 'none') {
    new S3BucketServerSideEncryptionConfigurationA(stack, 'Sse', {
      bucket: b.id,
      rule: [{ applyServerSideEncryptionByDefault: opts.sse === 'aes' ? { sseAlgorithm: 'AES256' } : { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY } }],
    });
  }
  if (opts.pab !== false) {
    const partial = opts.pab === 'partial';
    new S3BucketPublicAccessBlock(stack, 'Pab', { bucket: b.id, blockPublicAcls: true, blockPublicPolicy: !partial, ignorePublicAcls: true, restrictPublicBuckets: true });
  }
  return b;
}

/** A customer key; `protect` sets prevent_destroy on it. */
const kmsKey = (s: AiInfraStack, protect: boolean) => new KmsKey(s, 'Key', { enableKeyRotation: true, lifecycle: { preventDestroy: protect } });

/** A bucket kept past destroy, encrypted with a stack key. */
const keyedBucket = (protect: boolean): Build => (s) => {
  const key = kmsKey(s, protect);
  const b = new S3Bucket(s, 'Bucket', { bucket: 'b', lifecycle: { preventDestroy: true } });
  new S3BucketPublicAccessBlock(s, 'Pab', { bucket: b.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  new S3BucketServerSideEncryptionConfigurationA(s, 'Sse', { bucket: b.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn } }] });
  // a queue on the same key is not retained data: it alone never requires the key to be kept
  new SqsQueue(s, 'Q', { kmsMasterKeyId: key.arn });
};

/** An Aurora cluster encrypted through the key's alias. */
const keyedDatabase = (protect: boolean): Build => (s) => {
  const key = kmsKey(s, protect);
  const alias = new KmsAlias(s, 'Alias', { name: 'alias/db', targetKeyId: key.keyId });
  new RdsCluster(s, 'Db', {
    clusterIdentifier: 'db', engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: alias.arn, deletionProtection: true, backupRetentionPeriod: 7, lifecycle: { preventDestroy: true },
  });
};

/** A log group that survives destroy (skip_destroy), encrypted with the key. */
const keyedLogGroup = (protect: boolean): Build => (s) => {
  const key = kmsKey(s, protect);
  new CloudwatchLogGroup(s, 'Logs', { name: 'audit', kmsKeyId: key.arn, retentionInDays: 365, skipDestroy: true });
};

const rds = (extra: Record<string, unknown>): Build => (s) =>
  new RdsCluster(s, 'Db', {
    clusterIdentifier: 'db',
    engine: 'aurora-postgresql',
    storageEncrypted: true,
    kmsKeyId: KEY,
    deletionProtection: true,
    backupRetentionPeriod: 7,
    lifecycle: { preventDestroy: true },
    ...extra,
  });

const fsx = (extra: Record<string, unknown>): Build => (s) =>
  new FsxLustreFileSystem(s, 'Fs', {
    subnetIds: ['subnet-1'],
    storageCapacity: 1200,
    deploymentType: 'PERSISTENT_2',
    perUnitStorageThroughput: 125,
    kmsKeyId: KEY,
    automaticBackupRetentionDays: 7,
    lifecycle: { preventDestroy: true },
    ...extra,
  });

const eks = (vpc: Record<string, unknown>, encryption = true, preventDestroy = true): Build => (s) =>
  new EksCluster(s, 'Eks', {
    name: 'eks',
    roleArn: ROLE,
    vpcConfig: { subnetIds: ['subnet-1'], ...vpc },
    encryptionConfig: encryption ? { resources: ['secrets'], provider: { keyArn: KEY } } : undefined,
    lifecycle: { preventDestroy },
  });

const aoss = (encryption: object | undefined, network?: object): Build => (s) => {
  new OpensearchserverlessCollection(s, 'Vectors', { name: 'vectors', type: 'VECTORSEARCH', lifecycle: { preventDestroy: true } });
  if (encryption) new OpensearchserverlessSecurityPolicy(s, 'Enc', { name: 'vectors-enc', type: 'encryption', policy: JSON.stringify(encryption) });
  if (network) new OpensearchserverlessSecurityPolicy(s, 'Net', { name: 'vectors-net', type: 'network', policy: JSON.stringify(network) });
};

const featureGroup = (kms: boolean, preventDestroy = true): Build => (s) =>
  new SagemakerFeatureGroup(s, 'Fg', {
    featureGroupName: 'fg',
    recordIdentifierFeatureName: 'id',
    eventTimeFeatureName: 'ts',
    roleArn: ROLE,
    featureDefinition: [{ featureName: 'id', featureType: 'String' }, { featureName: 'ts', featureType: 'String' }],
    onlineStoreConfig: { enableOnlineStore: true, securityConfig: kms ? { kmsKeyId: KEY } : undefined },
    offlineStoreConfig: { s3StorageConfig: { s3Uri: 's3://b/p', kmsKeyId: kms ? KEY : undefined } },
    lifecycle: { preventDestroy },
  });

/** rule id → [non-compliant build, compliant build, message pattern]. */
const CASES: Array<[string, string, Build, Build, RegExp]> = [
  ['AiInfra-S3-1', 'S3 SSE with AES256', (s) => bucket(s, { sse: 'aes' }), (s) => bucket(s), /aws:kms/],
  ['AiInfra-S3-1', 'S3 without SSE config', (s) => bucket(s, { sse: 'none' }), (s) => bucket(s), /server_side_encryption_configuration/],
  ['AiInfra-S3-2', 'S3 without public access block', (s) => bucket(s, { pab: false }), (s) => bucket(s), /no aws_s3_bucket_public_access_block/],
  ['AiInfra-S3-2', 'S3 with a partial block', (s) => bucket(s, { pab: 'partial' }), (s) => bucket(s), /block_public_policy off/],
  ['AiInfra-EC2-1', 'launch template volume without a key',
    (s) => new LaunchTemplate(s, 'Lt', { blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'true' } }], metadataOptions: { httpTokens: 'required' } }),
    (s) => new LaunchTemplate(s, 'Lt', { blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'true', kmsKeyId: KEY } }], metadataOptions: { httpTokens: 'required' } }),
    /\/dev\/xvda/],
  ['AiInfra-EC2-1', 'unencrypted EBS volume',
    (s) => new EbsVolume(s, 'Vol', { availabilityZone: 'us-east-1a', size: 10 }),
    (s) => new EbsVolume(s, 'Vol', { availabilityZone: 'us-east-1a', size: 10, encrypted: true, kmsKeyId: KEY }),
    /encrypted = true/],
  ['AiInfra-EC2-2', 'IMDSv1 allowed',
    (s) => new LaunchTemplate(s, 'Lt', { metadataOptions: { httpTokens: 'optional' } }),
    (s) => new LaunchTemplate(s, 'Lt', { metadataOptions: { httpTokens: 'required' } }),
    /IMDSv2/],
  ['AiInfra-VPC-1', 'inline ingress from anywhere',
    (s) => new SecurityGroup(s, 'Sg', { ingress: [{ fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }] }),
    (s) => new SecurityGroup(s, 'Sg', { ingress: [{ fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['10.0.0.0/16'] }] }),
    /0\.0\.0\.0\/0/],
  ['AiInfra-VPC-1', 'ingress rule from ::/0',
    (s) => new VpcSecurityGroupIngressRule(s, 'In', { securityGroupId: 'sg-1', ipProtocol: '-1', cidrIpv6: '::/0' }),
    (s) => new VpcSecurityGroupIngressRule(s, 'In', { securityGroupId: 'sg-1', ipProtocol: '-1', referencedSecurityGroupId: 'sg-2' }),
    /::\/0/],
  ['AiInfra-VPC-1', 'aws_security_group_rule ingress from anywhere',
    (s) => new SecurityGroupRule(s, 'R', { type: 'ingress', securityGroupId: 'sg-1', fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }),
    (s) => new SecurityGroupRule(s, 'R', { type: 'egress', securityGroupId: 'sg-1', fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['0.0.0.0/0'] }),
    /0\.0\.0\.0\/0/],
  ['AiInfra-VPC-2', 'VPC whose default security group keeps its rules',
    (s) => new Vpc(s, 'Vpc', { cidrBlock: '10.0.0.0/16' }),
    (s) => new DefaultSecurityGroup(s, 'DefaultSg', { vpcId: new Vpc(s, 'Vpc', { cidrBlock: '10.0.0.0/16' }).id }),
    /default security group/],
  ['AiInfra-VPC-2', 'default security group adopted with an allow-all egress',
    (s) => new DefaultSecurityGroup(s, 'DefaultSg', {
      vpcId: new Vpc(s, 'Vpc', { cidrBlock: '10.0.0.0/16' }).id,
      egress: [{ fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['0.0.0.0/0'] }],
    }),
    (s) => new DefaultSecurityGroup(s, 'DefaultSg', { vpcId: new Vpc(s, 'Vpc', { cidrBlock: '10.0.0.0/16' }).id }),
    /1 rule/],
  ['AiInfra-VPC-3', 'egress rule without a description',
    (s) => new VpcSecurityGroupEgressRule(s, 'Out', { securityGroupId: 'sg-1', ipProtocol: 'tcp', fromPort: 443, toPort: 443, referencedSecurityGroupId: 'sg-2' }),
    (s) => new VpcSecurityGroupEgressRule(s, 'Out', { securityGroupId: 'sg-1', ipProtocol: 'tcp', fromPort: 443, toPort: 443, referencedSecurityGroupId: 'sg-2', description: 'HTTPS to the endpoint' }),
    /no description/],
  ['AiInfra-VPC-3', 'inline rule without a description',
    (s) => new SecurityGroup(s, 'Sg', { description: 'db', ingress: [{ fromPort: 5432, toPort: 5432, protocol: 'tcp', securityGroups: ['sg-2'] }] }),
    (s) => new SecurityGroup(s, 'Sg', { description: 'db', ingress: [{ fromPort: 5432, toPort: 5432, protocol: 'tcp', securityGroups: ['sg-2'], description: 'PostgreSQL from the nodes' }] }),
    /1 inline rule/],
  ['AiInfra-RDS-1', 'unencrypted Aurora', rds({ storageEncrypted: false, kmsKeyId: undefined }), rds({}), /storage_encrypted/],
  ['AiInfra-RDS-2', 'public instance',
    (s) => new RdsClusterInstance(s, 'I', { clusterIdentifier: 'db', instanceClass: 'db.serverless', engine: 'aurora-postgresql', publiclyAccessible: true }),
    (s) => new RdsClusterInstance(s, 'I', { clusterIdentifier: 'db', instanceClass: 'db.serverless', engine: 'aurora-postgresql', publiclyAccessible: false }),
    /publicly_accessible/],
  ['AiInfra-RDS-3', 'no deletion protection', rds({ deletionProtection: false }), rds({}), /deletion_protection/],
  ['AiInfra-RDS-4', 'one-day backups', rds({ backupRetentionPeriod: 1 }), rds({}), /got 1/],
  ['AiInfra-RDS-4', 'default backups on a DB instance',
    (s) => new DbInstance(s, 'Pg', { instanceClass: 'db.t4g.micro', engine: 'postgres', storageEncrypted: true, kmsKeyId: KEY, deletionProtection: true, lifecycle: { preventDestroy: true } }),
    (s) => new DbInstance(s, 'Pg', { instanceClass: 'db.t4g.micro', engine: 'postgres', storageEncrypted: true, kmsKeyId: KEY, deletionProtection: true, backupRetentionPeriod: 14, lifecycle: { preventDestroy: true } }),
    /provider default/],
  ['AiInfra-FSX-1', 'persistent Lustre without a key', fsx({ kmsKeyId: undefined }), fsx({}), /kms_key_id/],
  ['AiInfra-FSX-2', 'persistent Lustre without backups', fsx({ automaticBackupRetentionDays: 0 }), fsx({ deploymentType: 'SCRATCH_2', automaticBackupRetentionDays: 0, kmsKeyId: undefined }), /automatic_backup_retention_days/],
  ['AiInfra-SQS-1', 'SQS-managed SSE only',
    (s) => new SqsQueue(s, 'Q', { sqsManagedSseEnabled: true }),
    (s) => new SqsQueue(s, 'Q', { kmsMasterKeyId: KEY }),
    /kms_master_key_id/],
  ['AiInfra-SNS-1', 'AWS-managed SNS key',
    (s) => new SnsTopic(s, 'T', { kmsMasterKeyId: 'alias/aws/sns' }),
    (s) => new SnsTopic(s, 'T', { kmsMasterKeyId: KEY }),
    /customer-managed/],
  ['AiInfra-LOGS-1', 'log group without a key',
    (s) => new CloudwatchLogGroup(s, 'L', { name: 'l', retentionInDays: 90 }),
    (s) => new CloudwatchLogGroup(s, 'L', { name: 'l', retentionInDays: 90, kmsKeyId: KEY }),
    /kms_key_id/],
  ['AiInfra-LOGS-2', 'log group kept forever',
    (s) => new CloudwatchLogGroup(s, 'L', { name: 'l', kmsKeyId: KEY }),
    (s) => new CloudwatchLogGroup(s, 'L', { name: 'l', kmsKeyId: KEY, retentionInDays: 90 }),
    /retention_in_days/],
  ['AiInfra-EKS-1', 'EKS without secrets encryption', eks({ endpointPublicAccess: false }, false), eks({ endpointPublicAccess: false }), /secrets/],
  ['AiInfra-EKS-2', 'EKS public endpoint by default', eks({}), eks({ endpointPublicAccess: false }), /public to the internet/],
  ['AiInfra-EKS-2', 'EKS public to 0.0.0.0/0', eks({ endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] }), eks({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] }), /public/],
  ['AiInfra-AMP-1', 'workspace without a key',
    (s) => new PrometheusWorkspace(s, 'W', { alias: 'w' }),
    (s) => new PrometheusWorkspace(s, 'W', { alias: 'w', kmsKeyArn: KEY }),
    /kms_key_arn/],
  ['AiInfra-AOSS-1', 'collection on an AWS-owned key',
    aoss({ Rules: [{ ResourceType: 'collection', Resource: ['collection/vectors'] }], AWSOwnedKey: true }),
    aoss({ Rules: [{ ResourceType: 'collection', Resource: ['collection/vectors'] }], AWSOwnedKey: false, KmsARN: KEY }),
    /KmsARN/],
  ['AiInfra-AOSS-2', 'public network policy',
    aoss({ AWSOwnedKey: false, KmsARN: KEY, Rules: [{ Resource: ['collection/vectors'] }] }, [{ Rules: [{ ResourceType: 'collection', Resource: ['collection/vectors'] }], AllowFromPublic: true }]),
    aoss({ AWSOwnedKey: false, KmsARN: KEY, Rules: [{ Resource: ['collection/vectors'] }] }, [{ Rules: [{ ResourceType: 'collection', Resource: ['collection/vectors'] }], AllowFromPublic: false, SourceVPCEs: ['vpce-1'] }]),
    /public access/],
  ['AiInfra-SM-1', 'feature group stores without keys', featureGroup(false), featureGroup(true), /online_store_config.*offline_store_config/],
  ['AiInfra-STATE-1', 'bucket without prevent_destroy', (s) => bucket(s, { preventDestroy: false }), (s) => bucket(s), /prevent_destroy/],
  ['AiInfra-STATE-1', 'feature group without prevent_destroy', featureGroup(true, false), featureGroup(true), /prevent_destroy/],
  ['AiInfra-STATE-1', 'EKS cluster without prevent_destroy', eks({ endpointPublicAccess: false }, true, false), eks({ endpointPublicAccess: false }), /stateful resource without lifecycle.prevent_destroy/],
  ['AiInfra-STATE-1', 'Prometheus workspace without prevent_destroy',
    (s) => new PrometheusWorkspace(s, 'W', { alias: 'w', kmsKeyArn: KEY }),
    (s) => new PrometheusWorkspace(s, 'W', { alias: 'w', kmsKeyArn: KEY, lifecycle: { preventDestroy: true } }),
    /stateful resource without lifecycle.prevent_destroy/],
  ['AiInfra-STATE-1', 'the key of a retained bucket without prevent_destroy', keyedBucket(false), keyedBucket(true), /^key without lifecycle.prevent_destroy encrypts retained data \(test\/Sse\)/],
  ['AiInfra-STATE-1', 'the key of a retained database, referenced through its alias', keyedDatabase(false), keyedDatabase(true), /encrypts retained data \(test\/Db\)/],
  ['AiInfra-STATE-1', 'the key of a log group kept past destroy (skip_destroy)', keyedLogGroup(false), keyedLogGroup(true), /encrypts retained data \(test\/Logs\)/],
  ['AiInfra-STATE-1', 'a GCP crypto key without prevent_destroy',
    (s) => new TerraformResource(s, 'CryptoKey', { terraformResourceType: 'google_kms_crypto_key' }).addOverride('name', 'k'),
    (s) => {
      const k = new TerraformResource(s, 'CryptoKey', { terraformResourceType: 'google_kms_crypto_key' });
      k.addOverride('name', 'k');
      k.addOverride('lifecycle', { prevent_destroy: true });
    },
    /^crypto key without lifecycle.prevent_destroy/],
  ['AiInfra-TAG-2', 'a resource blanking the project tag',
    (s) => new SqsQueue(s, 'Q', { kmsMasterKeyId: KEY, tags: { project: '' } }),
    (s) => new SqsQueue(s, 'Q', { kmsMasterKeyId: KEY, tags: { purpose: 'interruptions' } }),
    /project/],
];

describe('baseline rules: each finds the non-compliant resource and passes the compliant one', () => {
  test.each(CASES)('%s: %s', (ruleId, _name, bad, good, message) => {
    const badFindings = findingsOf(ruleId, bad);
    expect(badFindings).toHaveLength(1);
    expect(badFindings[0]).toMatch(message);
    expect(findingsOf(ruleId, good)).toEqual([]);
  });

  test('every baseline rule has a case here', () => {
    const tested = new Set([...CASES.map((c) => c[0]), 'AiInfra-TAG-1', 'AiInfra-RES-1']);
    expect(BASELINE_RULES.map((r) => r.id).filter((id) => !tested.has(id))).toEqual([]);
  });

  test('rule ids are unique and well-formed', () => {
    const ids = BASELINE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^AiInfra-[A-Za-z0-9]+-\d+$/);
  });

  test('AiInfra-TAG-1: default tags carry the four cost-allocation keys', () => {
    const rule = BASELINE_RULES.find((r) => r.id === 'AiInfra-TAG-1')!;
    const view = { type: 'aws_sqs_queue', path: 'test/Q', logicalId: 'Q', config: {} };
    const ctx = (tags: Record<string, string>) => ({ resources: [view], compliance: {}, region: 'us-east-1', defaultTags: tags });
    expect(rule.check(view, ctx({ project: 'p', environment: 'e', component: 'c' }))).toMatch(/miss cost-center/);
    expect(rule.check(view, ctx({ 'project': 'p', 'environment': 'e', 'cost-center': 'cc', 'component': 'c' }))).toBeUndefined();
    // and the stack's own tags pass
    expect(findingsOf('AiInfra-TAG-1', (s) => new SqsQueue(s, 'Q', { kmsMasterKeyId: KEY }))).toEqual([]);
  });

  test('AiInfra-RES-1: under a residency policy, a cross-region reference is a finding', () => {
    const eu: Partial<AiInfraStackProps> = { region: 'eu-west-1', compliance: { jurisdictions: ['EU'] } };
    const crossRegion: Build = (s) => new SqsQueue(s, 'Q', { kmsMasterKeyId: KEY.replace('us-east-1', 'us-west-2') });
    const sameRegion: Build = (s) => new SqsQueue(s, 'Q', { kmsMasterKeyId: KEY.replace('us-east-1', 'eu-west-1') });
    expect(findingsOf('AiInfra-RES-1', crossRegion, eu)).toEqual([expect.stringMatching(/us-west-2 outside the stack region eu-west-1/)]);
    expect(findingsOf('AiInfra-RES-1', sameRegion, eu)).toEqual([]);
    // without a residency policy the rule stays quiet
    expect(findingsOf('AiInfra-RES-1', crossRegion)).toEqual([]);
  });
});
