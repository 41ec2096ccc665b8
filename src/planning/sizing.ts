import { z } from 'zod';
import { findModel, MODELS } from '../catalog/models';
import { AiInfraError, parseOrThrow } from '../errors';
import { didYouMean } from './names';

/**
 * Model memory sizing and parallelism planning.
 *
 * Units: every `...GB` field is decimal gigabytes (1e9 bytes), the unit model
 * cards and papers quote ("70B in bf16 is 140 GB"). Device memory in the
 * catalog is GiB; `planParallelism` converts.
 */

export const PRECISIONS = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'] as const;
export type Precision = (typeof PRECISIONS)[number];

export const PURPOSES = ['pretraining', 'full-fine-tune', 'lora', 'inference'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Bytes per parameter for weights held at each precision. */
export const BYTES_PER_PARAM: Readonly<Record<Precision, number>> = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
};

/** Share of device memory a plan may fill; the rest is left to the CUDA context, NCCL buffers and fragmentation. */
export const USABLE_MEMORY_FRACTION = 0.9;

/** Overhead added on top of the sized components (allocator fragmentation, framework buffers, CUDA graphs). */
export const OVERHEAD_FRACTION = 0.1;

/** LoRA adapter parameters as a share of the base model (r=16 on all attention and MLP projections of a Llama-class model is 0.5–0.6 %; we budget 1 %). */
export const LORA_ADAPTER_FRACTION = 0.01;

/** Width-to-depth ratio used to estimate the shape of a decoder when only the parameter count is known (Llama 2/3 7B/8B/13B: hidden = 128 × layers). */
export const HIDDEN_PER_LAYER = 128;

/** Activation bytes per token per layer per unit of hidden size, 16-bit, flash attention, no recomputation (Korthikanti et al. 2022, "Reducing Activation Recomputation", eq. 1 without the 5as/h term). */
export const ACTIVATION_BYTES_PER_TOKEN_HIDDEN_LAYER = 34;

/** With full activation checkpointing only each layer's 16-bit input is kept: 2 bytes per token per hidden unit per layer. */
export const CHECKPOINTED_BYTES_PER_TOKEN_HIDDEN_LAYER = 2;

const TRAINING_PRECISIONS: ReadonlyArray<Precision> = ['fp32', 'bf16', 'fp16', 'fp8'];

export const SizingRequestSchema = z.object({
  /**
   * A known open model (`llama-3.1-70b`; case ignored): fills the parameter count,
   * layers, hidden size, heads and KV heads from the sourced table in
   * `src/catalog/models.ts`. Fields given as well override it.
   * @default - none: give modelParamsBillions
   */
  model: z.string().min(1).optional(),
  /** Parameters, in billions. @default - the model's, when model is given */
  modelParamsBillions: z.number().positive().max(100_000).optional(),
  precision: z.enum(PRECISIONS),
  purpose: z.enum(PURPOSES),
  /** Tokens per sequence. */
  sequenceLength: z.number().int().min(1).max(10_000_000).default(4096),
  /** Concurrent sequences held in the KV cache (inference). */
  concurrency: z.number().int().min(1).max(100_000).default(1),
  /** Sequences per micro-batch per data-parallel rank (training). */
  microBatchSize: z.number().int().min(1).max(100_000).default(1),
  /** Keep only layer inputs and recompute activations in the backward pass (training). */
  activationCheckpointing: z.boolean().default(true),
  /** Transformer layers; estimated from the parameter count when absent. */
  layers: z.number().int().min(1).max(100_000).optional(),
  /** Hidden (model) dimension; estimated from the parameter count when absent. */
  hiddenSize: z.number().int().min(1).max(10_000_000).optional(),
  /** Attention (query) heads; with kvHeads, sizes the KV cache of grouped-query attention. */
  attentionHeads: z.number().int().min(1).max(100_000).optional(),
  /** Key/value heads (HF `num_key_value_heads`): 8 for Llama 3 8B/70B. Without it the KV cache is the multi-head upper bound. */
  kvHeads: z.number().int().min(1).max(100_000).optional(),
}).strict();

/** What `sizeModel` accepts (defaults optional). */
export type SizingRequest = z.input<typeof SizingRequestSchema>;
/** A sizing request with its defaults applied and a named model's facts filled in. */
export type ResolvedSizingRequest = Omit<z.output<typeof SizingRequestSchema>, 'modelParamsBillions'> & { readonly modelParamsBillions: number };

