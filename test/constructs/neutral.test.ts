import { Construct } from 'constructs';
import { FeatureGroupDefinition, FeatureStore } from '../../src/constructs/feature-store';
import { FinOpsBudget } from '../../src/constructs/finops-budget';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { LustreTier } from '../../src/constructs/lustre-tier';
import { ObservabilityStack } from '../../src/constructs/observability-stack';
import { SpotTrainingPool, TRAINING_TAINT } from '../../src/constructs/spot-training-pool';
import { AiInfraStack } from '../../src/constructs/stack';
import { VectorStore } from '../../src/constructs/vector-store';
import { INFERENCE_TAINT, WarmInferencePool } from '../../src/constructs/warm-inference-pool';
import { expectAiInfraError } from '../adversarial/expect';
import { forEachCloud } from '../helpers/clouds';

/**
 * Cloud-neutral behaviour of the eight constructs: validation, decisions,
 * costs and names, asserted on what the construct records and hands its
 * backend (the plans), not on provider resources. Each block runs once per
 * cloud in CLOUDS (test/helpers/clouds.ts); per-cloud synth assertions live
 * in each construct's own test file.
 */

const decision = (stack: AiInfraStack, construct: string, topic: string) =>
  stack.decisions.find((d) => d.construct === construct && d.topic === topic);
const costOf = (stack: AiInfraStack, component: string) => stack.costLines.filter((l) => l.component === component);

forEachCloud('GpuCluster', (f) => {
  test('zones: the given ones, recorded with the reason', () => {
    const stack = f.stack();
    const cluster = new GpuCluster(stack, 'Cluster', { zones: f.zones });
    expect(cluster.zones).toEqual(f.zones);
    expect(decision(stack, 'test/Cluster', 'cluster-zones')).toMatchObject({ chosen: f.zones.join(', '), reason: 'given by the user' });
  });

  test('the cluster name derives from the prefix and id, and the control plane is priced on the stack\'s cloud', () => {
    const stack = f.stack();
    const cluster = new GpuCluster(stack, 'Cluster', { zones: f.zones });
    expect(cluster.clusterName).toBe('test-cluster');
    expect(cluster.backend.cloud).toBe(f.cloud);
    // The first line is the control plane: $0.10 an hour on both clouds, 730 hours a month.
    const [controlPlane] = costOf(stack, 'test/Cluster');
    expect(controlPlane).toMatchObject({ quantity: 1, unitUsd: 0.1, monthlyUsd: 73 });
  });

  test('one cluster name per stack: the same id under another parent is refused on "id"', () => {
    const stack = f.stack();
    new GpuCluster(stack, 'Cluster', { zones: f.zones });
    expectAiInfraError(() => new GpuCluster(new Construct(stack, 'Team'), 'Cluster', { zones: f.zones }), 'test/Team/Cluster', 'id');
  });

  test('fewer than two zones is refused on "zones"', () => {
    expectAiInfraError(() => new GpuCluster(f.stack(), 'Cluster', { zones: [f.zones[0]] }), 'test/Cluster', 'zones');
  });
});

