import { AiInfraError } from '../../src/errors';
import { placeWorkload, selectInstance, sizeModel } from '../../src/planning';

const WHERE = 'test/decisions';

function errorOf(fn: () => unknown): AiInfraError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AiInfraError) return e;
    throw e;
  }
  throw new Error('expected an AiInfraError');
}

describe('independent inference replicas are not a multi-node job (issue 10, item 1)', () => {
  test('8B bf16 on 16 GPUs: sixteen one-GPU replicas on one-GPU nodes, not 2 × p4d', () => {
    // GIVEN an 8B model served on 16 GPUs (TP 1 × PP 1 × DP 16)
    const result = selectInstance({ totalGpus: 16, sizing: { modelParamsBillions: 8, precision: 'bf16', purpose: 'inference' } }, WHERE);
    // THEN the choice is sixteen single-GPU nodes at about $11-13/h (was 2 × p4d.24xlarge at $43.92/h)
    const c = result.chosen;
    expect(c.parallelism?.gpusPerReplica).toBe(1);
    expect(c.parallelism?.dataParallel).toBe(16);
    expect(c.gpusPerNode).toBe(1);
    expect(c.nodes).toBe(16);
    expect(c.multiNode).toBe(false);
    expect(c.jobUsdPerHour).toBeGreaterThanOrEqual(11);
    expect(c.jobUsdPerHour).toBeLessThanOrEqual(13);
    // AND no one-GPU PCIe type is rejected for the fabric
    expect(result.rejected.filter((r) => /RDMA-class fabric/.test(r.reason)).map((r) => r.type)).toEqual([]);
  });

  test('a replica that spans nodes still needs an RDMA-class fabric', () => {
    // GIVEN a 405B model in bf16 served with multi-node replicas allowed, on L40S or H100
    const result = selectInstance(
      { cloud: 'aws', multiNode: true, accelerators: ['L40S', 'H100'], sizing: { modelParamsBillions: 405, precision: 'bf16', purpose: 'inference' } },
      WHERE,
    );
    // THEN the L40S types are rejected because one replica crosses nodes on a fabric without GPUDirect RDMA
    expect(result.rejected.find((r) => r.type === 'g6e.48xlarge')?.reason).toMatch(/one replica spans 3 nodes and needs an RDMA-class fabric .*g6e\.48xlarge has EFA without confirmed GPUDirect RDMA/);
    // AND the H100 replica spans two p5 nodes over EFA
    expect(result.chosen.type.name).toBe('p5.48xlarge');
    expect(result.chosen.multiNode).toBe(true);
  });

  test('the hint loop is gone: L4 × 16 on AWS is told to use one node, and that hint is feasible', () => {
    // GIVEN 16 L4s on AWS with no purpose (a job whose GPUs talk to each other)
    const e = errorOf(() => selectInstance({ cloud: 'aws', accelerators: ['L4'], totalGpus: 16 }, WHERE));
    // THEN the hint is not "multiNode: false" (which only fails on "16 GPUs need 2 nodes")
    expect(e.message).not.toMatch(/relax multiNode: false/);
    expect(e.message).toMatch(/totalGpus: 8/);
    // AND applying it is feasible
    expect(selectInstance({ cloud: 'aws', accelerators: ['L4'], totalGpus: 8 }, WHERE).chosen.type.name).toBe('g6.48xlarge');
    // AND with multiNode false the hint does not send the user back to multiNode true alone
    const e2 = errorOf(() => selectInstance({ cloud: 'aws', accelerators: ['L4'], totalGpus: 16, multiNode: false }, WHERE));
    expect(e2.message).not.toMatch(/relax multiNode: true(?!,)/);
  });
});

