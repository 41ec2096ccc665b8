import { z } from 'zod';
import { GCP_CLOUD_NAT_GATEWAY_CAP_USD_PER_HOUR, SERVICE_PRICES } from '../catalog';
import { parseOrThrow } from '../errors';
import { CostLine, HOURS_PER_MONTH, servicePriceLine, tieredUsageLines } from './cost';
import type { UsageTier } from './cost';

/**
 * Cost lines of the Google Cloud platform services the GCP backends build
 * (Cloud NAT, Cloud Storage, Cloud KMS, Cloud Logging, Managed Service for
 * Prometheus), from the catalog's sourced prices. Managed Lustre is priced by
 * `lustreCost` (cloud 'gcp'); the GKE fee by `clusterControlPlaneCost`.
 */

const ComponentRegion = { component: z.string().min(1), region: z.string().min(1).optional() };

export const CloudNatCostRequestSchema = z.object({
  ...ComponentRegion,
  /** NAT gateways (one per region and router, usually 1). @default 1 */
  gateways: z.number().int().min(0).default(1),
  /** VMs (nodes) behind each gateway, on average. */
  vmsPerGateway: z.number().min(0),
  /** External IPs the gateways use (0 with automatic allocation is not possible: at least one each). @default gateways */
  natIps: z.number().int().min(0).optional(),
  /** GiB processed per month, both directions. @default 0 */
  dataGiBPerMonth: z.number().min(0).default(0),
}).strict();
export type CloudNatCostRequest = z.input<typeof CloudNatCostRequestSchema>;

/**
 * Cloud NAT: the per-VM gateway charge ($0.0014 per VM-hour, capped at $0.044
 * per gateway-hour), the NAT IP addresses and the data processed.
 */
export function cloudNatCost(req: CloudNatCostRequest, where: string): CostLine[] {
  const r = parseOrThrow(CloudNatCostRequestSchema, req, where);
  const perVm = servicePriceLine({ component: r.component, priceId: 'gcp.cloud-nat.vm', quantity: r.gateways * r.vmsPerGateway, region: r.region }, where);
  const capHourly = r.gateways * GCP_CLOUD_NAT_GATEWAY_CAP_USD_PER_HOUR;
  const uncappedHourly = r.gateways * r.vmsPerGateway * SERVICE_PRICES['gcp.cloud-nat.vm'].usd;
  const vmLine: CostLine = uncappedHourly > capHourly
    ? {
      ...perVm,
      hourlyUsd: round2(capHourly),
      monthlyUsd: round2(capHourly * HOURS_PER_MONTH),
      note: [perVm.note, `capped at $${GCP_CLOUD_NAT_GATEWAY_CAP_USD_PER_HOUR}/h per gateway (32 VMs or more)`].filter(Boolean).join('; '),
    }
    : perVm;
  return [
    vmLine,
    servicePriceLine({ component: r.component, priceId: 'gcp.cloud-nat.ip', quantity: r.natIps ?? r.gateways, region: r.region }, where),
    servicePriceLine({ component: r.component, priceId: 'gcp.cloud-nat.data', quantity: r.dataGiBPerMonth, region: r.region }, where),
  ];
}

export const GcsStorageCostRequestSchema = z.object({ ...ComponentRegion, gib: z.number().min(0) }).strict();
export type GcsStorageCostRequest = z.input<typeof GcsStorageCostRequestSchema>;

/** Cloud Storage Standard storage, regional (operations and egress extra). */
export function gcsStorageCost(req: GcsStorageCostRequest, where: string): CostLine {
  const r = parseOrThrow(GcsStorageCostRequestSchema, req, where);
  return servicePriceLine({ component: r.component, priceId: 'gcp.gcs.standard', quantity: r.gib, region: r.region }, where);
}

export const GcpKmsCostRequestSchema = z.object({
  ...ComponentRegion,
  keys: z.number().int().min(0),
  /** Active versions per key (each rotation adds one until old versions are destroyed). @default 1 */
  activeVersionsPerKey: z.number().int().min(1).default(1),
}).strict();
export type GcpKmsCostRequest = z.input<typeof GcpKmsCostRequestSchema>;

/** Cloud KMS software keys: active key versions per month (operations extra). */
export function gcpKmsKeyCost(req: GcpKmsCostRequest, where: string): CostLine {
  const r = parseOrThrow(GcpKmsCostRequestSchema, req, where);
  return servicePriceLine({ component: r.component, priceId: 'gcp.kms.key-version', quantity: r.keys * r.activeVersionsPerKey, region: r.region }, where);
}

export const CloudLoggingCostRequestSchema = z.object({
  ...ComponentRegion,
  ingestGiBPerMonth: z.number().min(0),
  /** GiB kept beyond the included 30 days, on average. @default 0 */
  retainedBeyond30DaysGiB: z.number().min(0).default(0),
}).strict();
export type CloudLoggingCostRequest = z.input<typeof CloudLoggingCostRequestSchema>;

/** Cloud Logging: ingestion (30 days retention included) and longer retention. */
export function cloudLoggingCost(req: CloudLoggingCostRequest, where: string): CostLine[] {
  const r = parseOrThrow(CloudLoggingCostRequestSchema, req, where);
  return [
    servicePriceLine({ component: r.component, priceId: 'gcp.logging.ingestion', quantity: r.ingestGiBPerMonth, region: r.region }, where),
    servicePriceLine({ component: r.component, priceId: 'gcp.logging.retention', quantity: r.retainedBeyond30DaysGiB, region: r.region }, where),
  ];
}

export const ManagedPrometheusCostRequestSchema = z.object({ ...ComponentRegion, millionSamplesPerMonth: z.number().min(0) }).strict();
export type ManagedPrometheusCostRequest = z.input<typeof ManagedPrometheusCostRequestSchema>;

/** Google Cloud Managed Service for Prometheus ingestion tiers, in million samples a month. */
export const GMP_INGESTION_TIERS: ReadonlyArray<UsageTier> = [
  { priceId: 'gcp.gmp.samples', upTo: 50_000, label: 'first 50 billion' },
  { priceId: 'gcp.gmp.samples.tier2', upTo: 250_000, label: '50-250 billion' },
  { priceId: 'gcp.gmp.samples.tier3', upTo: 500_000, label: '250-500 billion' },
  { priceId: 'gcp.gmp.samples.tier4', upTo: Number.POSITIVE_INFINITY, label: 'over 500 billion' },
];

/**
 * Managed Service for Prometheus samples ingested, at its tiers: one line per
 * tier the month reaches (the first always). Tiers count the billing account's
 * samples, so other projects on it move this one into cheaper tiers sooner.
 */
export function managedPrometheusCost(req: ManagedPrometheusCostRequest, where: string): CostLine[] {
  const r = parseOrThrow(ManagedPrometheusCostRequestSchema, req, where);
  return tieredUsageLines({
    component: r.component,
    region: r.region,
    amount: r.millionSamplesPerMonth,
    perUnit: 1,
    tiers: GMP_INGESTION_TIERS,
    item: (tier, millions) => `Managed Prometheus ingestion, ${tier.label} samples (${(millions / 1000).toFixed(2)} B)`,
  }, where);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
