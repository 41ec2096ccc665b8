// Seeded random selection and placement requests, shared by the planning
// property tests (test/planning/properties.test.ts) and the decision bench.
import { ACCELERATORS, regionsFor } from '../src/catalog';
import type { AcceleratorId, Cloud } from '../src/catalog/types';
import { COMPLIANCE_PROGRAMS, JURISDICTIONS, PURCHASES } from '../src/planning';
import type { PlacementRequest, SelectionRequest } from '../src/planning';

/** Park-Miller minimal standard generator: seeded, in plain arithmetic, floats in [0, 1). */
export function prng(seed: number): () => number {
  let state = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

export type Rand = () => number;

export function pick<T>(rand: Rand, items: ReadonlyArray<T>): T {
  return items[Math.floor(rand() * items.length)];
}

function maybe(rand: Rand, p: number): boolean {
  return rand() < p;
}

const ACCELERATOR_IDS = Object.keys(ACCELERATORS) as AcceleratorId[];
const PARAMS = [1, 3, 7, 8, 13, 34, 70, 180, 405];
const GPU_COUNTS = [1, 2, 4, 8, 12, 16, 24, 32, 64, 128];

/** A random selection request: purpose, size or model, accelerators, purchase, regions, caps. */
export function randomSelectionRequest(rand: Rand): SelectionRequest {
  const cloud = pick(rand, ['aws', 'gcp', 'any'] as const);
  const purpose = pick(rand, ['pretraining', 'full-fine-tune', 'lora', 'inference', undefined] as const);
  const req: Record<string, unknown> = { cloud };
  const sized = purpose !== undefined && maybe(rand, 0.5);
  if (sized) {
    const precision = purpose === 'pretraining' || purpose === 'full-fine-tune' ? pick(rand, ['bf16', 'fp8'] as const) : pick(rand, ['bf16', 'fp8', 'int8', 'int4'] as const);
    req.sizing = { modelParamsBillions: pick(rand, PARAMS), precision, purpose, ...(purpose === 'inference' ? { concurrency: pick(rand, [1, 8, 32]) } : {}) };
    if (maybe(rand, 0.6)) req.totalGpus = pick(rand, GPU_COUNTS);
  } else {
    if (purpose !== undefined) req.purpose = purpose;
    req.totalGpus = pick(rand, GPU_COUNTS);
  }
  if (maybe(rand, 0.5)) req.accelerators = [...new Set([pick(rand, ACCELERATOR_IDS), ...(maybe(rand, 0.3) ? [pick(rand, ACCELERATOR_IDS)] : [])])];
  if (maybe(rand, 0.2)) req.multiNode = maybe(rand, 0.5);
  const purchase = pick(rand, ['on-demand', 'on-demand', 'spot', ...PURCHASES] as const);
  if (purchase !== 'on-demand') req.purchase = purchase;
  if (maybe(rand, 0.15)) req.fabricFloor = pick(rand, ['gpudirect-tcpx', 'gpudirect-tcpxo', 'efa'] as const);
  if (maybe(rand, 0.25)) {
    const clouds: Cloud[] = cloud === 'any' ? ['aws', 'gcp'] : [cloud];
    const all = clouds.flatMap((c) => regionsFor(c).map((r) => r.name));
    req.regions = [...new Set([pick(rand, all), ...(maybe(rand, 0.3) ? [pick(rand, all)] : [])])];
  }
  if (maybe(rand, 0.15)) req.maxHourlyUsd = pick(rand, [5, 20, 100, 500, 2000]);
  return req as SelectionRequest;
}

/** A random placement request for one cloud. */
export function randomPlacementRequest(rand: Rand): PlacementRequest {
  const cloud = pick(rand, ['aws', 'gcp'] as const);
  const req: Record<string, unknown> = { cloud, accelerators: [pick(rand, ACCELERATOR_IDS)] };
  const policy: Record<string, unknown> = {};
  if (maybe(rand, 0.5)) policy.jurisdictions = [pick(rand, JURISDICTIONS)];
  if (maybe(rand, 0.15)) policy.programs = [pick(rand, COMPLIANCE_PROGRAMS)];
  req.policy = policy;
  req.purchase = pick(rand, PURCHASES);
  return req as PlacementRequest;
}
