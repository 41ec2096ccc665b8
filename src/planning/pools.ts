import { ACCELERATORS, findInstanceType, findRegion, instanceTypesFor, zonesFor } from '../catalog';
import type { AcceleratorId, Cloud, InstanceTypeSpec } from '../catalog/types';
import { AiInfraError } from '../errors';
import type { Purchase } from './pricing';
import { selectInstance } from './selection';
import { planParallelism, sizeModel } from './sizing';
import type { ParallelismPlan, Precision, Purpose } from './sizing';

/**
 * Pool and cluster placement decisions, with the cloud as a parameter: which
 * types a GPU pool uses, which zones its nodes and the cluster's subnets go
 * in. Pure: the caller records the returned decision.
 */

/** A decision as planning returns it; the construct records it with its path. */
export interface PlannedDecision {
  readonly topic: string;
  readonly chosen: string;
  readonly reason: string;
  /**
   * What else was considered and why it lost.
   * @default - none
   */
  readonly alternatives?: ReadonlyArray<{ readonly option: string; readonly reason: string }>;
}

/** The model a pool serves or trains, for sizing. */
export interface PoolModelIntent {
  /**
   * A known open model (`llama-3.1-70b`, `llama-3.1-8b`, `llama-3.3-70b`, `llama-3.1-405b`,
   * `qwen2.5-32b`; case ignored): fills the parameter count, layers, hidden size,
   * attention heads and KV heads from the sourced table in `src/catalog/models.ts`.
   * Fields given here as well override it.
   * @default - none: give paramsBillions
   */
  readonly name?: string;
  /**
   * Parameters, in billions (`70` for a 70B model).
   * @default - the named model's, when `name` is given (one of the two is required)
   */
  readonly paramsBillions?: number;
  /**
   * Precision of the weights.
   * @default 'bf16'
   */
  readonly precision?: Precision;
  /**
   * Tokens per sequence (training) or the longest context served (inference).
   * @default 4096
   */
  readonly sequenceLength?: number;
  /**
   * Concurrent sequences held in the KV cache per replica (inference).
   * @default 16
   */
  readonly concurrency?: number;
  /**
   * Attention (query) heads (HF `num_attention_heads`); with `kvHeads`, sizes a grouped-query KV cache.
   * @default - multi-head upper bound for the KV cache
   */
  readonly attentionHeads?: number;
  /**
   * Key/value heads (HF `num_key_value_heads`, e.g. 8 for Llama 3 8B/70B).
   * @default - multi-head upper bound for the KV cache
   */
  readonly kvHeads?: number;
}

/** What a pool asks the decision core for. */
export interface PoolTypesRequest {
  readonly cloud: Cloud;
  /** The stack's region: it limits the types. */
  readonly region: string;
  readonly purpose: Purpose;
  readonly purchase: Purchase;
  /** Explicit types (the first is primary); intent is ignored for the choice then. */
  readonly instanceTypes?: ReadonlyArray<string>;
  readonly accelerator?: AcceleratorId;
  readonly totalGpus?: number;
  readonly model?: PoolModelIntent;
  readonly multiNode?: boolean;
  /** Add types with the same accelerator and count per node (spot diversification). */
  readonly diversify?: boolean;
  /** Only diversify with types whose fabric (NIC) layout matches the primary's. */
  readonly sameFabricLayout?: boolean;
  readonly maxHourlyUsd?: number;
  /** Zones the pool's nodes can use: chosen types must be offered in at least one. */
  readonly zones?: ReadonlyArray<string>;
}

/** What a pool builds from. */
export interface PoolSelection {
  /** Every type of the pool, the primary first. */
  readonly types: ReadonlyArray<InstanceTypeSpec>;
  /** The type the pool is sized and priced on. */
  readonly primary: InstanceTypeSpec;
  /** Nodes the job needs. */
  readonly nodes: number;
  /** GPUs per node of the primary type. */
  readonly gpusPerNode: number;
  /**
   * Parallelism plan, when a model was sized.
   * @default - absent without a model
   */
  readonly parallelism?: ParallelismPlan;
}

