import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { expectAiInfraError } from './expect';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { SpotTrainingPool, SpotTrainingPoolProps } from '../../src/constructs/spot-training-pool';
import { AiInfraStack } from '../../src/constructs/stack';
import { WarmInferencePool, WarmInferencePoolProps } from '../../src/constructs/warm-inference-pool';
import { AiInfraError } from '../../src/errors';
import { FakeGpuCluster } from '../helpers/fake-cluster';
import { awsStack, synthJson } from '../helpers/stack';

type StackProps = Parameters<typeof awsStack>[0];

function spot(props: Partial<SpotTrainingPoolProps> | Record<string, unknown>, stackProps: StackProps = {}, clusterZones?: string[]) {
  return () => {
    const stack = awsStack(stackProps);
    const cluster = new GpuCluster(stack, 'Cluster', clusterZones ? { zones: clusterZones } : { instanceTypes: ['p5.48xlarge'] });
    return new SpotTrainingPool(stack, 'Pool', { cluster, accelerator: 'H100', totalGpus: 16, ...props } as SpotTrainingPoolProps);
  };
}

function warm(props: Partial<WarmInferencePoolProps> | Record<string, unknown>, clusterZones?: string[]) {
  return () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', clusterZones ? { zones: clusterZones } : { accelerators: ['L4', 'H100'] });
    return new WarmInferencePool(stack, 'Serve', { cluster, model: { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8 }, ...props } as WarmInferencePoolProps);
  };
}

