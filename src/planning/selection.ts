import { z } from 'zod';
import { ACCELERATORS, findRegion, instanceTypesFor, regionsFor, zonesFor } from '../catalog';
import type { AcceleratorId, Cloud, Fabric, InstanceTypeSpec } from '../catalog/types';
import { FABRIC_RANK, RDMA_FABRICS } from '../catalog/types';
import { AiInfraError, parseOrThrow } from '../errors';
import { formatUsd as usd } from './cost';
import { AcceleratorNamesSchema, checkAcceleratorNames, didYouMean } from './names';
import { nodePrice, PURCHASES, sells } from './pricing';
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
  /** Accelerators allowed (case ignored; `A100` means either size). @default - every NVIDIA GPU; AWS Neuron chips only when named */
  accelerators: AcceleratorNamesSchema.optional(),
  minGpuMemoryGiB: z.number().positive().optional(),
  /**
   * Whether collectives cross nodes (the type then needs an RDMA-class fabric).
   * Inference: one replica may span nodes (independent replicas on separate
   * nodes never need the fabric). Other purposes: the job may use several nodes.
   * @default - inference: a replica spans nodes only when the sizing needs it; otherwise true when the job needs more than one node of a type
   */
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
  /**
   * The same change as a patch of the request (`undefined` values remove a field),
   * or null when no change of the request alone admits the type.
   */
  readonly patch: RequestPatch | null;
}

/** A change of a selection request: fields to set; `undefined` removes a field. */
export type RequestPatch = { -readonly [K in keyof ResolvedSelectionRequest]?: ResolvedSelectionRequest[K] | undefined };

/**
 * Thrown when no type meets a request. `relaxation` is the change the hint
 * names, verified to make the request feasible; absent when nothing nearby is.
 */
export class InfeasibleSelectionError extends AiInfraError {
  public readonly relaxation?: RequestPatch;
  constructor(opts: ConstructorParameters<typeof AiInfraError>[0], relaxation: RequestPatch | undefined) {
    super(opts);
    if (relaxation) this.relaxation = relaxation;
    Object.defineProperty(this, 'relaxation', { enumerable: false });
  }
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
  /** $/hour for one node; NaN when `priceUnknown`. */
  readonly usdPerHour: number;
  /** nodes × usdPerHour; NaN when `priceUnknown`. */
  readonly jobUsdPerHour: number;
  /**
   * No price of the purchase option is known for the type (e.g. a Capacity Block
   * type with no sourced rate): it is ranked after every priced candidate.
   */
  readonly priceUnknown: boolean;
  /** jobUsdPerHour per PFLOP/s of dense BF16 (the cost of the work; used to rank training). */
  readonly usdPerPflopHour: number;
  /** How the price was obtained; `unknown` with `priceUnknown`. */
  readonly priceBasis: PriceBasis | 'unknown';
  /** Region the price was read for, when it differs from `region`. */
  readonly priceRegion?: string;
  readonly priceSource: string;
  readonly priceAsOf: string;
  /** The price is an estimate or rests on an unconfirmed fact; `reason` says why. */
  readonly priceUnconfirmed: boolean;
  readonly purchase: Purchase;
  readonly fabric: Fabric;
  readonly fabricGbps: number;
  /**
   * Collectives cross nodes, so the type needs an RDMA-class fabric: one
   * replica spans nodes, or a training job spreads over several nodes.
   * Independent inference replicas on separate nodes are not multi-node.
   */
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
  checkAcceleratorNames((req as { accelerators?: unknown } | undefined)?.accelerators, where);
  const r = parseOrThrow(SelectionRequestSchema, req, where);
  checkRegionNames(r, where);
  const run = evaluateRequest(r, where);
  const { rankedBy, purchase, purpose, sizing } = run;
  if (run.feasible.length === 0) throw infeasible(run.evaluations, r, where);

