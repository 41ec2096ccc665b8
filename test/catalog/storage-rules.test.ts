import {
  FSX_LUSTRE_RULES,
  FSX_MAX_DATA_REPOSITORY_ASSOCIATIONS,
  isValidFsxCapacity,
  isValidManagedLustreCapacity,
  MANAGED_LUSTRE_FACTS,
  MANAGED_LUSTRE_FILESYSTEM_NAME,
  MANAGED_LUSTRE_INSTANCE_ID,
  MANAGED_LUSTRE_LEGACY_LNET_PORT,
  MANAGED_LUSTRE_LNET_PORT,
  MANAGED_LUSTRE_PROVIDER_TIERS,
  managedLustreThroughputGBps,
  nextValidFsxCapacity,
  nextValidManagedLustreCapacity,
  validLustreCapacitiesGiB,
} from '../../src/catalog';

describe('FSx for Lustre capacity rules', () => {
  test('PERSISTENT_2: 1,200 and 2,400 ok, 3,600 not, 4,800 ok', () => {
    expect(isValidFsxCapacity('PERSISTENT_2', 1200)).toBe(true);
    expect(isValidFsxCapacity('PERSISTENT_2', 2400)).toBe(true);
    expect(isValidFsxCapacity('PERSISTENT_2', 3600)).toBe(false);
    expect(isValidFsxCapacity('PERSISTENT_2', 4800)).toBe(true);
    expect(isValidFsxCapacity('PERSISTENT_2', 1000)).toBe(false);
    expect(isValidFsxCapacity('PERSISTENT_2', 0)).toBe(false);
  });

  test('SCRATCH_2 follows the same ladder; SCRATCH_1 steps by 3,600 and cannot grow', () => {
    expect(validLustreCapacitiesGiB('SCRATCH_2', 9600)).toEqual([1200, 2400, 4800, 7200, 9600]);
    expect(validLustreCapacitiesGiB('SCRATCH_1', 11000)).toEqual([1200, 2400, 3600, 7200, 10800]);
    expect(isValidFsxCapacity('SCRATCH_1', 4800)).toBe(false);
    expect(FSX_LUSTRE_RULES.SCRATCH_1.growable).toBe(false);
  });

  test('next valid capacity rounds up onto the ladder', () => {
    expect(nextValidFsxCapacity('PERSISTENT_2', 1)).toBe(1200);
    expect(nextValidFsxCapacity('PERSISTENT_2', 2000)).toBe(2400);
    expect(nextValidFsxCapacity('PERSISTENT_2', 3000)).toBe(4800);
    expect(nextValidFsxCapacity('PERSISTENT_2', 4800)).toBe(4800);
    expect(nextValidFsxCapacity('SCRATCH_1', 3000)).toBe(3600);
  });

  test('PERSISTENT_2 throughput tiers and EFA-enabled growth multiples', () => {
    expect(FSX_LUSTRE_RULES.PERSISTENT_2.perUnitStorageThroughputMBpsPerTiB).toEqual([125, 250, 500, 1000]);
    expect(isValidFsxCapacity('PERSISTENT_2', 4800, { efaEnabled: true, perUnitStorageThroughputMBpsPerTiB: 1000 })).toBe(true);
    expect(isValidFsxCapacity('PERSISTENT_2', 2400, { efaEnabled: true, perUnitStorageThroughputMBpsPerTiB: 1000 })).toBe(false);
    expect(isValidFsxCapacity('PERSISTENT_2', 38400, { efaEnabled: true, perUnitStorageThroughputMBpsPerTiB: 125 })).toBe(true);
    expect(isValidFsxCapacity('PERSISTENT_2', 19200, { efaEnabled: true, perUnitStorageThroughputMBpsPerTiB: 125 })).toBe(false);
    expect(isValidFsxCapacity('PERSISTENT_2', 4800, { efaEnabled: true })).toBe(false);
    expect(nextValidFsxCapacity('PERSISTENT_2', 10000, { efaEnabled: true, perUnitStorageThroughputMBpsPerTiB: 500 })).toBe(19200);
  });

  test('PERSISTENT_1 HDD steps depend on throughput', () => {
    expect(isValidFsxCapacity('PERSISTENT_1', 6000, { storageType: 'HDD', perUnitStorageThroughputMBpsPerTiB: 12 })).toBe(true);
    expect(isValidFsxCapacity('PERSISTENT_1', 1800, { storageType: 'HDD', perUnitStorageThroughputMBpsPerTiB: 40 })).toBe(true);
    expect(isValidFsxCapacity('PERSISTENT_1', 1800, { storageType: 'HDD', perUnitStorageThroughputMBpsPerTiB: 12 })).toBe(false);
    expect(isValidFsxCapacity('PERSISTENT_1', 6000, { storageType: 'HDD' })).toBe(false);
  });

  test('data repository associations: at most 8, none on SCRATCH_1', () => {
    expect(FSX_MAX_DATA_REPOSITORY_ASSOCIATIONS).toBe(8);
    expect(FSX_LUSTRE_RULES.SCRATCH_1.dataRepositoryAssociations).toBe(false);
    expect(FSX_LUSTRE_RULES.PERSISTENT_2.dataRepositoryAssociations).toBe(true);
    expect(FSX_LUSTRE_RULES.SCRATCH_2.baselineMBpsPerTiB).toBe(200);
  });
});

