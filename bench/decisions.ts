// 0. Decision quality: selectInstance against an exhaustive search over the
// catalog, and whether the hints of infeasible answers work when applied.
//
// The oracle is written from the rules as docs/planning.md states them, not from
// selectInstance's code: it enumerates every (type, region) pair of the catalog,
// keeps the pairs that meet every rule, and takes the best by the documented
// ranking. It shares only the memory model (sizeModel/planParallelism) and the
// price resolution (nodePrice), which have their own tests against published
// figures; the selection rules themselves are re-derived here.
import { prng, randomSelectionRequest } from './random-requests';
import { ACCELERATORS, AWS_INSTANCE_TYPES, GCP_MACHINE_TYPES, zonesFor } from '../src/catalog';
import type { InstanceTypeSpec } from '../src/catalog/types';
import { AiInfraError } from '../src/errors';
import { applyPatch, InfeasibleSelectionError, nodePrice, planParallelism, SelectionRequestSchema, selectInstance, sizeModel } from '../src/planning';
import type { ModelSizing, ParallelismPlan, Purchase, ResolvedSelectionRequest, SelectionRequest } from '../src/planning';

const WHERE = 'bench/decisions';
const ALL_TYPES: ReadonlyArray<InstanceTypeSpec> = [...AWS_INSTANCE_TYPES, ...GCP_MACHINE_TYPES];
const RDMA = new Set(['efa', 'gpudirect-tcpxo', 'gpudirect-rdma']);
const FABRIC_ORDER: Readonly<Record<string, number>> = { 'ethernet': 0, 'gpudirect-tcpx': 1, 'gpudirect-tcpxo': 2, 'efa': 3, 'gpudirect-rdma': 3 };
const TRAINING = new Set(['pretraining', 'full-fine-tune', 'lora']);

/** The oracle's answer: the best (type, region, nodes), or null when nothing meets the request. */
export interface OracleAnswer {
  readonly type: string;
  readonly region: string;
  readonly nodes: number;
}

interface Option {
  readonly type: InstanceTypeSpec;
  readonly region: string;
  readonly nodes: number;
  readonly gpus: number;
  /** Job $/h or NaN when the price is unknown. */
  readonly job: number;
  readonly unknown: boolean;
  readonly sourced: boolean;
  readonly regionIndex: number;
  readonly plan?: ParallelismPlan;
}

function sold(t: InstanceTypeSpec, purchase: Purchase): boolean {
  if (purchase === 'reservation') return t.purchaseOptions.includes('reservation') || t.purchaseOptions.includes('capacity-block');
  return t.purchaseOptions.includes(purchase);
}

