import {
  ACCELERATORS,
  AWS_INSTANCE_TYPES,
  FSX_LUSTRE_RULES,
  GCP_MACHINE_TYPES,
  MANAGED_LUSTRE_TIERS,
  REGIONS,
  SERVICE_PRICES,
  findRegion,
  type Sourced,
} from '../../src/catalog';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ALL_TYPES = [...AWS_INSTANCE_TYPES, ...GCP_MACHINE_TYPES];

const everyRecord: Array<[string, Sourced]> = [
  ...Object.entries(ACCELERATORS).map(([k, v]): [string, Sourced] => [`accelerator ${k}`, v]),
  ...ALL_TYPES.map((t): [string, Sourced] => [`${t.cloud} ${t.name}`, t]),
  ...REGIONS.map((r): [string, Sourced] => [`region ${r.cloud} ${r.name}`, r]),
  ...Object.entries(SERVICE_PRICES).map(([k, v]): [string, Sourced] => [`price ${k}`, v]),
  ...Object.entries(FSX_LUSTRE_RULES).map(([k, v]): [string, Sourced] => [`fsx ${k}`, v]),
  ...Object.entries(MANAGED_LUSTRE_TIERS).map(([k, v]): [string, Sourced] => [`managed lustre ${k}`, v]),
];

describe('catalog integrity', () => {
  test.each(everyRecord)('%s carries a source and an ISO asOf', (_label, record) => {
    // GIVEN a catalog record
    // THEN it names where it came from and when
    expect(record.source.trim().length).toBeGreaterThan(0);
    expect(record.asOf).toMatch(ISO_DATE);
    expect(Number.isNaN(Date.parse(record.asOf))).toBe(false);
  });

  test('records marked unconfirmed explain why in a note', () => {
    // GIVEN every record with confidence 'unconfirmed'
    const unconfirmed = everyRecord.filter(([, r]) => r.confidence === 'unconfirmed');
    // THEN each has a non-empty note
    expect(unconfirmed.length).toBeGreaterThan(0);
    for (const [label, r] of unconfirmed) {
      expect({ label, note: r.note?.trim() ?? '' }).toEqual({ label, note: expect.stringMatching(/\S/) });
    }
  });

  test('instance type names are unique per cloud', () => {
    for (const list of [AWS_INSTANCE_TYPES, GCP_MACHINE_TYPES]) {
      const names = list.map((t) => t.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  test('region names are unique per cloud and zones are unique', () => {
    const keys = REGIONS.map((r) => `${r.cloud}/${r.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    const zones = REGIONS.flatMap((r) => r.zones.map((z) => `${r.cloud}/${z}`));
    expect(new Set(zones).size).toBe(zones.length);
  });

  test.each(ALL_TYPES.map((t) => [t.name, t] as const))('%s: every region, price region and zone exists in REGIONS', (_name, type) => {
    // GIVEN an instance type
    // WHEN we resolve the regions it references
    const missing = [...type.regions, ...type.prices.map((p) => p.region), ...(type.spotRegions ?? [])]
      .filter((r) => findRegion(type.cloud, r) === undefined);
    // THEN all of them are in the region catalog
    expect(missing).toEqual([]);
    // AND every zone belongs to one of the type's regions
    const zoneRegions = new Map(REGIONS.filter((r) => r.cloud === type.cloud).flatMap((r) => r.zones.map((z) => [z, r.name] as const)));
    for (const zone of type.zones ?? []) {
      expect({ zone, region: zoneRegions.get(zone) }).toEqual({ zone, region: expect.any(String) });
      expect(type.regions).toContain(zoneRegions.get(zone));
    }
  });

  test.each(ALL_TYPES.map((t) => [t.name, t] as const))('%s: prices and spot regions are within the offered regions', (_name, type) => {
    for (const p of type.prices) {
      expect(type.regions).toContain(p.region);
      expect(p.onDemandUsdPerHour).toBeGreaterThan(0);
    }
    for (const r of type.spotRegions ?? []) expect(type.regions).toContain(r);
    expect(new Set(type.prices.map((p) => p.region)).size).toBe(type.prices.length);
  });

  test.each(ALL_TYPES.map((t) => [t.name, t] as const))('%s: shape is internally consistent', (_name, type) => {
    expect(ACCELERATORS[type.accelerator]).toBeDefined();
    expect(type.nvlinkDomainSize).toBeGreaterThanOrEqual(1);
    expect(type.nvlinkDomainSize).toBeLessThanOrEqual(type.acceleratorsPerNode);
    expect(type.fabricGbps).toBeGreaterThan(0);
    // on-demand sold ⇔ a price exists
    expect(type.purchaseOptions.includes('on-demand')).toBe(type.prices.length > 0 || type.name === 'a3-edgegpu-8g');
    if (type.cloud === 'aws') {
      expect(type.amiType).toMatch(/^AL2023_x86_64_(NVIDIA|NEURON)$/);
      expect(type.fabric === 'efa').toBe((type.nics.efaInterfaces ?? 0) > 0);
      expect(type.nics.efaInterfaces ?? 0).toBeLessThanOrEqual(type.nics.networkCards ?? 0);
      // AWS zones are AZ IDs, never account-specific AZ names
      for (const z of type.zones ?? []) expect(z).toMatch(/^[a-z]+\d+-az\d+$/);
    }
  });

  test('the first price of each type is its reference region', () => {
    for (const t of AWS_INSTANCE_TYPES.filter((x) => x.regions.includes('us-east-1') && x.prices.length > 0)) {
      expect({ name: t.name, first: t.prices[0].region }).toEqual({ name: t.name, first: 'us-east-1' });
    }
    for (const t of GCP_MACHINE_TYPES.filter((x) => x.prices.length > 0)) {
      expect({ name: t.name, first: t.prices[0].region }).toEqual({ name: t.name, first: 'us-central1' });
    }
  });
});
