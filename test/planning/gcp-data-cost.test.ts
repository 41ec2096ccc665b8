import { SERVICE_PRICES } from '../../src/catalog';
import { unpricedLine } from '../../src/planning/cost';
import { alertTopicCostLine, alloyDbCost, cloudSqlCost, gcpAlertingCost, gcpFeatureStoreCostLines, gcpKmsKeyCost, vectorSearchCost } from '../../src/planning/gcp-data-cost';
import { alloyDbShapeFor, cloudSqlMachineFor, vectorSearchLayoutFor } from '../../src/planning/gcp-vector-sizing';

const WHERE = 'stack/Vectors';

describe('GCP vector sizing', () => {
  test('AlloyDB: the smallest shape whose 75 % cache share holds the index', () => {
    // 10 GiB index → 14.32 GB needed → 16 GB shape (2 vCPU); 20 GiB → 28.6 GB → 32 GB (4 vCPU)
    expect(alloyDbShapeFor(10, WHERE)).toMatchObject({ vcpus: 2, memoryGB: 16 });
    expect(alloyDbShapeFor(20, WHERE)).toMatchObject({ vcpus: 4, memoryGB: 32 });
    expect(alloyDbShapeFor(undefined, WHERE)).toMatchObject({ vcpus: 2, memoryGB: 16 });
  });

  test('AlloyDB: an index past the largest shape is refused with the field named', () => {
    expect(() => alloyDbShapeFor(600, WHERE)).toThrow(/^stack\/Vectors: vectors must be an index that fits 75 % of the largest AlloyDB shape's memory \(96 vCPU, 768 GB\), got "an index of 600 GiB"/);
  });

  test('Cloud SQL: custom tier at 6.5 GB per vCPU', () => {
    expect(cloudSqlMachineFor(undefined, WHERE)).toMatchObject({ vcpus: 2, tier: 'db-custom-2-13312' });
    // 12 GiB → 16384 MB needed → 4 vCPU (26624 MB)
    expect(cloudSqlMachineFor(12, WHERE)).toMatchObject({ vcpus: 4, tier: 'db-custom-4-26624' });
    expect(() => cloudSqlMachineFor(1000, WHERE)).toThrow(/vectors must be an index that fits 75 % of the largest Cloud SQL custom tier/);
  });

  test('Vector Search: smallest shard that holds n × d × 4 B, else several large shards', () => {
    expect(vectorSearchLayoutFor(1_000_000, 384)).toMatchObject({ shards: 1, dataGB: 1.536, shard: { shardSize: 'SHARD_SIZE_SMALL', machineType: 'e2-standard-2' } });
    expect(vectorSearchLayoutFor(10_000_000, 768)).toMatchObject({ shards: 1, dataGB: 30.72, shard: { shardSize: 'SHARD_SIZE_LARGE' } });
    expect(vectorSearchLayoutFor(5_000_000, 768)).toMatchObject({ shards: 1, dataGB: 15.36, shard: { shardSize: 'SHARD_SIZE_MEDIUM', machineType: 'e2-standard-16' } });
    expect(vectorSearchLayoutFor(100_000_000, 768)).toMatchObject({ shards: 7, dataGB: 307.2, shard: { shardSize: 'SHARD_SIZE_LARGE' } });
  });
});

describe('GCP data-service cost lines', () => {
  test('AlloyDB HA bills two nodes of vCPU and memory, plus the storage used', () => {
    const c = alloyDbCost({ component: WHERE, vcpus: 2, memoryGB: 16, nodes: 2, storageGiB: 30 }, WHERE);
    expect(c.lines.map((l) => [l.quantity, l.unitUsd, l.basis])).toEqual([
      [4, 0.06608, 'on-demand'],
      [32, 0.0112, 'on-demand'],
      // 30 GiB = 32.21 GB at $0.30 per GB-month (was a $0 "no sourced price" line)
      [32.21, 0.3, 'on-demand'],
    ]);
    // lines rounded to cents: 4 × 0.06608 × 730 = 192.95; 32 × 0.0112 × 730 = 261.63; 32.21 × 0.30 = 9.66
    expect(c.monthlyUsd).toBe(464.24);
    expect(c.lines[2].note).toMatch(/Backups \(\$0\.10 per GB-month, one source\) are billed on top/);
  });

  test('Cloud SQL HA doubles compute and storage', () => {
    const c = cloudSqlCost({ component: WHERE, vcpus: 2, memoryGB: 13.96, highAvailability: true, storageGiB: 20 }, WHERE);
    expect(c.lines[0].quantity).toBe(4);
    expect(c.lines[1].quantity).toBe(27.92);
    // storage: 20 GiB × 2 (HA) × $0.17 = $6.80 (was a $0 "no sourced price" line)
    expect(c.lines[2]).toMatchObject({ item: 'Cloud SQL SSD storage 20 GiB × 2 (HA)', quantity: 40, unitUsd: 0.17, monthlyUsd: 6.8 });
    expect(c.monthlyUsd).toBe(Math.round(((4 * 0.0413 + 27.92 * 0.007) * 730 + 40 * 0.17) * 100) / 100);
  });

  test('Vector Search: shards × replicas nodes, plus the data streamed', () => {
    const c = vectorSearchCost({ component: WHERE, machineType: 'e2-standard-16', shards: 1, replicas: 2, dataGiBPerMonth: 10, updateMethod: 'STREAM_UPDATE' }, WHERE);
    expect(c.lines[0]).toMatchObject({ quantity: 2, unitUsd: 0.7504672, basis: 'on-demand', monthlyUsd: Math.round(2 * 0.7504672 * 730 * 100) / 100 });
    expect(c.lines[1]).toMatchObject({ quantity: 10, unitUsd: 0.45, basis: 'usage-estimate', monthlyUsd: 4.5 });
  });

  test('unpriced lines are zero and say so; KMS key versions are priced from the sourced list price', () => {
    const l = unpricedLine({ component: WHERE, item: 'Feature Online Store nodes', quantity: 2, unit: 'node-hour', reason: 'Vertex AI Feature Store serving nodes are not in the catalog' });
    expect(l).toMatchObject({ monthlyUsd: 0, unitUsd: 0, basis: 'no-sourced-price', note: 'no sourced price: Vertex AI Feature Store serving nodes are not in the catalog; not included in the total' });
    const k = gcpKmsKeyCost({ component: WHERE, keys: 2 }, WHERE);
    // $0.06 per active key version and month (sourced: cloud.google.com/kms/pricing).
    expect(k).toMatchObject({ monthlyUsd: 0.12, unitUsd: 0.06, basis: 'on-demand' });
    expect(k.source).toMatch(/cloud\.google\.com\/kms\/pricing/);
  });

  test('the prices these lines rest on carry their sources', () => {
    expect(SERVICE_PRICES['gcp.monitoring.alert-condition']).toMatchObject({ usd: 1.5, unit: 'condition-month' });
    expect(SERVICE_PRICES['gcp.monitoring.alert-condition'].source).toContain('https://cloud.google.com/monitoring/alerts/cost-control');
    expect(SERVICE_PRICES['gcp.pubsub.throughput']).toMatchObject({ usd: 40 / 1024, unit: 'GiB' });
    // Copies of the official table agree (was one third-party guide, cited by a search-index id)
    expect(SERVICE_PRICES['gcp.vector-search.batch-build']).toMatchObject({ usd: 3, source: expect.stringMatching(/^https:\/\/cloud\.google\.com\/vertex-ai\/pricing/) });
    expect(SERVICE_PRICES['gcp.vector-search.batch-build'].confidence).toBeUndefined();
    expect(Object.values(SERVICE_PRICES).filter((p) => /find_string|index id/.test(p.source)).map((p) => p.id)).toEqual([]);
  });
});

describe('GCP construct cost lines', () => {
  test('feature store: BigQuery storage priced, online serving nodes said unpriced, one key', () => {
    const lines = gcpFeatureStoreCostLines({ component: WHERE, onlineStore: 'bigtable', minNodes: 2, offlineStorageGiB: 500, usageGiven: true }, WHERE);
    expect(lines.map((l) => [l.item, l.monthlyUsd, l.basis])).toEqual([
      // 500 GiB × $0.023 (Iowa, regional: the dataset is in the stack's region; the US multi-region is $0.02)
      ['BigQuery: active logical storage, regional dataset (Iowa)', 11.5, 'on-demand'],
      ['Vertex AI Feature Online Store, Bigtable serving (at least 2 nodes)', 0, 'no-sourced-price'],
      ['Cloud KMS: active key version, SOFTWARE protection', 0.06, 'on-demand'],
    ]);
    const none = gcpFeatureStoreCostLines({ component: WHERE, onlineStore: 'none', offlineStorageGiB: 0, usageGiven: false }, WHERE);
    expect(none).toHaveLength(2);
    expect(none[0].note).toMatch(/^No usage given: priced at zero/);
  });

  test('alerting: $1.50 per condition; the alert topic line is zero and says why', () => {
    expect(gcpAlertingCost({ component: WHERE, conditions: 9 }, WHERE)).toMatchObject({ quantity: 9, monthlyUsd: 13.5, unit: 'condition-month' });
    expect(alertTopicCostLine(WHERE, 'us-central1', WHERE)).toMatchObject({ monthlyUsd: 0, note: expect.stringMatching(/^negligible at alert volumes/) });
  });
});
