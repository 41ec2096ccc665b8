import { Testing } from 'cdktf';
import { VectorStore, supportsPgvectorHnsw } from '../../src/constructs/vector-store';
import { estimateVectorSizing } from '../../src/planning/storage';
import { FAKE, FakeGpuCluster } from '../helpers/fake-cluster';
import { awsStack, onlyResource, resourcesOf, synthJson } from '../helpers/stack';

const ROLE = 'arn:aws:iam::123456789012:role/rag-app';

function build(props: Partial<ConstructorParameters<typeof VectorStore>[2]> = {}, stackProps: Parameters<typeof awsStack>[0] = {}) {
  const app = Testing.app();
  const stack = awsStack(stackProps, app);
  const cluster = new FakeGpuCluster(stack, 'Cluster');
  const store = new VectorStore(stack, 'Vectors', { cluster, ...props });
  return { stack, store, json: synthJson(stack) };
}

/** Logical ids of the resources whose loss would lose data. */
function statefulAddresses(json: any): string[] {
  const types = ['aws_rds_cluster', 'aws_opensearchserverless_collection', 'aws_kms_key'];
  return types.flatMap((t) => resourcesOf(json, t).map(([id]) => `${t}.${id}`)).sort();
}

describe('VectorStore (aurora-pgvector, the default)', () => {
  test('encrypts storage, secret, Performance Insights and logs with the customer key', () => {
    // GIVEN / WHEN
    const { json } = build();
    // THEN
    const db = onlyResource(json, 'aws_rds_cluster');
    const [[keyId]] = resourcesOf(json, 'aws_kms_key');
    const keyArn = `\${aws_kms_key.${keyId}.arn}`;
    expect(db.storage_encrypted).toBe(true);
    expect(db.kms_key_id).toBe(keyArn);
    expect(db.manage_master_user_password).toBe(true);
    expect(db.master_user_secret_kms_key_id).toBe(keyArn);
    expect(db.master_password).toBeUndefined();
    const writer = onlyResource(json, 'aws_rds_cluster_instance');
    expect(writer.performance_insights_enabled).toBe(true);
    expect(writer.performance_insights_kms_key_id).toBe(keyArn);
    expect(writer.publicly_accessible).toBe(false);
    expect(onlyResource(json, 'aws_cloudwatch_log_group').kms_key_id).toBe(keyArn);
    expect(onlyResource(json, 'aws_kms_key').enable_key_rotation).toBe(true);
  });

  test('is deletion protected, backed up ≥ 7 days, snapshots on delete and prevents destroy', () => {
    const { json } = build();
    const db = onlyResource(json, 'aws_rds_cluster');
    expect(db.deletion_protection).toBe(true);
    expect(db.backup_retention_period).toBeGreaterThanOrEqual(7);
    expect(db.skip_final_snapshot).toBe(false);
    expect(db.final_snapshot_identifier).toBe('test-vectors-final-${formatdate("YYYYMMDDhhmmss", timestamp())}');
    expect(db.copy_tags_to_snapshot).toBe(true);
    expect(db.delete_automated_backups).toBe(false);
    expect(db.lifecycle.prevent_destroy).toBe(true);
  });

  test('IAM database auth, Serverless v2, pgvector-capable version, logs, TLS forced', () => {
    const { json } = build();
    const db = onlyResource(json, 'aws_rds_cluster');
    expect(db.iam_database_authentication_enabled).toBe(true);
    expect(db.engine).toBe('aurora-postgresql');
    expect(db.engine_version).toBe('16.6');
    expect(db.serverlessv2_scaling_configuration).toEqual({ min_capacity: 0.5, max_capacity: 8 });
    expect(db.enabled_cloudwatch_logs_exports).toEqual(['postgresql']);
    expect(onlyResource(json, 'aws_rds_cluster_instance').instance_class).toBe('db.serverless');
    const pg = onlyResource(json, 'aws_rds_cluster_parameter_group');
    expect(pg.family).toBe('aurora-postgresql16');
    expect(pg.parameter).toEqual([{ name: 'rds.force_ssl', value: '1', apply_method: 'pending-reboot' }, { name: 'log_min_duration_statement', value: '1000', apply_method: 'immediate' }]);
  });

  test('lives in the private subnets; port 5432 only from the cluster node security group, no CIDR', () => {
    const { json } = build();
    expect(onlyResource(json, 'aws_db_subnet_group').subnet_ids).toEqual(Object.values(FAKE.subnetByZone));
    const sg = onlyResource(json, 'aws_security_group');
    expect(sg.vpc_id).toBe(FAKE.vpcId);
    expect(sg.ingress).toBeUndefined();
    const ingress = resourcesOf(json, 'aws_vpc_security_group_ingress_rule').map(([, r]) => r);
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ from_port: 5432, to_port: 5432, ip_protocol: 'tcp', referenced_security_group_id: FAKE.nodeSecurityGroupId });
    expect(ingress[0].cidr_ipv4).toBeUndefined();
    expect(ingress[0].cidr_ipv6).toBeUndefined();
  });

  test('sizes from vectors × dimensions and records the decision and cost', () => {
    // GIVEN 10 M × 1536-dim float32 vectors
    const { stack, json, store } = build({ vectors: 10_000_000, dimensions: 1536 });
    // THEN the HNSW index (~64 GiB) is kept cached at the floor
    const s = estimateVectorSizing(10_000_000, 1536);
    expect(s.rawGiB).toBeCloseTo(57.22, 1);
    expect(s.hnswIndexGiB).toBeCloseTo(64.26, 1);
    expect(s.suggestedMinAcu).toBe(43);
    expect(s.suggestedMaxAcu).toBe(86);
    expect(store.capacityAcu).toEqual({ min: 43, max: 86 });
    expect(onlyResource(json, 'aws_rds_cluster').serverlessv2_scaling_configuration).toEqual({ min_capacity: 43, max_capacity: 86 });
    const d = stack.decisions.find((x) => x.topic === 'vector-capacity');
    expect(d?.chosen).toBe('43-86 ACU (Serverless v2)');
    const acu = stack.costLines.find((l) => l.unit === 'ACU-hour');
    expect(acu?.quantity).toBe(43);
    expect(acu?.monthlyUsd).toBeCloseTo(43 * 0.12 * 730, 0);
    expect(stack.costLines.find((l) => l.item.includes('storage'))?.quantity).toBeCloseTo(s.storageGiB, 3);
  });

  test('readers run at the floor too, and are priced', () => {
    const { json, stack } = build({ aws: { readers: 2, minCapacityAcu: 1, maxCapacityAcu: 4 } });
    expect(resourcesOf(json, 'aws_rds_cluster_instance').map(([id]) => id).length).toBe(3);
    expect(stack.costLines.find((l) => l.unit === 'ACU-hour')?.quantity).toBe(3);
  });

  test('changing size, ACU or readers does not change any stateful Terraform address', () => {
    const small = build({ vectors: 1000, dimensions: 384 });
    const big = build({ vectors: 50_000_000, dimensions: 3072, precision: 'float16', aws: { readers: 3, engineVersion: '17.4' } });
    expect(statefulAddresses(big.json)).toEqual(statefulAddresses(small.json));
    expect(statefulAddresses(small.json)).toHaveLength(2);
    expect(onlyResource(big.json, 'aws_rds_cluster').cluster_identifier).toBe(onlyResource(small.json, 'aws_rds_cluster').cluster_identifier);
  });

  test('deletionProtection: false is explicit, recorded, and needs policy suppressions with a reason', () => {
    expect(() => build({ deletionProtection: false })).toThrow(/AiInfra-RDS-3\] test\/Vectors\/Resource/);
    const reason = 'throw-away dev database, recreated from the corpus daily';
    const { json, stack } = build({ deletionProtection: false }, {
      policy: { suppressions: [{ ruleId: 'AiInfra-RDS-3', pathPrefix: 'Vectors', reason }, { ruleId: 'AiInfra-STATE-1', pathPrefix: 'Vectors', reason }] },
    });
    const db = onlyResource(json, 'aws_rds_cluster');
    expect(db.deletion_protection).toBe(false);
    expect(db.lifecycle.prevent_destroy).toBe(false);
    expect(stack.decisions.some((d) => d.topic === 'deletion-protection' && d.chosen === 'off')).toBe(true);
  });

  describe('rejects bad input naming the construct path and the field', () => {
    test.each([
      [{ backupRetentionDays: 3 }, /test\/Vectors: backupRetentionDays must be >= 7, got 3/],
      [{ aws: { engineVersion: '15.3' } }, /test\/Vectors: aws\.engineVersion must be an Aurora PostgreSQL version with pgvector HNSW: 12\.16\+.*got "15\.3"/],
      [{ aws: { engineVersion: '11.9' } }, /aws\.engineVersion .*got "11\.9"/],
      [{ aws: { minCapacityAcu: 0.7 } }, /aws\.minCapacityAcu must be a multiple of 0\.5, got 0\.7/],
      [{ aws: { minCapacityAcu: 16, maxCapacityAcu: 8 } }, /test\/Vectors: aws\.maxCapacityAcu must be >= minCapacityAcu \(16\), got 8/],
      [{ vectors: 1000 }, /test\/Vectors: dimensions must be given together with vectors/],
      [{ aws: { accessPrincipalArns: [ROLE] } }, /test\/Vectors: aws\.accessPrincipalArns must be unset with engine "aurora-pgvector"/],
    ])('%j', (props, message) => {
      expect(() => build(props as never)).toThrow(message);
    });
  });

  test('pgvector HNSW versions follow the fact sheet', () => {
    expect(['12.16', '13.12', '14.9', '15.4', '16.1', '17.4'].every(supportsPgvectorHnsw)).toBe(true);
    expect(['12.15', '13.11', '14.8', '15.3', '11.22', '16'].some(supportsPgvectorHnsw)).toBe(false);
  });
});

