import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { expectAiInfraError } from './expect';
import { FeatureStore } from '../../src/constructs/feature-store';
import { FinOpsBudget } from '../../src/constructs/finops-budget';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { LustreTier } from '../../src/constructs/lustre-tier';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { SpotTrainingPool } from '../../src/constructs/spot-training-pool';
import { VectorStore } from '../../src/constructs/vector-store';
import { WarmInferencePool } from '../../src/constructs/warm-inference-pool';
import { AiInfraError } from '../../src/errors';
import { FakeGpuCluster } from '../helpers/fake-cluster';
import { awsStack, resourcesOf, synthJson } from '../helpers/stack';

/**
 * Physical names derive from the stack's namePrefix (up to 20 characters) and
 * construct ids (which users make long). Every name must stay within the AWS
 * limit of its resource, whatever the ids.
 */
const LIMITS: Record<string, number> = {
  'aws_iam_role.name': 64,
  'aws_iam_role.name_prefix': 38,
  'aws_iam_policy.name': 128,
  'aws_s3_bucket.bucket': 63,
  'aws_s3_bucket.bucket_prefix': 37,
  'aws_eks_cluster.name': 100,
  'aws_eks_node_group.node_group_name': 63,
  'aws_eks_node_group.node_group_name_prefix': 37,
  'aws_launch_template.name': 125,
  'aws_launch_template.name_prefix': 99,
  'aws_sagemaker_feature_group.feature_group_name': 64,
  'aws_sqs_queue.name': 80,
  'aws_cloudwatch_event_rule.name': 64,
  'aws_rds_cluster.cluster_identifier': 63,
  'aws_rds_cluster_instance.identifier': 63,
  'aws_rds_cluster_instance.identifier_prefix': 37,
  'aws_db_subnet_group.name': 255,
  'aws_rds_cluster_parameter_group.name': 255,
  'aws_opensearchserverless_collection.name': 32,
  'aws_opensearchserverless_security_policy.name': 32,
  'aws_opensearchserverless_access_policy.name': 32,
  'aws_budgets_budget.name': 100,
  'aws_prometheus_scraper.alias': 100,
  'aws_prometheus_workspace.alias': 100,
  'aws_kms_alias.name': 256,
  'aws_sns_topic.name': 256,
  'aws_security_group.name': 255,
  'aws_placement_group.name': 255,
  'aws_cloudwatch_log_group.name': 512,
  'aws_ce_anomaly_monitor.name': 1024,
  'aws_ce_anomaly_subscription.name': 1024,
};
/** Attributes that hold a physical name, checked against 255 when the table above has no closer limit. */
const NAME_ATTRS = ['name', 'name_prefix', 'bucket', 'bucket_prefix', 'role', 'alias', 'identifier', 'cluster_identifier', 'feature_group_name', 'node_group_name', 'node_group_name_prefix'];

function namesOf(json: any): { address: string; attr: string; value: string; limit: number }[] {
  const out: { address: string; attr: string; value: string; limit: number }[] = [];
  for (const [type, byId] of Object.entries<any>(json.resource ?? {})) {
    for (const [id, config] of Object.entries<any>(byId)) {
      for (const attr of NAME_ATTRS) {
        const value = config[attr];
        if (typeof value !== 'string' || value.includes('${')) continue;
        out.push({ address: `${type}.${id}`, attr, value, limit: LIMITS[`${type}.${attr}`] ?? 255 });
      }
    }
  }
  return out;
}

const LONG = 'A'.repeat(20) + 'VeryLongConstructIdentifierThatKeepsGoing'.repeat(3);

