import { Testing } from 'cdktf';
import { ACCELERATORS, findInstanceType, findRegion } from '../../src/catalog';
import type { Cloud } from '../../src/catalog/types';
import { CompliancePolicy, placeWorkload } from '../../src/planning/placement';
import { planPoolTypes } from '../../src/planning/pools';
import { DistributedTrainingStack } from '../../src/stacks/distributed-training';
import { FeaturePlatformStack } from '../../src/stacks/feature-platform';
import { InferenceServingStack } from '../../src/stacks/inference-serving';

/**
 * One intent, two clouds: the same reference-stack props (only the account /
 * project identity differs) build on AWS and on Google Cloud, and the
 * decisions that do not depend on the cloud agree: the model's sizing, and the
 * tensor-parallel degree when the GPUs match (H100 80 GiB, 8 per node, one
 * NVLink domain on both p5.48xlarge and the a3 machine types).
 */

const IDENTITY: Record<Cloud, object> = {
  aws: { aws: { accountId: '123456789012' } },
  gcp: { gcp: { projectId: 'llm-serving-prod', projectNumber: '123456789012' } },
};
/** An EKS cluster needs an administrator (its creator gets no access); GKE takes IAM from the project. */
const CLUSTER_IDENTITY: Record<Cloud, object> = { aws: { cluster: { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } } }, gcp: {} };
const BUDGET_IDENTITY: Record<Cloud, object> = { aws: {}, gcp: { gcp: { billingAccountId: '01AB23-45CD67-89EF01' } } };

const TAGS = { project: 'llm', environment: 'test', costCenter: 'cc-1' };
const LLAMA_70B = { id: 'meta-llama/Llama-3.1-70B-Instruct', paramsBillions: 70, precision: 'bf16' as const, sequenceLength: 8192, concurrency: 16, attentionHeads: 64, kvHeads: 8 };
const EU_GDPR: CompliancePolicy = { jurisdictions: ['EU'], programs: ['GDPR'] };

function budget(cloud: Cloud, limitUsd: number) {
  return { limitUsd, emails: ['finops@example.com'], ...BUDGET_IDENTITY[cloud] };
}

function serving(cloud: Cloud) {
  const stack = new InferenceServingStack(Testing.app(), 'chat', {
    cloud,
    namePrefix: 'chat',
    tags: TAGS,
    ...IDENTITY[cloud],
    ...CLUSTER_IDENTITY[cloud],
    compliance: EU_GDPR,
    serving: { model: LLAMA_70B, accelerator: 'H100', minNodes: 1, maxNodes: 3 },
    retrieval: { vectors: 20_000_000, dimensions: 1024 },
    budget: budget(cloud, 250_000),
  });
  return { stack, json: JSON.parse(Testing.synth(stack, true)) };
}

function training(cloud: Cloud) {
  const stack = new DistributedTrainingStack(Testing.app(), 'train', {
    cloud,
    namePrefix: 'train',
    tags: TAGS,
    ...IDENTITY[cloud],
    ...CLUSTER_IDENTITY[cloud],
    compliance: { jurisdictions: ['US'] },
    training: { accelerator: 'H100', totalGpus: 64, model: { paramsBillions: 70, precision: 'bf16', sequenceLength: 8192 }, expectedNodes: 4 },
    storage: { throughputGBps: 4 },
    budget: budget(cloud, 2_000_000),
  });
  return { stack, json: JSON.parse(Testing.synth(stack, true)) };
}

describe('the decision core agrees across clouds for the same intent (planning, both clouds today)', () => {
  test('70B bf16 inference on H100: the same sizing and TP 4 on p5.48xlarge and on the GCP H100 machine type', () => {
    const plans = (['aws', 'gcp'] as const).map((cloud) => {
      const placed = placeWorkload({ cloud, policy: EU_GDPR, accelerators: ['H100'] }, cloud);
      return planPoolTypes({ cloud, region: placed.region, purpose: 'inference', purchase: 'on-demand', accelerator: 'H100', model: LLAMA_70B, multiNode: false, zones: placed.zones }, cloud);
    });
    const [aws, gcp] = plans.map((p) => p.selection);
    expect(aws.primary.name).toBe('p5.48xlarge');
    expect(gcp.primary.name).toMatch(/^a3-/);
    for (const s of [aws, gcp]) expect(ACCELERATORS[s.primary.accelerator].memoryGiB).toBe(80);
    expect(gcp.sizing!.totalGB).toBe(aws.sizing!.totalGB);
    expect(aws.parallelism!.tensorParallel).toBe(4);
    expect(gcp.parallelism!.tensorParallel).toBe(4);
    expect(gcp.parallelism!.perGpuGB).toBe(aws.parallelism!.perGpuGB);
  });
});

