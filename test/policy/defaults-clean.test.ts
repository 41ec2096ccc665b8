import { Testing } from 'cdktf';
import { FeatureStore } from '../../src/constructs/feature-store';
import { FinOpsBudget } from '../../src/constructs/finops-budget';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { LustreTier } from '../../src/constructs/lustre-tier';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { SpotTrainingPool } from '../../src/constructs/spot-training-pool';
import { AiInfraStack } from '../../src/constructs/stack';
import { VectorStore } from '../../src/constructs/vector-store';
import { WarmInferencePool } from '../../src/constructs/warm-inference-pool';
import { FakeGpuCluster } from '../helpers/fake-cluster';
import { awsStack } from '../helpers/stack';

/**
 * The policy pack finds nothing on any construct's defaults: rule 4 and 5
 * hold without a single suppression. Each case builds one construct with only
 * its required props; the synth runs the pack at level `error`.
 */
function expectClean(build: (stack: AiInfraStack) => void): void {
  const stack = awsStack({}, Testing.app());
  build(stack);
  expect(() => Testing.synth(stack, true)).not.toThrow();
  expect(stack.policyReport.findings).toEqual([]);
  expect(stack.policyReport.suppressed).toEqual([]);
  expect(stack.policyReport.rulesRun.length).toBeGreaterThan(20);
}

describe('policy pack on construct defaults', () => {
  test('ObservabilityStack (managed collector)', () => {
    expectClean((s) => new ObservabilityStack(s, 'Observability', { cluster: new FakeGpuCluster(s, 'Cluster') }));
  });

  test('ObservabilityStack (in-cluster collector, subscriptions, app log groups)', () => {
    expectClean(
      (s) =>
        new ObservabilityStack(s, 'Observability', {
          cluster: new FakeGpuCluster(s, 'Cluster'),
          collector: 'in-cluster',
          alertEmails: ['oncall@example.com'],
          applicationLogGroups: ['/ai-infra/inference'],
        }),
    );
  });

  test('FinOpsBudget', () => {
    expectClean((s) => new FinOpsBudget(s, 'Budget', { limitUsd: 1_000_000, emails: ['finance@example.com'] }));
  });

  test('GpuCluster', () => {
    expectClean((s) => new GpuCluster(s, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] }));
  });

  test('SpotTrainingPool', () => {
    expectClean((s) => new SpotTrainingPool(s, 'Training', { cluster: new GpuCluster(s, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['p5.48xlarge'] }), instanceTypes: ['p5.48xlarge'], totalGpus: 16 }));
  });

  test('WarmInferencePool', () => {
    expectClean(
      (s) =>
        new WarmInferencePool(s, 'Inference', {
          cluster: new GpuCluster(s, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, instanceTypes: ['g6e.12xlarge'] }),
          model: { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8 },
        }),
    );
  });

  test('VectorStore', () => {
    expectClean((s) => new VectorStore(s, 'Vectors', { cluster: new FakeGpuCluster(s, 'Cluster') }));
  });

  test('FeatureStore', () => {
    expectClean(
      (s) =>
        new FeatureStore(s, 'Features', {
          featureGroups: [{ name: 'users', recordIdentifier: 'user_id', eventTime: 'ts', features: [{ name: 'user_id', type: 'String' }, { name: 'ts', type: 'String' }] }],
        }),
    );
  });

  test('LustreTier', () => {
    expectClean((s) => new LustreTier(s, 'Lustre', { cluster: new FakeGpuCluster(s, 'Cluster'), capacityGiB: 2400 }));
  });
});