forEachCloud('SpotTrainingPool', (f) => {
  const setup = () => {
    const stack = f.stack();
    const cluster = f.cluster(stack);
    return { stack, cluster };
  };

  test('hands the cluster backend a spot pool and an on-demand fallback at zero, in Kubernetes taint spelling', () => {
    const { stack, cluster } = setup();
    const pool = new SpotTrainingPool(stack, 'Pool', { cluster, instanceTypes: [f.h100Type], totalGpus: 16 });
    const [spot, fallback] = cluster.nodePools;
    expect(cluster.nodePools).toHaveLength(2);
    expect(spot).toMatchObject({ where: 'test/Pool', nameSuffix: 'pool-spot', purchase: 'spot', minNodes: 0, desiredNodes: 0, maxNodes: 2 });
    expect(fallback).toMatchObject({ nameSuffix: 'pool-od', purchase: 'on-demand', minNodes: 0, maxNodes: 2 });
    expect(spot.types.map((t) => t.name)).toEqual([f.h100Type]);
    expect(spot.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }, TRAINING_TAINT]);
    expect(spot.labels).toMatchObject({ 'ai-infra/pool': 'pool', 'ai-infra/workload': 'training', 'ai-infra/capacity': 'spot' });
    expect(fallback.labels['ai-infra/capacity']).toBe('on-demand');
    expect(pool.taints).toEqual(spot.taints);
    expect(pool.jobNodes).toBe(2);
  });

  test('records the type decision and prices the pool as spot', () => {
    const { stack, cluster } = setup();
    new SpotTrainingPool(stack, 'Pool', { cluster, instanceTypes: [f.h100Type], totalGpus: 16 });
    expect(decision(stack, 'test/Pool', 'instance-type')?.chosen).toBe(`2 × ${f.h100Type}`);
    const nodes = costOf(stack, 'test/Pool').find((l) => l.item.includes(f.h100Type));
    expect(nodes?.basis).toBe('spot-ceiling');
    expect(nodes?.note).toContain('2 of 2 nodes on average; idles at 0');
  });

  test('validation: a floor above the ceiling is refused on "minNodes", before any pool reaches the backend', () => {
    const { stack, cluster } = setup();
    expectAiInfraError(() => new SpotTrainingPool(stack, 'Pool', { cluster, instanceTypes: [f.h100Type], totalGpus: 8, minNodes: 3, maxNodes: 2 }), 'test/Pool', 'minNodes');
    expect(cluster.nodePools).toHaveLength(0);
  });

  test('names: two pools "Pool" under different parents are refused on "id"', () => {
    const { stack, cluster } = setup();
    new SpotTrainingPool(new Construct(stack, 'A'), 'Pool', { cluster, instanceTypes: [f.h100Type], totalGpus: 8 });
    expectAiInfraError(() => new SpotTrainingPool(new Construct(stack, 'B'), 'Pool', { cluster, instanceTypes: [f.h100Type], totalGpus: 8 }), 'test/B/Pool', 'id');
  });
});

forEachCloud('WarmInferencePool', (f) => {
  test('hands the backend one on-demand pool: floor as min and desired, ceiling as max, inference taint', () => {
    const stack = f.stack();
    const cluster = f.cluster(stack);
    const pool = new WarmInferencePool(stack, 'Serve', { cluster, model: { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8 }, instanceType: f.h100Type, minNodes: 2, maxNodes: 5 });
    expect(cluster.nodePools).toHaveLength(1);
    expect(cluster.nodePools[0]).toMatchObject({ nameSuffix: 'serve', purchase: 'on-demand', minNodes: 2, desiredNodes: 2, maxNodes: 5, compactPlacement: false, fabric: false });
    expect(cluster.nodePools[0].taints).toContainEqual(INFERENCE_TAINT);
    expect(pool.instanceType).toBe(f.h100Type);
    expect(decision(stack, 'test/Serve', 'node-pool')?.chosen).toBe(`on-demand 2..5 × ${f.h100Type} in ${cluster.nodePools[0].zones.join(', ')}`);
    // The warm floor is always on: priced at 2 nodes on demand.
    const warm = costOf(stack, 'test/Serve').find((l) => l.item.endsWith('warm floor (always on)'));
    expect(warm?.quantity).toBe(2);
  });

  test('validation: the floor above the ceiling is refused on "minNodes"', () => {
    const stack = f.stack();
    expectAiInfraError(
      () => new WarmInferencePool(stack, 'Serve', { cluster: f.cluster(stack), model: { id: 'm', paramsBillions: 8 }, instanceType: f.h100Type, minNodes: 5, maxNodes: 2 }),
      'test/Serve',
      'minNodes',
    );
  });
});

