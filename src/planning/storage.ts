import { FSX_LUSTRE_RULES, nextValidFsxCapacity } from '../catalog/storage-rules';
import type { Cloud } from '../catalog/types';
import { AiInfraError } from '../errors';
import { CostLine, lustreCost, lustrePriceFact } from './cost';
import type { PlannedDecision } from './pools';

/**
 * Storage sizing, with the cloud as a parameter: a Lustre file system's
 * capacity and throughput tier, and a vector store's storage and capacity.
 * Pure: the caller records the returned decisions.
 */

// ---- Lustre ----

/** Lustre deployment types sized here (FSx names). */
export type LustreDeployment = 'PERSISTENT_2' | 'SCRATCH_2' | 'SCRATCH_1';

/** Per-unit throughput tiers of PERSISTENT_2, MB/s per TiB. */
export const PERSISTENT_2_TIERS = FSX_LUSTRE_RULES.PERSISTENT_2.perUnitStorageThroughputMBpsPerTiB;

/** Capacity ladder of a deployment type in words: `1200, 2400 or a multiple of 2400`. */
export function lustreLadderText(deploymentType: LustreDeployment): string {
  const { firstGiB, stepGiB } = FSX_LUSTRE_RULES[deploymentType].capacity;
  return `${firstGiB.join(', ')} or a multiple of ${stepGiB}`;
}

/** Baseline MB/s per TiB of a deployment at a tier (the fixed baseline for scratch types). */
export function lustrePerTiB(deploymentType: LustreDeployment, tier: number | undefined): number {
  return deploymentType === 'PERSISTENT_2' ? tier! : FSX_LUSTRE_RULES[deploymentType].baselineMBpsPerTiB!;
}

/** Aggregate baseline throughput, GB/s, of `capacityGiB` at `mbpsPerTiB`. */
export function lustreThroughputGBps(capacityGiB: number, mbpsPerTiB: number): number {
  return (capacityGiB / 1024) * mbpsPerTiB / 1000;
}

/** Smallest valid capacity delivering `throughputGBps` at `mbpsPerTiB`. */
export function lustreCapacityForThroughput(deploymentType: LustreDeployment, throughputGBps: number, mbpsPerTiB: number): number {
  const neededGiB = Math.ceil((throughputGBps * 1000 / mbpsPerTiB) * 1024);
  return nextValidFsxCapacity(deploymentType, neededGiB)!;
}

/** Monthly storage price of a capacity at a tier (undefined where the catalog has no price: SCRATCH_1). */
export function lustreCostLine(
  cloud: Cloud, component: string, region: string, deploymentType: LustreDeployment, tier: number | undefined, capacityGiB: number,
): CostLine | undefined {
  if (deploymentType === 'SCRATCH_1') return undefined;
  return lustreCost({ component, cloud, region, deploymentType, throughputMBpsPerTiB: lustrePerTiB(deploymentType, tier), capacityGiB }, component);
}

/** What a Lustre file system is sized from. */
export interface LustreSizingRequest {
  readonly cloud: Cloud;
  readonly region: string;
  readonly deploymentType: LustreDeployment;
  /** Capacity given by the user (valid on the ladder). */
  readonly capacityGiB?: number;
  /** Aggregate throughput target, GB/s. */
  readonly throughputGBps?: number;
  /** Tier given by the user (PERSISTENT_2). */
  readonly tier?: number;
}

/**
 * Chooses capacity and tier: the given capacity (at the given tier, else 250),
 * or for a throughput target the cheapest tier whose smallest valid capacity
 * (or the given one) meets it. Returns the decision with the other tiers.
 */
