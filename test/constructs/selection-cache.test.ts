import { Testing } from 'cdktf';
import { GpuCluster } from '../../src/constructs/gpu-cluster';
import { canonicalKey } from '../../src/constructs/selection-cache';
import { SpotTrainingPool } from '../../src/constructs/spot-training-pool';
import { WarmInferencePool } from '../../src/constructs/warm-inference-pool';
import * as pools from '../../src/planning/pools';
import { awsStack, resourcesOf, synthJson } from '../helpers/stack';

// A spy around the real planner: same answers, calls counted.
jest.mock('../../src/planning/pools', () => {
  const actual = jest.requireActual('../../src/planning/pools');
  return { ...actual, planPoolTypes: jest.fn(actual.planPoolTypes) };
});
const planPoolTypes = pools.planPoolTypes as jest.MockedFunction<typeof pools.planPoolTypes>;
const { planPoolTypes: realPlanPoolTypes } = jest.requireActual('../../src/planning/pools') as typeof pools;

const LLAMA_8B = { id: 'meta-llama/Llama-3.1-8B-Instruct', paramsBillions: 8 };
const LLAMA_70B = { id: 'meta-llama/Llama-3.1-70B-Instruct', paramsBillions: 70 };

function cluster() {
  const stack = awsStack({}, Testing.app());
  return { stack, cluster: new GpuCluster(stack, 'Cluster', { instanceTypes: ['p5.48xlarge'], accelerators: ['H100', 'L40S', 'A100-80GB'], aws: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'] } }) };
}

const instanceDecision = (stack: ReturnType<typeof awsStack>, construct: string) =>
  stack.decisions.find((d) => d.construct === construct && d.topic === 'instance-type');

beforeEach(() => planPoolTypes.mockClear());

describe('selection cache (one instance selection per distinct request in a stack)', () => {
  test('a request that fails is not cached: each pool gets the error with its own path', () => {
    const { stack, cluster: c } = cluster();
    const bad = { cluster: c, instanceType: 'p9.nope', model: LLAMA_8B, minNodes: 1, maxNodes: 2, deployModelServer: false };
    expect(() => new WarmInferencePool(stack, 'A', bad)).toThrow(/^test\/A: instanceTypes/);
    expect(() => new WarmInferencePool(stack, 'B', bad)).toThrow(/^test\/B: instanceTypes/);
    expect(planPoolTypes).toHaveBeenCalledTimes(2);
  });

  test('two pools with the same request call the planner once and record the same decision the planner gives', () => {
    const { stack, cluster: c } = cluster();
    const props = { cluster: c, model: LLAMA_8B, minNodes: 1, maxNodes: 2, deployModelServer: false };
    const a = new WarmInferencePool(stack, 'A', props);
    const b = new WarmInferencePool(stack, 'B', props);
    expect(planPoolTypes).toHaveBeenCalledTimes(1);
    expect(b.instanceType).toBe(a.instanceType);
    const request = planPoolTypes.mock.calls[0][0];
    const uncached = realPlanPoolTypes(request, 'test/B').decision;
    expect(instanceDecision(stack, 'test/B')).toEqual({ construct: 'test/B', ...uncached });
    expect(instanceDecision(stack, 'test/A')).toEqual({ construct: 'test/A', ...uncached });
    const groups = resourcesOf(synthJson(stack), 'aws_eks_node_group').filter(([id]) => /^(A|B)_/.test(id));
    expect(groups.map(([, g]) => g.instance_types)).toEqual([[a.instanceType], [a.instanceType]]);
  });

  test('different requests are not conflated: another model, another purpose, another stack', () => {
    const { stack, cluster: c } = cluster();
    const small = new WarmInferencePool(stack, 'Small', { cluster: c, model: LLAMA_8B, minNodes: 1, maxNodes: 2, deployModelServer: false });
    const large = new WarmInferencePool(stack, 'Large', { cluster: c, model: LLAMA_70B, minNodes: 1, maxNodes: 2, deployModelServer: false });
    const train = new SpotTrainingPool(stack, 'Train', { cluster: c, model: { paramsBillions: 8 }, totalGpus: 8 });
    expect(planPoolTypes).toHaveBeenCalledTimes(3);
    const [smallReq, largeReq, trainReq] = planPoolTypes.mock.calls.map(([req]) => req);
    expect([smallReq.model?.paramsBillions, largeReq.model?.paramsBillions, trainReq.model?.paramsBillions]).toEqual([8, 70, 8]);
    expect([smallReq.purpose, trainReq.purpose]).toEqual(['inference', 'pretraining']);
    const smallPlan = realPlanPoolTypes(smallReq, 'test/Small').selection;
    const largePlan = realPlanPoolTypes(largeReq, 'test/Large').selection;
    expect(small.gpusPerReplica).toBe(smallPlan.parallelism!.gpusPerReplica);
    expect(large.gpusPerReplica).toBe(largePlan.parallelism!.gpusPerReplica);
    expect(large.gpusPerReplica).toBeGreaterThan(small.gpusPerReplica);
    expect(train.instanceTypes).toEqual(realPlanPoolTypes(trainReq, 'test/Train').selection.types.map((t) => t.name));

    const other = cluster();
    new WarmInferencePool(other.stack, 'Small', { cluster: other.cluster, model: LLAMA_8B, minNodes: 1, maxNodes: 2, deployModelServer: false });
    expect(planPoolTypes).toHaveBeenCalledTimes(4);
  });

  test('the key ignores field order and undefined fields, and tells values apart', () => {
    expect(canonicalKey({ a: 1, b: { d: [1, 2], c: 'x' }, e: undefined })).toBe(canonicalKey({ b: { c: 'x', d: [1, 2] }, a: 1 }));
    expect(canonicalKey({ a: 1, b: { d: [1, 2] } })).not.toBe(canonicalKey({ a: 1, b: { d: [2, 1] } }));
    expect(canonicalKey({ zones: ['use1-az1'] })).not.toBe(canonicalKey({ zones: ['use1-az2'] }));
  });
});