describe('a job that fits one node is not multi-node (item 3)', () => {
  test('pretraining on 16 A100-40GB picks the one 16-GPU a2-megagpu-16g node without --single-node', () => {
    const result = selectInstance({ cloud: 'gcp', purpose: 'pretraining', totalGpus: 16, accelerators: ['A100-40GB'] }, WHERE);
    expect(result.chosen.type.name).toBe('a2-megagpu-16g');
    expect(result.chosen.nodes).toBe(1);
    expect(result.chosen.multiNode).toBe(false);
  });
});

describe('FedRAMP High regions meet FedRAMP Moderate (item 4)', () => {
  test('US-GOV + FEDRAMP_MODERATE + H100 places in us-gov-west-1', () => {
    const result = placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['US-GOV'], programs: ['FEDRAMP_MODERATE'] }, accelerators: ['H100'] }, WHERE);
    expect(result.region).toBe('us-gov-west-1');
  });
});

describe('placement compares like with like: $ per GPU-hour on the purchase basis (item 2)', () => {
  test('GCP EU H100 goes to a region with A3 Mega in two zones, not one-zone europe-north1', () => {
    const result = placeWorkload({ cloud: 'gcp', policy: { jurisdictions: ['EU'] }, accelerators: ['H100'] }, WHERE);
    expect(['europe-west1', 'europe-west3', 'europe-west4']).toContain(result.region);
    expect(result.zones.length).toBe(2);
    expect(result.instanceTypes).toContain('a3-megagpu-8g');
    // a3-highgpu-1g (sold only by reservation, flex-start or spot) does not count on demand
    expect(result.instanceTypes).not.toContain('a3-highgpu-1g');
    // AND every EU candidate is priced per GPU-hour: a3-highgpu-8g $88.49 / 8 × the EU uplift 1.1
    expect(result.candidates[0].usdPerGpuHour).toBeCloseTo((88.49 / 8) * 1.1, 3);
    const north = result.candidates.find((c) => c.region === 'europe-north1');
    expect(north?.zones).toEqual(['europe-north1-c']);
    expect(result.candidates.indexOf(north!)).toBeGreaterThan(2);
  });

  test('with no policy, GCP H100 goes to us-central1 (sourced $88.49/8 = $11.06 per GPU-hour), not Taiwan', () => {
    const result = placeWorkload({ cloud: 'gcp', accelerators: ['H100'] }, WHERE);
    expect(result.region).toBe('us-central1');
    expect(result.candidates[0].usdPerGpuHour).toBeCloseTo(88.49 / 8, 4);
    expect(result.candidates[0].priceEstimated).toBe(false);
    const taiwan = result.candidates.find((c) => c.region === 'asia-east1');
    expect(taiwan?.usdPerGpuHour).toBeGreaterThan(result.candidates[0].usdPerGpuHour!);
  });

  test('IN H100 goes to asia-south1 (A3 Mega, GPUDirect-TCPXO) over asia-south2 (A3 High only)', () => {
    const result = placeWorkload({ cloud: 'gcp', policy: { jurisdictions: ['IN'] }, accelerators: ['H100'] }, WHERE);
    expect(result.region).toBe('asia-south1');
    expect(result.candidates.map((c) => c.region)).toEqual(['asia-south1', 'asia-south2']);
  });

  test('types sold only by Capacity Block count only when bought that way', () => {
    expect(() => placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['UK'] }, accelerators: ['H200'] }, WHERE)).toThrow(
      /eu-west-2.*Buy them another way/,
    );
    const block = placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['UK'] }, accelerators: ['H200'], purchase: 'capacity-block' }, WHERE);
    expect(block.region).toBe('eu-west-2');
    expect(block.candidates[0].priceUnknown).toBe(true);
  });
});