describe('InferenceServingStack: the same props on AWS and GCP', () => {
  test('both synthesize, under EU + GDPR, with the same model sizing and TP on H100 80 GiB, and a clean policy report', () => {
    const aws = serving('aws');
    const gcp = serving('gcp');
    expect(Object.keys(aws.json.resource.aws_eks_cluster)).toHaveLength(1);
    expect(Object.keys(gcp.json.resource.google_container_cluster)).toHaveLength(1);
    expect(findRegion('aws', aws.stack.region)?.jurisdiction).toBe('EU');
    expect(findRegion('gcp', gcp.stack.region)?.jurisdiction).toBe('EU');
    for (const { stack } of [aws, gcp]) {
      expect(ACCELERATORS[findInstanceType(stack.cloud, stack.pool.instanceType)!.accelerator].memoryGiB).toBe(80);
      expect(stack.policyReport.findings).toEqual([]);
      expect(stack.decisions.find((d) => d.topic === 'budget-check')?.chosen).toMatch(/within budget/);
    }
    expect(gcp.stack.pool.sizing!.totalGB).toBe(aws.stack.pool.sizing!.totalGB);
    expect(gcp.stack.pool.tensorParallel).toBe(aws.stack.pool.tensorParallel);
    expect(aws.stack.pool.tensorParallel).toBe(4);
    expect(gcp.stack.pool).toMatchObject({ minNodes: 1, maxNodes: 3 });
    expect(aws.stack.retrieval!.engine).toBe('aurora-pgvector');
    expect(Object.keys(gcp.json.resource.google_alloydb_cluster)).toHaveLength(1);
  });
});

describe('DistributedTrainingStack: the same props on AWS and GCP', () => {
  test('both synthesize 8 nodes × 8 H100 in one zone with Lustre there, the same sizing and the same TP × PP', () => {
    const aws = training('aws');
    const gcp = training('gcp');
    for (const { stack } of [aws, gcp]) {
      expect(stack.pool.jobNodes).toBe(8);
      expect(stack.pool.gpusPerNode).toBe(8);
      expect(stack.storage!.zone).toBe(stack.pool.zones[0]);
      expect(findRegion(stack.cloud, stack.region)?.jurisdiction).toBe('US');
      expect(stack.policyReport.findings).toEqual([]);
    }
    expect(aws.stack.pool.instanceTypes[0]).toBe('p5.48xlarge');
    expect(gcp.stack.pool.instanceTypes[0]).toMatch(/^a3-/);
    expect(gcp.stack.pool.sizing!.totalGB).toBe(aws.stack.pool.sizing!.totalGB);
    expect(gcp.stack.pool.parallelism).toMatchObject({
      tensorParallel: aws.stack.pool.parallelism!.tensorParallel,
      pipelineParallel: aws.stack.pool.parallelism!.pipelineParallel,
      dataParallel: aws.stack.pool.parallelism!.dataParallel,
    });
    expect(Object.keys(aws.json.resource.aws_fsx_lustre_file_system)).toHaveLength(1);
    expect(Object.keys(gcp.json.resource.google_lustre_instance)).toHaveLength(1);
  });
});

describe('FeaturePlatformStack: the same props on AWS and GCP', () => {
  test('SageMaker feature groups on AWS, a Vertex AI online store over BigQuery on GCP, a budget on both', () => {
    const stacks = (['aws', 'gcp'] as const).map((cloud) => {
      const stack = new FeaturePlatformStack(Testing.app(), 'feat', {
        cloud,
        namePrefix: 'feat',
        tags: TAGS,
        ...IDENTITY[cloud],
        compliance: EU_GDPR,
        features: { featureGroups: [{ name: 'users', recordIdentifier: 'id', eventTime: 'ts', features: [{ name: 'id', type: 'String' }, { name: 'ts', type: 'Fractional' }] }] },
        budget: budget(cloud, 5_000),
      });
      return { stack, json: JSON.parse(Testing.synth(stack, true)) };
    });
    const [aws, gcp] = stacks;
    expect(Object.keys(aws.json.resource.aws_sagemaker_feature_group)).toHaveLength(1);
    expect(Object.keys(gcp.json.resource.google_vertex_ai_feature_online_store)).toHaveLength(1);
    expect(Object.keys(gcp.json.resource.google_billing_budget)).toHaveLength(1);
    for (const { stack } of stacks) expect(stack.policyReport.findings).toEqual([]);
  });
});
