import { Testing } from 'cdktf';
import {
  AiInfraStack, FeatureStore, FinOpsBudget, GpuCluster, LustreTier, ObservabilityStack, SpotTrainingPool, VectorStore, WarmInferencePool,
} from '../../src';

/** All eight constructs, two of each pool, in one stack: names stay unique and the policy pack stays clean. */
function everything() {
  const app = Testing.app();
  const stack = new AiInfraStack(app, 'mix', { cloud: 'aws', region: 'us-west-2', namePrefix: 'mix', tags: { project: 'p', environment: 'e', costCenter: 'c' }, aws: { accountId: '123456789012' } });
  const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['H100', 'L40S'] });
  const train = new SpotTrainingPool(stack, 'Pretrain', { cluster, accelerator: 'H100', totalGpus: 32 });
  new SpotTrainingPool(stack, 'Finetune', { cluster, accelerator: 'H100', totalGpus: 8, purpose: 'lora' });
  new WarmInferencePool(stack, 'Chat', { cluster, model: { id: 'org/chat-8b', paramsBillions: 8, attentionHeads: 32, kvHeads: 8 } });
  new WarmInferencePool(stack, 'Embed', { cluster, model: { id: 'org/embed', paramsBillions: 1 }, minNodes: 1, maxNodes: 2 });
  new LustreTier(stack, 'Scratch', { cluster, zone: train.zones[0], capacityGiB: 2400 });
  new VectorStore(stack, 'Vectors', { cluster, vectors: 5_000_000, dimensions: 1024 });
  new VectorStore(stack, 'Search', { cluster, engine: 'opensearch-serverless', aws: { accessPrincipalArns: ['arn:aws:iam::123456789012:role/app'] } });
  new FeatureStore(stack, 'Features', { featureGroups: [{ name: 'users', recordIdentifier: 'id', eventTime: 'ts', features: [{ name: 'id', type: 'String' }, { name: 'ts', type: 'Fractional' }] }] });
  new ObservabilityStack(stack, 'Observability', { cluster });
  new FinOpsBudget(stack, 'Budget', { limitUsd: 1_000_000, emails: ['f@example.com'] });
  return { app, stack };
}

/** Types whose `name` is scoped to a parent (an inline policy's name is unique per role only). */
const SCOPED_NAMES = ['aws_iam_role_policy'];

const NAME_ATTRIBUTES = ['name', 'bucket', 'node_group_name', 'cluster_identifier', 'identifier', 'feature_group_name', 'alias', 'release_name'];

describe('one stack with everything', () => {
  test('synthesizes with a clean policy report and unique physical names per resource type', () => {
    const { stack, app } = everything();
    const json = JSON.parse(Testing.synth(stack, true));
    expect(stack.policyReport.findings).toEqual([]);
    for (const [type, resources] of Object.entries<Record<string, any>>(json.resource)) {
      if (SCOPED_NAMES.includes(type)) continue;
      for (const attr of NAME_ATTRIBUTES) {
        const names = Object.values(resources).map((r) => r[attr]).filter((n) => typeof n === 'string');
        expect({ type, attr, duplicates: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({ type, attr, duplicates: [] });
      }
    }
    // AND the workloads stack holds one model server per warm pool and one termination handler per training pool
    const workloads = app.node.children.find((c) => c.node.id === 'mix-workloads') as any;
    const w = JSON.parse(Testing.synth(workloads));
    expect(Object.keys(w.resource.kubernetes_deployment_v1 ?? {}).filter((id) => /-(chat|embed)-ModelServer_/.test(id))).toHaveLength(2);
    const releases = Object.values<any>(w.resource.helm_release).map((r) => r.name);
    expect(releases.filter((n) => n.startsWith('nth-'))).toHaveLength(2);
    expect(new Set(releases).size).toBe(releases.length);
  });
});