describe('hints respect the policy and are verified (item 5)', () => {
  test('an EU-placed H100 request is told to add eu-north-1 (EU, offers p5), not us-east-1', () => {
    const e = errorOf(() => selectInstance({ cloud: 'aws', regions: ['eu-central-1'], accelerators: ['H100'], totalGpus: 8 }, WHERE));
    expect(e.message).toMatch(/To admit it, relax regions: add eu-north-1$/);
    // AND applied, the hint is feasible
    expect(selectInstance({ cloud: 'aws', regions: ['eu-central-1', 'eu-north-1'], accelerators: ['H100'], totalGpus: 8 }, WHERE).chosen.region).toBe('eu-north-1');
  });
});

describe('types sold only by reservation or Capacity Block are selectable (item 6)', () => {
  test('Trainium2 by reservation chooses trn2.48xlarge with an explicit "price unknown"', () => {
    const result = selectInstance({ cloud: 'aws', accelerators: ['Trainium2'], totalGpus: 16, purchase: 'reservation' }, WHERE);
    expect(result.chosen.type.name).toBe('trn2.48xlarge');
    expect(result.chosen.priceUnknown).toBe(true);
    expect(result.chosen.priceBasis).toBe('unknown');
    expect(result.chosen.reason).toMatch(/price unknown: no reservation price for trn2\.48xlarge is sourced/);
    expect(result.notes.join('\n')).toMatch(/the chosen type has no known reservation price/);
  });

  test('H200 as a Capacity Block prices p5e.48xlarge at the sourced $43.26/h in us-east-2', () => {
    const result = selectInstance({ cloud: 'aws', accelerators: ['H200'], totalGpus: 8, purchase: 'capacity-block' }, WHERE);
    expect(result.chosen.type.name).toBe('p5e.48xlarge');
    expect(result.chosen.region).toBe('us-east-2');
    expect(result.chosen.usdPerHour).toBe(43.26);
    expect(result.chosen.priceBasis).toBe('capacity-block');
    expect(result.chosen.priceSource).toMatch(/aws\.amazon\.com\/ec2\/capacityblocks\/pricing/);
    // AND p5en (Capacity Blocks, no sourced rate) is ranked after it, flagged
    const p5en = result.ranked.find((c) => c.type.name === 'p5en.48xlarge');
    expect(p5en?.priceUnknown).toBe(true);
    expect(result.ranked.indexOf(p5en!)).toBeGreaterThan(0);
  });

  test('GCP A4 by reservation is chosen, ranked with "price unknown"', () => {
    const result = selectInstance({ cloud: 'gcp', accelerators: ['B200'], totalGpus: 8, purchase: 'reservation' }, WHERE);
    expect(result.chosen.type.name).toBe('a4-highgpu-8g');
    expect(result.chosen.priceUnknown).toBe(true);
  });
});

describe('one price basis per comparison (item 7)', () => {
  test('spot compares spot with spot: AWS p6-b200 is estimated at on-demand × 0.43, not shown at the on-demand ceiling', () => {
    const result = selectInstance({ accelerators: ['B200'], totalGpus: 8, spot: true }, WHERE);
    const a4 = result.ranked.find((c) => c.type.name === 'a4-highgpu-8g')!;
    const p6 = result.ranked.find((c) => c.type.name === 'p6-b200.48xlarge')!;
    expect(a4.priceBasis).toBe('spot');
    expect(a4.usdPerHour).toBe(39.63);
    expect(p6.priceBasis).toBe('spot-estimate');
    expect(p6.usdPerHour).toBeCloseTo(113.9328 * 0.43, 4);
    expect(result.ranked.every((c) => c.priceBasis === 'spot' || c.priceBasis === 'spot-estimate')).toBe(true);
  });
});