const TYPE_WORD: Record<Cloud, string> = { aws: 'an AWS instance type', gcp: 'a GCP machine type' };

/**
 * Resolves a pool's types: the explicit ones (checked against the catalog and
 * the region; mixed accelerators or GPU counts are an error), or
 * `selectInstance` from intent, diversified on request. Returns the selection
 * and the decision (with rejected alternatives) to record.
 */
export function planPoolTypes(req: PoolTypesRequest, where: string): { selection: PoolSelection; decision: PlannedDecision } {
  const { cloud, region } = req;
  const sizingReq = req.model
    ? {
      ...(req.model.name !== undefined ? { model: req.model.name } : {}),
      ...(req.model.paramsBillions !== undefined ? { modelParamsBillions: req.model.paramsBillions } : {}),
      precision: req.model.precision ?? 'bf16',
      purpose: req.purpose,
      ...(req.model.sequenceLength ? { sequenceLength: req.model.sequenceLength } : {}),
      ...(req.purpose === 'inference' ? { concurrency: req.model.concurrency ?? 16 } : {}),
      ...(req.model.kvHeads !== undefined ? { kvHeads: req.model.kvHeads } : {}),
      ...(req.model.attentionHeads !== undefined ? { attentionHeads: req.model.attentionHeads } : {}),
    }
    : undefined;

  if (req.instanceTypes && req.instanceTypes.length > 0) {
    const types = req.instanceTypes.map((name) => {
      const t = findInstanceType(cloud, name);
      if (!t) {
        throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `${TYPE_WORD[cloud]} known to the catalog (${instanceTypesFor(cloud).map((x) => x.name).join(', ')})` });
      }
      if (!t.regions.includes(region)) {
        throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `a type offered in the stack's region ${region}`, hint: `${name} is offered in ${t.regions.join(', ')}` });
      }
      const sold = req.purchase === 'reservation'
        ? t.purchaseOptions.some((o) => o === 'on-demand' || o === 'reservation' || o === 'capacity-block')
        : t.purchaseOptions.includes(req.purchase);
      if (!sold) {
        throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `a type sold as ${req.purchase}`, hint: `${name} is sold as ${t.purchaseOptions.join(', ')}` });
      }
      if (req.purchase === 'spot' && t.spotRegions && !t.spotRegions.includes(region)) {
        throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `a type with spot capacity in the stack's region ${region}`, hint: `${name} is offered as spot in ${t.spotRegions.join(', ')}` });
      }
      return t;
    });
    const primary = types[0];
    checkWholeNodes(where, req.totalGpus, primary);
    const mixed = types.find((t) => t.accelerator !== primary.accelerator || t.acceleratorsPerNode !== primary.acceleratorsPerNode);
    if (mixed) {
      throw new AiInfraError({
        where,
        field: 'instanceTypes',
        given: types.map((t) => `${t.name} (${t.acceleratorsPerNode} × ${t.accelerator})`),
        allowed: `types with one accelerator and one GPU count per node (the first is ${primary.acceleratorsPerNode} × ${primary.accelerator}): a job's ranks must be interchangeable`,
      });
    }
    if (req.accelerator && req.accelerator !== primary.accelerator) {
      throw new AiInfraError({ where, field: 'accelerator', given: req.accelerator, allowed: `the accelerator of instanceTypes (${primary.accelerator}), or unset` });
    }
    let parallelism: ParallelismPlan | undefined;
    if (sizingReq) {
      const acc = ACCELERATORS[primary.accelerator];
      parallelism = planParallelism(
        sizeModel(sizingReq, where),
        {
          acceleratorMemoryGiB: acc.memoryGiB,
          acceleratorsPerNode: primary.acceleratorsPerNode,
          nvlinkDomainSize: Math.min(primary.nvlinkDomainSize, primary.acceleratorsPerNode),
          ...(req.totalGpus ? { totalGpus: req.totalGpus } : {}),
          ...(req.multiNode !== undefined ? { allowMultiNode: req.multiNode } : {}),
        },
        where,
      );
    }
    const gpus = req.totalGpus ?? parallelism?.totalGpus ?? primary.acceleratorsPerNode;
    const nodes = Math.ceil(gpus / primary.acceleratorsPerNode);
    return {
      selection: { types, primary, nodes, gpusPerNode: primary.acceleratorsPerNode, ...(parallelism ? { parallelism } : {}) },
      decision: {
        topic: 'instance-type',
        chosen: `${nodes} × ${types.map((t) => t.name).join(' | ')}`,
        reason: `given by the user (${primary.acceleratorsPerNode} × ${primary.accelerator} per node)${parallelism ? `; TP ${parallelism.tensorParallel} × PP ${parallelism.pipelineParallel} × DP ${parallelism.dataParallel}` : ''}`,
      },
    };
  }

  const result = selectInstance(
    {
      cloud,
      purpose: req.purpose,
      regions: [region],
      ...(req.zones && req.zones.length > 0 ? { zones: [...req.zones] } : {}),
      purchase: req.purchase,
      ...(req.accelerator ? { accelerators: [req.accelerator] } : {}),
      ...(req.totalGpus ? { totalGpus: req.totalGpus } : {}),
      ...(sizingReq ? { sizing: sizingReq } : {}),
      ...(req.multiNode !== undefined ? { multiNode: req.multiNode } : {}),
      ...(req.maxHourlyUsd ? { maxHourlyUsd: req.maxHourlyUsd } : {}),
    },
    where,
  );
  const chosen = result.chosen;
  const primary = chosen.type;
  checkWholeNodes(where, req.totalGpus, primary);
  const extra = req.diversify
    ? instanceTypesFor(cloud).filter(
      (t) =>
        t.name !== primary.name &&
          t.accelerator === primary.accelerator &&
          t.acceleratorsPerNode === primary.acceleratorsPerNode &&
          t.regions.includes(region) &&
          (!req.zones || req.zones.some((zone) => zonesFor(t, region).includes(zone))) &&
          t.purchaseOptions.includes(req.purchase === 'spot' ? 'spot' : 'on-demand') &&
          (!t.spotRegions || req.purchase !== 'spot' || t.spotRegions.includes(region)) &&
          (!req.sameFabricLayout || fabricLayout(t) === fabricLayout(primary)),
    )
    : [];
  const types = [primary, ...extra];
  return {
    selection: {
      types,
      primary,
      nodes: chosen.nodes,
      gpusPerNode: chosen.gpusPerNode,
      ...(chosen.parallelism ? { parallelism: chosen.parallelism } : {}),
    },
    decision: {
      topic: 'instance-type',
      chosen: `${chosen.nodes} × ${types.map((t) => t.name).join(' | ')}`,
      reason: `${chosen.reason}${extra.length ? `; diversified with ${extra.map((t) => t.name).join(', ')} (same accelerator and GPUs per node)` : ''}. ${result.notes[0] ?? ''}`.trim(),
      alternatives: [
        // Every alternative, most useful first (the report shows the first few; the manifest keeps all).
        ...result.ranked.slice(1).map((c) => ({ option: `${c.nodes} × ${c.type.name}`, reason: `ranked lower: ${c.reason}` })),
        ...result.rejected.filter((r) => r.cloud === cloud).map((r) => ({ option: r.type, reason: r.reason })),
      ],
    },
  };
}