export function sizeLustre(req: LustreSizingRequest, where: string): { capacityGiB: number; tier?: number; decision: PlannedDecision } {
  const type = req.deploymentType;
  const persistent = type === 'PERSISTENT_2';
  const { capacityGiB: capacityGiven, throughputGBps, tier: tierGiven } = req;
  const tiers = persistent ? (tierGiven !== undefined ? [tierGiven] : [...PERSISTENT_2_TIERS]) : [undefined];
  const usd = (c: number, t: number | undefined): number => lustreCostLine(req.cloud, where, req.region, type, t, c)?.monthlyUsd ?? NaN;
  const describe = (c: number, t: number | undefined): string =>
    `${c} GiB${persistent ? ` at ${t} MB/s/TiB` : ''} = ${lustreThroughputGBps(c, lustrePerTiB(type, t)).toFixed(2)} GB/s${Number.isNaN(usd(c, t)) ? '' : `, ~$${Math.round(usd(c, t))}/month`}`;

  if (throughputGBps === undefined) {
    const tier = persistent ? tierGiven ?? 250 : undefined;
    return {
      capacityGiB: capacityGiven!,
      tier,
      decision: {
        topic: 'lustre-capacity',
        chosen: describe(capacityGiven!, tier),
        reason: persistent && tierGiven === undefined ? 'capacity given; 250 MB/s/TiB is the default PERSISTENT_2 tier' : 'capacity given',
      },
    };
  }

  // Every tier that can meet the target: its capacity (the given one, or the smallest valid one) and its price.
  const options = tiers.map((t) => {
    const needed = lustreCapacityForThroughput(type, throughputGBps, lustrePerTiB(type, t));
    const capacity = capacityGiven ?? needed;
    return { tier: t, capacity, meets: capacity >= needed, needed, usd: usd(capacity, t) };
  });
  const feasible = options.filter((o) => o.meets).sort((a, b) => a.usd - b.usd || a.capacity - b.capacity);
  if (feasible.length === 0) {
    const best = options.reduce((a, b) => (a.needed <= b.needed ? a : b));
    throw new AiInfraError({
      where,
      field: 'capacityGiB',
      given: capacityGiven,
      allowed: `at least ${best.needed} GiB to deliver ${throughputGBps} GB/s${persistent ? ` at ${best.tier} MB/s/TiB` : ` at the ${type} baseline of ${lustrePerTiB(type, undefined)} MB/s/TiB`}`,
      hint: 'Raise capacityGiB, or omit it to size from throughputGBps',
    });
  }
  const chosen = feasible[0];
  // The cheapest tier can drop as the target rises (a larger file system at a lower tier beats a small one at a
  // high tier): say so, since a resize then changes the tier of a running file system.
  let tierNote = '';
  if (persistent && tierGiven === undefined && capacityGiven === undefined && chosen.tier !== undefined) {
    const half = throughputGBps / 2;
    const atHalf = tiers
      .map((t) => ({ tier: t!, capacity: lustreCapacityForThroughput(type, half, lustrePerTiB(type, t)) }))
      .map((o) => ({ ...o, usd: usd(o.capacity, o.tier) }))
      .sort((a, b) => a.usd - b.usd || a.capacity - b.capacity)[0];
    if (atHalf && atHalf.tier > chosen.tier) {
      tierNote = `. NOTE: the tier is lower than for a smaller target (${atHalf.tier} MB/s/TiB at ${half} GB/s): raising the target moved to a larger `
        + `file system at ${chosen.tier} MB/s/TiB, and resizing an existing one changes its tier (check the plan)`;
    }
  }
  // A choice between tiers rests on their prices: name any that are not confirmed.
  if (persistent && tierGiven === undefined) {
    const shaky = options
      .filter((o) => o.meets && o.tier !== undefined)
      .map((o) => ({ tier: o.tier, confidence: lustrePriceFact(req.cloud, type, lustrePerTiB(type, o.tier))?.confidence }))
      .filter((o) => o.confidence !== undefined && o.confidence !== 'confirmed')
      .map((o) => `${o.tier} (${o.confidence})`);
    if (shaky.length) tierNote += `. The tiers were compared on list prices not confirmed by two sources: ${shaky.join(', ')} MB/s/TiB`;
  }
  return {
    capacityGiB: chosen.capacity,
    tier: chosen.tier,
    decision: {
      topic: 'lustre-capacity',
      chosen: describe(chosen.capacity, chosen.tier),
      reason: (capacityGiven !== undefined
        ? `capacity given; meets the ${throughputGBps} GB/s target${persistent && tierGiven === undefined ? ' at the cheapest tier that does' : ''}`
        : `smallest valid ${type} capacity (${lustreLadderText(type)}) delivering ${throughputGBps} GB/s${persistent && tierGiven === undefined ? ', at the cheapest tier' : ''}`) + tierNote,
      alternatives: options
        .filter((o) => o !== chosen)
        .map((o) => ({ option: describe(o.capacity, o.tier), reason: o.meets ? 'costs more' : `below the ${throughputGBps} GB/s target` })),
    },
  };
}

// ---- Vectors ----

/** How each vector component is stored. */
export type VectorPrecision = 'float32' | 'float16';

/** Storage and memory estimate of a vector set, with the capacity it suggests. */
export interface VectorSizing {
  /** Vectors sized for. */
  readonly vectors: number;
  /** Dimensions of each vector. */
  readonly dimensions: number;
  /** Bytes per component: 4 (float32) or 2 (float16). */
  readonly bytesPerDimension: number;
  /** vectors × dimensions × bytes per dimension, GiB. */
  readonly rawGiB: number;
  /** Table rows (vector + headers), GiB. */
  readonly heapGiB: number;
  /** HNSW graph index, GiB. */
  readonly hnswIndexGiB: number;
  /** heap + index, GiB. */
  readonly storageGiB: number;
  /** Serverless v2 floor that keeps the HNSW index in memory. */
  readonly suggestedMinAcu: number;
  /** Serverless v2 ceiling: twice the floor, at least 4. */
  readonly suggestedMaxAcu: number;
  /** The formula, for the decision record. */
  readonly formula: string;
}