  const headroom = (c: Candidate) => (c.parallelism ? c.parallelism.usablePerGpuGB - c.parallelism.perGpuGB : ACCELERATORS[c.accelerator].memoryGiB);
  const metric = (c: Candidate) => (rankedBy === 'usd-per-pflop-hour' ? c.usdPerPflopHour : c.jobUsdPerHour);
  const ranked = [...run.feasible].sort(
    (a, b) =>
      Number(a.priceUnknown) - Number(b.priceUnknown) ||
      (a.priceUnknown ? 0 : compareNumbers(metric(a), metric(b))) ||
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
  notes.push(PURCHASE_BASIS_NOTE[purchase]);
  if (ranked.some((c) => c.priceUnknown)) notes.push('price unknown: types with no sourced or estimated price for this purchase option are ranked after every priced type');
  if (!r.accelerators) notes.push('AWS Neuron accelerators (Trainium, Inferentia) are considered only when named in accelerators');
  if (sizing) notes.push(...sizing.explanation.map((l) => `sizing: ${l}`));
  const chosen = ranked[0];
  if (chosen.priceUnknown) notes.push(`the chosen type has no known ${purchase} price: ${chosen.reason}`);
  else if (chosen.priceUnconfirmed) notes.push(`the chosen price is an estimate: ${chosen.reason}`);

  return {
    chosen,
    ranked,
    // Most useful first: the types that missed by fewest constraints (another cloud last), then cheaper.
    rejected: [...run.evaluations.filter((e) => e.failures.length > 0)].sort(
      (a, b) =>
        Number(a.failures.some((f) => f.constraint === 'cloud')) - Number(b.failures.some((f) => f.constraint === 'cloud')) ||
        a.failures.length - b.failures.length ||
        Number(a.failures.some((f) => f.constraint === 'accelerators')) - Number(b.failures.some((f) => f.constraint === 'accelerators')) ||
        (a.jobUsdPerHour ?? Infinity) - (b.jobUsdPerHour ?? Infinity),
    ).map((e) => ({
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

/** What each purchase option's prices rest on, said once per table. */
const PURCHASE_BASIS_NOTE: Readonly<Record<Purchase, string>> = {
  'on-demand': 'price basis: on-demand; a region with no sourced price takes the reference region\'s price × the documented uplift of its geography (basis regional-estimate)',
  'spot': 'price basis: spot for every candidate; a sourced spot price where one exists, else the on-demand (or reference) price × (1 − the cloud\'s documented spot discount: AWS 57 %, GCP 60 %) (basis spot-estimate)',
  'reservation': 'price basis: reservation; a sourced Capacity Block rate where one exists, else a reference price, else the on-demand list price as a ceiling (basis reservation)',
  'capacity-block': 'price basis: EC2 Capacity Block rates (sourced, dated; AWS reprices them with demand)',
};

function checkRegionNames(r: ResolvedSelectionRequest, where: string): void {
  if (!r.regions) return;
  const clouds: Cloud[] = r.cloud === 'any' ? ['aws', 'gcp'] : [r.cloud];
  const unknown = r.regions.find((name) => !clouds.some((c) => findRegion(c, name)));
  if (unknown !== undefined) {
    const hint = didYouMean(unknown, clouds.flatMap((c) => regionsFor(c).map((x) => x.name)));
    throw new AiInfraError({ where, field: 'regions', given: unknown, allowed: `a region of ${clouds.join(' or ')} known to the catalog`, ...(hint ? { hint } : {}) });
  }
}

interface RequestRun {
  readonly evaluations: ReadonlyArray<Evaluation>;
  readonly feasible: ReadonlyArray<Candidate>;
  readonly rankedBy: RankMetric;
  readonly purchase: Purchase;
  readonly purpose?: Purpose;
  readonly sizing?: ModelSizing;
}

function evaluateRequest(r: ResolvedSelectionRequest, where: string): RequestRun {
  const clouds: Cloud[] = r.cloud === 'any' ? ['aws', 'gcp'] : [r.cloud];
  const sizing = r.sizing ? sizeModel(r.sizing, where) : undefined;
  const purpose = r.purpose ?? sizing?.request.purpose;
  const purchase: Purchase = r.purchase ?? (r.spot ? 'spot' : 'on-demand');
  const rankedBy: RankMetric = purpose !== undefined && TRAINING_PURPOSES.includes(purpose) ? 'usd-per-pflop-hour' : 'job-usd-per-hour';
  const evaluations = (['aws', 'gcp'] as const).flatMap((c) => instanceTypesFor(c)).map((t) => evaluate(t, r, clouds, purpose, purchase, sizing, where));
  const feasible = evaluations.filter((e) => e.failures.length === 0 && e.candidate).map((e) => e.candidate as Candidate);
  return { evaluations, feasible, rankedBy, purchase, ...(purpose ? { purpose } : {}), ...(sizing ? { sizing } : {}) };
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
  const inference = purpose === 'inference';

  if (!clouds.includes(type.cloud)) {
    failures.push({ constraint: 'cloud', reason: `${type.cloud} type; cloud is ${r.cloud}`, relax: 'cloud: "any"', patch: { cloud: 'any' } });
  }
  if (r.accelerators && !r.accelerators.includes(acc.id)) {
    failures.push({
      constraint: 'accelerators',
      reason: `accelerator ${acc.id} is not in accelerators (${r.accelerators.join(', ')})`,
      relax: `accelerators: add "${acc.id}"`,
      patch: { accelerators: [...r.accelerators, acc.id] },
    });
  } else if (!r.accelerators && acc.vendor !== 'nvidia') {
    failures.push({
      constraint: 'accelerators',
      reason: `${acc.id} is an AWS Neuron accelerator (Neuron SDK, not CUDA), considered only when named in accelerators`,
      relax: `accelerators: ["${acc.id}"]`,
      patch: { accelerators: [acc.id] },
    });
  }
  if ((purpose === 'pretraining' || purpose === 'full-fine-tune') && !acc.trainingClass) {
    failures.push({
      constraint: 'purpose',
      reason: `${acc.id} is not a training-class accelerator; ${purpose} needs one (H100/H200/B200/A100 or Trainium)`,
      relax: 'purpose: "lora" or "inference", or a training-class accelerator',
      patch: null,
    });
  }
  if (r.minGpuMemoryGiB !== undefined && acc.memoryGiB < r.minGpuMemoryGiB) {
    failures.push({
      constraint: 'minGpuMemoryGiB',
      reason: `${acc.id} has ${acc.memoryGiB} GiB per GPU, below minGpuMemoryGiB ${r.minGpuMemoryGiB}`,
      relax: `minGpuMemoryGiB: ${acc.memoryGiB}`,
      patch: { minGpuMemoryGiB: acc.memoryGiB },
    });
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
      const atLeast = e.field === 'totalGpus' ? /at least (\d+)/.exec(e.allowed)?.[1] : undefined;
      failures.push({
        constraint: r.totalGpus !== undefined && e.field === 'totalGpus' ? 'totalGpus' : 'sizing',
        reason: `too little memory for the model on ${acc.id} (${acc.memoryGiB} GiB): ${stripWhere(e.message, where)}`,
        relax: atLeast ? `totalGpus: ${atLeast}` : 'sizing (lower precision, shorter sequence) or accelerators with more memory',
        patch: atLeast ? { totalGpus: Number(atLeast) } : null,
      });
    }
  }

  const nodes = Math.ceil(gpus / perNode);
  // Collectives cross nodes when one replica spans nodes; independent inference replicas
  // on separate nodes never talk to each other. Training replicas all-reduce gradients
  // every step, so a training job on several nodes crosses nodes whatever its replica size.
  const replicaNodes = parallelism ? parallelism.nodesPerReplica : r.multiNode === true ? nodes : 1;
  const multiNode = inference ? replicaNodes > 1 : r.multiNode ?? nodes > 1;
  const rdmaClass = RDMA_FABRICS.includes(type.fabric) && type.deviceRdma !== false;
  const oneNode = r.totalGpus !== undefined && (!parallelism || parallelism.gpusPerReplica <= perNode) && perNode < r.totalGpus;
  if (r.multiNode === false && nodes > 1 && !inference) {
    failures.push({
      constraint: 'multiNode',
      reason: `${gpus} GPUs need ${nodes} nodes of ${perNode}, and multiNode is false`,
      relax: rdmaClass ? 'multiNode: true' : `totalGpus: ${perNode} (one node)`,
      patch: rdmaClass ? { multiNode: true } : oneNode ? { totalGpus: perNode } : null,
    });
  }
  if (multiNode && !rdmaClass) {
    const crossing = inference
      ? `one replica spans ${replicaNodes} nodes and needs an RDMA-class fabric`
      : `a ${purpose ? `${purpose} job` : 'job'} on ${nodes} node${nodes === 1 ? '' : 's'} all-reduces across nodes and needs an RDMA-class fabric`;
    const dropFlag = r.multiNode === true && nodes === 1;
    failures.push({
      constraint: 'multiNode',
      reason: `${crossing} (EFA, GPUDirect-TCPXO or GPUDirect-RDMA); ${type.name} has ${
        RDMA_FABRICS.includes(type.fabric) ? `${FABRIC_LABEL[type.fabric]} without confirmed GPUDirect RDMA to the GPUs` : FABRIC_LABEL[type.fabric]
      }`,
      relax: dropFlag
        ? 'multiNode: unset (the job fits one node)'
        : !inference && oneNode
          ? `totalGpus: ${perNode} (one node)${purpose === undefined ? ', or purpose: "inference" if the GPUs serve independent replicas' : ''}`
          : 'a type with more or larger GPUs per node, or one with an RDMA-class fabric',
      patch: dropFlag ? { multiNode: undefined } : !inference && oneNode ? { totalGpus: perNode } : null,
    });
  }
  if (multiNode && gpus > perNode) {
    // Collectives that cross nodes on partial nodes put traffic that could stay on NVLink
    // onto the network; take the family's full-node size (which has the full fabric).
    const fuller = instanceTypesFor(type.cloud).find(
      (t) => t.accelerator === type.accelerator && t.family === type.family && t.acceleratorsPerNode > perNode,
    );
    if (fuller) {
      failures.push({
        constraint: 'multiNode',
        reason: `a multi-node job on ${perNode}-GPU nodes spreads over ${nodes} nodes; ${fuller.name} holds ${fuller.acceleratorsPerNode} ${type.accelerator} in one node${
          fuller.nvlinkDomainSize > 1 ? ` (NVLink domain of ${fuller.nvlinkDomainSize})` : ''
        } with ${FABRIC_LABEL[fuller.fabric]} ${fuller.fabricGbps.toLocaleString('en-US')} Gbps`,
        relax: `use ${fuller.name}`,
        patch: null,
      });
    }
  }
  if (r.fabricFloor !== undefined && FABRIC_RANK[type.fabric] < FABRIC_RANK[r.fabricFloor]) {
    failures.push({
      constraint: 'fabricFloor',
      reason: `fabric ${FABRIC_LABEL[type.fabric]} is below the floor ${FABRIC_LABEL[r.fabricFloor]}`,
      relax: `fabricFloor: "${type.fabric}"`,
      patch: { fabricFloor: type.fabric },
    });
  }
  if (r.minFabricGbps !== undefined && type.fabricGbps < r.minFabricGbps) {
    failures.push({
      constraint: 'minFabricGbps',
      reason: `fabric ${type.fabricGbps} Gbps is below minFabricGbps ${r.minFabricGbps}`,
      relax: `minFabricGbps: ${type.fabricGbps}`,
      patch: { minFabricGbps: type.fabricGbps },
    });
  }
  if (!sells(type, purchase)) {
    const sold = PURCHASES.filter((p) => sells(type, p));
    failures.push({
      constraint: purchase === 'spot' && r.spot ? 'spot' : 'purchase',
      reason: `${
        purchase === 'on-demand' ? 'not sold on demand' : purchase === 'spot' ? 'no spot capacity' : purchase === 'capacity-block' ? 'not sold as a Capacity Block' : 'not sold as a reservation'
      } (sold as ${type.purchaseOptions.join(', ')})`,
      relax: sold.length ? `purchase: "${sold[0]}"` : 'purchase',
      patch: sold.length ? { purchase: sold[0], spot: undefined } : null,
    });
  }

  const allowedRegions = r.regions ?? type.regions;
  const spotRegions = purchase === 'spot' && type.spotRegions ? type.spotRegions : undefined;
  const offering = type.regions.filter((reg) => allowedRegions.includes(reg) && (!spotRegions || spotRegions.includes(reg)));
  if (offering.length === 0) {
    const sellers = spotRegions ?? type.regions;
    const near = nearestRegion(type, sellers, r.regions, purchase);
    failures.push({
      constraint: 'regions',
      reason: `not offered${spotRegions ? ' as spot' : ''} in ${allowedRegions.join(', ')} (offered in ${list(sellers, 6)})`,
      relax: near ? `regions: add ${near}` : 'regions (no region sells it that way)',
      patch: near && r.regions ? { regions: [...r.regions, near] } : null,
    });
  }

  if (r.zones && offering.length > 0) {
    const typeZones = offering.flatMap((reg) => zonesFor(type, reg));
    if (!r.zones.some((zone) => typeZones.includes(zone))) {
      failures.push({
        constraint: 'zones',
        reason: `not offered in zones ${r.zones.join(', ')} (offered in ${list(typeZones, 6)})`,
        relax: `zones: add ${typeZones[0] ?? 'a zone offering it'}`,
        patch: typeZones[0] ? { zones: [...r.zones, typeZones[0]] } : null,
      });
    }
  }

  const priced = cheapest(type, offering.length ? offering : type.regions, purchase);
  const jobUsdPerHour = priced ? nodes * priced.price.usdPerHour : undefined;
  if (r.maxHourlyUsd !== undefined) {
    if (jobUsdPerHour === undefined) {
      failures.push({
        constraint: 'maxHourlyUsd',
        reason: `price unknown: the catalog has no ${purchase} price for ${type.name}, so maxHourlyUsd ${usd(r.maxHourlyUsd)} cannot be checked`,
        relax: 'maxHourlyUsd: unset',
        patch: { maxHourlyUsd: undefined },
      });
    } else if (jobUsdPerHour > r.maxHourlyUsd) {
      failures.push({
        constraint: 'maxHourlyUsd',
        reason: `job costs ${usd(jobUsdPerHour)}/h (${nodes} × ${usd(priced!.price.usdPerHour)}), over maxHourlyUsd ${usd(r.maxHourlyUsd)}`,
        relax: `maxHourlyUsd: ${Math.ceil(jobUsdPerHour)}${r.totalGpus !== undefined ? ', or fewer GPUs' : ''}`,
        patch: { maxHourlyUsd: Math.ceil(jobUsdPerHour) },
      });
    }
  }
  if (failures.length) return { type, failures, ...(jobUsdPerHour !== undefined ? { jobUsdPerHour } : {}) };

  const region = priced?.region ?? offering[0];
  const p = priced?.price;
  const pflops = (gpus * acc.bf16DenseTflops) / 1000;
  const parts = [
    `${nodes} × ${type.name} (${perNode} × ${acc.id} ${acc.memoryGiB} GiB) = ${gpus} GPU${gpus === 1 ? '' : 's'}`,
    `${FABRIC_LABEL[type.fabric]} ${type.fabricGbps.toLocaleString('en-US')} Gbps`,
    p && jobUsdPerHour !== undefined
      ? `${usd(p.usdPerHour)}/h per node in ${region} (${p.basis}) → ${usd(jobUsdPerHour)}/h`
      : `price unknown: no ${purchase} price for ${type.name} is sourced (${region})`,
  ];
  if (parallelism) parts.push(`TP ${parallelism.tensorParallel} × PP ${parallelism.pipelineParallel} × DP ${parallelism.dataParallel}, ${parallelism.perGpuGB} of ${parallelism.usablePerGpuGB} GB per GPU`);
  if (p?.note) parts.push(p.note);
  if (type.confidence === 'unconfirmed') parts.push(`rests on unconfirmed catalog facts${type.note ? ` (${type.note})` : ''}`);
  return {
    type,
    failures,
    ...(jobUsdPerHour !== undefined ? { jobUsdPerHour } : {}),
    candidate: {
      cloud: type.cloud,
      type,
      accelerator: acc.id,
      gpusPerNode: perNode,
      nodes,
      gpus,
      region,
      usdPerHour: p ? round4(p.usdPerHour) : NaN,
      jobUsdPerHour: jobUsdPerHour !== undefined ? round2(jobUsdPerHour) : NaN,
      priceUnknown: !p,
      usdPerPflopHour: jobUsdPerHour !== undefined ? round4(jobUsdPerHour / pflops) : NaN,
      priceBasis: p ? p.basis : 'unknown',
      ...(p?.priceRegion && p.priceRegion !== region ? { priceRegion: p.priceRegion } : {}),
      priceSource: p ? p.source : type.source,
      priceAsOf: p ? p.asOf : type.asOf,
      priceUnconfirmed: !p || p.unconfirmed || type.confidence === 'unconfirmed',
      purchase,
      fabric: type.fabric,
      fabricGbps: type.fabricGbps,
      multiNode,
      ...(parallelism ? { parallelism } : {}),
      reason: parts.join('; '),
    },
  };
}

/**
 * The region a hint should name: one in the jurisdictions of the requested regions
 * (a placement policy chose those), else any; cheapest first, then catalog order.
 */
function nearestRegion(
  type: InstanceTypeSpec,
  sellers: ReadonlyArray<string>,
  requested: ReadonlyArray<string> | undefined,
  purchase: Purchase,
): string | undefined {
  const jurisdictions = new Set((requested ?? []).map((name) => (findRegion('aws', name) ?? findRegion('gcp', name))?.jurisdiction));
  const near = sellers.filter((reg) => jurisdictions.has(findRegion(type.cloud, reg)?.jurisdiction));
  const pool = near.length ? near : sellers;
  return cheapest(type, pool, purchase)?.region ?? pool[0];
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

/** How many of the closest rejected types a hint is tried on before saying nothing nearby fits. */
const HINT_TRIES = 12;

function infeasible(evaluations: ReadonlyArray<Evaluation>, r: ResolvedSelectionRequest, where: string): InfeasibleSelectionError {
  const rejected = evaluations.filter((e) => e.failures.length > 0);
  // Fewest failed constraints first; at a tie, prefer relaxing a number over opting into another accelerator family or cloud.
  const optIn = (e: Evaluation) => Number(e.failures.some((f) => f.constraint === 'accelerators'));
  const order = [...rejected].sort(
    (a, b) =>
      a.failures.length - b.failures.length ||
      optIn(a) - optIn(b) ||
      Number(a.failures.some((f) => f.constraint === 'cloud')) - Number(b.failures.some((f) => f.constraint === 'cloud')) ||
      (a.jobUsdPerHour ?? Infinity) - (b.jobUsdPerHour ?? Infinity) ||
      a.type.name.localeCompare(b.type.name),
  );
  const why = (e: Evaluation) => e.failures.map((f) => f.reason).join('; ');
  // A hint is given only when applying it makes the request feasible.
  for (const e of order.slice(0, HINT_TRIES)) {
    const patch = mergePatches(e.failures.map((f) => f.patch));
    if (!patch || !admits(r, patch, e.type, where)) continue;
    const relax = [...new Set(e.failures.map((f) => f.relax))].join('; ');
    return new InfeasibleSelectionError(
      {
        where,
        field: '',
        given: r,
        allowed: '',
        message: `no instance type meets the request (${rejected.length} considered); closest: ${e.type.cloud} ${e.type.name}, rejected because ${why(e)}`,
        hint: `To admit it, relax ${relax}`,
      },
      patch,
    );
  }
  const closest = order[0];
  return new InfeasibleSelectionError(
    {
      where,
      field: '',
      given: r,
      allowed: '',
      message: `no instance type meets the request (${rejected.length} considered); closest: ${closest.type.cloud} ${closest.type.name}, rejected because ${why(closest)}`,
      hint: `Nothing nearby meets it: no change of the request's fields that admits one of the ${Math.min(HINT_TRIES, order.length)} closest types makes it feasible (${[
        ...new Set(closest.failures.map((f) => f.relax)),
      ].join('; ')} would be needed for ${closest.type.name}); revisit the model, the GPU count or the accelerator`,
    },
    undefined,
  );
}

/** One patch from several; arrays are unioned, and null (no patch possible) wins. */
function mergePatches(patches: ReadonlyArray<RequestPatch | null>): RequestPatch | null {
  const merged: Record<string, unknown> = {};
  for (const p of patches) {
    if (p === null) return null;
    for (const [k, v] of Object.entries(p)) {
      const prev = merged[k];
      merged[k] = Array.isArray(prev) && Array.isArray(v) ? [...new Set([...prev, ...v])] : v;
    }
  }
  return merged as RequestPatch;
}

/** Applies a patch to a request: `undefined` values remove the field. */
export function applyPatch(r: ResolvedSelectionRequest, patch: RequestPatch): SelectionRequest {
  const out: Record<string, unknown> = { ...r };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  if (out.purchase !== undefined && out.purchase !== 'spot') delete out.spot;
  return out as SelectionRequest;
}

/** Whether the patched request admits `type` (then the patched request is feasible). */
function admits(r: ResolvedSelectionRequest, patch: RequestPatch, type: InstanceTypeSpec, where: string): boolean {
  const parsed = SelectionRequestSchema.safeParse(applyPatch(r, patch));
  if (!parsed.success) return false;
  const q = parsed.data;
  try {
    const sizing = q.sizing ? sizeModel(q.sizing, where) : undefined;
    const purpose = q.purpose ?? sizing?.request.purpose;
    const purchase: Purchase = q.purchase ?? (q.spot ? 'spot' : 'on-demand');
    const clouds: Cloud[] = q.cloud === 'any' ? ['aws', 'gcp'] : [q.cloud];
    return evaluate(type, q, clouds, purpose, purchase, sizing, where).failures.length === 0;
  } catch (e) {
    if (e instanceof AiInfraError) return false;
    throw e;
  }
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