/** Fills a named model's facts into a parsed request (fields given by the user win). */
function resolveModel(parsed: z.output<typeof SizingRequestSchema>, where: string, explanation: string[]): ResolvedSizingRequest {
  if (parsed.model === undefined) {
    if (parsed.modelParamsBillions === undefined) {
      throw new AiInfraError({ where, field: 'modelParamsBillions', given: undefined, allowed: 'a number of parameters in billions (or give model)' });
    }
    return { ...parsed, modelParamsBillions: parsed.modelParamsBillions };
  }
  const m = findModel(parsed.model);
  if (!m) {
    const names = MODELS.map((x) => x.name);
    const hint = didYouMean(parsed.model, names);
    throw new AiInfraError({ where, field: 'model', given: parsed.model, allowed: `one of ${names.join(', ')}`, ...(hint ? { hint } : {}) });
  }
  explanation.push(
    `${m.name}: ${m.layers} layers, hidden ${m.hiddenSize}, ${m.attentionHeads} heads, ${m.kvHeads} KV heads, ${m.paramsBillions}B params (${m.source}, ${m.asOf}${
      m.confidence && m.confidence !== 'confirmed' ? `, ${m.confidence}` : ''
    })`,
  );
  return {
    ...parsed,
    modelParamsBillions: parsed.modelParamsBillions ?? m.paramsBillions,
    layers: parsed.layers ?? m.layers,
    hiddenSize: parsed.hiddenSize ?? m.hiddenSize,
    attentionHeads: parsed.attentionHeads ?? m.attentionHeads,
    kvHeads: parsed.kvHeads ?? m.kvHeads,
  };
}

export interface ModelShape {
  readonly layers: number;
  readonly hiddenSize: number;
  /** True when layers or hiddenSize was estimated from the parameter count. */
  readonly estimated: boolean;
}

export interface ModelSizing {
  readonly request: ResolvedSizingRequest;
  readonly shape: ModelShape;
  readonly weightsGB: number;
  readonly gradientsGB: number;
  readonly optimizerGB: number;
  readonly activationsGB: number;
  readonly kvCacheGB: number;
  readonly overheadGB: number;
  readonly totalGB: number;
  /** One line per component, saying how it was computed. */
  readonly explanation: string[];
}

const GB = 1e9;

/** Decimal GB in one GiB. */
export const GB_PER_GIB = 1.073741824;

/** Decimal GB as GiB (what Google Cloud bills), to 2 decimals. */
export function gbToGiB(gb: number): number {
  return Math.round((gb / GB_PER_GIB) * 100) / 100;
}

/** Rounds to 2 decimals for reporting. */
function r2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Estimates layers and hidden size of a dense decoder from its parameter count:
 * params ≈ 12 · layers · hidden² (attention 4h² + MLP 8h² per layer, embeddings
 * ignored) with hidden = 128 · layers. Gives 33 × 4224 for 7B (Llama 2 7B: 32 ×
 * 4096) and 71 × 9088 for 70B (Llama 2 70B: 80 × 8192).
 */
export function estimateShape(paramsBillions: number, layers?: number, hiddenSize?: number): ModelShape {
  const params = paramsBillions * 1e9;
  if (layers !== undefined && hiddenSize !== undefined) return { layers, hiddenSize, estimated: false };
  if (layers !== undefined) {
    return { layers, hiddenSize: roundTo(Math.sqrt(params / (12 * layers)), 64), estimated: true };
  }
  if (hiddenSize !== undefined) {
    return { layers: Math.max(1, Math.round(params / (12 * hiddenSize * hiddenSize))), hiddenSize, estimated: true };
  }
  const l = Math.max(1, Math.round(Math.cbrt(params / (12 * HIDDEN_PER_LAYER * HIDDEN_PER_LAYER))));
  return { layers: l, hiddenSize: l * HIDDEN_PER_LAYER, estimated: true };
}

function roundTo(n: number, step: number): number {
  return Math.max(step, Math.round(n / step) * step);
}

/** Bytes per KV-cache element: weight-only quantization (int8/int4) keeps the cache at 16 bits. */
function kvBytes(precision: Precision): number {
  if (precision === 'fp32') return 4;
  if (precision === 'fp8') return 1;
  return 2;
}

