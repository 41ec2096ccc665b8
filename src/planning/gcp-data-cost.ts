import { z } from 'zod';
import type { ServicePriceId } from '../catalog';
import { parseOrThrow } from '../errors';
import { CostEstimate, CostLine, estimate, HOURS_PER_MONTH, servicePriceLine, unpricedLine } from './cost';
import { gcpKmsKeyCost, managedPrometheusCost } from './gcp-cost';
import { GB_PER_GIB } from './sizing';

/**
 * Cost lines of the GCP data and operations services: AlloyDB, Cloud SQL,
 * Vertex AI Vector Search, Cloud KMS, and the lines for what has no sourced
 * price (said plainly, left out of the total).
 */

const ComponentRegion = { component: z.string().min(1), region: z.string().min(1).optional() };


export const AlloyDbCostRequestSchema = z.object({
  ...ComponentRegion,
  vcpus: z.number().int().positive(),
  memoryGB: z.number().positive(),
  /** Nodes billed for the primary: 2 when REGIONAL (HA: active + standby), 1 when ZONAL. */
  nodes: z.number().int().min(1).max(2),
  storageGiB: z.number().min(0),
}).strict();
export type AlloyDbCostRequest = z.input<typeof AlloyDbCostRequestSchema>;

/** AlloyDB primary: vCPU and memory of every billed node, plus the storage used (backups extra, said on the line). */
export function alloyDbCost(req: AlloyDbCostRequest, where: string): CostEstimate {
  const r = parseOrThrow(AlloyDbCostRequestSchema, req, where);
  const ha = r.nodes === 2 ? ' (HA: active + standby node)' : '';
  return estimate([
    servicePriceLine({ component: r.component, priceId: 'gcp.alloydb.vcpu', quantity: r.vcpus * r.nodes, region: r.region, item: `AlloyDB primary ${r.vcpus} vCPU × ${r.nodes} node${r.nodes > 1 ? 's' : ''}${ha}` }, where),
    servicePriceLine({ component: r.component, priceId: 'gcp.alloydb.memory', quantity: r.memoryGB * r.nodes, region: r.region, item: `AlloyDB primary ${r.memoryGB} GB memory × ${r.nodes} node${r.nodes > 1 ? 's' : ''}` }, where),
    // Billed on the GB used; the sizing is in GiB (converted up, so the line does not undercount).
    servicePriceLine({ component: r.component, priceId: 'gcp.alloydb.storage', quantity: Math.round(r.storageGiB * GB_PER_GIB * 100) / 100, region: r.region, item: `AlloyDB storage (${r.storageGiB} GiB used, billed on use)` }, where),
  ]);
}

export const CloudSqlCostRequestSchema = z.object({
  ...ComponentRegion,
  vcpus: z.number().int().positive(),
  memoryGB: z.number().positive(),
  /** REGIONAL availability bills a standby as well. */
  highAvailability: z.boolean(),
  storageGiB: z.number().min(0),
}).strict();
export type CloudSqlCostRequest = z.input<typeof CloudSqlCostRequestSchema>;

/** Cloud SQL for PostgreSQL (Enterprise): vCPU, memory and SSD storage, each doubled for HA. */
export function cloudSqlCost(req: CloudSqlCostRequest, where: string): CostEstimate {
  const r = parseOrThrow(CloudSqlCostRequestSchema, req, where);
  const n = r.highAvailability ? 2 : 1;
  return estimate([
    servicePriceLine({ component: r.component, priceId: 'gcp.cloud-sql.vcpu', quantity: r.vcpus * n, region: r.region, item: `Cloud SQL ${r.vcpus} vCPU${r.highAvailability ? ' × 2 (HA)' : ''}` }, where),
    servicePriceLine({ component: r.component, priceId: 'gcp.cloud-sql.memory', quantity: r.memoryGB * n, region: r.region, item: `Cloud SQL ${r.memoryGB} GB memory${r.highAvailability ? ' × 2 (HA)' : ''}` }, where),
    servicePriceLine({ component: r.component, priceId: 'gcp.cloud-sql.storage', quantity: r.storageGiB * n, region: r.region, item: `Cloud SQL SSD storage ${r.storageGiB} GiB${r.highAvailability ? ' × 2 (HA)' : ''}` }, where),
  ]);
}

const VECTOR_SEARCH_MACHINE_PRICE: Readonly<Record<string, ServicePriceId>> = {
  'e2-standard-2': 'gcp.vector-search.e2-standard-2',
  'e2-standard-16': 'gcp.vector-search.e2-standard-16',
  'e2-highmem-16': 'gcp.vector-search.e2-highmem-16',
};

export const VectorSearchCostRequestSchema = z.object({
  ...ComponentRegion,
  machineType: z.enum(['e2-standard-2', 'e2-standard-16', 'e2-highmem-16']),
  /** Shards of the index; each replica serves every shard on its own node. */
  shards: z.number().int().min(1),
  /** Replicas kept running (the deployed index's minimum). */
  replicas: z.number().int().min(1),
  /** Index data written per month, GiB (the first build or the monthly updates). */
  dataGiBPerMonth: z.number().min(0),
  updateMethod: z.enum(['BATCH_UPDATE', 'STREAM_UPDATE']),
}).strict();
export type VectorSearchCostRequest = z.input<typeof VectorSearchCostRequestSchema>;

