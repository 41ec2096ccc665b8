import { Testing } from 'cdktf';
import {
  AiInfraStack, FeatureStore, FinOpsBudget, GpuCluster, LustreTier, ObservabilityStack, SpotTrainingPool, VectorStore, WarmInferencePool,
} from '../../src';

/** The eight constructs on Google Cloud in one stack, as examples/gcp-ml-platform builds them. */
function platform() {
  const stack = new AiInfraStack(Testing.app(), 'mlp', {
    cloud: 'gcp',
    region: 'us-central1',
    namePrefix: 'mlp',
    tags: { project: 'ml-platform', environment: 'test', costCenter: 'platform' },
    gcp: { projectId: 'ml-platform-prod', projectNumber: '402837465123' },
  });
  const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['H100', 'L4'] });
  const pretrain = new SpotTrainingPool(stack, 'Pretrain', { cluster, accelerator: 'H100', totalGpus: 32, expectedNodes: 2 });
  new SpotTrainingPool(stack, 'Finetune', { cluster, accelerator: 'H100', totalGpus: 8, purpose: 'lora', expectedNodes: 1 });
  const scratch = new LustreTier(stack, 'Scratch', { cluster, zone: pretrain.zones[0], throughputGBps: 2 });
  new WarmInferencePool(stack, 'Chat', { cluster, model: { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8, attentionHeads: 32, kvHeads: 8 }, minNodes: 2, maxNodes: 6 });
  new WarmInferencePool(stack, 'Embed', { cluster, model: { id: 'BAAI/bge-m3', paramsBillions: 0.6 }, minNodes: 1, maxNodes: 2 });
  new VectorStore(stack, 'Documents', { cluster, vectors: 5_000_000, dimensions: 1024, gcp: { engine: 'alloydb' } });
  new VectorStore(stack, 'Search', { cluster, vectors: 5_000_000, dimensions: 768, gcp: { engine: 'vertex-vector-search' } });
  new FeatureStore(stack, 'Features', {
    featureGroups: [{ name: 'user-context', recordIdentifier: 'user_id', eventTime: 'event_time', features: [{ name: 'user_id', type: 'String' }, { name: 'event_time', type: 'Fractional' }, { name: 'locale', type: 'String' }] }],
  });
  new ObservabilityStack(stack, 'Observability', { cluster, alertEmails: ['ml-oncall@example.com'] });
  new FinOpsBudget(stack, 'Budget', { limitUsd: 400_000, emails: ['finops@example.com'], gcp: { billingAccountId: '01AB23-45CD67-89EF01' } });
  return { stack, pretrain, scratch, json: JSON.parse(Testing.synth(stack, true)) };
}

describe('all eight constructs on GCP in one stack (examples/gcp-ml-platform)', () => {
  test('one GKE cluster with the pools, Managed Lustre in the pretraining zone, both vector engines, the feature store, alerts and the budget; clean policy', () => {
    const { stack, pretrain, scratch, json } = platform();
    const count = (type: string) => Object.keys(json.resource[type] ?? {}).length;
    expect(count('google_container_cluster')).toBe(1);
    expect(pretrain.instanceTypes[0]).toMatch(/^a3-/);
    expect(pretrain.jobNodes).toBe(4);
    expect(scratch.zone).toBe(pretrain.zones[0]);
    expect(Object.values(json.resource.google_lustre_instance).map((l: any) => l.location)).toEqual([pretrain.zones[0]]);
    expect(count('google_alloydb_cluster')).toBe(1);
    expect(count('google_vertex_ai_index_endpoint')).toBe(1);
    expect(count('google_vertex_ai_feature_online_store')).toBe(1);
    expect(count('google_bigquery_dataset')).toBe(1);
    expect(count('google_billing_budget')).toBe(1);
    expect(stack.policyReport.findings).toEqual([]);
    expect(stack.decisions.find((d) => d.topic === 'budget-check')?.chosen).toMatch(/^ceiling \$[\d,.]+\/month \(every pool at its max\), expected \$[\d,.]+\/month vs limit \$400,000\.00\/month: within budget \(gate: ceiling\)$/);
  });
});
