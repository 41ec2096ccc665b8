import { z } from 'zod';
import { findInstanceType, findRegion, instanceTypesFor, SERVICE_PRICE_REGION_NOTE, SERVICE_PRICES } from '../catalog';
import type { ServicePrice, ServicePriceId, ServicePriceUnit } from '../catalog';
import { AiInfraError, parseOrThrow } from '../errors';
import { aCloud } from './names';
import { nodePrice, PURCHASES } from './pricing';
import { GB_PER_GIB } from './sizing';
import { USAGE_DEFAULTS, withUsageNote } from './usage';
import type { UsageDefaultId } from './usage';

/** Hours in a month for monthly figures: 365 × 24 / 12 (the convention AWS and GCP price pages use). */
export const HOURS_PER_MONTH = 730;

/** Units of cost lines: a node-hour, or the unit the catalog quotes a service in. */
export type CostUnit = 'node-hour' | ServicePriceUnit;

/** Units billed per hour of running (quantity = how many run continuously). */
const HOURLY_UNITS: ReadonlyArray<ServicePriceUnit> = ['hour', 'ACU-hour', 'OCU-hour', 'vCPU-hour', 'GB-hour'];
/** Units billed on usage (quantity = expected usage per month). */
const USAGE_UNITS: ReadonlyArray<ServicePriceUnit> = ['GB', 'GiB', 'million-requests', '10-million-samples', 'million-samples'];

/**
 * How a cost line was priced: `on-demand` and `capacity-block` are sourced
 * prices of the region; `regional-estimate` is the reference region's price
 * × the geography uplift; `spot-ceiling` is the on-demand price of a spot
 * pool (a ceiling: the line's note gives the spot estimate); `reservation` is
 * the on-demand list price of reserved capacity (a ceiling); `reference` is
 * a reference or estimated price; `usage-estimate` prices assumed usage;
 * `no-sourced-price`: the catalog has no sourced price for the item, so the
 * line is listed with $0 and says so, and the total leaves it out.
 */
export type CostBasis = 'on-demand' | 'regional-estimate' | 'capacity-block' | 'spot-ceiling' | 'reservation' | 'reference' | 'usage-estimate' | 'no-sourced-price';

/** One priced line of an estimate. */
export interface CostLine {
  /** Construct path of the component the line belongs to. */
  readonly component: string;
  /** What is bought (`p5.48xlarge`, `EKS control plane`). */
  readonly item: string;
  readonly quantity: number;
  readonly unit: CostUnit;
  readonly unitUsd: number;
  /** quantity × unitUsd for hourly units. */
  readonly hourlyUsd?: number;
  /** The expected monthly cost (a pool at its expected node count). */
  readonly monthlyUsd: number;
  /**
   * The monthly cost at the line's ceiling (a pool with every node up to its max).
   * @default - monthlyUsd (the line cannot grow)
   */
  readonly monthlyCeilingUsd?: number;
  readonly basis: CostBasis;
  readonly source: string;
  readonly asOf: string;
  /** Why the number is not a plain sourced price, when it is not. */
  readonly note?: string;
}

export interface CostEstimate {
  readonly lines: ReadonlyArray<CostLine>;
  readonly hourlyUsd: number;
  readonly monthlyUsd: number;
  readonly notes: ReadonlyArray<string>;
}

export interface NodePoolCost extends CostEstimate {
  /** Monthly cost with every node up to maxNodes running. */
  readonly monthlyCeilingUsd: number;
}

export const NodePoolCostRequestSchema = z.object({
  component: z.string().min(1),
  instanceType: z.string().min(1),
  cloud: z.enum(['aws', 'gcp']),
  region: z.string().min(1),
  /** Nodes always running. */
  floorNodes: z.number().int().min(0),
  /** Nodes running on average. @default floorNodes */
  expectedNodes: z.number().min(0).optional(),
  maxNodes: z.number().int().min(1),
  purchase: z.enum(PURCHASES),
}).strict().superRefine((r, ctx) => {
  if (r.maxNodes < r.floorNodes) ctx.addIssue({ code: 'custom', path: ['maxNodes'], message: `>= floorNodes (${r.floorNodes})` });
  const expected = r.expectedNodes ?? r.floorNodes;
  if (expected < r.floorNodes || expected > r.maxNodes) {
    ctx.addIssue({ code: 'custom', path: ['expectedNodes'], message: `between floorNodes (${r.floorNodes}) and maxNodes (${r.maxNodes})` });
  }
});