forEachCloud('LustreTier', (f) => {
  test('sizes from a throughput target, records the capacity decision, and lives in the cluster\'s first zone', () => {
    const stack = f.stack();
    const lustre = new LustreTier(stack, 'Scratch', { cluster: f.cluster(stack), throughputGBps: 1 });
    expect(lustre.capacityGiB).toBeGreaterThanOrEqual(1200);
    expect(lustre.throughputGBps).toBeGreaterThanOrEqual(1);
    expect(lustre.zone).toBe(f.zones[0]);
    expect(decision(stack, 'test/Scratch', 'lustre-capacity')?.reason).toMatch(/delivering 1 GB\/s/);
    expect(costOf(stack, 'test/Scratch').length).toBeGreaterThan(0);
  });

  test('validation: a capacity off the ladder is refused on "capacityGiB" with the next valid size', () => {
    const stack = f.stack();
    const e = expectAiInfraError(() => new LustreTier(stack, 'Scratch', { cluster: f.cluster(stack), capacityGiB: 1000 }), 'test/Scratch', 'capacityGiB');
    expect(e.message).toContain('The next valid size is 1200 GiB');
  });
});

forEachCloud('VectorStore', (f) => {
  test('sizes storage from vectors × dimensions and records it', () => {
    const stack = f.stack();
    const store = new VectorStore(stack, 'Vectors', { cluster: f.cluster(stack), vectors: 1_000_000, dimensions: 768 });
    expect(store.sizing?.storageGiB).toBeGreaterThan(0);
    expect(decision(stack, 'test/Vectors', 'vector-storage')?.chosen).toContain(`${store.sizing!.storageGiB} GiB`);
  });

  test('validation: vectors without dimensions is refused on "dimensions"', () => {
    const stack = f.stack();
    expectAiInfraError(() => new VectorStore(stack, 'Vectors', { cluster: f.cluster(stack), vectors: 10 }), 'test/Vectors', 'dimensions');
  });
});

forEachCloud('FeatureStore', (f) => {
  const group: FeatureGroupDefinition = { name: 'users', recordIdentifier: 'id', eventTime: 'ts', features: [{ name: 'id', type: 'String' }, { name: 'ts', type: 'Fractional' }] };

  test('group names are physical names: the same group in two stores is refused on its field', () => {
    const stack = f.stack();
    new FeatureStore(stack, 'A', { featureGroups: [group] });
    expectAiInfraError(() => new FeatureStore(stack, 'B', { featureGroups: [group] }), 'test/B', 'featureGroups.0.name');
  });

  test('records the offline-catalog decision and prices the key', () => {
    const stack = f.stack();
    const store = new FeatureStore(stack, 'Features', { featureGroups: [group] });
    expect(store.featureGroupNames).toHaveProperty('users');
    expect(decision(stack, 'test/Features', 'feature-store-offline-catalog')?.chosen).toBe('no Glue tables');
    expect(costOf(stack, 'test/Features').some((l) => /key/i.test(l.item))).toBe(true);
  });
});

forEachCloud('ObservabilityStack', (f) => {
  test('records the alert thresholds and one stack per cluster', () => {
    const stack = f.stack();
    const cluster = f.cluster(stack);
    new ObservabilityStack(stack, 'Obs', { cluster, alerts: { p95LatencyMs: 500, p99LatencyMs: 900 } });
    expect(decision(stack, 'test/Obs', 'alert-thresholds')?.chosen).toMatch(/^p95 500 ms, p99 900 ms/);
    expectAiInfraError(() => new ObservabilityStack(stack, 'Again', { cluster }), 'test/Again', 'cluster');
  });

  test('validation: p99 below p95 is refused on "alerts.p99LatencyMs"', () => {
    const stack = f.stack();
    expectAiInfraError(() => new ObservabilityStack(stack, 'Obs', { cluster: f.cluster(stack), alerts: { p95LatencyMs: 900, p99LatencyMs: 500 } }), 'test/Obs', 'alerts.p99LatencyMs');
  });
});

forEachCloud('FinOpsBudget', (f) => {
  test('records the budget decision for the project\'s spend', () => {
    const stack = f.stack();
    new FinOpsBudget(stack, 'Budget', { limitUsd: 5000, emails: ['finops@example.com'] });
    expect(decision(stack, 'test/Budget', 'budget')?.chosen).toBe('$5,000.00/month for spend tagged project=llm; alerts at 80% actual and 100% forecast');
  });

  test('validation: no topic and no e-mails is refused on "emails"', () => {
    expectAiInfraError(() => new FinOpsBudget(f.stack(), 'Budget', { limitUsd: 5000, topic: false }), 'test/Budget', 'emails');
  });
});