describe('VectorStore (opensearch-serverless)', () => {
  const os = (extra: object = {}) => build({ engine: 'opensearch-serverless', aws: { accessPrincipalArns: [ROLE] }, ...extra });

  test('encryption policy uses the customer key and the collection depends on it', () => {
    const { json } = os();
    const policies = resourcesOf(json, 'aws_opensearchserverless_security_policy');
    const [encId, enc] = policies.find(([, p]) => p.type === 'encryption')!;
    const [[keyId]] = resourcesOf(json, 'aws_kms_key');
    const doc = JSON.parse(enc.policy);
    expect(doc.AWSOwnedKey).toBe(false);
    expect(doc.KmsARN).toBe(`\${aws_kms_key.${keyId}.arn}`);
    expect(doc.Rules[0].Resource).toEqual(['collection/test-vectors']);
    const collection = onlyResource(json, 'aws_opensearchserverless_collection');
    expect(collection).toMatchObject({ name: 'test-vectors', type: 'VECTORSEARCH', standby_replicas: 'ENABLED' });
    expect(collection.depends_on).toContain(`aws_opensearchserverless_security_policy.${encId}`);
    expect(collection.lifecycle.prevent_destroy).toBe(true);
  });

  test('network policy is not public: only the VPC endpoint in the private subnets', () => {
    const { json } = os();
    const [, net] = resourcesOf(json, 'aws_opensearchserverless_security_policy').find(([, p]) => p.type === 'network')!;
    const [vpceId, vpce] = resourcesOf(json, 'aws_opensearchserverless_vpc_endpoint')[0];
    const doc = JSON.parse(net.policy);
    expect(doc).toHaveLength(1);
    expect(doc[0].AllowFromPublic).toBe(false);
    expect(doc[0].SourceVPCEs).toEqual([`\${aws_opensearchserverless_vpc_endpoint.${vpceId}.id}`]);
    expect(vpce.subnet_ids).toEqual(Object.values(FAKE.subnetByZone));
    const ingress = resourcesOf(json, 'aws_vpc_security_group_ingress_rule').map(([, r]) => r);
    expect(ingress).toEqual([expect.objectContaining({ from_port: 443, to_port: 443, referenced_security_group_id: FAKE.nodeSecurityGroupId })]);
    expect(ingress[0].cidr_ipv4).toBeUndefined();
  });

  test('data access policy grants only the principals given', () => {
    const { json } = os();
    const access = onlyResource(json, 'aws_opensearchserverless_access_policy');
    const doc = JSON.parse(access.policy);
    expect(access.type).toBe('data');
    expect(doc[0].Principal).toEqual([ROLE]);
    expect(doc[0].Rules.map((r: any) => r.ResourceType)).toEqual(['collection', 'index']);
  });

  test('changing sizes does not change the collection address', () => {
    const a = os({ vectors: 1000, dimensions: 384 });
    const b = os({ vectors: 90_000_000, dimensions: 1024 });
    expect(statefulAddresses(a.json)).toEqual(statefulAddresses(b.json));
  });

  test.each([
    [{ aws: {} }, /test\/Vectors: aws\.accessPrincipalArns must be at least one IAM role or user ARN/],
    [{ aws: { accessPrincipalArns: [ROLE], collectionName: 'Bad_Name' } }, /test\/Vectors: aws\.collectionName must be 3-32 lowercase/],
    [{ aws: { accessPrincipalArns: [ROLE], collectionName: 'ab' } }, /aws\.collectionName/],
    [{ aws: { accessPrincipalArns: [ROLE], minCapacityAcu: 2 } }, /aws\.minCapacityAcu must be unset with engine "opensearch-serverless"/],
    [{ aws: { accessPrincipalArns: ['*'] } }, /aws\.accessPrincipalArns\.0 must be an IAM role or user ARN, got "\*"/],
  ])('rejects %j', (extra, message) => {
    expect(() => build({ engine: 'opensearch-serverless', ...extra } as never)).toThrow(message);
  });
});

describe('VectorStore (aurora-pgvector) monitoring', () => {
  test('Enhanced Monitoring every 60 s through a role only RDS of this account may assume', () => {
    const { json } = build();
    const writer = onlyResource(json, 'aws_rds_cluster_instance');
    expect(writer.monitoring_interval).toBe(60);
    expect(writer.monitoring_role_arn).toMatch(/^\$\{aws_iam_role\.Vectors_MonitoringRole_[A-F0-9]+\.arn\}$/);
    expect(writer.auto_minor_version_upgrade).toBe(true);
    expect(writer.copy_tags_to_snapshot).toBe(true);
    const attach = onlyResource(json, 'aws_iam_role_policy_attachment');
    expect(attach.policy_arn).toBe('arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole');
    const trust = Object.entries(json.data.aws_iam_policy_document).find(([id]) => id.includes('MonitoringTrust'))![1] as any;
    expect(trust.statement[0].principals[0].identifiers).toEqual(['monitoring.rds.amazonaws.com']);
    expect(trust.statement[0].condition[0]).toEqual({ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] });
  });
});