export type NodePoolCostRequest = z.input<typeof NodePoolCostRequestSchema>;

/**
 * Prices a node pool: one line at the expected node count, plus the ceiling
 * with every node up to maxNodes. Spot has no sourced price, so spot lines use
 * the on-demand price as a ceiling (basis `spot-ceiling`). A region with no
 * sourced price uses the reference region's price, with a note.
 */
export function nodePoolCost(req: NodePoolCostRequest, where: string): NodePoolCost {
  const r = parseOrThrow(NodePoolCostRequestSchema, req, where);
  const type = findInstanceType(r.cloud, r.instanceType);
  if (!type) {
    throw new AiInfraError({
      where,
      field: 'instanceType',
      given: r.instanceType,
      allowed: `${aCloud(r.cloud)} type known to the catalog (${instanceTypesFor(r.cloud).map((t) => t.name).slice(0, 8).join(', ')}, ...)`,
    });
  }
  if (!findRegion(r.cloud, r.region)) {
    throw new AiInfraError({ where, field: 'region', given: r.region, allowed: `${aCloud(r.cloud)} region known to the catalog` });
  }
  if (!type.regions.includes(r.region)) {
    throw new AiInfraError({ where, field: 'region', given: r.region, allowed: `a region offering ${type.name} (${type.regions.join(', ')})` });
  }
  // A spot pool is budgeted at its on-demand price (a ceiling: spot can cost up to it);
  // the spot estimate goes in the note. Types with no on-demand price use the spot estimate.
  const spotEstimate = r.purchase === 'spot' ? nodePrice(type, r.region, 'spot') : undefined;
  const ceiling = r.purchase === 'spot' ? nodePrice(type, r.region, 'on-demand') : undefined;
  const price = r.purchase === 'spot' ? ceiling ?? spotEstimate : nodePrice(type, r.region, r.purchase);
  if (!price) {
    throw new AiInfraError({
      where,
      field: 'instanceType',
      given: r.instanceType,
      allowed: `a type the catalog has a ${r.purchase} price for (price unknown for ${r.instanceType} in ${r.region})`,
    });
  }
  const expected = r.expectedNodes ?? r.floorNodes;
  const basis: CostBasis = ceiling
    ? 'spot-ceiling'
    : price.basis === 'on-demand' || price.basis === 'regional-estimate' || price.basis === 'capacity-block' || price.basis === 'reservation'
      ? price.basis
      : 'reference';
  const notes: string[] = [];
  if (ceiling) {
    notes.push(
      `spot priced at the on-demand price as a ceiling${spotEstimate ? `; spot estimate $${spotEstimate.usdPerHour.toFixed(2)}/h (${spotEstimate.basis}: ${spotEstimate.note ?? spotEstimate.source})` : ''}`,
    );
  }
  if (price.note) notes.push(price.note);
  const lineNote = notes.join('; ');
  if (expected !== r.floorNodes) notes.push(`expected ${expected} nodes on average (floor ${r.floorNodes}, max ${r.maxNodes})`);
  const hourly = expected * price.usdPerHour;
  const line: CostLine = {
    component: r.component,
    item: `${type.name} (${r.purchase})`,
    quantity: expected,
    unit: 'node-hour',
    unitUsd: price.usdPerHour,
    hourlyUsd: round2(hourly),
    monthlyUsd: round2(hourly * HOURS_PER_MONTH),
    monthlyCeilingUsd: round2(r.maxNodes * price.usdPerHour * HOURS_PER_MONTH),
    basis,
    source: price.source,
    asOf: price.asOf,
    ...(lineNote ? { note: lineNote } : {}),
  };
  return {
    lines: [line],
    hourlyUsd: round2(hourly),
    monthlyUsd: round2(hourly * HOURS_PER_MONTH),
    monthlyCeilingUsd: round2(r.maxNodes * price.usdPerHour * HOURS_PER_MONTH),
    notes,
  };
}

const SERVICE_PRICE_IDS = Object.keys(SERVICE_PRICES) as [ServicePriceId, ...ServicePriceId[]];