describe('regional prices (item 8)', () => {
  test('a GCP region without a sourced price takes the EU uplift and is flagged', () => {
    const result = selectInstance({ cloud: 'gcp', regions: ['europe-west4'], accelerators: ['H100'], totalGpus: 8 }, WHERE);
    expect(result.chosen.type.name).toBe('a3-highgpu-8g');
    expect(result.chosen.priceBasis).toBe('regional-estimate');
    expect(result.chosen.usdPerHour).toBeCloseTo(88.49 * 1.1, 4);
    expect(result.chosen.priceUnconfirmed).toBe(true);
    expect(result.chosen.reason).toMatch(/the us-central1 price \$88\.49 × 1\.1 \(EU regional uplift/);
  });

  test('GovCloud without a sourced price takes the US-GOV uplift (1.2), not the us-east-1 price', () => {
    const result = selectInstance({ cloud: 'aws', regions: ['us-gov-east-1'], accelerators: ['L4'], totalGpus: 1 }, WHERE);
    expect(result.chosen.type.name).toBe('g6.xlarge');
    expect(result.chosen.priceBasis).toBe('regional-estimate');
    expect(result.chosen.usdPerHour).toBeCloseTo(0.8048 * 1.2, 4);
    // AND a sourced GovCloud price is used as is: p6-b200 $136.71936 in us-gov-east-1
    const b200 = selectInstance({ cloud: 'aws', regions: ['us-gov-east-1'], accelerators: ['B200'], totalGpus: 8 }, WHERE);
    expect(b200.chosen.priceBasis).toBe('on-demand');
    expect(b200.chosen.usdPerHour).toBeCloseTo(136.71936, 4);
  });
});

describe('grouped-query attention and known models (item 11)', () => {
  test('naming llama-3.1-70b sizes its KV cache with 8 of 64 heads: 1.34 GB, not 10.74 GB', () => {
    const named = sizeModel({ model: 'llama-3.1-70b', precision: 'bf16', purpose: 'inference', sequenceLength: 4096 }, WHERE);
    // 2 × 80 layers × 8192 hidden × 8/64 × 4096 tokens × 1 sequence × 2 B
    expect(named.kvCacheGB).toBeCloseTo((2 * 80 * 8192 * (8 / 64) * 4096 * 2) / 1e9, 2);
    expect(named.shape).toEqual({ layers: 80, hiddenSize: 8192, estimated: false });
    expect(named.request.modelParamsBillions).toBe(70.56);
    expect(named.explanation.join('\n')).toMatch(/llama-3\.1-70b: 80 layers, hidden 8192, 64 heads, 8 KV heads, 70\.56B params \(https:\/\/huggingface\.co\/meta-llama/);
    // AND given by hand without the heads, it is the multi-head upper bound, 8× larger
    const bare = sizeModel({ modelParamsBillions: 70.56, layers: 80, hiddenSize: 8192, precision: 'bf16', purpose: 'inference', sequenceLength: 4096 }, WHERE);
    expect(bare.kvCacheGB / named.kvCacheGB).toBeCloseTo(8, 1);
  });

  test('an unknown model name says which are known, and a near miss gets "did you mean"', () => {
    expect(() => sizeModel({ model: 'llama-3.1-70', precision: 'bf16', purpose: 'inference' } as never, WHERE)).toThrow(
      /model must be one of llama-3\.1-8b, llama-3\.1-70b, .*got "llama-3\.1-70". Did you mean "llama-3\.1-70b"\?/,
    );
    expect(() => sizeModel({ precision: 'bf16', purpose: 'inference' } as never, WHERE)).toThrow(/modelParamsBillions must be a number of parameters in billions \(or give model\)/);
  });
});

describe('accelerator and region names (item 13)', () => {
  test('A100 means either size and names ignore case', () => {
    const result = selectInstance({ cloud: 'aws', accelerators: ['a100'] as never, totalGpus: 8 }, WHERE);
    expect(result.request.accelerators).toEqual(['A100-80GB', 'A100-40GB']);
    expect(result.chosen.type.name).toBe('p4d.24xlarge');
    expect(selectInstance({ cloud: 'aws', accelerators: ['h100'] as never, totalGpus: 8 }, WHERE).chosen.accelerator).toBe('H100');
    const placed = placeWorkload({ cloud: 'gcp', accelerators: ['a100'] as never }, WHERE);
    expect(placed.instanceTypes.some((t) => t.startsWith('a2-ultragpu') || t.startsWith('a2-highgpu'))).toBe(true);
  });

  test('a near miss gets "did you mean", for accelerators and regions', () => {
    expect(() => selectInstance({ cloud: 'aws', accelerators: ['H10'] as never, totalGpus: 8 }, WHERE)).toThrow(/accelerators\.0 must be one of .*got "H10"\. Did you mean "H100"\?/);
    expect(() => selectInstance({ cloud: 'aws', regions: ['eu-north1'], totalGpus: 8 }, WHERE)).toThrow(/regions must be a region of aws known to the catalog, got "eu-north1"\. Did you mean "eu-north-1"\?/);
    expect(() => placeWorkload({ cloud: 'aws', policy: { allowRegions: ['eu-north1'] } }, WHERE)).toThrow(/Did you mean "eu-north-1"\?/);
  });

  test('messages name the cloud properly: "an AWS region", not "a aws region"', () => {
    expect(() => placeWorkload({ cloud: 'aws', policy: { allowRegions: ['mars-1'] } }, WHERE)).toThrow(/an AWS region known to the catalog/);
  });
});

describe('L40S has no NVLink: no text says it has (item 1)', () => {
  test('no reason, explanation or note about an L40S type claims an NVLink domain', () => {
    const texts: string[] = [];
    for (const req of [
      { cloud: 'aws' as const, accelerators: ['L40S'], totalGpus: 8, purpose: 'lora' as const },
      { cloud: 'aws' as const, accelerators: ['L40S'], sizing: { modelParamsBillions: 70, precision: 'bf16' as const, purpose: 'inference' as const } },
      { cloud: 'aws' as const, accelerators: ['L40S', 'H100'], totalGpus: 16, purpose: 'lora' as const },
    ]) {
      const result = selectInstance(req, WHERE);
      texts.push(...result.ranked.filter((c) => c.accelerator === 'L40S').flatMap((c) => [c.reason, ...(c.parallelism?.explanation ?? [])]));
      texts.push(...result.rejected.filter((r) => r.type.startsWith('g6e')).map((r) => r.reason));
    }
    expect(texts.length).toBeGreaterThan(5);
    for (const t of texts) expect(t).not.toMatch(/(?<!no )NVLink(?! \(PCIe)/);
  });
});

describe('alternatives in order of usefulness (item 14)', () => {
  test('the exclusions that explain the choice come first: compliant regions lacking the type, then policy misses', () => {
    const result = placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['EU'] }, accelerators: ['H100'] }, WHERE);
    expect(result.region).toBe('eu-north-1');
    expect(result.excluded[0]).toEqual({ region: 'eu-central-1', reason: 'does not offer H100 (p5.48xlarge, p5.4xlarge)' });
    const firstPolicy = result.excluded.findIndex((e) => /jurisdiction/.test(e.reason));
    expect(result.excluded.slice(0, firstPolicy).every((e) => /^does not offer/.test(e.reason))).toBe(true);
    expect(result.excluded.slice(firstPolicy).every((e) => /jurisdiction/.test(e.reason))).toBe(true);
    // AND every region is still accounted for
    expect(result.excluded.length + result.candidates.length).toBe(35);
  });
});

describe('rejected types in order of usefulness (item 14)', () => {
  test('fewest failed constraints first, other clouds last', () => {
    const result = selectInstance({ cloud: 'aws', accelerators: ['H100'], totalGpus: 8, regions: ['eu-north-1'] }, WHERE);
    const counts = result.rejected.filter((r) => r.cloud === 'aws').map((r) => r.failures.length);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    expect(result.rejected.findIndex((r) => r.cloud === 'gcp')).toBe(result.rejected.filter((r) => r.cloud === 'aws').length);
    expect(result.rejected[0].failures).toHaveLength(1);
  });
});