/** Vertex AI Vector Search: serving nodes (shards × replicas) all month, plus the data built or streamed. */
export function vectorSearchCost(req: VectorSearchCostRequest, where: string): CostEstimate {
  const r = parseOrThrow(VectorSearchCostRequestSchema, req, where);
  const nodes = r.shards * r.replicas;
  return estimate([
    servicePriceLine({
      component: r.component,
      priceId: VECTOR_SEARCH_MACHINE_PRICE[r.machineType],
      quantity: nodes,
      region: r.region,
      item: `Vector Search ${r.machineType} × ${nodes} (${r.shards} shard${r.shards > 1 ? 's' : ''} × ${r.replicas} replica${r.replicas > 1 ? 's' : ''})`,
    }, where),
    servicePriceLine({
      component: r.component,
      priceId: r.updateMethod === 'BATCH_UPDATE' ? 'gcp.vector-search.batch-build' : 'gcp.vector-search.stream-update',
      quantity: r.dataGiBPerMonth,
      region: r.region,
    }, where),
  ]);
}

/** Cloud KMS keys are priced by the platform-service helper (one function for every GCP construct). */
export { gcpKmsKeyCost };

export const GcpFeatureStoreCostRequestSchema = z.object({
  ...ComponentRegion,
  /** The online store kind, or none when no group is online. */
  onlineStore: z.enum(['optimized', 'bigtable', 'none']),
  /** Bigtable serving nodes kept at least (bigtable only). @default 0 */
  minNodes: z.number().int().min(0).default(0),
  offlineStorageGiB: z.number().min(0),
  /** Whether the user gave expected usage (else the usage lines say they are zero). */
  usageGiven: z.boolean(),
}).strict();
export type GcpFeatureStoreCostRequest = z.input<typeof GcpFeatureStoreCostRequestSchema>;

/**
 * FeatureStore on GCP: BigQuery storage of the offline tables, the online
 * store's serving nodes (no sourced price: said so), and the customer key.
 */
export function gcpFeatureStoreCostLines(req: GcpFeatureStoreCostRequest, where: string): CostLine[] {
  const r = parseOrThrow(GcpFeatureStoreCostRequestSchema, req, where);
  const storage = servicePriceLine({ component: r.component, priceId: 'gcp.bigquery.active-storage', quantity: r.offlineStorageGiB, region: r.region }, where);
  const lines: CostLine[] = [
    r.usageGiven ? storage : { ...storage, note: ['No usage given: priced at zero; pass usage to estimate', storage.note].filter(Boolean).join('; ') },
  ];
  if (r.onlineStore !== 'none') {
    lines.push(unpricedLine({
      component: r.component,
      item: r.onlineStore === 'bigtable' ? `Vertex AI Feature Online Store, Bigtable serving (at least ${r.minNodes} node${r.minNodes === 1 ? '' : 's'})` : 'Vertex AI Feature Online Store, optimized serving',
      quantity: r.onlineStore === 'bigtable' ? r.minNodes : 1,
      unit: 'node-hour',
      reason: 'Feature Online Store node prices are not in the stored sources (https://cloud.google.com/vertex-ai/pricing)',
    }));
  }
  lines.push(gcpKmsKeyCost({ component: r.component, region: r.region, keys: 1 }, where));
  return lines;
}

/** A Pub/Sub topic that carries alerts: throughput is negligible at alert volumes, said on the line. */
export function alertTopicCostLine(component: string, region: string, where: string): CostLine {
  const line = servicePriceLine({ component, priceId: 'gcp.pubsub.throughput', quantity: 0, region, item: 'Pub/Sub alert topic' }, where);
  return { ...line, note: `negligible at alert volumes (the first 10 GiB a month are free)${line.note ? `; ${line.note}` : ''}` };
}

export const GcpAlertingCostRequestSchema = z.object({ ...ComponentRegion, conditions: z.number().int().min(0) }).strict();
export type GcpAlertingCostRequest = z.input<typeof GcpAlertingCostRequestSchema>;

/** Cloud Monitoring alerting: a fee per alert policy condition (time series returned are extra, said on the line). */
export function gcpAlertingCost(req: GcpAlertingCostRequest, where: string): CostLine {
  const r = parseOrThrow(GcpAlertingCostRequestSchema, req, where);
  return servicePriceLine({ component: r.component, priceId: 'gcp.monitoring.alert-condition', quantity: r.conditions, region: r.region }, where);
}

export const GcpPrometheusCostRequestSchema = z.object({ ...ComponentRegion, samplesPerSecond: z.number().min(0) }).strict();
export type GcpPrometheusCostRequest = z.input<typeof GcpPrometheusCostRequestSchema>;

/** Google Managed Prometheus ingestion from an expected sample rate, at its tiers (queries not included). */
export function gcpManagedPrometheusCost(req: GcpPrometheusCostRequest, where: string): CostLine[] {
  const r = parseOrThrow(GcpPrometheusCostRequestSchema, req, where);
  const samplesPerMonth = r.samplesPerSecond * 3600 * HOURS_PER_MONTH;
  const rate = `${r.samplesPerSecond} samples/s = ${(samplesPerMonth / 1e9).toFixed(2)} B samples/month`;
  return managedPrometheusCost({ component: r.component, region: r.region, millionSamplesPerMonth: samplesPerMonth / 1e6 }, where)
    .map((l) => ({ ...l, note: [rate, l.note, 'queries not included'].filter(Boolean).join('; ') }));
}
