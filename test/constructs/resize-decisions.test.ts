import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { SpotTrainingPool } from '../../src/constructs/spot-training-pool';
import { WarmInferencePool } from '../../src/constructs/warm-inference-pool';
import { sizeLustre } from '../../src/planning/storage';
import { awsStack } from '../helpers/stack';

const ADMINS = { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] };

describe('resizing that replaces something is a decision, not a surprise', () => {
  test('each GPU node group records what replaces it and that replacement evicts running pods', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['H100', 'L4'], aws: ADMINS });
    new SpotTrainingPool(stack, 'Train', { cluster, accelerator: 'H100', totalGpus: 16 });
    new WarmInferencePool(stack, 'Chat', { cluster, model: { id: 'org/m', paramsBillions: 8 } });
    const replacements = stack.decisions.filter((d) => d.topic === 'node-group-replacement');
    expect(replacements.map((d) => d.construct).sort()).toEqual(['test/Chat', 'test/Train', 'test/Train']);
    for (const d of replacements) {
      expect(d.chosen).toMatch(/^replace the node group \(a new group first, then the old one drained and deleted\) when the instance types, the zones or the placement change/);
      expect(d.reason).toMatch(/evicts every running pod of the pool/);
      expect(d.reason).toMatch(/a pool turning multi-node moves from .* zones? to one/);
    }
    expect(replacements.find((d) => d.construct === 'test/Train')!.chosen).toMatch(/now: p5\.48xlarge|now: p5e?n?\.48xlarge/);
  });

  test('a Lustre tier that drops when the throughput target rises says so', () => {
    const at = (gbps: number) => sizeLustre({ cloud: 'aws', region: 'us-east-1', deploymentType: 'PERSISTENT_2', throughputGBps: gbps }, 'x/Lustre');
    const tiers = [1, 2, 4, 8, 16].map((g) => [g, at(g).tier] as const);
    const drop = tiers.find(([, t], i) => i > 0 && t! < tiers[i - 1][1]!);
    expect(drop).toBeDefined();
    const [target] = drop!;
    const decision = at(target).decision;
    expect(decision.reason).toMatch(/the tier is lower than for a smaller target/);
    const lower = tiers[tiers.findIndex(([g]) => g === target) - 1];
    expect(decision.reason).toContain(`${lower[1]} MB/s/TiB at ${lower[0]} GB/s`);
  });
});
