import { Testing } from 'cdktf';
import { DistributedTrainingStack, DistributedTrainingStackProps } from '../../src/stacks/distributed-training';
import { FeaturePlatformStack } from '../../src/stacks/feature-platform';
import { InferenceServingStack } from '../../src/stacks/inference-serving';

const BASE = {
  namePrefix: 'ref',
  tags: { project: 'llm', environment: 'test', costCenter: 'cc-1' },
  aws: { accountId: '123456789012' },
};

const STATEFUL = ['aws_s3_bucket', 'aws_fsx_lustre_file_system', 'aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_sagemaker_feature_group', 'aws_kms_key', 'aws_opensearchserverless_collection', 'aws_prometheus_workspace'];

function training(overrides: Partial<DistributedTrainingStackProps> = {}) {
  const app = Testing.app();
  const stack = new DistributedTrainingStack(app, 'train', {
    ...BASE,
    region: 'us-east-1',
    training: { accelerator: 'H100', totalGpus: 64 },
    budget: { limitUsd: 1_000_000, emails: ['finops@example.com'] },
    ...overrides,
  });
  return { stack, json: JSON.parse(Testing.synth(stack, true)) };
}

function statefulAddresses(json: any): string[] {
  return STATEFUL.flatMap((type) => Object.keys(json.resource?.[type] ?? {}).map((id) => `${type}.${id}`)).sort();
}

describe('DistributedTrainingStack', () => {
  test('composes cluster, spot pool, Lustre in the pool zone, observability and budget with a clean policy report', () => {
    const { stack, json } = training();
    // THEN 8 × p5.48xlarge spot in one placement-group zone, Lustre in that same zone
    expect(stack.pool.instanceTypes).toEqual(['p5.48xlarge']);
    expect(stack.pool.jobNodes).toBe(8);
    expect(stack.pool.zones).toHaveLength(1);
    expect(stack.storage?.zone).toBe(stack.pool.zones[0]);
    expect(Object.keys(json.resource.aws_fsx_lustre_file_system)).toHaveLength(1);
    // AND the budget check ran against the whole estimate and nothing was found by the policy pack
    expect(stack.decisions.some((d) => d.topic === 'budget-check' && /within budget/.test(d.chosen))).toBe(true);
    expect(stack.policyReport.findings).toEqual([]);
  });

  test('resizing the job and the file system keeps the address of every stateful resource', () => {
    const small = statefulAddresses(training().json);
    const large = statefulAddresses(training({ training: { accelerator: 'H100', totalGpus: 128 }, storage: { throughputGBps: 12 } }).json);
    expect(small.length).toBeGreaterThan(5);
    expect(large).toEqual(small);
  });

  test('a budget below the estimate fails synth with the construct path and field', () => {
    expect(() => training({ budget: { limitUsd: 1000, emails: ['finops@example.com'] } })).toThrow(/train\/Budget: limitUsd must be at least the stack's monthly ceiling/);
  });

  test('an unknown field in the reference props is named, with the allowed ones', () => {
    expect(() => training({ trainig: {} } as never)).toThrow(/train: unknown field trainig \(allowed: /);
  });
});

describe('InferenceServingStack', () => {
  test('serves an 8B model on one small GPU, with a pgvector store reachable only from the cluster', () => {
    const app = Testing.app();
    const stack = new InferenceServingStack(app, 'serve', {
      ...BASE,
      region: 'us-east-1',
      serving: { model: { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8, attentionHeads: 32, kvHeads: 8 }, minNodes: 1, maxNodes: 3 },
      retrieval: { vectors: 1_000_000, dimensions: 768 },
      budget: { limitUsd: 20_000, emails: ['finops@example.com'] },
    });
    const json = JSON.parse(Testing.synth(stack, true));
    expect(stack.pool.gpusPerReplica).toBe(1);
    expect(stack.pool.instanceType).not.toMatch(/^p5/);
    const cluster = Object.values(json.resource.aws_rds_cluster)[0] as any;
    expect(cluster.deletion_protection).toBe(true);
    expect(cluster.storage_encrypted).toBe(true);
    expect(stack.policyReport.findings).toEqual([]);
  });
});

describe('FeaturePlatformStack', () => {
  test('builds feature groups and a budget without a cluster', () => {
    const app = Testing.app();
    const stack = new FeaturePlatformStack(app, 'feat', {
      ...BASE,
      region: 'us-west-2',
      features: {
        featureGroups: [{ name: 'users', recordIdentifier: 'id', eventTime: 'ts', features: [{ name: 'id', type: 'String' }, { name: 'ts', type: 'Fractional' }] }],
      },
      budget: { limitUsd: 500, emails: ['finops@example.com'] },
    });
    const json = JSON.parse(Testing.synth(stack, true));
    expect(Object.keys(json.resource.aws_sagemaker_feature_group)).toHaveLength(1);
    expect(json.resource.aws_eks_cluster).toBeUndefined();
    expect(stack.policyReport.findings).toEqual([]);
  });
});