/** The NIC layout a type's fabric needs (cards / fabric interfaces / fabric on the primary card), from the catalog. */
export function fabricLayout(t: InstanceTypeSpec): string {
  return `${t.nics.networkCards ?? 1}/${t.nics.efaInterfaces ?? 0}/${t.nics.primaryCardSupportsEfa !== false}`;
}

/** A pool buys whole nodes: totalGpus must fill them, or GPUs are paid for and idle. */
function checkWholeNodes(where: string, totalGpus: number | undefined, primary: InstanceTypeSpec): void {
  const perNode = primary.acceleratorsPerNode;
  if (totalGpus === undefined || totalGpus % perNode === 0) return;
  const lower = Math.floor(totalGpus / perNode) * perNode;
  const upper = lower + perNode;
  throw new AiInfraError({
    where,
    field: 'totalGpus',
    given: totalGpus,
    allowed: `a multiple of ${perNode} (the GPUs of one ${primary.name} node)`,
    hint: `Ask for ${lower > 0 ? `${lower} or ` : ''}${upper}`,
  });
}

/** Zones a pool's nodes use: the given ones (checked against the cluster's), else the cluster zones offering every type. */
export function planPoolZones(
  where: string,
  clusterZones: ReadonlyArray<string>,
  region: string,
  types: ReadonlyArray<InstanceTypeSpec>,
  given?: ReadonlyArray<string>,
): string[] {
  if (given && given.length > 0) {
    given.forEach((zone, i) => {
      if (!clusterZones.includes(zone)) throw new AiInfraError({ where, field: `zones.${i}`, given: zone, allowed: `a zone of the cluster (${clusterZones.join(', ')})` });
      if (given.indexOf(zone) !== i) throw new AiInfraError({ where, field: `zones.${i}`, given: zone, allowed: 'a zone not already listed (each once)' });
      const missing = types.find((t) => !zonesFor(t, region).includes(zone));
      if (missing) {
        throw new AiInfraError({
          where,
          field: `zones.${i}`,
          given: zone,
          allowed: `a zone offering ${missing.name} (${zonesFor(missing, region).join(', ') || 'none'} in ${region})`,
        });
      }
    });
    return [...given];
  }
  const offering = clusterZones.filter((zone) => types.every((t) => zonesFor(t, region).includes(zone)));
  if (offering.length === 0) {
    throw new AiInfraError({
      where,
      field: 'instanceTypes',
      given: types.map((t) => t.name),
      allowed: `types offered in at least one zone of the cluster (${clusterZones.join(', ')})`,
      hint: `the catalog lists ${types[0].name} in ${zonesFor(types[0], region).join(', ') || 'no zone'} of ${region}; give the cluster those zones (zones or instanceTypes props)`,
    });
  }
  return offering;
}

