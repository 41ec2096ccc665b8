import { z } from 'zod';
import { ACCELERATORS, findRegion, instanceTypesFor, zonesFor } from '../catalog';
import type { AcceleratorId, Cloud, Fabric, InstanceTypeSpec } from '../catalog/types';
import { FABRIC_RANK, RDMA_FABRICS } from '../catalog/types';
import { AiInfraError, parseOrThrow } from '../errors';
import { formatUsd as usd } from './cost';
import { nodePrice, PURCHASES } from './pricing';
import type { NodePrice, PriceBasis, Purchase } from './pricing';
import { planParallelism, PURPOSES, sizeModel, SizingRequestSchema } from './sizing';
import type { ModelSizing, ParallelismPlan, Purpose } from './sizing';

export const CLOUD_CHOICES = ['aws', 'gcp', 'any'] as const;
export const FABRICS = ['ethernet', 'gpudirect-tcpx', 'gpudirect-tcpxo', 'efa', 'gpudirect-rdma'] as const satisfies ReadonlyArray<Fabric>;
export const ACCELERATOR_IDS = Object.keys(ACCELERATORS) as [AcceleratorId, ...AcceleratorId[]];

/** Human names of fabrics, as the clouds' docs write them. */
export const FABRIC_LABEL: Readonly<Record<Fabric, string>> = {
  'efa': 'EFA',
  'gpudirect-tcpx': 'GPUDirect-TCPX',
  'gpudirect-tcpxo': 'GPUDirect-TCPXO',
  'gpudirect-rdma': 'GPUDirect-RDMA',
  'ethernet': 'ethernet',
};

const TRAINING_PURPOSES: ReadonlyArray<Purpose> = ['pretraining', 'full-fine-tune', 'lora'];