export const ServicePriceLineRequestSchema = z.object({
  component: z.string().min(1),
  /** Catalog id of the price (`aws.eks.cluster`). */
  priceId: z.enum(SERVICE_PRICE_IDS),
  /**
   * How much, in the price's unit: units running all month for hourly units
   * (2 NAT gateways, 4 ACU), the stored amount for `...-month` units, the
   * expected monthly usage for usage units (GB processed, million requests).
   */
  quantity: z.number().min(0),
  /** Region the service runs in. @default - the price's reference region */
  region: z.string().min(1).optional(),
  /** Label for the line. @default - the catalog's service and item */
  item: z.string().min(1).optional(),
}).strict();

export type ServicePriceLineRequest = z.input<typeof ServicePriceLineRequestSchema>;

/**
 * One cost line from a catalog service price. Hourly units are running
 * capacity (× 730 h a month); `...-month` units are stored amounts; usage
 * units (GB processed, requests, samples) are an estimate of monthly use and
 * carry basis `usage-estimate`. Outside the price's reference region the
 * line says the reference price was used; an unconfirmed price says so too.
 */
export function servicePriceLine(req: ServicePriceLineRequest, where: string): CostLine {
  const r = parseOrThrow(ServicePriceLineRequestSchema, req, where);
  const p = SERVICE_PRICES[r.priceId];
  if (r.region !== undefined && !findRegion(p.cloud, r.region)) {
    throw new AiInfraError({ where, field: 'region', given: r.region, allowed: `${aCloud(p.cloud)} region known to the catalog` });
  }
  const notes: string[] = [];
  const otherRegion = r.region !== undefined && r.region !== p.region;
  if (otherRegion) notes.push(`${r.region}: ${SERVICE_PRICE_REGION_NOTE}`);
  if (p.confidence === 'unconfirmed') notes.push(`unconfirmed price${p.note ? `: ${p.note}` : ''}`);
  else if (p.note) notes.push(p.note);
  const hourly = HOURLY_UNITS.includes(p.unit);
  const usage = USAGE_UNITS.includes(p.unit);
  const amount = r.quantity * p.usd;
  const basis: CostBasis = usage ? 'usage-estimate' : otherRegion || p.confidence === 'unconfirmed' ? 'reference' : 'on-demand';
  return {
    component: r.component,
    item: r.item ?? `${p.service}: ${p.item}`,
    quantity: r.quantity,
    unit: p.unit,
    unitUsd: p.usd,
    ...(hourly ? { hourlyUsd: round2(amount) } : {}),
    monthlyUsd: round2(hourly ? amount * HOURS_PER_MONTH : amount),
    basis,
    source: p.source,
    asOf: p.asOf,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

const ComponentRegion = { component: z.string().min(1), region: z.string().min(1).optional() };

export const ControlPlaneCostRequestSchema = z.object({ ...ComponentRegion, cloud: z.enum(['aws', 'gcp']) }).strict();
export type ControlPlaneCostRequest = z.input<typeof ControlPlaneCostRequestSchema>;

/** EKS or GKE control plane: one cluster fee, all month. */
export function clusterControlPlaneCost(req: ControlPlaneCostRequest, where: string): CostLine {
  const r = parseOrThrow(ControlPlaneCostRequestSchema, req, where);
  return servicePriceLine({ component: r.component, priceId: r.cloud === 'aws' ? 'aws.eks.cluster' : 'gcp.gke.cluster', quantity: 1, region: r.region }, where);
}

export const NatGatewayCostRequestSchema = z.object({
  ...ComponentRegion,
  gateways: z.number().int().min(0),
  /** @default 0 */
  dataGBPerMonth: z.number().min(0).default(0),
}).strict();
export type NatGatewayCostRequest = z.input<typeof NatGatewayCostRequestSchema>;

/** AWS NAT gateways (one per zone, usually) plus the data they process. */
export function natGatewayCost(req: NatGatewayCostRequest, where: string): CostLine[] {
  const r = parseOrThrow(NatGatewayCostRequestSchema, req, where);
  return [
    servicePriceLine({ component: r.component, priceId: 'aws.nat-gateway.hour', quantity: r.gateways, region: r.region }, where),
    servicePriceLine({ component: r.component, priceId: 'aws.nat-gateway.data', quantity: r.dataGBPerMonth, region: r.region }, where),
  ];
}

const LUSTRE_PRICE: Readonly<Record<string, ServicePriceId>> = {
  'aws:PERSISTENT_2:125': 'aws.fsx-lustre.persistent2-125',
  'aws:PERSISTENT_2:250': 'aws.fsx-lustre.persistent2-250',
  'aws:PERSISTENT_2:500': 'aws.fsx-lustre.persistent2-500',
  'aws:PERSISTENT_2:1000': 'aws.fsx-lustre.persistent2-1000',
  'aws:SCRATCH_2:200': 'aws.fsx-lustre.scratch2',
  'gcp:MANAGED:125': 'gcp.managed-lustre.125',
  'gcp:MANAGED:250': 'gcp.managed-lustre.250',
  'gcp:MANAGED:500': 'gcp.managed-lustre.500',
  'gcp:MANAGED:1000': 'gcp.managed-lustre.1000',
};

/** The catalog price of a Lustre tier (FSx deployment type, or `MANAGED` on GCP), if it has one. */
export function lustrePriceFact(cloud: 'aws' | 'gcp', deploymentType: string, mbpsPerTiB: number): ServicePrice | undefined {
  const id = LUSTRE_PRICE[`${cloud}:${deploymentType}:${mbpsPerTiB}`];
  return id ? SERVICE_PRICES[id] : undefined;
}

/** Google Cloud Managed Lustre tiers (MB/s/TiB) the provider can create (250, 500 and 1000 priced single-source). */
const GCP_LUSTRE_TIERS: ReadonlyArray<number> = [125, 250, 500, 1000];

export const LustreCostRequestSchema = z.object({
  ...ComponentRegion,
  cloud: z.enum(['aws', 'gcp']),
  /** AWS only. @default 'PERSISTENT_2' */
  deploymentType: z.enum(['PERSISTENT_2', 'SCRATCH_2']).optional(),
  /** PERSISTENT_2 and Managed Lustre: 125, 250, 500, 1000; SCRATCH_2: 200 (its baseline). */
  throughputMBpsPerTiB: z.number().int().positive(),
  capacityGiB: z.number().positive(),
}).strict();
export type LustreCostRequest = z.input<typeof LustreCostRequestSchema>;

/**
 * A line for an item the catalog has no sourced price for: listed with $0, basis
 * `no-sourced-price`, and a note saying so, so no total silently includes a guess.
 */
export function unpricedLine(req: { component: string; item: string; quantity: number; unit: CostUnit; reason: string }): CostLine {
  return {
    component: req.component,
    item: req.item,
    quantity: req.quantity,
    unit: req.unit,
    unitUsd: 0,
    monthlyUsd: 0,
    basis: 'no-sourced-price',
    source: 'none',
    asOf: 'n/a',
    note: `no sourced price: ${req.reason}; not included in the total`,
  };
}

/**
 * A Lustre file system's storage: FSx for Lustre (PERSISTENT_2 at 125–1000
 * MB/s/TiB, SCRATCH_2 at its 200 baseline) or Google Cloud Managed Lustre
 * (125–1000; the 250, 500 and 1000 prices rest on one source, and their
 * lines say so). Capacity validity is the LustreTier's job; this prices it.
 */
export function lustreCost(req: LustreCostRequest, where: string): CostLine {
  const r = parseOrThrow(LustreCostRequestSchema, req, where);
  if (r.cloud === 'gcp') {
    if (r.deploymentType !== undefined) {
      throw new AiInfraError({ where, field: 'deploymentType', given: r.deploymentType, allowed: 'unset for Google Cloud Managed Lustre (FSx only)' });
    }
    if (!GCP_LUSTRE_TIERS.includes(r.throughputMBpsPerTiB)) {
      throw new AiInfraError({ where, field: 'throughputMBpsPerTiB', given: r.throughputMBpsPerTiB, allowed: `one of ${GCP_LUSTRE_TIERS.join(', ')} for Managed Lustre` });
    }
    const id = LUSTRE_PRICE[`gcp:MANAGED:${r.throughputMBpsPerTiB}`];
    return servicePriceLine({ component: r.component, priceId: id, quantity: r.capacityGiB, region: r.region }, where);
  }
  const kind = r.deploymentType ?? 'PERSISTENT_2';
  const id = LUSTRE_PRICE[`${r.cloud}:${kind}:${r.throughputMBpsPerTiB}`];
  if (!id) {
    const allowed = Object.keys(LUSTRE_PRICE).filter((k) => k.startsWith(`${r.cloud}:${kind}:`)).map((k) => k.split(':')[2]);
    throw new AiInfraError({
      where,
      field: 'throughputMBpsPerTiB',
      given: r.throughputMBpsPerTiB,
      allowed: `one of ${allowed.join(', ')} for ${kind}`,
    });
  }
  return servicePriceLine({ component: r.component, priceId: id, quantity: r.capacityGiB, region: r.region }, where);
}

export const AuroraServerlessCostRequestSchema = z.object({
  ...ComponentRegion,
  minAcu: z.number().min(0),
  maxAcu: z.number().positive(),
  /** @default minAcu */
  expectedAcu: z.number().min(0).optional(),
  storageGiB: z.number().min(0),
  /**
   * Million I/O requests a month (Aurora standard bills every read and write I/O).
   * @default - the whole stored set written once: storageGiB in 4 KiB write I/Os (the first load); reads not counted
   */
  ioMillionsPerMonth: z.number().min(0).optional(),
  /**
   * Days of automated backups kept. Backup storage up to the cluster's volume size is free;
   * the estimate assumes the retained changes stay within it and shows the price of more.
   * @default 7
   */
  backupRetentionDays: z.number().int().min(1).max(35).default(7),
}).strict().refine((x) => x.maxAcu >= x.minAcu, { path: ['maxAcu'], message: '>= minAcu' });
export type AuroraServerlessCostRequest = z.input<typeof AuroraServerlessCostRequestSchema>;

/** Aurora writes in 4 KiB I/O units: million write I/Os per GiB written. */
const AURORA_WRITE_IOS_MILLIONS_PER_GIB = (1024 * 1024) / 4 / 1e6;

/**
 * Aurora Serverless v2 (standard storage configuration): ACUs at the expected
 * level (default: the floor), storage, I/O requests and backup storage beyond
 * the free amount. `monthlyCeilingUsd` runs every ACU up to maxAcu.
 */
export function auroraServerlessCost(req: AuroraServerlessCostRequest, where: string): CostEstimate & { monthlyCeilingUsd: number } {
  const r = parseOrThrow(AuroraServerlessCostRequestSchema, req, where);
  const acu = r.expectedAcu ?? r.minAcu;
  const io = r.ioMillionsPerMonth ?? round2(r.storageGiB * AURORA_WRITE_IOS_MILLIONS_PER_GIB);
  const ioLine = servicePriceLine({ component: r.component, priceId: 'aws.aurora.io', quantity: io, region: r.region }, where);
  const backup = servicePriceLine({ component: r.component, priceId: 'aws.aurora.backup', quantity: 0, region: r.region }, where);
  const lines: CostLine[] = [
    servicePriceLine({ component: r.component, priceId: 'aws.aurora-serverless-v2.acu', quantity: acu, region: r.region }, where),
    servicePriceLine({ component: r.component, priceId: 'aws.aurora.storage', quantity: r.storageGiB, region: r.region }, where),
    {
      ...ioLine,
      item: `Aurora I/O requests (${io} million a month)`,
      note: [
        r.ioMillionsPerMonth === undefined
          ? `assumed: the ${r.storageGiB} GiB stored written once in 4 KiB write I/Os (the first load); reads that miss the buffer cache and later writes add more; set aws.usage.ioMillionsPerMonth from your bill`
          : 'usage given (aws.usage.ioMillionsPerMonth)',
        ioLine.note,
      ].filter(Boolean).join('; '),
    },
    {
      ...backup,
      basis: 'usage-estimate',
      item: `Aurora backup storage beyond the free amount (${r.backupRetentionDays}-day retention)`,
      note: [
        `backups up to the cluster volume (${r.storageGiB} GiB) are free within the retention period; the estimate assumes ${r.backupRetentionDays} days of changes stay within it, each GB-month beyond costs the unit price`,
        backup.note,
      ].filter(Boolean).join('; '),
    },
  ];
  const ceiling = servicePriceLine({ component: r.component, priceId: 'aws.aurora-serverless-v2.acu', quantity: r.maxAcu, region: r.region }, where);
  return { ...estimate(lines), monthlyCeilingUsd: round2(ceiling.monthlyUsd + lines.slice(1).reduce((s, l) => s + l.monthlyUsd, 0)) };
}

export const CloudWatchLogsCostRequestSchema = z.object({
  ...ComponentRegion,
  /** What the log group holds (`EKS control-plane logs`). */
  logGroup: z.string().min(1),
  /** GB ingested a month. */
  gbPerMonth: z.number().min(0),
  /** Retention of the log group, days (0: never expires; priced as one year kept). */
  retentionDays: z.number().int().min(0),
}).strict();
export type CloudWatchLogsCostRequest = z.input<typeof CloudWatchLogsCostRequestSchema> & {
  /**
   * The usage assumption `gbPerMonth` stands for; the ingestion line's note then says whether it was assumed or given.
   * @default - no usage note
   */
  readonly usage?: { readonly id: UsageDefaultId; readonly given: number | undefined };
};

/** Days in a month for retention arithmetic (365 / 12). */
const DAYS_PER_MONTH = 365 / 12;

/**
 * CloudWatch Logs for one log group: ingestion, and the storage held at steady
 * state (a month's ingestion × retention in months, uncompressed: a ceiling,
 * since CloudWatch bills the compressed size). Vended logs (VPC flow logs, AMP
 * workspace logs) cost the same per GB in their first 10 TB a month.
 */
export function cloudWatchLogsCost(req: CloudWatchLogsCostRequest, where: string): CostLine[] {
  const { usage, ...rest } = req;
  const r = parseOrThrow(CloudWatchLogsCostRequestSchema, rest, where);
  const months = (r.retentionDays === 0 ? 365 : r.retentionDays) / DAYS_PER_MONTH;
  const stored = round2(r.gbPerMonth * months);
  const ingestion = servicePriceLine({ component: r.component, priceId: 'aws.cloudwatch-logs.ingestion', quantity: r.gbPerMonth, region: r.region }, where);
  const storage = servicePriceLine({ component: r.component, priceId: 'aws.cloudwatch-logs.storage', quantity: stored, region: r.region }, where);
  const ingestionLine: CostLine = { ...ingestion, item: `CloudWatch Logs ingestion: ${r.logGroup}` };
  return [
    usage ? withUsageNote(ingestionLine, usage.id, usage.given) : ingestionLine,
    {
      ...storage,
      basis: 'usage-estimate',
      item: `CloudWatch Logs storage: ${r.logGroup}`,
      note: [`${r.retentionDays === 0 ? 'never expires (one year priced)' : `${r.retentionDays}-day retention`} at steady state, uncompressed (a ceiling: stored logs bill compressed)`, storage.note]
        .filter(Boolean).join('; '),
    },
  ];
}

export const OpenSearchServerlessCostRequestSchema = z.object({
  ...ComponentRegion,
  /** Indexing and search OCUs together, running all month. */
  ocus: z.number().min(0),
  /** @default 0 */
  storageGiB: z.number().min(0).default(0),
}).strict();
export type OpenSearchServerlessCostRequest = z.input<typeof OpenSearchServerlessCostRequestSchema>;

/** OpenSearch Serverless: OCUs running all month, plus managed storage. */
export function openSearchServerlessCost(req: OpenSearchServerlessCostRequest, where: string): CostEstimate {
  const r = parseOrThrow(OpenSearchServerlessCostRequestSchema, req, where);
  return estimate([
    servicePriceLine({ component: r.component, priceId: 'aws.opensearch-serverless.ocu', quantity: r.ocus, region: r.region }, where),
    servicePriceLine({ component: r.component, priceId: 'aws.opensearch-serverless.storage', quantity: r.storageGiB, region: r.region }, where),
  ]);
}

export const KmsKeyCostRequestSchema = z.object({ ...ComponentRegion, keys: z.number().int().min(0) }).strict();
export type KmsKeyCostRequest = z.input<typeof KmsKeyCostRequestSchema>;

/** Customer-managed KMS keys (requests extra). */
export function kmsKeyCost(req: KmsKeyCostRequest, where: string): CostLine {
  const r = parseOrThrow(KmsKeyCostRequestSchema, req, where);
  return servicePriceLine({ component: r.component, priceId: 'aws.kms.key', quantity: r.keys, region: r.region }, where);
}

export const S3StorageCostRequestSchema = z.object({ ...ComponentRegion, gib: z.number().min(0) }).strict();
export type S3StorageCostRequest = z.input<typeof S3StorageCostRequestSchema>;

/** S3 Standard storage (requests and transfer extra). */
export function s3StorageCost(req: S3StorageCostRequest, where: string): CostLine {
  const r = parseOrThrow(S3StorageCostRequestSchema, req, where);
  return servicePriceLine({ component: r.component, priceId: 'aws.s3.standard', quantity: r.gib, region: r.region }, where);
}

/** Lines summed into an estimate, with their notes. */
export function estimate(lines: CostLine[]): CostEstimate {
  const total = sumCost(lines);
  return { lines, ...total, notes: lines.filter((l) => l.note).map((l) => `${l.item}: ${l.note}`) };
}

/** Sums lines: hourly (lines with an hourly figure) and monthly. */
export function sumCost(lines: ReadonlyArray<CostLine>): { hourlyUsd: number; monthlyUsd: number } {
  return {
    hourlyUsd: round2(lines.reduce((s, l) => s + (l.hourlyUsd ?? 0), 0)),
    monthlyUsd: round2(lines.reduce((s, l) => s + l.monthlyUsd, 0)),
  };
}

/** `$1,234.56`; amounts under $1 keep up to 4 decimals (`$0.7068`). */
export function formatUsd(n: number): string {
  return `$${(Math.abs(n) < 1 && n !== 0 ? USD_SMALL : USD).format(n)}`;
}

// One formatter each: toLocaleString with options builds an Intl.NumberFormat per call.
const USD = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const USD_SMALL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export const RootVolumeCostRequestSchema = z.object({
  ...ComponentRegion,
  /** Root volume of each node, GiB. */
  gibPerNode: z.number().int().positive(),
  /** Nodes running on average. */
  expectedNodes: z.number().min(0),
  /** Nodes at most (the ceiling). */
  maxNodes: z.number().int().min(0),
}).strict();
export type RootVolumeCostRequest = z.input<typeof RootVolumeCostRequestSchema>;

/**
 * The gp3 root volumes of an AWS node pool: expected nodes × GiB each, with the
 * ceiling at max nodes (a volume lives as long as its node).
 */
export function rootVolumeCost(req: RootVolumeCostRequest, where: string): CostLine {
  const r = parseOrThrow(RootVolumeCostRequestSchema, req, where);
  const line = servicePriceLine({ component: r.component, priceId: 'aws.ebs.gp3', quantity: r.expectedNodes * r.gibPerNode, region: r.region }, where);
  return {
    ...line,
    item: `node root volumes (${r.gibPerNode} GiB gp3 each)`,
    monthlyCeilingUsd: round2(r.maxNodes * r.gibPerNode * line.unitUsd),
  };
}

/** One price tier: the catalog price that applies up to `upTo` (in the usage's own count, e.g. samples a month). */
export interface UsageTier {
  readonly priceId: ServicePriceId;
  readonly upTo: number;
  /** `first 2 billion`. */
  readonly label: string;
}

/** Usage to price at its tiers. */
export interface TieredUsageRequest {
  readonly component: string;
  readonly region?: string;
  /** The usage, in the tiers' count (samples a month). */
  readonly amount: number;
  /** How many of that count make one unit of the price. */
  readonly perUnit: number;
  readonly tiers: ReadonlyArray<UsageTier>;
  /** The line's label for a tier and the amount in it. */
  readonly item: (tier: UsageTier, inTier: number) => string;
}

/**
 * Usage priced at its tiers: one line per tier the amount reaches (the first
 * always), each at the tier's catalog price. `perUnit` converts the amount to
 * the price's unit (1e7 samples per `10-million-samples`).
 */
export function tieredUsageLines(req: TieredUsageRequest, where: string): CostLine[] {
  const lines: CostLine[] = [];
  let from = 0;
  for (const tier of req.tiers) {
    const inTier = Math.max(0, Math.min(req.amount, tier.upTo) - from);
    if (inTier > 0 || lines.length === 0) {
      const quantity = round2(inTier / req.perUnit);
      const line = servicePriceLine({ component: req.component, priceId: tier.priceId, quantity, region: req.region }, where);
      lines.push({ ...line, item: req.item(tier, inTier) });
    }
    from = tier.upTo;
    if (req.amount <= from) break;
  }
  return lines;
}

/** Amazon Managed Service for Prometheus ingestion tiers, in samples a month. */
export const AMP_INGESTION_TIERS: ReadonlyArray<UsageTier> = [
  { priceId: 'aws.amp.ingestion', upTo: 2e9, label: 'first 2 billion' },
  { priceId: 'aws.amp.ingestion.tier2', upTo: 252e9, label: 'next 250 billion' },
  { priceId: 'aws.amp.ingestion.tier3', upTo: Number.POSITIVE_INFINITY, label: 'over 252 billion' },
];

export const AmpIngestionCostRequestSchema = z.object({ ...ComponentRegion, samplesPerMonth: z.number().min(0) }).strict();
export type AmpIngestionCostRequest = z.input<typeof AmpIngestionCostRequestSchema>;

/**
 * Managed Prometheus ingestion at its tiers: one line per tier the month
 * reaches (the first always). Tiers count every sample the account ingests in
 * the region, so other workspaces there move this one into cheaper tiers sooner.
 */
export function ampIngestionCost(req: AmpIngestionCostRequest, where: string): CostLine[] {
  const r = parseOrThrow(AmpIngestionCostRequestSchema, req, where);
  return tieredUsageLines({
    component: r.component,
    region: r.region,
    amount: r.samplesPerMonth,
    perUnit: 1e7,
    tiers: AMP_INGESTION_TIERS,
    item: (tier, samples) => `Managed Prometheus ingestion, ${tier.label} samples (${(samples / 1e9).toFixed(2)} B)`,
  }, where);
}

export const ModelDownloadCostRequestSchema = z.object({
  component: z.string().min(1),
  cloud: z.enum(['aws', 'gcp']),
  region: z.string().min(1),
  /** The model id the server fetches (a Hugging Face repository). */
  modelId: z.string().min(1),
  /** GB of weights one replica downloads. */
  weightsGB: z.number().min(0),
  /** Replicas running on average. */
  expectedReplicas: z.number().min(0),
  /** Replicas at the ceiling. */
  maxReplicas: z.number().min(0),
  /** @default USAGE_DEFAULTS.modelDownloadsPerReplicaPerMonth */
  downloadsPerReplica: z.number().min(0).optional(),
}).strict();
export type ModelDownloadCostRequest = z.input<typeof ModelDownloadCostRequestSchema>;

/**
 * Model weights a warm pool's servers download from the internet, through
 * the cluster's NAT (AWS NAT gateway or Cloud NAT data processing): weights ×
 * replicas × downloads per replica a month; the ceiling at max replicas.
 */
export function modelDownloadCost(req: ModelDownloadCostRequest, where: string): CostLine {
  const r = parseOrThrow(ModelDownloadCostRequestSchema, req, where);
  const downloads = r.downloadsPerReplica ?? USAGE_DEFAULTS.modelDownloadsPerReplicaPerMonth.value;
  // Cloud NAT bills GiB; the weights are sized in GB.
  const perGb = r.cloud === 'gcp' ? 1 / GB_PER_GIB : 1;
  const quantity = round2(r.weightsGB * r.expectedReplicas * downloads * perGb);
  const line = servicePriceLine({ component: r.component, priceId: r.cloud === 'gcp' ? 'gcp.cloud-nat.data' : 'aws.nat-gateway.data', quantity, region: r.region }, where);
  const priced: CostLine = {
    ...line,
    item: `model weights downloaded through NAT (${r.modelId}: ${r.weightsGB} GB × ${r.expectedReplicas} replica${r.expectedReplicas === 1 ? '' : 's'} × ${downloads} a month)`,
    monthlyCeilingUsd: round2(r.weightsGB * r.maxReplicas * downloads * perGb * line.unitUsd),
    note: ['charges of the download source are not included; weights mirrored to S3 or Cloud Storage skip NAT', line.note].filter(Boolean).join('; '),
  };
  return withUsageNote(priced, 'modelDownloadsPerReplicaPerMonth', r.downloadsPerReplica);
}
