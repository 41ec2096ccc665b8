import type { Sourced } from './types';

/**
 * Popular open decoder models, so a user can name one instead of describing it.
 * Each shape is the model's published configuration (Hugging Face `config.json`:
 * num_hidden_layers, hidden_size, num_attention_heads, num_key_value_heads);
 * parameter counts are the sums of the published weights.
 */
export interface ModelSpec extends Sourced {
  /** Lower-case name a user types (`llama-3.1-70b`). */
  readonly name: string;
  readonly paramsBillions: number;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly attentionHeads: number;
  /** Key/value heads (grouped-query attention). */
  readonly kvHeads: number;
}

const OUMI = 'oumi-ai/oumi configs/recipes/llama3_1/README.md (layers, hidden size, heads, KV heads)';
const PARAMS = 'thamada/modelQuery README.md (parameter counts from the published params.json)';
const AS_OF = '2026-12-02';

export const MODELS: ReadonlyArray<ModelSpec> = [
  {
    name: 'llama-3.1-8b',
    paramsBillions: 8.03,
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    source: `https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json; ${OUMI}; ${PARAMS}`,
    asOf: AS_OF,
  },
  {
    name: 'llama-3.1-70b',
    paramsBillions: 70.56,
    layers: 80,
    hiddenSize: 8192,
    attentionHeads: 64,
    kvHeads: 8,
    source: `https://huggingface.co/meta-llama/Llama-3.1-70B/blob/main/config.json; ${OUMI}; ${PARAMS}`,
    asOf: AS_OF,
  },
  {
    name: 'llama-3.3-70b',
    paramsBillions: 70.56,
    layers: 80,
    hiddenSize: 8192,
    attentionHeads: 64,
    kvHeads: 8,
    source: 'https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct/blob/main/config.json',
    asOf: AS_OF,
    confidence: 'single-source',
    note: 'the same architecture as Llama 3.1 70B (the model card says so); not checked against a second copy',
  },
  {
    name: 'llama-3.1-405b',
    paramsBillions: 405.85,
    layers: 126,
    hiddenSize: 16384,
    attentionHeads: 128,
    kvHeads: 8,
    source: `https://huggingface.co/meta-llama/Llama-3.1-405B/blob/main/config.json; ${PARAMS} (126 layers, dim 16384)`,
    asOf: AS_OF,
    confidence: 'single-source',
    note: 'heads and KV heads from the config only; modelQuery counts 410.1B with embeddings, the model card says 405B (405.85B)',
  },
  {
    name: 'qwen2.5-32b',
    paramsBillions: 32.76,
    layers: 64,
    hiddenSize: 5120,
    attentionHeads: 40,
    kvHeads: 8,
    source: 'https://huggingface.co/Qwen/Qwen2.5-32B/blob/main/config.json',
    asOf: AS_OF,
    confidence: 'single-source',
    note: 'parameter count from the model card (32.5B non-embedding, 32.8B total)',
  },
];

/** The model of that name (case ignored), or undefined. */
export function findModel(name: string): ModelSpec | undefined {
  const key = name.trim().toLowerCase();
  return MODELS.find((m) => m.name === key);
}
