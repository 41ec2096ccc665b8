import {
  ampIngestionCost,
  auroraServerlessCost,
  cloudWatchLogsCost,
  clusterControlPlaneCost,
  formatUsd,
  HOURS_PER_MONTH,
  kmsKeyCost,
  lustreCost,
  natGatewayCost,
  nodePoolCost,
  openSearchServerlessCost,
  s3StorageCost,
  sumCost,
  USAGE_DEFAULTS,
  usageNote,
} from '../../src/planning';

const WHERE = 'stack/pool';

describe('nodePoolCost', () => {
  test('an on-demand pool costs nodes × price × 730 h a month', () => {
    // GIVEN 2 p5.48xlarge always on, up to 4
    const cost = nodePoolCost({ component: 'stack/pool', instanceType: 'p5.48xlarge', cloud: 'aws', region: 'us-east-1', floorNodes: 2, maxNodes: 4, purchase: 'on-demand' }, WHERE);
    // THEN the month is 2 × $55.04 × 730 and the ceiling 4 × $55.04 × 730
    expect(HOURS_PER_MONTH).toBe(730);
    expect(cost.hourlyUsd).toBeCloseTo(110.08, 2);
    expect(cost.monthlyUsd).toBeCloseTo(2 * 55.04 * 730, 2);
    expect(cost.monthlyCeilingUsd).toBeCloseTo(4 * 55.04 * 730, 2);
    const [line] = cost.lines;
    expect(line).toMatchObject({ component: 'stack/pool', unit: 'node-hour', quantity: 2, unitUsd: 55.04, basis: 'on-demand', asOf: '2026-07-20' });
    expect(line.source).toMatch(/karpenter/);
    expect(line.note).toBeUndefined();
  });

  test('spot is priced at the on-demand ceiling, with a note', () => {
    const cost = nodePoolCost({ component: 'stack/spot', instanceType: 'p5.48xlarge', cloud: 'aws', region: 'us-east-1', floorNodes: 0, expectedNodes: 2, maxNodes: 8, purchase: 'spot' }, WHERE);
    expect(cost.lines[0].basis).toBe('spot-ceiling');
    expect(cost.lines[0].note).toMatch(/spot priced at the on-demand price as a ceiling; spot estimate \$23\.67\/h \(spot-estimate/);
    expect(cost.notes.join('\n')).toMatch(/expected 2 nodes on average \(floor 0, max 8\)/);
    expect(cost.monthlyUsd).toBeCloseTo(2 * 55.04 * 730, 2);
  });

  test('a region without a sourced price takes the reference price × the geography uplift, and says so', () => {
    // a3-megagpu-8g has a sourced price in us-central1 only; the EU uplift is the median EU/us-east-1 ratio of the AWS prices (1.1)
    const cost = nodePoolCost({ component: 'stack/pool', instanceType: 'a3-megagpu-8g', cloud: 'gcp', region: 'europe-west4', floorNodes: 1, maxNodes: 2, purchase: 'on-demand' }, WHERE);
    expect(cost.lines[0].basis).toBe('regional-estimate');
    expect(cost.lines[0].unitUsd).toBeCloseTo(93.4 * 1.1, 6);
    expect(cost.lines[0].note).toMatch(/no sourced on-demand price for a3-megagpu-8g in europe-west4: the us-central1 price \$93\.4 × 1\.1 \(EU regional uplift, from 39 sourced AWS regional prices\)/);
  });

  test('bad input names the field', () => {
    expect(() => nodePoolCost({ component: 'c', instanceType: 'p5.48xlarge', cloud: 'aws', region: 'eu-central-1', floorNodes: 1, maxNodes: 2, purchase: 'on-demand' }, WHERE)).toThrow(
      /stack\/pool: region must be a region offering p5\.48xlarge \(.*eu-north-1.*\), got "eu-central-1"/,
    );
    expect(() => nodePoolCost({ component: 'c', instanceType: 'p5.48xlarge', cloud: 'aws', region: 'us-east-1', floorNodes: 3, maxNodes: 2, purchase: 'on-demand' }, WHERE)).toThrow(
      /maxNodes must be >= floorNodes \(3\), got 2/,
    );
    expect(() => nodePoolCost({ component: 'c', instanceType: 'p5.48xlarge', cloud: 'aws', region: 'us-east-1', floorNodes: 1, maxNodes: 2, purchase: 'bid' as never }, WHERE)).toThrow(
      /purchase must be one of "on-demand", "spot", "reservation", "capacity-block", got "bid"/,
    );
  });
});

describe('service cost helpers', () => {
  test('EKS control plane: $0.10/h × 730', () => {
    const line = clusterControlPlaneCost({ component: 'stack/cluster', cloud: 'aws', region: 'us-east-1' }, WHERE);
    expect(line).toMatchObject({ unit: 'hour', unitUsd: 0.1, hourlyUsd: 0.1, monthlyUsd: 73, basis: 'on-demand' });
  });

  test('outside the reference region a service price is flagged', () => {
    const line = clusterControlPlaneCost({ component: 'stack/cluster', cloud: 'aws', region: 'eu-north-1' }, WHERE);
    expect(line.basis).toBe('reference');
    expect(line.note).toMatch(/eu-north-1: Non-reference-region service prices are estimated/);
  });

  test('NAT gateways: hours plus data processed as a usage estimate', () => {
    const lines = natGatewayCost({ component: 'stack/vpc', gateways: 3, dataGBPerMonth: 1000 }, WHERE);
    expect(lines[0].monthlyUsd).toBeCloseTo(3 * 0.045 * 730, 2);
    expect(lines[1]).toMatchObject({ unit: 'GB', monthlyUsd: 45, basis: 'usage-estimate' });
    expect(sumCost(lines).monthlyUsd).toBeCloseTo(3 * 0.045 * 730 + 45, 2);
  });

  test('Lustre PERSISTENT_2 at 125 MB/s/TiB, and an unsupported tier is refused', () => {
    const line = lustreCost({ component: 'stack/lustre', cloud: 'aws', throughputMBpsPerTiB: 125, capacityGiB: 2400 }, WHERE);
    expect(line.monthlyUsd).toBeCloseTo(2400 * 0.145, 2);
    expect(line.hourlyUsd).toBeUndefined();
    expect(() => lustreCost({ component: 'c', cloud: 'aws', throughputMBpsPerTiB: 300, capacityGiB: 2400 }, WHERE)).toThrow(
      /throughputMBpsPerTiB must be one of 125, 250, 500, 1000 for PERSISTENT_2, got 300/,
    );
  });

  test('Managed Lustre: the 125 tier is priced; 250/500/1000 get a $0 line that says "no sourced price"; bad tiers are refused', () => {
    expect(() => lustreCost({ component: 'c', cloud: 'gcp', throughputMBpsPerTiB: 300, capacityGiB: 72_000 }, WHERE)).toThrow(
      /throughputMBpsPerTiB must be one of 125, 250, 500, 1000 for Managed Lustre, got 300/,
    );
    expect(() => lustreCost({ component: 'c', cloud: 'gcp', deploymentType: 'PERSISTENT_2', throughputMBpsPerTiB: 125, capacityGiB: 72_000 }, WHERE)).toThrow(
      /deploymentType must be unset for Google Cloud Managed Lustre/,
    );
    const priced = lustreCost({ component: 'stack/lustre', cloud: 'gcp', throughputMBpsPerTiB: 125, capacityGiB: 72_000, region: 'us-central1' }, WHERE);
    expect(priced.monthlyUsd).toBe(10_440); // 72,000 GiB × $0.145
    expect(priced.unit).toBe('GiB-month');
    expect(priced.basis).toBe('on-demand');
    // The other tiers from one copy of the Billing pricing export (were $0 "no sourced price" lines)
    const tiers = [250, 500, 1000].map((tier) => lustreCost({ component: 'stack/lustre', cloud: 'gcp', throughputMBpsPerTiB: tier, capacityGiB: 36_000 }, WHERE));
    expect(tiers.map((l) => [l.unitUsd, l.monthlyUsd, l.basis])).toEqual([[0.21, 7560, 'on-demand'], [0.34, 12_240, 'on-demand'], [0.6, 21_600, 'on-demand']]);
    expect(tiers[0].note).toMatch(/^One copy of the Billing pricing export/);
  });

  test('Aurora Serverless v2: floor ACUs plus storage, ceiling at max ACUs', () => {
    const est = auroraServerlessCost({ component: 'stack/db', minAcu: 0.5, maxAcu: 8, storageGiB: 100 }, WHERE);
    // ACUs + storage + I/O: 100 GiB written once in 4 KiB I/Os = 26.21 M × $0.20 (issue 10, item 10)
    expect(est.monthlyUsd).toBeCloseTo(0.5 * 0.12 * 730 + 100 * 0.1 + 26.21 * 0.2, 2);
    expect(est.monthlyCeilingUsd).toBeCloseTo(8 * 0.12 * 730 + 100 * 0.1 + 26.21 * 0.2, 2);
    expect(est.lines.map((l) => [l.item, l.quantity, l.unitUsd])).toEqual([
      ['Amazon Aurora Serverless v2 (PostgreSQL): capacity', 0.5, 0.12],
      ['Amazon Aurora (standard): storage', 100, 0.1],
      ['Aurora I/O requests (26.21 million a month)', 26.21, 0.2],
      ['Aurora backup storage beyond the free amount (7-day retention)', 0, 0.021],
    ]);
    expect(est.lines[3].note).toMatch(/backups up to the cluster volume \(100 GiB\) are free/);
  });

  test('Aurora I/O given replaces the assumption', () => {
    const est = auroraServerlessCost({ component: 'stack/db', minAcu: 0.5, maxAcu: 8, storageGiB: 100, ioMillionsPerMonth: 1000, backupRetentionDays: 35 }, WHERE);
    expect(est.lines[2]).toMatchObject({ quantity: 1000, monthlyUsd: 200, note: expect.stringMatching(/^usage given/) });
    expect(est.lines[3].item).toBe('Aurora backup storage beyond the free amount (35-day retention)');
  });

  test('Managed Prometheus ingestion crosses its tiers at 2 and 252 billion samples', () => {
    expect(ampIngestionCost({ component: 'c', samplesPerMonth: 0 }, WHERE).map((l) => l.monthlyUsd)).toEqual([0]);
    expect(ampIngestionCost({ component: 'c', samplesPerMonth: 2e9 }, WHERE).map((l) => l.monthlyUsd)).toEqual([180]);
    // 300 B: 2 B × $0.90 + 250 B × $0.35 + 48 B × $0.16 per 10 M
    expect(ampIngestionCost({ component: 'c', samplesPerMonth: 300e9 }, WHERE).map((l) => l.monthlyUsd)).toEqual([180, 8750, 768]);
  });

  test('CloudWatch Logs: ingestion plus storage held at the retention', () => {
    const [ingest, stored] = cloudWatchLogsCost({ component: 'c', logGroup: 'audit', gbPerMonth: 30, retentionDays: 365 }, WHERE);
    expect([ingest.item, ingest.monthlyUsd]).toEqual(['CloudWatch Logs ingestion: audit', 15]);
    // a year kept = 12 months × 30 GB = 360 GB × $0.03
    expect([stored.quantity, stored.monthlyUsd, stored.basis]).toEqual([360, 10.8, 'usage-estimate']);
    expect(cloudWatchLogsCost({ component: 'c', logGroup: 'a', gbPerMonth: 30, retentionDays: 30 }, WHERE)[1].quantity).toBe(29.59);
    expect(() => cloudWatchLogsCost({ component: 'c', logGroup: 'a', gbPerMonth: -1, retentionDays: 30 }, WHERE)).toThrow(/gbPerMonth/);
  });

  test('OpenSearch Serverless, KMS and S3', () => {
    expect(openSearchServerlessCost({ component: 'c', ocus: 2 }, WHERE).monthlyUsd).toBeCloseTo(2 * 0.24 * 730, 2);
    expect(kmsKeyCost({ component: 'c', keys: 3 }, WHERE).monthlyUsd).toBe(3);
    expect(s3StorageCost({ component: 'c', gib: 1000 }, WHERE).monthlyUsd).toBeCloseTo(23, 2);
  });

  test('formatUsd', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.70683)).toBe('$0.7068');
  });
});

describe('usage assumptions', () => {
  test('each names its prop and reads as one footnote (reports split notes at "; ")', () => {
    for (const [id, a] of Object.entries(USAGE_DEFAULTS)) {
      expect({ id, semicolon: a.rationale.includes('; ') }).toEqual({ id, semicolon: false });
      expect(a.value).toBeGreaterThan(0);
      expect(a.prop).toMatch(/^(GpuCluster|VectorStore|ObservabilityStack|WarmInferencePool|SpotTrainingPool) [\w.]+$/);
    }
    expect(usageNote('natDataGBPerMonth', undefined)).toMatch(/^assumed 500 GB\/month: .*; set GpuCluster usage.natDataGBPerMonth from your bill$/);
    expect(usageNote('natDataGBPerMonth', 20)).toBe('usage given (GpuCluster usage.natDataGBPerMonth)');
  });
});