/** What a cluster's zone choice starts from. */
export interface ClusterZonesRequest {
  readonly cloud: Cloud;
  readonly region: string;
  /** Zones placement found for the stack (preferred when non-empty). */
  readonly placementZones: ReadonlyArray<string>;
  /** Zones the user gave. */
  readonly zones?: ReadonlyArray<string>;
  /** Types the pools will use: zones offering them rank first. */
  readonly instanceTypes?: ReadonlyArray<string>;
  /** Accelerators the pools will use. */
  readonly accelerators?: ReadonlyArray<AcceleratorId>;
  /** Most zones to choose. */
  readonly maxZones: number;
  /** Fewest zones the cluster needs (EKS: 2). */
  readonly minZones: number;
  /** Who needs `minZones`, for messages (`EKS`). */
  readonly minZonesFor: string;
  /**
   * Zones of an existing network (subnet per zone) the cluster must use, and the prop that gave them.
   * @default - a new network
   */
  readonly existingNetwork?: { readonly field: string; readonly zones: ReadonlyArray<string> };
}

/**
 * The zones of a cluster's private subnets: those of the existing network,
 * the given ones, or the zones of the region offering the most of the
 * requested types (placement's first), at most `maxZones`, at least `minZones`.
 */
export function planClusterZones(req: ClusterZonesRequest, where: string): { zones: string[]; decision: PlannedDecision } {
  const { cloud, region } = req;
  const regionZones = findRegion(cloud, region)?.zones ?? [];
  const decide = (zones: string[], reason: string) => ({ zones, decision: { topic: 'cluster-zones', chosen: zones.join(', '), reason } });
  if (req.existingNetwork) {
    const { field, zones } = req.existingNetwork;
    if (zones.length < req.minZones) {
      throw new AiInfraError({ where, field, given: zones, allowed: `private subnets in at least ${words(req.minZones)} zones (${req.minZonesFor} needs ${words(req.minZones)})` });
    }
    const foreign = zones.find((zone) => !regionZones.includes(zone));
    if (foreign !== undefined) {
      throw new AiInfraError({ where, field: `${field}.${foreign}`, given: foreign, allowed: `keyed by AZ IDs of ${region} (${regionZones.join(', ')})` });
    }
    const requested = req.zones ?? zones;
    const missing = requested.find((zone) => !zones.includes(zone));
    if (missing) throw new AiInfraError({ where, field: 'zones', given: missing, allowed: `a zone of ${field} (${zones.join(', ')})` });
    return decide([...requested], 'the zones of the given VPC subnets');
  }
  if (req.zones) {
    const bad = req.zones.find((zone) => !regionZones.includes(zone));
    if (bad) throw new AiInfraError({ where, field: 'zones', given: bad, allowed: `an AZ ID of ${region} (${regionZones.join(', ')})` });
    return decide([...req.zones], 'given by the user');
  }
  const catalog = instanceTypesFor(cloud);
  const types = [
    ...(req.instanceTypes ?? []).map((name) => {
      const t = catalog.find((x) => x.name === name);
      if (!t) throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `${TYPE_WORD[cloud]} known to the catalog` });
      if (!t.regions.includes(region)) {
        throw new AiInfraError({ where, field: 'instanceTypes', given: name, allowed: `a type offered in ${region}`, hint: `${name} is offered in ${t.regions.join(', ')}` });
      }
      return t;
    }),
    ...(req.accelerators ?? []).flatMap((acc) => {
      const offered = catalog.filter((t) => t.accelerator === acc && t.regions.includes(region));
      if (offered.length === 0) {
        const elsewhere = [...new Set(catalog.filter((t) => t.accelerator === acc).flatMap((t) => t.regions))];
        const cloudName = cloud === 'aws' ? 'AWS' : 'GCP';
        throw new AiInfraError({
          where,
          field: 'accelerators',
          given: acc,
          allowed: `an accelerator some ${cloudName} type of the catalog offers in ${region}`,
          hint: elsewhere.length ? `${acc} is offered in ${elsewhere.slice(0, 8).join(', ')}${elsewhere.length > 8 ? ', ...' : ''}` : `no ${cloudName} type of the catalog has ${acc}`,
        });
      }
      return offered;
    }),
  ];
  const placed = req.placementZones.length > 0 ? req.placementZones : regionZones;
  const score = (zone: string) => types.filter((t) => zonesFor(t, region).includes(zone)).length;
  const ranked = [...placed].sort((a, b) => score(b) - score(a) || regionZones.indexOf(a) - regionZones.indexOf(b));
  const chosen = ranked.filter((zone) => types.length === 0 || score(zone) > 0).slice(0, req.maxZones);
  for (const zone of ranked) if (chosen.length < req.minZones && !chosen.includes(zone)) chosen.push(zone);
  if (chosen.length < req.minZones) {
    throw new AiInfraError({ where, field: 'zones', given: chosen, allowed: `at least ${words(req.minZones)} zones of ${region} (${req.minZonesFor} needs ${words(req.minZones)}); the catalog has ${regionZones.length}` });
  }
  const requested = [...(req.instanceTypes ?? []), ...(req.accelerators ?? [])];
  return decide(
    chosen.sort((a, b) => regionZones.indexOf(a) - regionZones.indexOf(b)),
    requested.length > 0
      ? `zones of ${region} offering the GPU types (${requested.join(', ')}) in the catalog, at most ${req.maxZones}, at least ${req.minZones} for ${req.minZonesFor}`
      : `zones of ${region} from the catalog, at most ${req.maxZones}`,
  );
}

const words = (n: number): string => (['zero', 'one', 'two', 'three'][n] ?? String(n));
