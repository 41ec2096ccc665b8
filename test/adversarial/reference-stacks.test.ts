import { Testing } from 'cdktf';
import { expectAiInfraError } from './expect';
import { DistributedTrainingStack, DistributedTrainingStackProps } from '../../src/stacks/distributed-training';
import { FeaturePlatformStack, FeaturePlatformStackProps } from '../../src/stacks/feature-platform';
import { InferenceServingStack, InferenceServingStackProps } from '../../src/stacks/inference-serving';

const BASE = { namePrefix: 'ref', region: 'us-east-1', tags: { project: 'llm', environment: 'test', costCenter: 'cc-1' }, aws: { accountId: '123456789012' } };
const ADMINS = { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } };
const BUDGET = { limitUsd: 1_000_000, emails: ['finops@example.com'] };

const training = (over: Record<string, unknown>) => () =>
  new DistributedTrainingStack(Testing.app(), 'train', { ...BASE, cluster: ADMINS, training: { accelerator: 'H100', totalGpus: 64 }, budget: BUDGET, ...over } as DistributedTrainingStackProps);
const serving = (over: Record<string, unknown>) => () =>
  new InferenceServingStack(Testing.app(), 'serve', { ...BASE, cluster: ADMINS, serving: { model: { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8 } }, budget: BUDGET, ...over } as InferenceServingStackProps);
const features = (over: Record<string, unknown>) => () =>
  new FeaturePlatformStack(Testing.app(), 'feat', { ...BASE, features: { featureGroups: [] }, budget: BUDGET, ...over } as unknown as FeaturePlatformStackProps);

describe('reference stacks pass their users\' mistakes through as AiInfraError naming the inner construct', () => {
  test.each<[string, () => unknown, string, string]>([
    ['training: totalGpus not a multiple of 8', training({ training: { accelerator: 'H100', totalGpus: 12 } }), 'train/Training', 'totalGpus'],
    ['training: totalGpus NaN', training({ training: { accelerator: 'H100', totalGpus: NaN } }), 'train/Training', 'totalGpus'],
    ['training: Lustre capacity 0', training({ storage: { capacityGiB: 0 } }), 'train/Scratch', 'capacityGiB'],
    ['training: DRA path not s3://', training({ storage: { dataRepositories: [{ importPath: 'gs://bucket/x', fileSystemPath: '/d' }] } }), 'train/Scratch', 'dataRepositories.0.importPath'],
    ['training: GPU not offered in the region', training({ region: 'eu-central-1', training: { accelerator: 'B200', totalGpus: 8 } }), 'train', 'region'],
    ['training: budget 0', training({ budget: { limitUsd: 0 } }), 'train/Budget', 'limitUsd'],
    ['training: cluster with one zone', training({ cluster: { ...ADMINS, zones: ['use1-az4'] } }), 'train/Cluster', 'zones'],
    ['serving: warm floor 0', serving({ serving: { model: { id: 'x', paramsBillions: 8 }, minNodes: 0 } }), 'serve/Serving', 'minNodes'],
    ['serving: RAG dimensions past pgvector HNSW', serving({ retrieval: { vectors: 1000, dimensions: 3072 } }), 'serve/Vectors', 'dimensions'],
    ['serving: inverted latency alerts', serving({ observability: { alerts: { p95LatencyMs: 9000, p99LatencyMs: 100 } } }), 'serve/Observability', 'alerts.p99LatencyMs'],
    ['features: no groups', features({}), 'feat/Features', 'featureGroups'],
    ['no account id', training({ aws: undefined }), 'train', 'aws.accountId'],
  ])('%s', (_name, fn, where, field) => {
    const error = expectAiInfraError(fn, where, field);
    expect(error.where).toBe(where);
  });
});
