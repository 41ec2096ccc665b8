import { SERVICE_PRICES } from '../../src/catalog';
import { clusterControlPlaneCost, sumCost } from '../../src/planning/cost';
import { cloudLoggingCost, cloudNatCost, gcpKmsKeyCost, gcsStorageCost, managedPrometheusCost } from '../../src/planning/gcp-cost';

const WHERE = 'test/gcp-cost';

describe('GCP service cost helpers', () => {
  test('bad input names the field', () => {
    expect(() => cloudNatCost({ component: 'c', vmsPerGateway: -1 }, WHERE)).toThrow(/vmsPerGateway must be >= 0, got -1/);
    expect(() => gcpKmsKeyCost({ component: 'c', keys: 1.5 }, WHERE)).toThrow(/keys must be an integer, got 1\.5/);
    expect(() => gcsStorageCost({ component: 'c', gib: 10, region: 'mars-1' }, WHERE)).toThrow(/region must be a GCP region known to the catalog, got "mars-1"/);
  });

  test('GKE: one cluster fee of $0.10/h, $73 a month', () => {
    const line = clusterControlPlaneCost({ component: 'stack/cluster', cloud: 'gcp', region: 'us-central1' }, WHERE);
    expect(line).toMatchObject({ unitUsd: 0.1, hourlyUsd: 0.1, monthlyUsd: 73, basis: 'on-demand' });
  });

  test('Cloud NAT: $0.0014 per VM-hour, capped at $0.044 per gateway-hour; IPs at $0.005/h; data at $0.045/GiB', () => {
    const small = cloudNatCost({ component: 'stack/net', vmsPerGateway: 10, dataGiBPerMonth: 100, region: 'us-central1' }, WHERE);
    expect(small.map((l) => l.monthlyUsd)).toEqual([10.22, 3.65, 4.5]); // 10 × 0.0014 × 730; 1 × 0.005 × 730; 100 × 0.045
    expect(small[2].basis).toBe('usage-estimate');
    const big = cloudNatCost({ component: 'stack/net', vmsPerGateway: 40, natIps: 2 }, WHERE);
    expect(big[0]).toMatchObject({ hourlyUsd: 0.04, monthlyUsd: 32.12 }); // $0.044 × 730 (hourly shown to the cent)
    expect(big[0].note).toMatch(/capped at \$0\.044\/h per gateway/);
    expect(big[1].monthlyUsd).toBe(7.3);
  });

  test('Cloud Storage, KMS, Logging and GMP lines use the sourced prices and flag the unconfirmed one', () => {
    expect(gcsStorageCost({ component: 'c', gib: 1000 }, WHERE).monthlyUsd).toBe(20);
    const kms = gcpKmsKeyCost({ component: 'c', keys: 3, activeVersionsPerKey: 4 }, WHERE);
    expect(kms).toMatchObject({ quantity: 12, monthlyUsd: 0.72, unit: 'key-version-month' });
    const logs = cloudLoggingCost({ component: 'c', ingestGiBPerMonth: 200, retainedBeyond30DaysGiB: 500 }, WHERE);
    expect(sumCost(logs).monthlyUsd).toBe(105); // 200 × 0.50 + 500 × 0.01
    const [gmp] = managedPrometheusCost({ component: 'c', millionSamplesPerMonth: 1000 }, WHERE);
    expect(gmp.monthlyUsd).toBe(60);
    expect(gmp.basis).toBe('usage-estimate');
    expect(gmp.note).toMatch(/^Two public sources agree/);
  });

  test('Managed Prometheus crosses its tiers at 50, 250 and 500 billion samples (was every sample at the first tier)', () => {
    const at = (millions: number) => managedPrometheusCost({ component: 'c', millionSamplesPerMonth: millions }, WHERE).map((l) => [l.quantity, l.unitUsd, l.monthlyUsd]);
    expect(at(0)).toEqual([[0, 0.06, 0]]);
    expect(at(50_000)).toEqual([[50_000, 0.06, 3000]]);
    // 600 B: 50 B × $0.06 + 200 B × $0.048 + 250 B × $0.036 + 100 B × $0.024 per million = $24,000 (all at $0.06: $36,000)
    expect(at(600_000)).toEqual([[50_000, 0.06, 3000], [200_000, 0.048, 9600], [250_000, 0.036, 9000], [100_000, 0.024, 2400]]);
    const tiers = managedPrometheusCost({ component: 'c', millionSamplesPerMonth: 600_000 }, WHERE);
    expect(tiers.map((l) => l.item)).toEqual([
      'Managed Prometheus ingestion, first 50 billion samples (50.00 B)',
      'Managed Prometheus ingestion, 50-250 billion samples (200.00 B)',
      'Managed Prometheus ingestion, 250-500 billion samples (250.00 B)',
      'Managed Prometheus ingestion, over 500 billion samples (100.00 B)',
    ]);
    // The single-source tiers say so on their lines
    expect(tiers[2].note).toMatch(/One public copy of the tier table/);
  });

  test('a region other than us-central1 says the reference price was used', () => {
    const line = gcsStorageCost({ component: 'c', gib: 10, region: 'europe-west4' }, WHERE);
    expect(line.note).toMatch(/europe-west4: Non-reference-region service prices are estimated/);
  });

  test('the GCP prices of this section carry a source, asOf, and the reference region', () => {
    const ids = ['gcp.cloud-nat.vm', 'gcp.cloud-nat.data', 'gcp.cloud-nat.ip', 'gcp.managed-lustre.125', 'gcp.logging.ingestion',
      'gcp.logging.retention', 'gcp.gmp.samples', 'gcp.gcs.standard', 'gcp.kms.key-version'] as const;
    const usd = ids.map((id) => SERVICE_PRICES[id].usd);
    expect(usd).toEqual([0.0014, 0.045, 0.005, 0.145, 0.5, 0.01, 0.06, 0.02, 0.06]);
    for (const id of ids) {
      expect(SERVICE_PRICES[id]).toMatchObject({ cloud: 'gcp', region: 'us-central1', asOf: '2026-12-02' });
      expect(SERVICE_PRICES[id].source.length).toBeGreaterThan(20);
    }
    // Two public sources agree on the current $0.06 first tier (was unconfirmed: one guide against 2023 snapshots)
    expect(SERVICE_PRICES['gcp.gmp.samples'].confidence).toBeUndefined();
    expect(SERVICE_PRICES['gcp.managed-lustre.125'].confidence).toBe('single-source');
    expect(Object.entries(SERVICE_PRICES).filter(([k]) => k.startsWith('gcp.managed-lustre')).map(([k, p]) => [k, p.usd, p.confidence])).toEqual([
      ['gcp.managed-lustre.125', 0.145, 'single-source'],
      ['gcp.managed-lustre.250', 0.21, 'single-source'],
      ['gcp.managed-lustre.500', 0.34, 'single-source'],
      ['gcp.managed-lustre.1000', 0.6, 'single-source'],
    ]);
  });
});
