import {
  ACCELERATORS,
  AWS_INSTANCE_TYPES,
  GCP_MACHINE_TYPES,
  SERVICE_PRICES,
  SERVICE_PRICE_REGION_NOTE,
  accelerator,
  findInstanceType,
  findRegion,
  instanceTypesFor,
  priceIn,
  regionOfZone,
  regionsFor,
  servicePrice,
  zonesFor,
} from '../../src/catalog';

describe('accelerators', () => {
  test('training class: B200/H200/H100/A100/Trainium yes; L40S/L4/A10G/Inferentia2 no', () => {
    const training = Object.values(ACCELERATORS).filter((a) => a.trainingClass).map((a) => a.id).sort();
    expect(training).toEqual(['A100-40GB', 'A100-80GB', 'B200', 'H100', 'H200', 'Trainium', 'Trainium2'].sort());
  });

  test('PCIe-only parts have no NVLink; NVLink generations and per-GPU bandwidth', () => {
    for (const id of ['L40S', 'L4', 'A10G'] as const) {
      expect(accelerator(id).nvlinkGeneration).toBeNull();
      expect(accelerator(id).intraNodeGBps).toBeNull();
    }
    expect(accelerator('H100')).toMatchObject({ nvlinkGeneration: 4, intraNodeGBps: 900, memoryGiB: 80, bf16DenseTflops: 989 });
    expect(accelerator('B200')).toMatchObject({ nvlinkGeneration: 5, intraNodeGBps: 1800, bf16DenseTflops: 2250 });
    expect(accelerator('A100-40GB')).toMatchObject({ nvlinkGeneration: 3, intraNodeGBps: 600, fp8: false });
    expect(accelerator('Trainium2')).toMatchObject({ memoryGiB: 96, bf16DenseTflops: 667, vendor: 'aws' });
  });

  test('every accelerator id maps to itself', () => {
    for (const [id, spec] of Object.entries(ACCELERATORS)) expect(spec.id).toBe(id);
  });
});

describe('lookup helpers', () => {
  test('instanceTypesFor and findInstanceType', () => {
    expect(instanceTypesFor('aws')).toBe(AWS_INSTANCE_TYPES);
    expect(instanceTypesFor('gcp')).toBe(GCP_MACHINE_TYPES);
    expect(findInstanceType('aws', 'p5.48xlarge')?.accelerator).toBe('H100');
    expect(findInstanceType('gcp', 'p5.48xlarge')).toBeUndefined();
  });

  test('regionsFor and findRegion keep clouds apart', () => {
    expect(regionsFor('aws').every((r) => r.cloud === 'aws')).toBe(true);
    expect(findRegion('aws', 'us-central1')).toBeUndefined();
    expect(findRegion('gcp', 'us-central1')?.zones).toContain('us-central1-f');
  });

  test('priceIn returns undefined where no on-demand price is known', () => {
    const p5 = findInstanceType('aws', 'p5.48xlarge')!;
    expect(priceIn(p5, 'us-west-1')).toBe(68.8);
    expect(priceIn(p5, 'eu-central-1')).toBeUndefined();
  });

  test('zonesFor uses the type\'s own zones, else the region\'s zones', () => {
    const b200 = findInstanceType('aws', 'p6-b200.48xlarge')!;
    expect(zonesFor(b200, 'us-east-1')).toEqual(['use1-az6']);
    expect(zonesFor(b200, 'us-gov-west-1')).toEqual(findRegion('aws', 'us-gov-west-1')!.zones);
    expect(zonesFor(b200, 'eu-north-1')).toEqual([]);
    expect(regionOfZone('aws', 'use1-az6')).toBe('us-east-1');
    expect(regionOfZone('gcp', 'europe-west4-b')).toBe('europe-west4');
  });
});

describe('service prices', () => {
  test('reference regions and the prices the estimator needs', () => {
    for (const p of Object.values(SERVICE_PRICES)) {
      expect(p.region).toBe(p.cloud === 'aws' ? 'us-east-1' : 'us-central1');
      // Only a documented no-charge item may be $0.
      if (p.id === 'aws.vpc.gateway-endpoint') expect([p.usd, p.source]).toEqual([0, expect.stringContaining('no additional charge')]);
      else expect(p.usd).toBeGreaterThan(0);
    }
    expect(servicePrice('aws.eks.cluster').usd).toBe(0.1);
    expect(servicePrice('gcp.gke.cluster').usd).toBe(0.1);
    expect(servicePrice('aws.nat-gateway.hour').usd).toBe(0.045);
    expect(servicePrice('aws.fsx-lustre.persistent2-125').usd).toBe(0.145);
    expect(SERVICE_PRICE_REGION_NOTE).toMatch(/no regional multiplier/);
  });
});
