import { AiInfraError } from '../../src/errors';
import { estimateShape, planParallelism, sizeModel } from '../../src/planning';

const WHERE = 'test/sizing';

describe('sizeModel', () => {
  test('70B in bf16 has 140 GB of weights (the published figure)', () => {
    // GIVEN a 70B model served in bf16
    // WHEN it is sized
    const s = sizeModel({ modelParamsBillions: 70, precision: 'bf16', purpose: 'inference' }, WHERE);
    // THEN the weights are 70e9 × 2 B = 140 GB
    expect(s.weightsGB).toBe(140);
    expect(s.gradientsGB).toBe(0);
    expect(s.optimizerGB).toBe(0);
  });

  test('7B full fine-tune with mixed-precision Adam is 112 GB of model state plus activations', () => {
    // GIVEN a 7B full fine-tune in bf16
    const s = sizeModel({ modelParamsBillions: 7, precision: 'bf16', purpose: 'full-fine-tune' }, WHERE);
    // THEN weights 2 + grads 2 + master 4 + Adam 8 = 16 B/param = 112 GB before activations
    expect(s.weightsGB + s.gradientsGB + s.optimizerGB).toBeCloseTo(112, 5);
    expect(s.weightsGB).toBe(14);
    expect(s.gradientsGB).toBe(14);
    expect(s.optimizerGB).toBe(84);
    // AND activations are counted on top, then 10 % overhead
    expect(s.activationsGB).toBeGreaterThan(0);
    expect(s.totalGB).toBeCloseTo((112 + s.activationsGB) * 1.1, 1);
    expect(s.explanation.join('\n')).toMatch(/16 B\/param/);
  });

  test('fp32 training has no master copy: still 16 B/param', () => {
    const s = sizeModel({ modelParamsBillions: 1, precision: 'fp32', purpose: 'pretraining' }, WHERE);
    expect(s.weightsGB + s.gradientsGB + s.optimizerGB).toBeCloseTo(16, 5);
  });

  test('activation checkpointing shrinks activations by an order of magnitude', () => {
    const base = { modelParamsBillions: 7, precision: 'bf16', purpose: 'pretraining', layers: 32, hiddenSize: 4096 } as const;
    const ckpt = sizeModel(base, WHERE);
    const full = sizeModel({ ...base, activationCheckpointing: false }, WHERE);
    // 34 × 4096 tokens × 4096 hidden × 32 layers = 18.25 GB without recomputation
    expect(full.activationsGB).toBeCloseTo(18.25, 1);
    // 2 × 4096 × 4096 × 32 + 34 × 4096 × 4096 = 1.64 GB with it
    expect(ckpt.activationsGB).toBeCloseTo(1.64, 1);
  });

  test('8B bf16 inference at 4096 tokens × 1 fits a 24 GB GPU', () => {
    // GIVEN Llama-3-8B shape (32 layers × 4096) in bf16, 4096 tokens, one sequence
    const s = sizeModel({ modelParamsBillions: 8, precision: 'bf16', purpose: 'inference', layers: 32, hiddenSize: 4096 }, WHERE);
    // THEN weights 16 GB, KV 2 × 32 × 4096 × 4096 × 2 B = 2.15 GB, +10 % overhead ≈ 19.96 GB
    expect(s.weightsGB).toBe(16);
    expect(s.kvCacheGB).toBeCloseTo(2.15, 2);
    expect(s.totalGB).toBeCloseTo(19.96, 1);
    // AND it fits one 24 GB L4/A10G (22.35 GiB reported → 21.6 GB usable at 90 %)
    const plan = planParallelism(s, { acceleratorMemoryGiB: 22.35, acceleratorsPerNode: 1, nvlinkDomainSize: 1 }, WHERE);
    expect(plan.gpusPerReplica).toBe(1);
    expect(plan.perGpuGB).toBeLessThan(plan.usablePerGpuGB);
  });

  test('the shape estimate is close to Llama 2 7B and 70B', () => {
    expect(estimateShape(7)).toEqual({ layers: 33, hiddenSize: 4224, estimated: true });
    const big = estimateShape(70);
    // KV per token 2 × L × h within 5 % of Llama 2 70B's multi-head figure (2 × 80 × 8192)
    expect(Math.abs(2 * big.layers * big.hiddenSize - 2 * 80 * 8192) / (2 * 80 * 8192)).toBeLessThan(0.05);
  });

  test('LoRA keeps the base frozen at its precision and budgets 1 % adapters', () => {
    const s = sizeModel({ modelParamsBillions: 70, precision: 'int4', purpose: 'lora' }, WHERE);
    // base 70e9 × 0.5 B = 35 GB, plus 0.7B adapter params × 2 B
    expect(s.weightsGB).toBeCloseTo(35 + 1.4, 2);
    // adapters train with grads 2 + master 4 + Adam 8 B per param; the base has no gradients
    expect(s.gradientsGB).toBeCloseTo(1.4, 2);
    expect(s.optimizerGB).toBeCloseTo(8.4, 2);
  });

  test('quantized precisions are refused for full training, naming the field', () => {
    expect(() => sizeModel({ modelParamsBillions: 7, precision: 'int4', purpose: 'pretraining' }, WHERE)).toThrow(
      /test\/sizing: precision must be one of fp32, bf16, fp16, fp8 for pretraining, got "int4"/,
    );
  });

  test('invalid input names the field, the value and what is allowed', () => {
    expect(() => sizeModel({ modelParamsBillions: -1, precision: 'bf16', purpose: 'inference' }, WHERE)).toThrow(
      /modelParamsBillions must be > 0, got -1/,
    );
    expect(() => sizeModel({ modelParamsBillions: 7, precision: 'fp3' as never, purpose: 'inference' }, WHERE)).toThrow(
      /precision must be one of "fp32", "bf16", "fp16", "fp8", "int8", "int4", got "fp3"/,
    );
  });
});