export const SelectionRequestSchema = z.object({
  /** @default 'any' */
  cloud: z.enum(CLOUD_CHOICES).default('any'),
  /** @default - sizing.purpose, else none (no training-class check) */
  purpose: z.enum(PURPOSES).optional(),
  /** GPUs for the whole job. @default - derived from sizing (one replica) */
  totalGpus: z.number().int().min(1).max(100_000).optional(),
  /** The model to fit; GPUs per replica are derived per type when totalGpus is absent. */
  sizing: SizingRequestSchema.optional(),
  /** Accelerators allowed. @default - every NVIDIA GPU; AWS Neuron chips only when named */
  accelerators: z.array(z.enum(ACCELERATOR_IDS)).min(1).optional(),
  minGpuMemoryGiB: z.number().positive().optional(),
  /** @default - true when the job needs more than one node of a type, or is pretraining on more than 8 GPUs */
  multiNode: z.boolean().optional(),
  fabricFloor: z.enum(FABRICS).optional(),
  minFabricGbps: z.number().min(0).optional(),
  /** Shorthand for purchase 'spot'. @default false */
  spot: z.boolean().optional(),
  /** Cap on the whole job's $/hour. */
  maxHourlyUsd: z.number().positive().optional(),
  /** Regions allowed. @default - every region of the allowed clouds */
  regions: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Zones the nodes can go to (a cluster's subnets): a type must be offered in at
   * least one of them (AWS: AZ IDs). @default - any zone of the allowed regions
   */
  zones: z.array(z.string().min(1)).min(1).optional(),
  /** @default - 'spot' when spot is true, else 'on-demand' */
  purchase: z.enum(PURCHASES).optional(),
}).strict().superRefine((r, ctx) => {
  if (r.totalGpus === undefined && r.sizing === undefined) {
    ctx.addIssue({ code: 'custom', path: ['totalGpus'], message: 'a whole number >= 1 when sizing is not given' });
  }
  if (r.spot && r.purchase !== undefined && r.purchase !== 'spot') {
    ctx.addIssue({ code: 'custom', path: ['purchase'], message: '"spot" (or unset) when spot is true' });
  }
  if (r.purpose !== undefined && r.sizing !== undefined && r.sizing.purpose !== r.purpose) {
    ctx.addIssue({ code: 'custom', path: ['purpose'], message: `${JSON.stringify(r.sizing.purpose)} to match sizing.purpose` });
  }
});

export type SelectionRequest = z.input<typeof SelectionRequestSchema>;
export type ResolvedSelectionRequest = z.output<typeof SelectionRequestSchema>;

/** A constraint one type failed, and what to relax to admit it. */
export interface Failure {
  /** The request field at fault (`maxHourlyUsd`, `regions`, ...). */
  readonly constraint: string;
  readonly reason: string;
  /** What to change in the request to admit the type. */
  readonly relax: string;
}

export interface Candidate {
  readonly cloud: Cloud;
  readonly type: InstanceTypeSpec;
  readonly accelerator: AcceleratorId;
  readonly gpusPerNode: number;
  readonly nodes: number;
  readonly gpus: number;
  /** Region the nodes run in (cheapest allowed region offering the type). */
  readonly region: string;
  /** $/hour for one node. */
  readonly usdPerHour: number;
  /** nodes × usdPerHour. */
  readonly jobUsdPerHour: number;
  /** jobUsdPerHour per PFLOP/s of dense BF16 (the cost of the work; used to rank training). */
  readonly usdPerPflopHour: number;
  readonly priceBasis: PriceBasis;
  /** Region the price was read for, when it differs from `region`. */
  readonly priceRegion?: string;
  readonly priceSource: string;
  readonly priceAsOf: string;
  /** The price is an estimate or rests on an unconfirmed fact; `reason` says why. */
  readonly priceUnconfirmed: boolean;
  readonly purchase: Purchase;
  readonly fabric: Fabric;
  readonly fabricGbps: number;
  readonly multiNode: boolean;
  /** Present when the request had a sizing. */
  readonly parallelism?: ParallelismPlan;
  /** One line: why this type, at what price, on what basis. */
  readonly reason: string;
}

export interface Rejection {
  readonly cloud: Cloud;
  readonly type: string;
  /** Every failed constraint, joined. */
  readonly reason: string;
  readonly failures: ReadonlyArray<Failure>;
  /** The job price the type would have had, when one could be computed. */
  readonly jobUsdPerHour?: number;
}

export type RankMetric = 'job-usd-per-hour' | 'usd-per-pflop-hour';

export interface SelectionResult {
  readonly chosen: Candidate;
  /** Feasible candidates, best first (chosen is ranked[0]). */
  readonly ranked: ReadonlyArray<Candidate>;
  /** Every other type of the catalog, with the reason. */
  readonly rejected: ReadonlyArray<Rejection>;
  readonly rankedBy: RankMetric;
  readonly notes: ReadonlyArray<string>;
  readonly request: ResolvedSelectionRequest;
  readonly sizing?: ModelSizing;
}

interface Evaluation {
  readonly type: InstanceTypeSpec;
  readonly failures: Failure[];
  readonly candidate?: Candidate;
  readonly jobUsdPerHour?: number;
}

/**
 * Chooses the instance or machine type for a GPU job.
 *
 * Every type of the catalog is considered; each either becomes a candidate or
 * is rejected with every constraint it fails. Candidates are ranked by the
 * cost of the work for training purposes (job $/h ÷ dense BF16 PFLOP/s, since
 * faster GPUs finish the same job in fewer hours) and by job $/h otherwise;
 * ties break on fabric (FABRIC_RANK, then Gbps), then memory headroom.
 * Throws AiInfraError naming the closest type and what to relax when nothing fits.
 */
export function selectInstance(req: SelectionRequest, where: string): SelectionResult {
  const r = parseOrThrow(SelectionRequestSchema, req, where);
  const clouds: Cloud[] = r.cloud === 'any' ? ['aws', 'gcp'] : [r.cloud];
  if (r.regions) {
    const unknown = r.regions.find((name) => !clouds.some((c) => findRegion(c, name)));
    if (unknown !== undefined) {
      throw new AiInfraError({ where, field: 'regions', given: unknown, allowed: `a region of ${clouds.join(' or ')} known to the catalog` });
    }
  }
  const sizing = r.sizing ? sizeModel(r.sizing, where) : undefined;
  const purpose = r.purpose ?? sizing?.request.purpose;
  const purchase: Purchase = r.purchase ?? (r.spot ? 'spot' : 'on-demand');
  const rankedBy: RankMetric = purpose !== undefined && TRAINING_PURPOSES.includes(purpose) ? 'usd-per-pflop-hour' : 'job-usd-per-hour';

  const evaluations = (['aws', 'gcp'] as const).flatMap((c) => instanceTypesFor(c)).map((t) => evaluate(t, r, clouds, purpose, purchase, sizing, where));
  const feasible = evaluations.filter((e) => e.failures.length === 0 && e.candidate).map((e) => e.candidate as Candidate);
  const rejectedEvals = evaluations.filter((e) => e.failures.length > 0);

  if (feasible.length === 0) throw infeasible(rejectedEvals, r, where);

  const headroom = (c: Candidate) => (c.parallelism ? c.parallelism.usablePerGpuGB - c.parallelism.perGpuGB : ACCELERATORS[c.accelerator].memoryGiB);
  const metric = (c: Candidate) => (rankedBy === 'usd-per-pflop-hour' ? c.usdPerPflopHour : c.jobUsdPerHour);
  const ranked = [...feasible].sort(
    (a, b) =>
      compareNumbers(metric(a), metric(b)) ||
      FABRIC_RANK[b.fabric] - FABRIC_RANK[a.fabric] ||
      b.fabricGbps - a.fabricGbps ||
      headroom(b) - headroom(a) ||
      a.type.name.localeCompare(b.type.name),
  );

  const notes: string[] = [];
  notes.push(
    rankedBy === 'usd-per-pflop-hour'
      ? `ranked by the cost of the work (job $/h per PFLOP/s of dense BF16) because ${purpose} finishes sooner on faster GPUs; then fabric, then memory headroom`
      : 'ranked by the job\'s $/h (nodes × $/h per node), then fabric, then memory headroom',
  );
  if (!r.accelerators) notes.push('AWS Neuron accelerators (Trainium, Inferentia) are considered only when named in accelerators');
  if (purchase === 'spot') notes.push('no sourced spot prices: spot candidates show the on-demand price as a ceiling');
  if (sizing) notes.push(...sizing.explanation.map((l) => `sizing: ${l}`));
  const chosen = ranked[0];
  if (chosen.priceUnconfirmed) notes.push(`the chosen price is an estimate: ${chosen.reason}`);

  return {
    chosen,
    ranked,
    rejected: rejectedEvals.map((e) => ({
      cloud: e.type.cloud,
      type: e.type.name,
      reason: e.failures.map((f) => f.reason).join('; '),
      failures: e.failures,
      ...(e.jobUsdPerHour !== undefined ? { jobUsdPerHour: round2(e.jobUsdPerHour) } : {}),
    })),
    rankedBy,
    notes,
    request: r,
    ...(sizing ? { sizing } : {}),
  };
}

function evaluate(
  type: InstanceTypeSpec,
  r: ResolvedSelectionRequest,
  clouds: ReadonlyArray<Cloud>,
  purpose: Purpose | undefined,
  purchase: Purchase,
  sizing: ModelSizing | undefined,
  where: string,
): Evaluation {
  const failures: Failure[] = [];
  const acc = ACCELERATORS[type.accelerator];
  const perNode = type.acceleratorsPerNode;

  if (!clouds.includes(type.cloud)) {
    failures.push({ constraint: 'cloud', reason: `${type.cloud} type; cloud is ${r.cloud}`, relax: 'cloud: "any"' });
  }
  if (r.accelerators && !r.accelerators.includes(acc.id)) {
    failures.push({ constraint: 'accelerators', reason: `accelerator ${acc.id} is not in accelerators (${r.accelerators.join(', ')})`, relax: `accelerators: add "${acc.id}"` });
  } else if (!r.accelerators && acc.vendor !== 'nvidia') {
    failures.push({
      constraint: 'accelerators',
      reason: `${acc.id} is an AWS Neuron accelerator (Neuron SDK, not CUDA), considered only when named in accelerators`,
      relax: `accelerators: ["${acc.id}"]`,
    });
  }
  if ((purpose === 'pretraining' || purpose === 'full-fine-tune') && !acc.trainingClass) {
    failures.push({
      constraint: 'purpose',
      reason: `${acc.id} is not a training-class accelerator; ${purpose} needs one (H100/H200/B200/A100 or Trainium)`,
      relax: 'purpose: "lora" or "inference", or a training-class accelerator',
    });
  }
  if (r.minGpuMemoryGiB !== undefined && acc.memoryGiB < r.minGpuMemoryGiB) {
    failures.push({ constraint: 'minGpuMemoryGiB', reason: `${acc.id} has ${acc.memoryGiB} GiB per GPU, below minGpuMemoryGiB ${r.minGpuMemoryGiB}`, relax: `minGpuMemoryGiB: ${acc.memoryGiB}` });
  }

  let parallelism: ParallelismPlan | undefined;
  let gpus = r.totalGpus ?? perNode;
  if (sizing) {
    try {
      parallelism = planParallelism(
        sizing,
        {
          acceleratorMemoryGiB: acc.memoryGiB,
          acceleratorsPerNode: perNode,
          nvlinkDomainSize: Math.min(type.nvlinkDomainSize, perNode),
          ...(r.totalGpus !== undefined ? { totalGpus: r.totalGpus } : {}),
          ...(r.multiNode !== undefined ? { allowMultiNode: r.multiNode } : {}),
        },
        where,
      );
      gpus = r.totalGpus ?? parallelism.gpusPerReplica;
    } catch (e) {
      if (!(e instanceof AiInfraError)) throw e;
      failures.push({
        constraint: r.totalGpus !== undefined && e.field === 'totalGpus' ? 'totalGpus' : 'sizing',
        reason: `too little memory for the model on ${acc.id} (${acc.memoryGiB} GiB): ${stripWhere(e.message, where)}`,
        relax: e.field === 'totalGpus' ? `totalGpus: ${e.allowed}` : 'sizing (lower precision, shorter sequence) or accelerators with more memory',
      });
    }
  }

  const nodes = Math.ceil(gpus / perNode);
  const multiNode = r.multiNode ?? (nodes > 1 || (purpose === 'pretraining' && gpus > 8));
  if (r.multiNode === false && nodes > 1) {
    failures.push({ constraint: 'multiNode', reason: `${gpus} GPUs need ${nodes} nodes of ${perNode}, and multiNode is false`, relax: 'multiNode: true, or fewer GPUs' });
  }
  if (multiNode) {
    const rdmaClass = RDMA_FABRICS.includes(type.fabric);
    if (!rdmaClass || type.deviceRdma === false) {
      const what = purpose === 'inference' ? 'inference' : purpose === undefined ? 'job' : 'training';
      failures.push({
        constraint: 'multiNode',
        reason: `multi-node ${what} needs an RDMA-class fabric (EFA, GPUDirect-TCPXO or GPUDirect-RDMA); ${type.name} has ${
          rdmaClass ? `${FABRIC_LABEL[type.fabric]} without confirmed GPUDirect RDMA to the GPUs` : FABRIC_LABEL[type.fabric]
        }`,
        relax: 'multiNode: false (fit the job in one node)',
      });
    }
    // A multi-node job on partial nodes puts collectives that could stay on NVLink
    // onto the network; take the family's full-node size (which has the full fabric).
    const fuller = instanceTypesFor(type.cloud).find(
      (t) => t.accelerator === type.accelerator && t.family === type.family && t.acceleratorsPerNode > perNode,
    );
    if (fuller && gpus > perNode) {
      failures.push({
        constraint: 'multiNode',
        reason: `a multi-node job on ${perNode}-GPU nodes spreads over ${nodes} nodes; ${fuller.name} holds ${fuller.acceleratorsPerNode} ${type.accelerator} on one NVLink domain with ${FABRIC_LABEL[fuller.fabric]} ${fuller.fabricGbps.toLocaleString('en-US')} Gbps`,
        relax: `use ${fuller.name}`,
      });
    }
  }
  if (r.fabricFloor !== undefined && FABRIC_RANK[type.fabric] < FABRIC_RANK[r.fabricFloor]) {
    failures.push({
      constraint: 'fabricFloor',
      reason: `fabric ${FABRIC_LABEL[type.fabric]} is below the floor ${FABRIC_LABEL[r.fabricFloor]}`,
      relax: `fabricFloor: "${type.fabric}"`,
    });
  }
  if (r.minFabricGbps !== undefined && type.fabricGbps < r.minFabricGbps) {
    failures.push({ constraint: 'minFabricGbps', reason: `fabric ${type.fabricGbps} Gbps is below minFabricGbps ${r.minFabricGbps}`, relax: `minFabricGbps: ${type.fabricGbps}` });
  }
  if (!sells(type, purchase)) {
    const sold = PURCHASES.filter((p) => sells(type, p));
    failures.push({
      constraint: purchase === 'spot' && r.spot ? 'spot' : 'purchase',
      reason: `${purchase === 'on-demand' ? 'not sold on demand' : purchase === 'spot' ? 'no spot capacity' : 'not sold as a reservation'} (sold as ${type.purchaseOptions.join(', ')})`,
      relax: sold.length ? `purchase: "${sold[0]}"` : 'purchase',
    });
  }

  const allowedRegions = r.regions ?? type.regions;
  const spotRegions = purchase === 'spot' && type.spotRegions ? type.spotRegions : undefined;
  const offering = type.regions.filter((reg) => allowedRegions.includes(reg) && (!spotRegions || spotRegions.includes(reg)));
  if (offering.length === 0) {
    failures.push({
      constraint: 'regions',
      reason: `not offered${spotRegions ? ' as spot' : ''} in ${allowedRegions.join(', ')} (offered in ${list(spotRegions ?? type.regions, 6)})`,
      relax: `regions: add ${(spotRegions ?? type.regions)[0] ?? 'a region offering it'}`,
    });
  }

  if (r.zones && offering.length > 0) {
    const typeZones = offering.flatMap((reg) => zonesFor(type, reg));
    if (!r.zones.some((zone) => typeZones.includes(zone))) {
      failures.push({
        constraint: 'zones',
        reason: `not offered in zones ${r.zones.join(', ')} (offered in ${list(typeZones, 6)})`,
        relax: `zones: add ${typeZones[0] ?? 'a zone offering it'}`,
      });
    }
  }

  const priced = cheapest(type, offering.length ? offering : type.regions, purchase);
  if (!priced) {
    failures.push({ constraint: 'accelerators', reason: `the catalog has no price of any kind for ${type.name}`, relax: 'choose another type' });
    return { type, failures };
  }
  const jobUsdPerHour = nodes * priced.price.usdPerHour;
  if (r.maxHourlyUsd !== undefined && jobUsdPerHour > r.maxHourlyUsd) {
    failures.push({
      constraint: 'maxHourlyUsd',
      reason: `job costs ${usd(jobUsdPerHour)}/h (${nodes} × ${usd(priced.price.usdPerHour)}), over maxHourlyUsd ${usd(r.maxHourlyUsd)}`,
      relax: `maxHourlyUsd: ${Math.ceil(jobUsdPerHour)}${r.totalGpus !== undefined ? ', or fewer GPUs' : ''}`,
    });
  }
  if (failures.length) return { type, failures, jobUsdPerHour };

  const p = priced.price;
  const pflops = (gpus * acc.bf16DenseTflops) / 1000;
  const parts = [
    `${nodes} × ${type.name} (${perNode} × ${acc.id} ${acc.memoryGiB} GiB) = ${gpus} GPU${gpus === 1 ? '' : 's'}`,
    `${FABRIC_LABEL[type.fabric]} ${type.fabricGbps.toLocaleString('en-US')} Gbps`,
    `${usd(p.usdPerHour)}/h per node in ${priced.region} (${p.basis}) → ${usd(jobUsdPerHour)}/h`,
  ];
  if (parallelism) parts.push(`TP ${parallelism.tensorParallel} × PP ${parallelism.pipelineParallel} × DP ${parallelism.dataParallel}, ${parallelism.perGpuGB} of ${parallelism.usablePerGpuGB} GB per GPU`);
  if (p.note) parts.push(p.note);
  if (type.confidence === 'unconfirmed') parts.push(`rests on unconfirmed catalog facts${type.note ? ` (${type.note})` : ''}`);
  return {
    type,
    failures,
    jobUsdPerHour,
    candidate: {
      cloud: type.cloud,
      type,
      accelerator: acc.id,
      gpusPerNode: perNode,
      nodes,
      gpus,
      region: priced.region,
      usdPerHour: round4(p.usdPerHour),
      jobUsdPerHour: round2(jobUsdPerHour),
      usdPerPflopHour: round4(jobUsdPerHour / pflops),
      priceBasis: p.basis,
      ...(p.priceRegion && p.priceRegion !== priced.region ? { priceRegion: p.priceRegion } : {}),
      priceSource: p.source,
      priceAsOf: p.asOf,
      priceUnconfirmed: p.unconfirmed || type.confidence === 'unconfirmed',
      purchase,
      fabric: type.fabric,
      fabricGbps: type.fabricGbps,
      multiNode,
      ...(parallelism ? { parallelism } : {}),
      reason: parts.join('; '),
    },
  };
}

/** Whether a type can be bought that way; a capacity block is a kind of reservation. */
function sells(type: InstanceTypeSpec, purchase: Purchase): boolean {
  if (purchase === 'reservation') return type.purchaseOptions.includes('reservation') || type.purchaseOptions.includes('capacity-block');
  return type.purchaseOptions.includes(purchase);
}

/** Cheapest region among `regions` by node price; sourced prices beat estimates at equal cost. */
function cheapest(type: InstanceTypeSpec, regions: ReadonlyArray<string>, purchase: Purchase): { region: string; price: NodePrice } | undefined {
  let best: { region: string; price: NodePrice } | undefined;
  for (const region of regions) {
    const price = nodePrice(type, region, purchase);
    if (!price) continue;
    // Within half a cent counts as equal: keep the earlier (reference) region unless a sourced price beats an estimate.
    const same = best !== undefined && Math.abs(price.usdPerHour - best.price.usdPerHour) < 0.005;
    if (!best || (!same && price.usdPerHour < best.price.usdPerHour) || (same && best.price.unconfirmed && !price.unconfirmed)) {
      best = { region, price };
    }
  }
  return best;
}

function infeasible(rejected: ReadonlyArray<Evaluation>, r: ResolvedSelectionRequest, where: string): AiInfraError {
  // Fewest failed constraints first; at a tie, prefer relaxing a number over opting into another accelerator family or cloud.
  const optIn = (e: Evaluation) => Number(e.failures.some((f) => f.constraint === 'accelerators'));
  const closest = [...rejected].sort(
    (a, b) =>
      a.failures.length - b.failures.length ||
      optIn(a) - optIn(b) ||
      Number(a.failures.some((f) => f.constraint === 'cloud')) - Number(b.failures.some((f) => f.constraint === 'cloud')) ||
      (a.jobUsdPerHour ?? Infinity) - (b.jobUsdPerHour ?? Infinity) ||
      a.type.name.localeCompare(b.type.name),
  )[0];
  const relax = [...new Set(closest.failures.map((f) => f.relax))].join('; ');
  return new AiInfraError({
    where,
    field: '',
    given: r,
    allowed: '',
    message: `no instance type meets the request (${rejected.length} considered); closest: ${closest.type.cloud} ${closest.type.name}, rejected because ${closest.failures
      .map((f) => f.reason)
      .join('; ')}`,
    hint: `To admit it, relax ${relax}`,
  });
}

function stripWhere(message: string, where: string): string {
  return message.startsWith(`${where}: `) ? message.slice(where.length + 2) : message;
}

function compareNumbers(a: number, b: number): number {
  return Math.abs(a - b) < 1e-9 ? 0 : a - b;
}

function list(items: ReadonlyArray<string>, max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
