import { FinOpsBudget } from '../../src/constructs/finops-budget';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { LustreTier } from '../../src/constructs/lustre-tier';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { SpotTrainingPool } from '../../src/constructs/spot-training-pool';
import { VectorStore } from '../../src/constructs/vector-store';
import { awsStack, resourcesOf, synthJson } from '../helpers/stack';

describe('KMS keys that encrypt retained data cannot be destroyed with a targeted destroy', () => {
  test('every key of the constructs has prevent_destroy, except the budget alert topic\'s', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] }, accelerators: ['H100'] });
    const train = new SpotTrainingPool(stack, 'Train', { cluster, accelerator: 'H100', totalGpus: 8 });
    new LustreTier(stack, 'Lustre', { cluster, zone: train.zones[0], capacityGiB: 1200 });
    new VectorStore(stack, 'Vectors', { cluster });
    new ObservabilityStack(stack, 'Observability', { cluster });
    new FinOpsBudget(stack, 'Budget', { limitUsd: 1_000_000, emails: ['f@example.com'] });
    const json = synthJson(stack);
    const protectedKeys = resourcesOf(json, 'aws_kms_key').filter(([, k]) => k.lifecycle?.prevent_destroy === true).map(([id]) => id).sort();
    const unprotected = resourcesOf(json, 'aws_kms_key').filter(([, k]) => k.lifecycle?.prevent_destroy !== true).map(([id]) => id);
    expect(protectedKeys.length).toBeGreaterThanOrEqual(5);
    expect(unprotected).toEqual([expect.stringMatching(/^Budget_Key_/)]);
    expect(protectedKeys.some((id) => id.startsWith('Cluster_'))).toBe(true);
    expect(protectedKeys.some((id) => id.startsWith('Lustre_'))).toBe(true);
    expect(protectedKeys.some((id) => id.startsWith('Vectors_'))).toBe(true);
    expect(protectedKeys.some((id) => id.startsWith('Train_'))).toBe(true);
    expect(stack.policyReport.findings).toEqual([]);
  });
});