describe('physical names stay within AWS limits', () => {
  test('GIVEN a 20-character namePrefix and long construct ids WHEN every construct is synthesized THEN every name fits its limit', () => {
    const app = Testing.app();
    const stack = awsStack({ namePrefix: 'abcdefghijklmnopqrst' }, app);
    const deep = new Construct(stack, LONG);
    const cluster = new GpuCluster(stack, 'C'.repeat(40) + 'luster', { instanceTypes: ['p5.48xlarge'] });
    new SpotTrainingPool(stack, 'P'.repeat(40), { cluster, instanceTypes: ['p5.48xlarge'], totalGpus: 16 });
    new WarmInferencePool(stack, 'W'.repeat(40), { cluster, instanceType: 'p5.48xlarge', model: { id: 'meta-llama/Llama-3.1-8B', paramsBillions: 8 } });
    new VectorStore(deep, LONG, { cluster, vectors: 1000, dimensions: 768 });
    new VectorStore(deep, `${LONG}Os`, { cluster, engine: 'opensearch-serverless', aws: { accessPrincipalArns: ['arn:aws:iam::123456789012:role/app'] } });
    new FeatureStore(deep, `${LONG}Fs`, {
      featureGroups: [{ name: 'G'.repeat(64), recordIdentifier: 'id', eventTime: 'ts', features: [{ name: 'id', type: 'String' }, { name: 'ts', type: 'Fractional' }] }],
    });
    new LustreTier(deep, `${LONG}Lu`, { cluster, capacityGiB: 1200, dataRepositories: [{ importPath: 's3://datasets-bucket/train', fileSystemPath: '/data' }] });
    new ObservabilityStack(deep, `${LONG}Ob`, { cluster });
    new FinOpsBudget(deep, `${LONG}Bu`, { limitUsd: 1e9 });
    const names = namesOf(synthJson(stack));
    expect(names.length).toBeGreaterThan(30);
    const tooLong = names.filter((n) => n.value.length > n.limit).map((n) => `${n.address}.${n.attr} (${n.value.length} > ${n.limit}): ${n.value}`);
    expect(tooLong).toEqual([]);
    // Names are lowercase and carry no characters AWS rejects in bucket/collection names.
    const bad = names.filter((n) => ['bucket', 'bucket_prefix'].includes(n.attr) && !/^[a-z0-9][a-z0-9.-]*[a-z0-9-]$/.test(n.value));
    expect(bad).toEqual([]);
  });

  test('a pool id that cannot name Kubernetes objects is rejected at the door, naming the field "id"', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
    for (const id of ['日本', '   ', '1pool', 'pool-', 'P'.repeat(41)]) {
      let error: unknown;
      try {
        new SpotTrainingPool(stack, id, { cluster, instanceTypes: ['p5.48xlarge'], totalGpus: 8 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AiInfraError);
      expect((error as AiInfraError).field).toBe('id');
      expect((error as Error).message).toContain(`test/${id}: id must be`);
    }
  });

  test('a cluster id of only unicode or spaces is rejected (it would name the EKS cluster "test--")', () => {
    for (const id of ['日本', '  ']) {
      const stack = awsStack();
      expect(() => new GpuCluster(stack, id, { instanceTypes: ['p5.48xlarge'] })).toThrow(AiInfraError);
    }
  });

  describe('one physical name, one construct (the naming scheme claims names per stack)', () => {
    test('two FinOpsBudgets with the id "Budget" under different parents: the second is refused, naming its path and id', () => {
      // GIVEN one budget at the stack root
      const stack = awsStack();
      new FinOpsBudget(stack, 'Budget', { limitUsd: 1000, emails: ['finops@example.com'] });
      // WHEN a second one with the same id is made under another parent
      // THEN it is an AiInfraError: both would be alias/test-budget and test-budget-alerts
      const e = expectAiInfraError(() => new FinOpsBudget(new Construct(stack, 'Team'), 'Budget', { limitUsd: 1000, emails: ['finops@example.com'] }), 'test/Team/Budget', 'id');
      expect(e.message).toContain('"alias/test-budget"');
      expect(e.message).toContain('test/Budget already has');
    });

    test('two topic-less FinOpsBudgets "Budget": the budget name test-budget-monthly is claimed once', () => {
      const stack = awsStack();
      new FinOpsBudget(stack, 'Budget', { limitUsd: 1000, emails: ['a@example.com'], topic: false });
      const e = expectAiInfraError(
        () => new FinOpsBudget(new Construct(stack, 'Team'), 'Budget', { limitUsd: 1000, emails: ['a@example.com'], topic: false }),
        'test/Team/Budget',
        'id',
      );
      expect(e.message).toContain('"test-budget-monthly"');
    });

    test('two ObservabilityStacks "Observability" (two clusters) under different parents: the second is refused', () => {
      const stack = awsStack();
      new ObservabilityStack(stack, 'Observability', { cluster: new FakeGpuCluster(stack, 'ClusterA') });
      const e = expectAiInfraError(
        () => new ObservabilityStack(new Construct(stack, 'Team'), 'Observability', { cluster: new FakeGpuCluster(stack, 'ClusterB') }),
        'test/Team/Observability',
        'id',
      );
      expect(e.message).toContain('"alias/test-observability"');
    });

    test('an ObservabilityStack and a FinOpsBudget with the same id would share a key alias: refused too', () => {
      const stack = awsStack();
      new FinOpsBudget(stack, 'Ops', { limitUsd: 1000, emails: ['a@example.com'] });
      expectAiInfraError(() => new ObservabilityStack(new Construct(stack, 'Team'), 'Ops', { cluster: new FakeGpuCluster(stack, 'Cluster') }), 'test/Team/Ops', 'id');
    });

    test('distinct ids synthesize distinct names: two budgets give two aliases and two topics', () => {
      const stack = awsStack();
      new FinOpsBudget(stack, 'Budget', { limitUsd: 1000, emails: ['a@example.com'] });
      new FinOpsBudget(new Construct(stack, 'Team'), 'TeamBudget', { limitUsd: 1000, emails: ['a@example.com'] });
      const json = synthJson(stack);
      expect(resourcesOf(json, 'aws_kms_alias').map(([, a]) => a.name).sort()).toEqual(['alias/test-budget', 'alias/test-teambudget']);
      expect(resourcesOf(json, 'aws_sns_topic').map(([, t]) => t.name).sort()).toEqual(['test-budget-alerts', 'test-teambudget-alerts']);
    });
  });
});