/**
 * Sizes the device memory a model needs for one purpose.
 *
 * - Weights: params × bytes at `precision`.
 * - Pretraining / full fine-tune (mixed-precision Adam): 16 bytes/param before
 *   activations — 16-bit weights 2 + gradients 2 + fp32 master weights 4 + Adam
 *   m and v 8 (fp32 training: weights 4 + gradients 4 + Adam 8, no master copy).
 *   fp8 training keeps the same state (fp8 saves compute, not optimizer state).
 * - LoRA: frozen base weights at `precision` (int4/int8 = QLoRA) plus adapters of
 *   1 % of the base parameters trained at 16 bytes/param.
 * - Activations (training): layers × seq × microBatch × hidden × 2 bytes with
 *   activation checkpointing, plus one layer's working set at 34 bytes;
 *   34 bytes per layer without it.
 * - KV cache (inference): 2 × layers × hidden × seq × concurrency × bytes — the
 *   multi-head-attention upper bound; grouped-query models need kvHeads/heads of it.
 * - Overhead: 10 % of the sum.
 */
export function sizeModel(req: SizingRequest, where: string): ModelSizing {
  const explanation: string[] = [];
  const r = resolveModel(parseOrThrow(SizingRequestSchema, req, where), where, explanation);
  if ((r.kvHeads === undefined) !== (r.attentionHeads === undefined)) {
    throw new AiInfraError({ where, field: r.kvHeads === undefined ? 'kvHeads' : 'attentionHeads', given: undefined, allowed: 'given together with ' + (r.kvHeads === undefined ? 'attentionHeads' : 'kvHeads') });
  }
  if (r.kvHeads !== undefined && r.attentionHeads !== undefined && (r.kvHeads > r.attentionHeads || r.attentionHeads % r.kvHeads !== 0)) {
    throw new AiInfraError({ where, field: 'kvHeads', given: r.kvHeads, allowed: `a divisor of attentionHeads (${r.attentionHeads})` });
  }
  const training = r.purpose === 'pretraining' || r.purpose === 'full-fine-tune';
  if (training && !TRAINING_PRECISIONS.includes(r.precision)) {
    throw new AiInfraError({
      where,
      field: 'precision',
      given: r.precision,
      allowed: `one of ${TRAINING_PRECISIONS.join(', ')} for ${r.purpose}`,
      hint: 'Quantized (int8/int4) weights can only be fine-tuned with purpose "lora" (QLoRA)',
    });
  }
  const params = r.modelParamsBillions * 1e9;
  const shape = estimateShape(r.modelParamsBillions, r.layers, r.hiddenSize);
  const shapeText = `${shape.layers} layers × hidden ${shape.hiddenSize}${shape.estimated ? ' (estimated: params ≈ 12·L·h², h = 128·L)' : ''}`;

  const bytes = BYTES_PER_PARAM[r.precision];
  const weightsGB = (params * bytes) / GB;
  explanation.push(`weights: ${fmt(r.modelParamsBillions)}B params × ${bytes} B (${r.precision}) = ${fmt(weightsGB)} GB`);

  let adapterWeightsGB = 0;
  let gradientsGB = 0;
  let optimizerGB = 0;
  let activationsGB = 0;
  let kvCacheGB = 0;

  if (training) {
    const fp32 = r.precision === 'fp32';
    gradientsGB = (params * (fp32 ? 4 : 2)) / GB;
    const optBytes = fp32 ? 8 : 12;
    optimizerGB = (params * optBytes) / GB;
    const stateBytes = (fp32 ? 4 : 2) + (fp32 ? 4 : 2) + optBytes;
    explanation.push(`gradients: ${fp32 ? 4 : 2} B/param = ${fmt(gradientsGB)} GB`);
    explanation.push(
      fp32
        ? `optimizer: Adam m and v, fp32 = 8 B/param = ${fmt(optimizerGB)} GB`
        : `optimizer: fp32 master weights 4 + Adam m and v 8 = 12 B/param = ${fmt(optimizerGB)} GB`,
    );
    explanation.push(`model state: ${stateBytes} B/param (mixed-precision Adam) = ${fmt(weightsGB + gradientsGB + optimizerGB)} GB before activations`);
  } else if (r.purpose === 'lora') {
    const adapterParams = params * LORA_ADAPTER_FRACTION;
    adapterWeightsGB = (adapterParams * 2) / GB;
    gradientsGB = (adapterParams * 2) / GB;
    optimizerGB = (adapterParams * 12) / GB;
    explanation.push(
      `LoRA adapters: ${LORA_ADAPTER_FRACTION * 100} % of params (${fmt(adapterParams / 1e9)}B) × 16 B (weights 2 + grads 2 + master 4 + Adam 8) = ${fmt(
        (adapterParams * 16) / GB,
      )} GB (adapter weights are counted in weights); base weights frozen`,
    );
  }

  if (r.purpose !== 'inference') {
    const tokens = r.sequenceLength * r.microBatchSize;
    const perLayerFull = (ACTIVATION_BYTES_PER_TOKEN_HIDDEN_LAYER * tokens * shape.hiddenSize) / GB;
    if (r.activationCheckpointing) {
      activationsGB = (CHECKPOINTED_BYTES_PER_TOKEN_HIDDEN_LAYER * tokens * shape.hiddenSize * shape.layers) / GB + perLayerFull;
      explanation.push(
        `activations: checkpointed, 2 B × ${tokens} tokens (seq ${r.sequenceLength} × micro-batch ${r.microBatchSize}) × hidden × layers + one layer recomputed at 34 B = ${fmt(activationsGB)} GB (${shapeText})`,
      );
    } else {
      activationsGB = perLayerFull * shape.layers;
      explanation.push(
        `activations: 34 B × ${tokens} tokens × hidden × layers (flash attention, no recomputation) = ${fmt(activationsGB)} GB (${shapeText})`,
      );
    }
  } else {
    const kb = kvBytes(r.precision);
    const kvShare = r.kvHeads !== undefined && r.attentionHeads !== undefined ? r.kvHeads / r.attentionHeads : 1;
    kvCacheGB = (2 * shape.layers * shape.hiddenSize * kvShare * r.sequenceLength * r.concurrency * kb) / GB;
    explanation.push(
      `KV cache: 2 × ${shape.layers} layers × ${shape.hiddenSize} hidden × ${r.sequenceLength} tokens × ${r.concurrency} sequences × ${kb} B = ${fmt(
        kvCacheGB,
      )} GB (${kvShare < 1 ? `grouped-query attention: ${r.kvHeads} of ${r.attentionHeads} heads keep K/V` : 'multi-head upper bound; pass kvHeads and attentionHeads for grouped-query models'})${shape.estimated ? '; shape estimated: params ≈ 12·L·h², h = 128·L' : ''}`,
    );
  }

  const subtotal = weightsGB + adapterWeightsGB + gradientsGB + optimizerGB + activationsGB + kvCacheGB;
  const overheadGB = subtotal * OVERHEAD_FRACTION;
  const totalGB = subtotal + overheadGB;
  explanation.push(`overhead: ${OVERHEAD_FRACTION * 100} % (allocator, framework buffers) = ${fmt(overheadGB)} GB`);
  explanation.push(`total: ${fmt(totalGB)} GB`);

  return {
    request: r,
    shape,
    weightsGB: r2(weightsGB + adapterWeightsGB),
    gradientsGB: r2(gradientsGB),
    optimizerGB: r2(optimizerGB),
    activationsGB: r2(activationsGB),
    kvCacheGB: r2(kvCacheGB),
    overheadGB: r2(overheadGB),
    totalGB: r2(totalGB),
    explanation,
  };
}

