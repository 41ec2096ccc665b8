// Seeded property tests over many random requests (issue 10): invariants the
// decision rules must keep whatever the request.
import { benchDecisions } from '../../bench/decisions';
import { prng, randomPlacementRequest, randomSelectionRequest } from '../../bench/random-requests';
import { findInstanceType } from '../../src/catalog';
import { AiInfraError } from '../../src/errors';
import { applyPatch, InfeasibleSelectionError, nodePrice, placeWorkload, SelectionRequestSchema, selectInstance, sells } from '../../src/planning';
import type { PlacementResult, Purchase, SelectionResult } from '../../src/planning';

const WHERE = 'test/properties';

function trySelect(req: Parameters<typeof selectInstance>[0]): SelectionResult | AiInfraError {
  try {
    return selectInstance(req, WHERE);
  } catch (e) {
    if (e instanceof AiInfraError) return e;
    throw e;
  }
}

describe('selection properties (seeded)', () => {
  test('inference whose replica (TP × PP) fits one node never requires an RDMA-class fabric', () => {
    const rand = prng(101);
    let checked = 0;
    for (let i = 0; i < 300; i++) {
      const req = randomSelectionRequest(rand) as Record<string, unknown>;
      const sizing = req.sizing as { purpose: string } | undefined;
      if (!sizing || sizing.purpose !== 'inference') continue;
      const result = trySelect(req as never);
      if (result instanceof AiInfraError) continue;
      for (const c of result.ranked) {
        if (c.parallelism && c.parallelism.gpusPerReplica <= c.gpusPerNode) {
          expect(c.multiNode).toBe(false);
          checked++;
        }
      }
      for (const r of result.rejected) {
        expect(r.reason).not.toMatch(/all-reduces across nodes/);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  test('an applied hint makes the request feasible, or the hint says nothing nearby is', () => {
    const rand = prng(202);
    let infeasible = 0;
    let verified = 0;
    for (let i = 0; i < 250; i++) {
      const req = randomSelectionRequest(rand);
      const result = trySelect(req);
      if (!(result instanceof AiInfraError)) continue;
      if (!(result instanceof InfeasibleSelectionError)) continue;
      infeasible++;
      if (result.relaxation) {
        const patched = applyPatch(SelectionRequestSchema.parse(req), result.relaxation);
        const again = trySelect(patched);
        expect(again).not.toBeInstanceOf(AiInfraError);
        verified++;
      } else {
        expect(result.message).toMatch(/Nothing nearby meets it/);
      }
    }
    expect(infeasible).toBeGreaterThan(30);
    expect(verified).toBeGreaterThan(infeasible / 2);
  });

  test('every candidate is priced on the basis of the purchase option asked for', () => {
    const rand = prng(303);
    const allowed: Record<Purchase, ReadonlyArray<string>> = {
      'on-demand': ['on-demand', 'regional-estimate', 'reference'],
      'spot': ['spot', 'spot-estimate', 'unknown'],
      'reservation': ['capacity-block', 'reference', 'reservation', 'unknown'],
      'capacity-block': ['capacity-block', 'unknown'],
    };
    let checked = 0;
    for (let i = 0; i < 200; i++) {
      const result = trySelect(randomSelectionRequest(rand));
      if (result instanceof AiInfraError) continue;
      for (const c of result.ranked) {
        expect(allowed[c.purchase]).toContain(c.priceBasis);
        checked++;
      }
      // priced candidates come before price-unknown ones
      const firstUnknown = result.ranked.findIndex((c) => c.priceUnknown);
      if (firstUnknown >= 0) expect(result.ranked.slice(firstUnknown).every((c) => c.priceUnknown)).toBe(true);
    }
    expect(checked).toBeGreaterThan(200);
  });
});

describe('placement properties (seeded)', () => {
  test('placement ranks by $ per GPU-hour on the purchase basis, priced regions first', () => {
    const rand = prng(404);
    let placed = 0;
    for (let i = 0; i < 300; i++) {
      const req = randomPlacementRequest(rand);
      let result: PlacementResult;
      try {
        result = placeWorkload(req, WHERE);
      } catch (e) {
        if (e instanceof AiInfraError) continue;
        throw e;
      }
      placed++;
      const keys = result.candidates.map((c) => (c.priceUnknown ? Infinity : c.usdPerGpuHour!));
      for (let k = 1; k < keys.length; k++) expect(keys[k]).toBeGreaterThanOrEqual(keys[k - 1] - 1e-4);
      // the key is the cheapest $/GPU-hour among the types sold that way in the region
      const purchase = (req.purchase ?? 'on-demand') as Purchase;
      for (const c of result.candidates.filter((x) => !x.priceUnknown)) {
        const perGpu = c.instanceTypes
          .map((name) => findInstanceType(result.cloud, name)!)
          .filter((t) => sells(t, purchase))
          .map((t) => (nodePrice(t, c.region, purchase)?.usdPerHour ?? Infinity) / t.acceleratorsPerNode);
        expect(c.usdPerGpuHour).toBeCloseTo(Math.min(...perGpu), 3);
      }
    }
    expect(placed).toBeGreaterThan(50);
  });
});

describe('selectInstance agrees with an exhaustive search (bench/decisions.ts oracle)', () => {
  test('150 seeded random requests: same type, region and nodes, or both infeasible', () => {
    const r = benchDecisions(150, 7);
    expect(r.disagreements).toEqual([]);
    expect(r.agreementRate).toBe(1);
    expect(r.hintFeasible).toBe(r.withHint);
  });
});