describe('planParallelism', () => {
  const h100Node = { acceleratorMemoryGiB: 80, acceleratorsPerNode: 8, nvlinkDomainSize: 8 };

  test('70B bf16 inference on H100 uses tensor parallel 4 inside the NVLink domain', () => {
    // GIVEN 70B bf16 inference: ~160 GB with KV and overhead
    const s = sizeModel({ modelParamsBillions: 70, precision: 'bf16', purpose: 'inference' }, WHERE);
    // WHEN planned on an 8 × H100 node (77.3 GB usable per GPU)
    const plan = planParallelism(s, h100Node, WHERE);
    // THEN TP is the smallest power of two that fits: 160/2 = 80 > 77.3, 160/4 fits
    expect(plan.tensorParallel).toBe(4);
    expect(plan.pipelineParallel).toBe(1);
    expect(plan.fitsInOneNode).toBe(true);
  });

  test('a model beyond one NVLink domain adds pipeline stages across nodes for training', () => {
    // GIVEN 70B full fine-tune: 70 × 16 B = 1,120 GB of state alone
    const s = sizeModel({ modelParamsBillions: 70, precision: 'bf16', purpose: 'full-fine-tune' }, WHERE);
    // WHEN planned on H100 nodes with 64 GPUs
    const plan = planParallelism(s, { ...h100Node, totalGpus: 64 }, WHERE);
    // THEN TP fills the domain, PP spans nodes and DP fills the rest
    expect(plan.tensorParallel).toBe(8);
    expect(plan.pipelineParallel).toBeGreaterThan(1);
    expect(plan.nodesPerReplica).toBe(plan.pipelineParallel);
    expect(plan.dataParallel).toBe(Math.floor(64 / plan.gpusPerReplica));
    expect(plan.fitsInOneNode).toBe(false);
  });

  test('inference replicas may not span nodes: infeasible, with what to change', () => {
    // GIVEN 405B bf16 inference (~900 GB) on 8 × 80 GiB nodes
    const s = sizeModel({ modelParamsBillions: 405, precision: 'bf16', purpose: 'inference' }, WHERE);
    // THEN one replica would need two nodes, which inference does not allow by default
    expect(() => planParallelism(s, h100Node, WHERE)).toThrow(AiInfraError);
    expect(() => planParallelism(s, h100Node, WHERE)).toThrow(/multi-node replicas are not allowed for inference.*more or larger GPUs/);
    // AND allowing it gives a pipeline across nodes
    expect(planParallelism(s, { ...h100Node, allowMultiNode: true }, WHERE).nodesPerReplica).toBe(2);
  });

  test('too few GPUs for one replica names totalGpus and the minimum', () => {
    const s = sizeModel({ modelParamsBillions: 70, precision: 'bf16', purpose: 'full-fine-tune' }, WHERE);
    expect(() => planParallelism(s, { ...h100Node, totalGpus: 8 }, WHERE)).toThrow(/totalGpus must be at least \d+ \(one replica: TP 8 × PP \d+/);
  });

  test('idle GPUs are reported when totalGpus is not a multiple of a replica', () => {
    const s = sizeModel({ modelParamsBillions: 70, precision: 'bf16', purpose: 'inference' }, WHERE);
    const plan = planParallelism(s, { ...h100Node, totalGpus: 10 }, WHERE);
    expect(plan.dataParallel).toBe(2);
    expect(plan.totalGpus).toBe(8);
    expect(plan.explanation.join('\n')).toMatch(/2 GPUs left idle/);
  });

  test('nvlinkDomainSize above acceleratorsPerNode is refused', () => {
    const s = sizeModel({ modelParamsBillions: 7, precision: 'bf16', purpose: 'inference' }, WHERE);
    expect(() => planParallelism(s, { acceleratorMemoryGiB: 80, acceleratorsPerNode: 4, nvlinkDomainSize: 8 }, WHERE)).toThrow(
      /nvlinkDomainSize must be at most acceleratorsPerNode, got 8/,
    );
  });
});

describe('grouped-query attention', () => {
  test('kvHeads/attentionHeads shrink the KV cache to their share', () => {
    // GIVEN Llama-3.1-8B's shape (32 layers, 4096 hidden, 32 heads, 8 KV heads) at 8k context × 16 sequences
    const base = { modelParamsBillions: 8, precision: 'bf16' as const, purpose: 'inference' as const, sequenceLength: 8192, concurrency: 16, layers: 32, hiddenSize: 4096 };
    const mha = sizeModel(base, 'test');
    const gqa = sizeModel({ ...base, attentionHeads: 32, kvHeads: 8 }, 'test');
    // THEN the cache is 2 × 32 × 4096 × 8192 × 16 × 2 B ≈ 68.7 GB multi-head, and a quarter of it with 8 of 32 KV heads
    expect(mha.kvCacheGB).toBeCloseTo(68.72, 1);
    expect(gqa.kvCacheGB).toBeCloseTo(17.18, 1);
    expect(gqa.explanation.join('\n')).toMatch(/grouped-query attention: 8 of 32 heads/);
  });

  test('kvHeads without attentionHeads, or not dividing it, is a clear error', () => {
    const base = { modelParamsBillions: 8, precision: 'bf16' as const, purpose: 'inference' as const };
    expect(() => sizeModel({ ...base, kvHeads: 8 }, 'test')).toThrow(/test: attentionHeads must be given together with kvHeads, got nothing/);
    expect(() => sizeModel({ ...base, kvHeads: 5, attentionHeads: 32 }, 'test')).toThrow(/kvHeads must be a divisor of attentionHeads \(32\), got 5/);
  });
});

describe('pipeline depth with a fixed GPU count', () => {
  test('deepens the pipeline so the GPUs split evenly rather than leaving some idle', () => {
    // GIVEN 70B pretraining on 64 H100s (80 GiB, NVLink domain 8): TP 8 needs 3 stages by memory
    const sizing = sizeModel({ modelParamsBillions: 70, precision: 'bf16', purpose: 'pretraining', sequenceLength: 8192 }, 'test');
    const plan = planParallelism(sizing, { acceleratorMemoryGiB: 80, acceleratorsPerNode: 8, nvlinkDomainSize: 8, totalGpus: 64 }, 'test');
    // THEN 3 stages become 4, so TP 8 × PP 4 × DP 2 uses all 64 GPUs
    expect(plan.tensorParallel).toBe(8);
    expect(plan.pipelineParallel).toBe(4);
    expect(plan.dataParallel).toBe(2);
    expect(plan.totalGpus).toBe(64);
    expect(plan.explanation.join('\n')).toMatch(/pipeline stages 3 → 4 so that 64 GPUs split evenly/);
  });
});