describe('SpotTrainingPool: odd inputs give AiInfraError naming test/Pool and the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['totalGpus NaN', { totalGpus: NaN }, 'totalGpus'],
    ['totalGpus Infinity', { totalGpus: Infinity }, 'totalGpus'],
    ['totalGpus 1e308', { totalGpus: 1e308 }, 'totalGpus'],
    ['totalGpus -0', { totalGpus: -0 }, 'totalGpus'],
    ['totalGpus fractional', { totalGpus: 8.5 }, 'totalGpus'],
    ['totalGpus not a multiple of GPUs per node (selected type)', { totalGpus: 12 }, 'totalGpus'],
    ['totalGpus not a multiple of GPUs per node (explicit type)', { accelerator: undefined, instanceTypes: ['p5.48xlarge'], totalGpus: 12 }, 'totalGpus'],
    ['minNodes > maxNodes', { minNodes: 5, maxNodes: 2 }, 'minNodes'],
    ['maxNodes below the nodes the job needs', { totalGpus: 64, maxNodes: 2 }, 'maxNodes'],
    ['expectedNodes above maxNodes', { expectedNodes: 50 }, 'expectedNodes'],
    ['expectedNodes Infinity', { expectedNodes: Infinity }, 'expectedNodes'],
    ['expectedNodes negative', { expectedNodes: -1 }, 'expectedNodes'],
    ['unknown instance type', { accelerator: undefined, instanceTypes: ['p9.huge'] }, 'instanceTypes'],
    ['empty instanceTypes', { instanceTypes: [] }, 'instanceTypes'],
    ['instance type listed twice', { accelerator: undefined, instanceTypes: ['p5.48xlarge', 'p5.48xlarge'] }, 'instanceTypes.1'],
    ['mixed accelerators', { accelerator: undefined, instanceTypes: ['p5.48xlarge', 'p4d.24xlarge'] }, 'instanceTypes'],
    ['accelerator contradicting the types', { accelerator: 'A100-40GB', instanceTypes: ['p5.48xlarge'] }, 'accelerator'],
    ['unknown accelerator', { accelerator: 'X1000' }, 'accelerator'],
    ['zone outside the cluster', { zones: ['use1-az5'] }, 'zones.0'],
    ['the same zone twice', { zones: ['use1-az1', 'use1-az1'] }, 'zones.1'],
    ['empty zones', { zones: [] }, 'zones'],
    ['model too big for any GPU', { totalGpus: undefined, model: { paramsBillions: 100_000 } }, 'no instance type meets the request'],
    ['model too big for the GPUs given', { totalGpus: 8, model: { paramsBillions: 1000 } }, 'totalGpus'],
    ['model paramsBillions Infinity', { model: { paramsBillions: Infinity } }, 'model.paramsBillions'],
    ['model sequenceLength fractional', { model: { paramsBillions: 7, sequenceLength: 1.5 } }, 'model.sequenceLength'],
    ['kvHeads without attentionHeads', { model: { paramsBillions: 7, kvHeads: 8 } }, 'attentionHeads'],
    ['int4 pretraining', { model: { paramsBillions: 7, precision: 'int4' } }, 'precision'],
    ['maxHourlyUsd NaN', { maxHourlyUsd: NaN }, 'maxHourlyUsd'],
    ['maxHourlyUsd below any job', { maxHourlyUsd: 0.0001 }, 'maxHourlyUsd'],
    ['rootVolumeGiB 0', { rootVolumeGiB: 0 }, 'rootVolumeGiB'],
    ['cluster that is not a cluster', { cluster: {} }, 'cluster'],
  ])('%s', (_name, props, field) => {
    expectAiInfraError(spot(props), 'test/Pool', field);
  });

  test('a type the stack region does not sell as spot (explicit types skipped this check)', () => {
    expectAiInfraError(spot({ accelerator: undefined, instanceTypes: ['p5.48xlarge'] }, { region: 'us-gov-west-1' }), 'test/Pool', 'instanceTypes');
  });

  test('a given zone that does not offer the type (p6-b200 is only in use1-az6)', () => {
    const e = expectAiInfraError(spot({ accelerator: undefined, instanceTypes: ['p6-b200.48xlarge'], zones: ['use1-az1'] }, {}, ['use1-az1', 'use1-az2']), 'test/Pool', 'zones.0');
    expect(e.message).toMatch(/use1-az6/);
  });

  test('no cluster zone offers the type', () => {
    expectAiInfraError(spot({ accelerator: undefined, instanceTypes: ['p6-b200.48xlarge'] }, {}, ['use1-az1', 'use1-az2']), 'test/Pool', 'instanceTypes');
  });

  test('a cluster from another stack is refused, saying which stack owns it', () => {
    const app = Testing.app();
    const a = awsStack({}, app);
    const cluster = new GpuCluster(a, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
    const b = awsStack({ namePrefix: 'other', region: 'us-west-2' }, app);
    const e = expectAiInfraError(() => new SpotTrainingPool(b, 'Pool', { cluster, accelerator: 'H100', totalGpus: 16 }), 'other/Pool', 'cluster');
    expect(e.message).toMatch(/belongs to stack test \(aws us-east-1\)/);
  });

  test('on a GCP stack, a cluster whose backend is not this library\'s GKE backend is refused with a clear error', () => {
    const stack = new AiInfraStack(Testing.app(), 'gcp', {
      cloud: 'gcp', region: 'us-central1', namePrefix: 'gcp', tags: { project: 'p', environment: 'e', costCenter: 'c' }, gcp: { projectId: 'my-project-1' },
    });
    const cluster = new FakeGpuCluster(stack, 'Cluster', { cloud: 'gcp', zones: ['us-central1-a', 'us-central1-b'] });
    const e = expectAiInfraError(() => new SpotTrainingPool(stack, 'Pool', { cluster, instanceTypes: ['a3-megagpu-8g'], totalGpus: 16 }), 'gcp/Pool', 'cluster');
    expect(e.message).toMatch(/a GCP GpuCluster of this library \(its node-pool mechanism is needed\)/);
    // Refused before any pool reached the cluster's backend.
    expect(cluster.nodePools).toHaveLength(0);
  });

  test('two pools with the same id under different parents (same node-group and Kubernetes names)', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
    new SpotTrainingPool(new Construct(stack, 'A'), 'Pool', { cluster, accelerator: 'H100', totalGpus: 16 });
    expectAiInfraError(() => new SpotTrainingPool(new Construct(stack, 'B'), 'Pool', { cluster, accelerator: 'H100', totalGpus: 16 }), 'test/B/Pool', 'id');
  });

  test('the same id twice in one scope', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'] });
    new SpotTrainingPool(stack, 'Pool', { cluster, accelerator: 'H100', totalGpus: 16 });
    expectAiInfraError(() => new SpotTrainingPool(stack, 'Pool', { cluster, accelerator: 'H100', totalGpus: 16 }), 'test/Pool', 'id');
  });

  test('valid edge: a whole-node multiple and zones of the cluster still build', () => {
    const pool = spot({ totalGpus: 16, zones: ['use1-az1'] })();
    expect(pool.jobNodes).toBe(2);
  });
});

