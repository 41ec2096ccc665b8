import { AWS_INSTANCE_TYPES, GCP_MACHINE_TYPES } from '../../src/catalog';
import { AiInfraError } from '../../src/errors';
import { selectInstance } from '../../src/planning';

const WHERE = 'test/select';
const ALL_TYPES = AWS_INSTANCE_TYPES.length + GCP_MACHINE_TYPES.length;

describe('selectInstance', () => {
  test('a multi-node job is not spread over partial nodes when the family has a full-node size', () => {
    // GIVEN 64 H100s for pretraining
    const result = selectInstance({ cloud: 'aws', purpose: 'pretraining', totalGpus: 64, accelerators: ['H100'] }, WHERE);
    // THEN p5.48xlarge (8 per node, 3,200 Gbps) is chosen and p5.4xlarge (1 GPU, 100 Gbps) is rejected with why
    expect(result.chosen.type.name).toBe('p5.48xlarge');
    const small = result.rejected.find((r) => r.type === 'p5.4xlarge');
    expect(small?.reason).toMatch(/1-GPU nodes spreads over 64 nodes; p5\.48xlarge holds 8 H100/);
    // AND a single-GPU job may still use the small size
    expect(selectInstance({ cloud: 'aws', purpose: 'full-fine-tune', totalGpus: 1, accelerators: ['H100'] }, WHERE).chosen.type.name).toBe('p5.4xlarge');
  });

  test('pretraining on 64 GPUs on AWS picks an H100-or-newer EFA 3,200 Gbps type on 8 nodes, never g5/g6', () => {
    // GIVEN a 64-GPU pretraining job on AWS
    // WHEN a type is selected
    const result = selectInstance({ cloud: 'aws', purpose: 'pretraining', totalGpus: 64 }, WHERE);
    // THEN the chosen type has H100-class or newer GPUs on EFA at 3,200 Gbps, 8 nodes of 8
    const c = result.chosen;
    expect(['p5.48xlarge', 'p5en.48xlarge', 'p6-b200.48xlarge']).toContain(c.type.name);
    expect(c.fabric).toBe('efa');
    expect(c.fabricGbps).toBe(3200);
    expect(c.nodes).toBe(8);
    expect(c.gpus).toBe(64);
    // AND p5.48xlarge is among the feasible ones, at 8 × $55.04
    const p5 = result.ranked.find((x) => x.type.name === 'p5.48xlarge');
    expect(p5?.jobUsdPerHour).toBeCloseTo(440.32, 2);
    // AND no g5/g6/g6e is feasible; each is rejected with the reason
    expect(result.ranked.some((x) => /^g\d/.test(x.type.name))).toBe(false);
    const g648 = result.rejected.find((r) => r.type === 'g6.48xlarge');
    expect(g648?.reason).toMatch(/L4 is not a training-class accelerator/);
    expect(g648?.reason).toMatch(/a pretraining job on 8 nodes all-reduces across nodes and needs an RDMA-class fabric \(EFA, GPUDirect-TCPXO or GPUDirect-RDMA\); g6\.48xlarge has EFA without confirmed GPUDirect RDMA/);
    // AND training is ranked by the cost of the work
    expect(result.rankedBy).toBe('usd-per-pflop-hour');
  });

  test('every type of the catalog is either ranked or rejected with a reason', () => {
    const result = selectInstance({ cloud: 'aws', purpose: 'pretraining', totalGpus: 64 }, WHERE);
    expect(result.ranked.length + result.rejected.length).toBe(ALL_TYPES);
    for (const r of result.rejected) {
      expect(r.reason.length).toBeGreaterThan(10);
      expect(r.failures.length).toBeGreaterThan(0);
    }
    // a GCP type is rejected for the cloud, among its reasons
    expect(result.rejected.find((r) => r.type === 'a3-megagpu-8g')?.reason).toMatch(/gcp type; cloud is aws/);
  });

  test('multi-node on GCP with 16 GPUs picks a3-megagpu-8g on demand and names its fabric', () => {
    // GIVEN 16 GPUs across nodes on GCP, on demand
    const result = selectInstance({ cloud: 'gcp', totalGpus: 16, multiNode: true }, WHERE);
    // THEN the RDMA-class type sold on demand wins: A3 Mega over GPUDirect-TCPXO
    expect(result.chosen.type.name).toBe('a3-megagpu-8g');
    expect(result.chosen.fabric).toBe('gpudirect-tcpxo');
    expect(result.chosen.nodes).toBe(2);
    expect(result.chosen.reason).toMatch(/GPUDirect-TCPXO 1,600 Gbps/);
    // AND A3 Ultra / A4 are rejected as not sold on demand; A3 High for its TCPX fabric
    expect(result.rejected.find((r) => r.type === 'a3-ultragpu-8g')?.reason).toMatch(/not sold on demand \(sold as reservation, flex-start, spot\)/);
    expect(result.rejected.find((r) => r.type === 'a4-highgpu-8g')?.reason).toMatch(/not sold on demand/);
    expect(result.rejected.find((r) => r.type === 'a3-highgpu-8g')?.reason).toMatch(/a3-highgpu-8g has GPUDirect-TCPX$/);
  });

  test('a reservation admits A3 Ultra at its flagged reference price', () => {
    const result = selectInstance({ cloud: 'gcp', totalGpus: 16, multiNode: true, purchase: 'reservation', accelerators: ['H200'] }, WHERE);
    expect(result.chosen.type.name).toBe('a3-ultragpu-8g');
    expect(result.chosen.priceBasis).toBe('reference');
    expect(result.chosen.priceUnconfirmed).toBe(true);
    expect(result.chosen.reason).toMatch(/a3-ultragpu-8g has no sourced on-demand price: its reference price \$84\.81 is an estimate/);
    expect(result.notes.join('\n')).toMatch(/the chosen price is an estimate/);
  });

  test('8B bf16 inference picks the cheapest single-GPU type that fits, not an H100', () => {
    // GIVEN an 8B bf16 model to serve, no GPU count
    const result = selectInstance({ purpose: 'inference', sizing: { modelParamsBillions: 8, precision: 'bf16', purpose: 'inference' } }, WHERE);
    // THEN one 24 GB-class GPU (L4 or A10G) is enough and cheapest
    expect(result.chosen.gpus).toBe(1);
    expect(result.chosen.nodes).toBe(1);
    expect(['L4', 'A10G']).toContain(result.chosen.accelerator);
    expect(result.chosen.type.acceleratorsPerNode).toBe(1);
    expect(result.chosen.jobUsdPerHour).toBeLessThan(1.1);
    expect(result.chosen.parallelism?.tensorParallel).toBe(1);
    expect(result.rankedBy).toBe('job-usd-per-hour');
    // AND H100 types are feasible but ranked below it
    const h100 = result.ranked.findIndex((x) => x.accelerator === 'H100');
    expect(h100).toBeGreaterThan(0);
    // AND the sizing is explained in the notes
    expect(result.notes.join('\n')).toMatch(/sizing: weights: 8\.00B params × 2 B \(bf16\) = 16\.0 GB/);
  });

  test('AWS-only 8B inference picks g6.xlarge', () => {
    const result = selectInstance({ cloud: 'aws', sizing: { modelParamsBillions: 8, precision: 'bf16', purpose: 'inference' } }, WHERE);
    expect(result.chosen.type.name).toBe('g6.xlarge');
    expect(result.chosen.usdPerHour).toBeCloseTo(0.8048, 4);
  });

  test('70B bf16 inference rejects single 24 GB GPUs for memory and needs a multi-GPU node', () => {
    const result = selectInstance({ cloud: 'aws', sizing: { modelParamsBillions: 70, precision: 'bf16', purpose: 'inference' } }, WHERE);
    expect(result.rejected.find((r) => r.type === 'g6.xlarge')?.reason).toMatch(/too little memory for the model on L4/);
    expect(result.chosen.gpus).toBeGreaterThan(1);
    expect(result.chosen.parallelism?.fitsInOneNode).toBe(true);
  });

  test('spot requests compare spot with spot: on-demand × (1 − the documented discount) where no spot price is sourced', () => {
    const result = selectInstance({ cloud: 'aws', totalGpus: 8, accelerators: ['H100'], spot: true }, WHERE);
    expect(result.chosen.priceBasis).toBe('spot-estimate');
    // p5.48xlarge us-east-1 $55.04 × (1 − 0.57) = $23.67
    expect(result.chosen.usdPerHour).toBeCloseTo(23.6672, 4);
    expect(result.chosen.reason).toMatch(/no sourced spot price: on-demand \$55\.04 × \(1 − 0\.57\)/);
    expect(result.notes.join('\n')).toMatch(/price basis: spot for every candidate/);
  });

  test('region limits and a fabric floor reject with the constraint named', () => {
    const result = selectInstance({ cloud: 'aws', totalGpus: 8, regions: ['eu-north-1'], fabricFloor: 'efa', accelerators: ['H100', 'H200'] }, WHERE);
    expect(result.chosen.region).toBe('eu-north-1');
    expect(result.chosen.type.name).toBe('p5.48xlarge');
    expect(result.chosen.usdPerHour).toBeCloseTo(58.8928, 4);
    expect(result.rejected.find((r) => r.type === 'g6.48xlarge')?.reason).toMatch(/accelerator L4 is not in accelerators \(H100, H200\)/);
    const rejectedGcp = selectInstance({ cloud: 'any', totalGpus: 8, fabricFloor: 'efa', accelerators: ['L4'] }, WHERE).rejected;
    expect(rejectedGcp.find((r) => r.type === 'g2-standard-96')?.reason).toMatch(/fabric ethernet is below the floor EFA/);
  });

  test('Neuron accelerators are considered only when named', () => {
    const result = selectInstance({ cloud: 'aws', purpose: 'pretraining', totalGpus: 64, accelerators: ['Trainium'] }, WHERE);
    expect(result.chosen.type.name).toMatch(/^trn1/);
    expect(result.chosen.nodes).toBe(4);
  });

  test('an infeasible request names the closest type and what to relax', () => {
    // GIVEN a 64-GPU pretraining job capped at $100/h
    const attempt = () => selectInstance({ cloud: 'aws', purpose: 'pretraining', totalGpus: 64, maxHourlyUsd: 100 }, WHERE);
    // THEN it throws our error, naming the closest NVIDIA type and the cap to raise
    expect(attempt).toThrow(AiInfraError);
    expect(attempt).toThrow(/^test\/select: no instance type meets the request \(\d+ considered\); closest: aws p4d\.24xlarge, rejected because job costs \$175\.66\/h \(8 × \$21\.96\), over maxHourlyUsd \$100\.00\. To admit it, relax maxHourlyUsd: 176, or fewer GPUs$/);
  });

  test('invalid requests name the field, the value and what is allowed', () => {
    expect(() => selectInstance({ totalGpus: -3 }, WHERE)).toThrow(/test\/select: totalGpus must be >= 1, got -3/);
    expect(() => selectInstance({}, WHERE)).toThrow(/totalGpus must be a whole number >= 1 when sizing is not given, got nothing/);
    expect(() => selectInstance({ totalGpus: 8, regions: ['mars-1'] }, WHERE)).toThrow(/regions must be a region of aws or gcp known to the catalog, got "mars-1"/);
    expect(() => selectInstance({ totalGpus: 8, spot: true, purchase: 'reservation' }, WHERE)).toThrow(/purchase must be "spot" \(or unset\) when spot is true/);
    expect(() => selectInstance({ totalGpus: 8, accelerators: ['TPU' as never] }, WHERE)).toThrow(/accelerators\.0 must be one of/);
  });
});

describe('selectInstance zones', () => {
  test('a type not offered in any of the allowed zones is rejected with where it is offered', () => {
    // GIVEN an A100-80GB job limited to us-east-1 zones where p4de.24xlarge is not offered
    const p4de = AWS_INSTANCE_TYPES.find((t) => t.name === 'p4de.24xlarge')!;
    const useZones = (p4de.zones ?? []).filter((z) => z.startsWith('use1-'));
    const elsewhere = ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6'].filter((z) => !useZones.includes(z));
    expect(elsewhere.length).toBeGreaterThan(0);
    const result = selectInstance({ cloud: 'aws', purpose: 'full-fine-tune', totalGpus: 8, regions: ['us-east-1'], zones: elsewhere }, WHERE);
    // THEN p4de is rejected for its zones, and the chosen type is offered in one of them
    expect(result.rejected.find((r) => r.type === 'p4de.24xlarge')?.reason).toMatch(/not offered in zones .*\(offered in use1-/);
    const chosenZones = result.chosen.type.zones ?? [];
    expect(chosenZones.length === 0 || elsewhere.some((z) => chosenZones.includes(z))).toBe(true);
  });
});