describe('Google Cloud Managed Lustre tiers', () => {
  test('1000 tier: 9,000 step up to 1,530,000, then 72,000', () => {
    expect(isValidManagedLustreCapacity(1000, 9000)).toBe(true);
    expect(isValidManagedLustreCapacity(1000, 8999)).toBe(false);
    expect(isValidManagedLustreCapacity(1000, 18000)).toBe(true);
    expect(isValidManagedLustreCapacity(1000, 1_530_000)).toBe(true);
    expect(isValidManagedLustreCapacity(1000, 1_539_000)).toBe(false);
    expect(isValidManagedLustreCapacity(1000, 1_584_000)).toBe(true);
    expect(isValidManagedLustreCapacity(1000, 10_008_000)).toBe(true);
    expect(isValidManagedLustreCapacity(1000, 10_080_000)).toBe(false);
  });

  test('125 and dynamic tiers have a single step', () => {
    expect(isValidManagedLustreCapacity(125, 72_000)).toBe(true);
    expect(isValidManagedLustreCapacity(125, 36_000)).toBe(false);
    expect(isValidManagedLustreCapacity('dynamic', 472_000)).toBe(true);
    expect(isValidManagedLustreCapacity('dynamic', 500_000)).toBe(false);
  });

  test('next valid capacity respects minimum, step change and maximum', () => {
    expect(nextValidManagedLustreCapacity(500, 1)).toBe(18_000);
    expect(nextValidManagedLustreCapacity(500, 20_000)).toBe(36_000);
    expect(nextValidManagedLustreCapacity(1000, 1_531_000)).toBe(1_584_000);
    expect(nextValidManagedLustreCapacity(125, 20_000_000)).toBeUndefined();
  });
});

describe('Managed Lustre facts the GCP builder relies on', () => {
  test('provider tiers, names, ports and throughput are pinned', () => {
    expect(MANAGED_LUSTRE_PROVIDER_TIERS).toEqual([125, 250, 500, 1000]);
    expect(MANAGED_LUSTRE_FILESYSTEM_NAME.test('llmfs')).toBe(true);
    expect(MANAGED_LUSTRE_FILESYSTEM_NAME.test('toolongfs')).toBe(false);
    expect(MANAGED_LUSTRE_FILESYSTEM_NAME.test('1fs')).toBe(false);
    expect(MANAGED_LUSTRE_INSTANCE_ID.test('llm-lustre')).toBe(true);
    expect(MANAGED_LUSTRE_INSTANCE_ID.test('llm-lustre-')).toBe(false);
    expect([MANAGED_LUSTRE_LNET_PORT, MANAGED_LUSTRE_LEGACY_LNET_PORT]).toEqual([988, 6988]);
    expect(managedLustreThroughputGBps(1000, 9216)).toBe(9);
  });

  test('each fact carries a source and asOf', () => {
    for (const fact of Object.values(MANAGED_LUSTRE_FACTS)) {
      expect(fact.source.length).toBeGreaterThan(20);
      expect(fact.asOf).toBe('2026-12-02');
      expect(fact.rule.length).toBeGreaterThan(10);
    }
  });
});