/** The NVLink domain in words; a domain of 1 is a PCIe-only part with no NVLink. */
function domainText(size: number, lead: string): string {
  return size > 1 ? `${lead} NVLink domain of ${size}` : 'on one GPU: no NVLink (PCIe only)';
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

// ---------------------------------------------------------------------------
// Parallelism
// ---------------------------------------------------------------------------

const ModelSizingSchema = z.looseObject({
  request: z.looseObject({ purpose: z.enum(PURPOSES) }),
  shape: z.looseObject({ layers: z.number().int().min(1) }),
  totalGB: z.number().positive(),
  activationsGB: z.number().min(0).default(0),
});

export const ParallelismHardwareSchema = z.object({
  /** Device memory per accelerator, GiB. */
  acceleratorMemoryGiB: z.number().positive(),
  acceleratorsPerNode: z.number().int().min(1),
  /** Accelerators sharing one NVLink/NeuronLink domain (1 for PCIe-only parts). */
  nvlinkDomainSize: z.number().int().min(1),
  /** GPUs for the whole job; data parallelism fills what one replica does not use. */
  totalGpus: z.number().int().min(1).max(100_000).optional(),
  /**
   * Let one replica span nodes (pipeline stages across nodes).
   * @default true for training, false for inference
   */
  allowMultiNode: z.boolean().optional(),
}).strict().refine((h) => h.nvlinkDomainSize <= h.acceleratorsPerNode, {
  path: ['nvlinkDomainSize'],
  message: 'at most acceleratorsPerNode',
});

export type ParallelismHardware = z.input<typeof ParallelismHardwareSchema>;

export interface ParallelismPlan {
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  readonly dataParallel: number;
  /** tensorParallel × pipelineParallel: GPUs holding one copy of the model. */
  readonly gpusPerReplica: number;
  readonly nodesPerReplica: number;
  /** dataParallel × gpusPerReplica. */
  readonly totalGpus: number;
  readonly fitsInOneNode: boolean;
  /** Memory one GPU needs, GB. */
  readonly perGpuGB: number;
  /** Memory one GPU may use (90 % of its capacity), GB. */
  readonly usablePerGpuGB: number;
  readonly explanation: string[];
}

/**
 * Splits a sized model over accelerators.
 *
 * Tensor parallelism (TP) stays inside one NVLink domain: TP is the smallest
 * power of two ≤ nvlinkDomainSize for which memory / TP fits in 90 % of a
 * device. If the whole domain is not enough, pipeline stages (PP) of TP GPUs
 * are added — first inside the node (other NVLink domains, or PCIe peers on
 * PCIe-only parts), then across nodes. Data parallelism (DP) fills totalGpus.
 * All of the model's memory is divided by TP × PP (Megatron-style; ZeRO/FSDP
 * sharding over DP would need fewer GPUs, so this errs on the safe side).
 *
 * Throws AiInfraError when:
 * - a replica would need more pipeline stages than the model has layers;
 * - a replica needs more than one node and multi-node is not allowed
 *   (the default for inference: a multi-host serving replica needs a RDMA
 *   fabric and a leader/worker deployment the inference pool does not build);
 * - totalGpus is smaller than one replica.
 */
export function planParallelism(sizing: ModelSizing, hardware: ParallelismHardware, where: string): ParallelismPlan {
  const s = parseOrThrow(ModelSizingSchema, sizing, where);
  const hw = parseOrThrow(ParallelismHardwareSchema, hardware, where);
  const purpose = s.request.purpose;
  const allowMultiNode = hw.allowMultiNode ?? purpose !== 'inference';
  const usable = hw.acceleratorMemoryGiB * GB_PER_GIB * USABLE_MEMORY_FRACTION;
  const total = s.totalGB;
  const explanation: string[] = [];
  explanation.push(
    `usable memory per GPU: ${fmt(hw.acceleratorMemoryGiB)} GiB × ${GB_PER_GIB} GB/GiB × ${USABLE_MEMORY_FRACTION} = ${fmt(usable)} GB; model needs ${fmt(total)} GB`,
  );

  // Under 1F1B the first pipeline stage holds PP micro-batches in flight, each with the
  // activations of L/PP layers: L layers' worth whatever PP is (Narayanan et al. 2021;
  // Korthikanti et al. 2022, §4.2.3). Activations divide by TP (sequence parallelism) only;
  // the model state (weights, gradients, optimizer, KV cache) divides by TP × PP.
  const act = s.activationsGB * (1 + OVERHEAD_FRACTION);
  const state = total - act;
  const perGpu = (t: number, p: number) => state / (t * p) + act / t;
  let tp = 1;
  while (tp < hw.nvlinkDomainSize && perGpu(tp, 1) > usable && tp * 2 <= hw.nvlinkDomainSize) tp *= 2;
  let pp = 1;
  if (perGpu(tp, 1) > usable) {
    if (act / tp >= usable) {
      throw new AiInfraError({
        where,
        field: '',
        given: total,
        allowed: '',
        message: `activations need ${fmt(act / tp)} GB per GPU on the first pipeline stage with TP ${tp} (1F1B keeps every layer's activations of one micro-batch there, whatever the pipeline depth), more than the ${fmt(usable)} GB usable`,
        hint: 'Turn on activation checkpointing, shorten the sequence or the micro-batch, or use accelerators with more memory',
      });
    }
    pp = Math.ceil(state / (tp * (usable - act / tp)));
    const layers = s.shape.layers;
    if (pp > layers) {
      throw new AiInfraError({
        where,
        field: '',
        given: total,
        allowed: '',
        message: `a ${fmt(total)} GB model does not fit: even one of its ${layers} layers per pipeline stage of ${tp} GPU(s) with ${fmt(
          hw.acceleratorMemoryGiB,
        )} GiB each is too much`,
        hint: 'Use accelerators with more memory, a lower precision, or a shorter sequence',
      });
    }
    explanation.push(
      `tensor parallel ${tp} (${domainText(hw.nvlinkDomainSize, tp === hw.nvlinkDomainSize ? 'the whole' : 'within the')}) is not enough: ${fmt(
        perGpu(tp, 1),
      )} GB per GPU; adding ${pp} pipeline stages`,
    );
  } else {
    explanation.push(
      `tensor parallel ${tp}: smallest power of two ${domainText(hw.nvlinkDomainSize, 'within the')} where ${fmt(perGpu(tp, 1))} GB per GPU fits`,
    );
  }
  if (pp > 1 && hw.totalGpus !== undefined && hw.totalGpus % (tp * pp) !== 0) {
    // Deeper pipelines that divide the GPUs evenly beat idle GPUs.
    for (let deeper = pp + 1; deeper <= s.shape.layers && tp * deeper <= hw.totalGpus; deeper++) {
      if (hw.totalGpus % (tp * deeper) === 0) {
        explanation.push(`pipeline stages ${pp} → ${deeper} so that ${hw.totalGpus} GPUs split evenly into replicas of TP ${tp} × PP ${deeper}`);
        pp = deeper;
        break;
      }
    }
  }
  if (act > 0 && pp > 1) {
    explanation.push(
      `per GPU on the first pipeline stage: model state ${fmt(state)} GB / (TP ${tp} × PP ${pp}) + activations ${fmt(act)} GB / TP ${tp} (1F1B holds ${pp} micro-batches in flight there: Narayanan et al. 2021, Korthikanti et al. 2022)`,
    );
  }

  const gpusPerReplica = tp * pp;
  const nodesPerReplica = Math.ceil(gpusPerReplica / hw.acceleratorsPerNode);
  if (nodesPerReplica > 1 && !allowMultiNode) {
    throw new AiInfraError({
      where,
      field: '',
      given: gpusPerReplica,
      allowed: '',
      message: `one ${purpose} replica needs ${gpusPerReplica} GPUs (TP ${tp} × PP ${pp}) over ${nodesPerReplica} nodes of ${
        hw.acceleratorsPerNode
      }, and multi-node replicas are not allowed${purpose === 'inference' ? ' for inference' : ''}`,
      hint: 'Use a type with more or larger GPUs per node, or a lower precision',
    });
  }
  if (nodesPerReplica > 1) {
    explanation.push(`one replica spans ${nodesPerReplica} nodes: pipeline stages cross the inter-node fabric`);
  }

  let dp = 1;
  if (hw.totalGpus !== undefined) {
    if (hw.totalGpus < gpusPerReplica) {
      throw new AiInfraError({
        where,
        field: 'totalGpus',
        given: hw.totalGpus,
        allowed: `at least ${gpusPerReplica} (one replica: TP ${tp} × PP ${pp} with ${fmt(hw.acceleratorMemoryGiB)} GiB GPUs)`,
      });
    }
    dp = Math.floor(hw.totalGpus / gpusPerReplica);
    const idle = hw.totalGpus - dp * gpusPerReplica;
    explanation.push(
      `data parallel ${dp}: ${hw.totalGpus} GPUs / ${gpusPerReplica} per replica${idle ? ` (${idle} GPUs left idle; ask for a multiple of ${gpusPerReplica})` : ''}`,
    );
  }

  return {
    tensorParallel: tp,
    pipelineParallel: pp,
    dataParallel: dp,
    gpusPerReplica,
    nodesPerReplica,
    totalGpus: dp * gpusPerReplica,
    fitsInOneNode: nodesPerReplica === 1,
    perGpuGB: r2(perGpu(tp, pp)),
    usablePerGpuGB: r2(usable),
    explanation,
  };
}

/**
 * GB one training checkpoint takes: what resuming needs. Full training saves
 * the weights and the optimizer state (fp32 master weights and Adam moments);
 * LoRA saves the adapters (as large as their gradients, 2 B/param) and their
 * optimizer state. Gradients and activations are not saved.
 */
export function checkpointSizeGB(s: ModelSizing): number {
  return r2(s.request.purpose === 'lora' ? s.gradientsGB + s.optimizerGB : s.weightsGB + s.optimizerGB);
}