/** Every (type, region) pair that meets the rules of docs/planning.md, best first. */
export function oracle(req: ResolvedSelectionRequest): OracleAnswer | null {
  const sizing: ModelSizing | undefined = req.sizing ? sizeModel(req.sizing, WHERE) : undefined;
  const purpose = req.purpose ?? sizing?.request.purpose;
  const purchase: Purchase = req.purchase ?? (req.spot ? 'spot' : 'on-demand');
  const options: Option[] = [];
  for (const t of ALL_TYPES) {
    const acc = ACCELERATORS[t.accelerator];
    // rule: cloud
    if (req.cloud !== 'any' && t.cloud !== req.cloud) continue;
    // rule: accelerators (Neuron only when named)
    if (req.accelerators ? !req.accelerators.includes(t.accelerator) : acc.vendor !== 'nvidia') continue;
    // rule: pretraining and full fine-tune need a training-class accelerator
    if ((purpose === 'pretraining' || purpose === 'full-fine-tune') && !acc.trainingClass) continue;
    if (req.minGpuMemoryGiB !== undefined && acc.memoryGiB < req.minGpuMemoryGiB) continue;
    // rule: memory (the sizing model decides TP × PP × DP per type)
    let plan: ParallelismPlan | undefined;
    if (sizing) {
      try {
        plan = planParallelism(
          sizing,
          {
            acceleratorMemoryGiB: acc.memoryGiB,
            acceleratorsPerNode: t.acceleratorsPerNode,
            nvlinkDomainSize: Math.min(t.nvlinkDomainSize, t.acceleratorsPerNode),
            ...(req.totalGpus !== undefined ? { totalGpus: req.totalGpus } : {}),
            ...(req.multiNode !== undefined ? { allowMultiNode: req.multiNode } : {}),
          },
          WHERE,
        );
      } catch (e) {
        if (e instanceof AiInfraError) continue;
        throw e;
      }
    }
    const gpus = req.totalGpus ?? plan?.gpusPerReplica ?? t.acceleratorsPerNode;
    const nodes = Math.ceil(gpus / t.acceleratorsPerNode);
    // rule: collectives cross nodes when one inference replica spans nodes, or a
    // training (or unspecified) job uses several nodes; then the fabric must be RDMA-class
    const crosses = purpose === 'inference'
      ? plan ? plan.nodesPerReplica > 1 : req.multiNode === true && nodes > 1
      : req.multiNode ?? nodes > 1;
    if (purpose !== 'inference' && req.multiNode === false && nodes > 1) continue;
    if (crosses && !(RDMA.has(t.fabric) && t.deviceRdma !== false)) continue;
    // rule: a job crossing nodes does not use a partial node when the family has a fuller one
    const fuller = ALL_TYPES.some(
      (u) => u.cloud === t.cloud && u.family === t.family && u.accelerator === t.accelerator && u.acceleratorsPerNode > t.acceleratorsPerNode,
    );
    if (crosses && gpus > t.acceleratorsPerNode && fuller) continue;
    if (req.fabricFloor !== undefined && FABRIC_ORDER[t.fabric] < FABRIC_ORDER[req.fabricFloor]) continue;
    if (req.minFabricGbps !== undefined && t.fabricGbps < req.minFabricGbps) continue;
    if (!sold(t, purchase)) continue;
    t.regions.forEach((region, regionIndex) => {
      if (req.regions && !req.regions.includes(region)) return;
      if (purchase === 'spot' && t.spotRegions && !t.spotRegions.includes(region)) return;
      if (req.zones && !req.zones.some((z) => zonesFor(t, region).includes(z))) return;
      const price = nodePrice(t, region, purchase);
      options.push({
        type: t,
        region,
        nodes,
        gpus,
        job: price ? nodes * price.usdPerHour : NaN,
        unknown: !price,
        sourced: price ? !price.unconfirmed : false,
        regionIndex,
        ...(plan ? { plan } : {}),
      });
    });
  }
  // rule: a type runs in its cheapest allowed region (ties: sourced price, then catalog order)
  const best = new Map<string, Option>();
  for (const o of options) {
    const key = `${o.type.cloud}/${o.type.name}`;
    const cur = best.get(key);
    const cheaper = cur && !o.unknown && !cur.unknown && o.job / o.nodes < cur.job / cur.nodes - 0.005;
    const tieSourced = cur && !o.unknown && !cur.unknown && Math.abs(o.job / o.nodes - cur.job / cur.nodes) < 0.005 && !cur.sourced && o.sourced;
    if (!cur || (cur.unknown && !o.unknown) || cheaper || tieSourced) best.set(key, o);
  }
  // rule: maxHourlyUsd caps the job price; an unknown price cannot be checked
  const feasible = [...best.values()].filter((o) => req.maxHourlyUsd === undefined || (!o.unknown && o.job <= req.maxHourlyUsd));
  if (feasible.length === 0) return null;
  // rule: rank by job $/h (training: per PFLOP/s of dense BF16), unknown prices last;
  // then fabric, Gbps, memory headroom, name
  const training = purpose !== undefined && TRAINING.has(purpose);
  const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
  const pflops = (o: Option) => (o.gpus * ACCELERATORS[o.type.accelerator].bf16DenseTflops) / 1000;
  const metric = (o: Option) => (training ? round(round(o.job, 2) / pflops(o), 4) : round(o.job, 2));
  const headroom = (o: Option) => (o.plan ? o.plan.usablePerGpuGB - o.plan.perGpuGB : ACCELERATORS[o.type.accelerator].memoryGiB);
  feasible.sort(
    (a, b) =>
      Number(a.unknown) - Number(b.unknown) ||
      (a.unknown ? 0 : Math.abs(metric(a) - metric(b)) < 1e-9 ? 0 : metric(a) - metric(b)) ||
      FABRIC_ORDER[b.type.fabric] - FABRIC_ORDER[a.type.fabric] ||
      b.type.fabricGbps - a.type.fabricGbps ||
      headroom(b) - headroom(a) ||
      a.type.name.localeCompare(b.type.name),
  );
  const top = feasible[0];
  return { type: top.type.name, region: top.region, nodes: top.nodes };
}

export interface Disagreement {
  readonly request: SelectionRequest;
  readonly selected: OracleAnswer | null;
  readonly oracle: OracleAnswer | null;
}

export interface DecisionBenchResult {
  readonly requests: number;
  readonly seed: number;
  /** Requests where selectInstance and the oracle agree (same type, region and node count, or both infeasible). */
  readonly agreements: number;
  readonly agreementRate: number;
  readonly disagreements: ReadonlyArray<Disagreement>;
  readonly infeasible: number;
  /** Infeasible answers that carry a hint (a relaxation). */
  readonly withHint: number;
  /** Infeasible answers whose hint, applied, is feasible. */
  readonly hintFeasible: number;
  /** hintFeasible ÷ infeasible. */
  readonly hintFeasibleRate: number;
}

function selected(req: SelectionRequest): OracleAnswer | AiInfraError {
  try {
    const r = selectInstance(req, WHERE);
    return { type: r.chosen.type.name, region: r.chosen.region, nodes: r.chosen.nodes };
  } catch (e) {
    if (e instanceof AiInfraError) return e;
    throw e;
  }
}

/** Runs `count` seeded random requests through selectInstance and the oracle. */
export function benchDecisions(count = 1000, seed = 20261202): DecisionBenchResult {
  const rand = prng(seed);
  let agreements = 0;
  let infeasible = 0;
  let withHint = 0;
  let hintFeasible = 0;
  const disagreements: Disagreement[] = [];
  for (let i = 0; i < count; i++) {
    const req = randomSelectionRequest(rand);
    const resolved = SelectionRequestSchema.parse(req);
    const got = selected(req);
    const want = oracle(resolved);
    const gotAnswer = got instanceof AiInfraError ? null : got;
    const same = gotAnswer === null || want === null
      ? gotAnswer === want
      : gotAnswer.type === want.type && gotAnswer.region === want.region && gotAnswer.nodes === want.nodes;
    if (same) agreements++;
    else disagreements.push({ request: req, selected: gotAnswer, oracle: want });
    if (got instanceof InfeasibleSelectionError) {
      infeasible++;
      if (got.relaxation) {
        withHint++;
        if (!(selected(applyPatch(resolved, got.relaxation)) instanceof AiInfraError)) hintFeasible++;
      }
    }
  }
  return {
    requests: count,
    seed,
    agreements,
    agreementRate: agreements / count,
    disagreements: disagreements.slice(0, 10),
    infeasible,
    withHint,
    hintFeasible,
    hintFeasibleRate: infeasible ? hintFeasible / infeasible : 1,
  };
}
