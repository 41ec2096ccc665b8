import { managedLustreCostLine, sizeManagedLustre } from '../../src/planning/managed-lustre';

const W = 'stack/Lustre';

describe('sizeManagedLustre', () => {
  test('bad input: no size, a tier the provider cannot set, a capacity off the step, an impossible target', () => {
    expect(() => sizeManagedLustre({ region: 'us-central1' }, W)).toThrow(/stack\/Lustre: capacityGiB must be given, or throughputGBps given to size it/);
    expect(() => sizeManagedLustre({ region: 'us-central1', capacityGiB: 72_000, tier: 200 }, W)).toThrow(/perUnitStorageThroughputMBpsPerTiB must be one of 125, 250, 500, 1000 on Managed Lustre, got 200/);
    expect(() => sizeManagedLustre({ region: 'us-central1', capacityGiB: 10_000 }, W)).toThrow(/capacityGiB must be a multiple of 9000 up to 1530000, then of 72000, from 9000 to 10008000 GiB at 1000 MB\/s\/TiB, got 10000\. The next valid size is 18000 GiB/);
    expect(() => sizeManagedLustre({ region: 'us-central1', capacityGiB: 36_000, tier: 125 }, W)).toThrow(/multiple of 72000, from 72000 to 12240000 GiB at 125 MB\/s\/TiB, got 36000/);
    expect(() => sizeManagedLustre({ region: 'us-central1', throughputGBps: 20_000 }, W)).toThrow(/throughputGBps must be a throughput one Managed Lustre instance can deliver \(at most 9773 GB\/s/);
    expect(() => sizeManagedLustre({ region: 'us-central1', capacityGiB: 9000, throughputGBps: 50, tier: 1000 }, W)).toThrow(/capacityGiB must be at least 54000 GiB to deliver 50 GB\/s at 1000 MB\/s\/TiB/);
  });

  test('a capacity alone keeps the default 1000 tier and says why', () => {
    const s = sizeManagedLustre({ region: 'us-central1', capacityGiB: 18_000 }, W);
    expect(s).toMatchObject({ capacityGiB: 18_000, tier: 1000 });
    expect(s.throughputGBps).toBeCloseTo(17.578, 3);
    expect(s.decision.reason).toMatch(/1000 MB\/s\/TiB is Managed Lustre's default tier/);
  });

  test('a throughput target picks the smallest provisioned capacity across tiers, on each tier\'s step', () => {
    const s = sizeManagedLustre({ region: 'us-central1', throughputGBps: 10 }, W);
    // 10 GB/s at 1000 MB/s/TiB needs 10,240 GiB -> 18,000 (step 9,000); at 125 it needs 81,920 -> 144,000
    expect(s).toMatchObject({ capacityGiB: 18_000, tier: 1000 });
    // 18,000 GiB × $0.60 = $10,800 beats 144,000 × $0.145 = $20,880, 72,000 × $0.21 = $15,120 and 36,000 × $0.34 = $12,240
    expect(s.decision.reason).toBe('the cheapest valid Managed Lustre capacity delivering 10 GB/s: $10,800/month at list price (the 250, 500 and 1000 MB/s/TiB prices rest on one source)');
    expect(s.decision.alternatives).toEqual([
      { option: '144000 GiB at 125 MB/s/TiB = 17.58 GB/s', reason: '$20,880/month at list price, provisions more capacity' },
      { option: '72000 GiB at 250 MB/s/TiB = 17.58 GB/s', reason: '$15,120/month at list price, provisions more capacity' },
      { option: '36000 GiB at 500 MB/s/TiB = 17.58 GB/s', reason: '$12,240/month at list price, provisions more capacity' },
    ]);
    const at125 = sizeManagedLustre({ region: 'us-central1', throughputGBps: 10, tier: 125 }, W);
    expect(at125).toMatchObject({ capacityGiB: 144_000, tier: 125 });
  });

  test('cost lines: 125 at $0.145/GiB-month, 1000 at $0.60 (single-source, said on the line)', () => {
    expect(managedLustreCostLine(W, 'us-central1', 125, 72_000).monthlyUsd).toBe(10_440);
    const at1000 = managedLustreCostLine(W, 'us-central1', 1000, 18_000);
    expect(at1000).toMatchObject({ monthlyUsd: 10_800, unitUsd: 0.6 });
    expect(at1000.note).toMatch(/one approximate second figure/);
  });
});