/** HNSW `m` (neighbours per node) the estimate assumes: pgvector's and OpenSearch's default. */
export const HNSW_M = 16;
/** Per-row overhead in the heap: 24 B tuple header + 4 B item pointer + 8 B bigint id + 8 B vector header. */
export const HEAP_ROW_OVERHEAD_BYTES = 44;
/** Memory per Aurora Serverless v2 ACU, GiB. */
export const GIB_PER_ACU = 2;
/** Share of an ACU's memory the estimate lets the buffer cache use for the index. */
export const CACHE_SHARE_OF_ACU_MEMORY = 0.75;

const GIB = 1024 ** 3;
const halfUp = (n: number): number => Math.ceil(n * 2) / 2;
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * Sizes a vector set:
 * - heap = n × (d × b + 44 B row overhead);
 * - HNSW index = 1.1 × (d × b + 8 × m) × n with m = 16 (the k-NN HNSW memory
 *   estimate of the OpenSearch docs; pgvector's graph stores the same vector
 *   copy plus 2m neighbour links at layer 0);
 * - storage = heap + index;
 * - floor ACU = index / (2 GiB × 0.75), rounded up to 0.5 (the index stays
 *   cached at the floor), clamped to 0.5-256; ceiling = max(4, 2 × floor) ≤ 256.
 */
export function estimateVectorSizing(vectors: number, dimensions: number, precision: VectorPrecision = 'float32'): VectorSizing {
  const b = precision === 'float16' ? 2 : 4;
  const raw = vectors * dimensions * b;
  const heap = vectors * (dimensions * b + HEAP_ROW_OVERHEAD_BYTES);
  const index = 1.1 * (dimensions * b + 8 * HNSW_M) * vectors;
  const minAcu = Math.min(256, Math.max(0.5, halfUp(index / GIB / (GIB_PER_ACU * CACHE_SHARE_OF_ACU_MEMORY))));
  const maxAcu = Math.min(256, Math.max(4, halfUp(minAcu * 2)));
  return {
    vectors,
    dimensions,
    bytesPerDimension: b,
    rawGiB: round3(raw / GIB),
    heapGiB: round3(heap / GIB),
    hnswIndexGiB: round3(index / GIB),
    storageGiB: round3((heap + index) / GIB),
    suggestedMinAcu: minAcu,
    suggestedMaxAcu: maxAcu,
    formula:
      `heap = n×(d×${b}+${HEAP_ROW_OVERHEAD_BYTES}) B; HNSW = 1.1×(d×${b}+8×${HNSW_M})×n B; ` +
      `floor ACU = HNSW GiB / (${GIB_PER_ACU} GiB × ${CACHE_SHARE_OF_ACU_MEMORY}) rounded up to 0.5; ceiling = max(4, 2×floor)`,
  };
}

/**
 * The serverless capacity range of a vector database: the given floor and
 * ceiling, else sized so the HNSW index stays cached at the floor (ceiling
 * twice the floor, at least 4), else 0.5-8. Returns the decision and, when a
 * given floor is below the sized one, a warning.
 */
export function planVectorCapacity(
  sizing: VectorSizing | undefined, minGiven: number | undefined, maxGiven: number | undefined, where: string,
): { min: number; max: number; decision: PlannedDecision; warning?: string } {
  const min = minGiven ?? sizing?.suggestedMinAcu ?? 0.5;
  const max = maxGiven ?? (sizing ? Math.max(sizing.suggestedMaxAcu, halfUp(min * 2)) : Math.max(8, min));
  const clampedMax = Math.min(256, max);
  if (clampedMax < min) {
    throw new AiInfraError({ where, field: 'aws.maxCapacityAcu', given: maxGiven ?? clampedMax, allowed: `>= minCapacityAcu (${min})` });
  }
  const how = minGiven !== undefined && maxGiven !== undefined
    ? 'given'
    : sizing
      ? `sized: the HNSW index (${sizing.hnswIndexGiB} GiB) stays cached at the floor (${GIB_PER_ACU} GiB per ACU, ${CACHE_SHARE_OF_ACU_MEMORY * 100} % as cache); ceiling twice the floor, at least 4`
      : 'no vectors × dimensions given: smallest floor, 8 ACU ceiling';
  const warning = sizing && minGiven !== undefined && minGiven < sizing.suggestedMinAcu
    ? `${where}: minCapacityAcu ${minGiven} is below the ${sizing.suggestedMinAcu} ACU that keeps the ${sizing.hnswIndexGiB} GiB HNSW index cached; queries may read from storage after scale-down`
    : undefined;
  return {
    min,
    max: clampedMax,
    decision: { topic: 'vector-capacity', chosen: `${min}-${clampedMax} ACU (Serverless v2)`, reason: how },
    ...(warning ? { warning } : {}),
  };
}
