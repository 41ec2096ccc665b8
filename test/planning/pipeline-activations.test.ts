import { AiInfraError } from '../../src/errors';
import { GB_PER_GIB, OVERHEAD_FRACTION, planParallelism, sizeModel } from '../../src/planning';

const WHERE = 'test/pipeline';
const h100Node = { acceleratorMemoryGiB: 80, acceleratorsPerNode: 8, nvlinkDomainSize: 8 };

describe('pipeline activations under 1F1B (issue 10, item 12)', () => {
  // Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large Transformer
  // Models", §4.2.3): with 1F1B the first pipeline stage keeps p micro-batches in
  // flight, each holding the activations of L/p layers, so it stores L layers' worth:
  // s·b·h·L·(34 + 5as/h)/t bytes with tensor and sequence parallelism t, whatever p is
  // (Narayanan et al. 2021, §2.2.2). We size with flash attention (no 5as/h term).
  test('a 70B pretraining plan holds every layer\'s activations on the first stage, divided by TP only', () => {
    // GIVEN 70B, 80 layers × hidden 8192, seq 8192, micro-batch 1, no activation checkpointing
    const s = sizeModel(
      { modelParamsBillions: 70, precision: 'bf16', purpose: 'pretraining', layers: 80, hiddenSize: 8192, sequenceLength: 8192, activationCheckpointing: false },
      WHERE,
    );
    // THEN activations are 34 × 8192 × 8192 × 80 bytes = 182.54 GB for the whole model
    expect(s.activationsGB).toBeCloseTo((34 * 8192 * 8192 * 80) / 1e9, 2);
    // WHEN it is planned on 8-GPU H100 nodes
    const plan = planParallelism(s, { ...h100Node, totalGpus: 64 }, WHERE);
    const tp = plan.tensorParallel;
    const pp = plan.pipelineParallel;
    expect(tp).toBe(8);
    expect(pp).toBe(4);
    // THEN per GPU = model state / (TP × PP) + activations / TP, all with the 10 % overhead
    const state = (s.totalGB - s.activationsGB * (1 + OVERHEAD_FRACTION));
    const firstStage = state / (tp * pp) + (s.activationsGB * (1 + OVERHEAD_FRACTION)) / tp;
    expect(plan.perGpuGB).toBeCloseTo(firstStage, 1);
    expect(plan.perGpuGB).toBeCloseTo(63.6, 1);
    // AND it fits in 90 % of 80 GiB
    expect(plan.perGpuGB).toBeLessThanOrEqual(80 * GB_PER_GIB * 0.9);
    // AND the old estimate (everything / (TP × PP) = 44.77 GB) was 42 % too low
    const old = s.totalGB / (tp * pp);
    expect(old).toBeCloseTo(44.77, 1);
    expect((firstStage - old) / old).toBeCloseTo(0.42, 2);
  });

  test('deeper pipelines do not shrink activations: a micro-batch too large for TP alone is refused with the cause', () => {
    // 70B with seq 32k and no checkpointing: activations / TP 8 exceed a GPU on their own
    const s = sizeModel(
      { modelParamsBillions: 70, precision: 'bf16', purpose: 'pretraining', layers: 80, hiddenSize: 8192, sequenceLength: 32768, activationCheckpointing: false },
      WHERE,
    );
    expect(() => planParallelism(s, h100Node, WHERE)).toThrow(AiInfraError);
    expect(() => planParallelism(s, h100Node, WHERE)).toThrow(/activations .* per GPU on the first pipeline stage .* whatever the pipeline depth/);
  });
});