describe('WarmInferencePool: odd inputs give AiInfraError naming test/Serve and the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['warm floor 0 (the server keeps one replica, so a node runs and bills anyway)', { minNodes: 0 }, 'minNodes'],
    ['floor above ceiling', { minNodes: 5, maxNodes: 2 }, 'minNodes'],
    ['expectedNodes below the floor', { expectedNodes: 0.5 }, 'expectedNodes'],
    ['model id empty', { model: { id: '', paramsBillions: 8 } }, 'model.id'],
    ['model id blank', { model: { id: '   ', paramsBillions: 8 } }, 'model.id'],
    ['model id with a space', { model: { id: 'meta llama', paramsBillions: 8 } }, 'model.id'],
    ['model without paramsBillions', { model: { id: 'x' } }, 'model.paramsBillions'],
    ['model too big for one node', { model: { id: 'x', paramsBillions: 2000 } }, 'no instance type meets the request'],
    ['unknown instance type', { instanceType: 'g9.xlarge' }, 'instanceTypes'],
    ['type not sold on demand (p5e: capacity blocks and spot only)', { instanceType: 'p5e.48xlarge' }, 'instanceTypes'],
    ['port below 1024', { server: { port: 80 } }, 'server.port'],
    ['image with a space', { server: { image: 'vllm/vllm-openai latest' } }, 'server.image'],
    ['blank extra argument', { server: { extraArgs: [''] } }, 'server.extraArgs.0'],
    ['capacity block without its reservation', { aws: { capacityBlock: true } }, 'aws.capacityReservation'],
    ['reservation id malformed', { aws: { capacityReservation: { id: 'cr-xyz' } } }, 'aws.capacityReservation'],
    ['zone listed twice', { zones: ['use1-az1', 'use1-az1'] }, 'zones.1'],
  ])('%s', (_name, props, field) => {
    expectAiInfraError(warm(props), 'test/Serve', field);
  });

  test('a pool and a warm pool whose ids give the same name in one stack', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['L4', 'H100'] });
    new SpotTrainingPool(new Construct(stack, 'Train'), 'Gpu', { cluster, accelerator: 'H100', totalGpus: 8 });
    expectAiInfraError(
      () => new WarmInferencePool(new Construct(stack, 'Serve'), 'Gpu', { cluster, model: { id: 'x', paramsBillions: 8 } }),
      'test/Serve/Gpu',
      'id',
    );
  });

  test('valid edge: floor 1 synthesizes and prices the floor', () => {
    const stack = awsStack();
    const cluster = new GpuCluster(stack, 'Cluster', { accelerators: ['L4'] });
    new WarmInferencePool(stack, 'Serve', { cluster, minNodes: 1, maxNodes: 1, model: { id: 'x', paramsBillions: 8 } });
    expect(() => synthJson(stack)).not.toThrow();
    expect(stack.costLines.some((l) => l.component === 'test/Serve')).toBe(true);
  });

  test('errors are our type, never a RangeError, for absurd but valid-shaped numbers', () => {
    const e = expectAiInfraError(warm({ model: { id: 'x', paramsBillions: 8, concurrency: 100_000, sequenceLength: 10_000_000 } }), 'test/Serve', 'no instance type meets the request');
    expect(e).toBeInstanceOf(AiInfraError);
  });
});
