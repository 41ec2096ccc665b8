import { expectAiInfraError } from './expect';
import { checkRegion, placeWorkload, planParallelism, selectInstance, sizeModel, nodePoolCost, lustreCost, servicePriceLine } from '../../src/planning';

const W = 'plan';

describe('planning functions: odd inputs give AiInfraError naming the caller and the field', () => {
  test.each<[string, () => unknown, string]>([
    ['sizeModel NaN params', () => sizeModel({ modelParamsBillions: NaN, precision: 'bf16', purpose: 'inference' }, W), 'modelParamsBillions'],
    ['sizeModel 1e308 params', () => sizeModel({ modelParamsBillions: 1e308, precision: 'bf16', purpose: 'inference' }, W), 'modelParamsBillions'],
    ['sizeModel -0 params', () => sizeModel({ modelParamsBillions: -0, precision: 'bf16', purpose: 'inference' }, W), 'modelParamsBillions'],
    ['sizeModel unknown precision', () => sizeModel({ modelParamsBillions: 7, precision: 'fp4' as never, purpose: 'inference' }, W), 'precision'],
    ['sizeModel kvHeads not dividing heads', () => sizeModel({ modelParamsBillions: 7, precision: 'bf16', purpose: 'inference', attentionHeads: 32, kvHeads: 5 }, W), 'kvHeads'],
    ['planParallelism totalGpus 1e9', () => planParallelism(sizeModel({ modelParamsBillions: 70, precision: 'bf16', purpose: 'pretraining' }, W), { acceleratorMemoryGiB: 80, acceleratorsPerNode: 8, nvlinkDomainSize: 8, totalGpus: 1e9 }, W), 'totalGpus'],
    ['planParallelism fractional GPUs per node', () => planParallelism(sizeModel({ modelParamsBillions: 7, precision: 'bf16', purpose: 'inference' }, W), { acceleratorMemoryGiB: 80, acceleratorsPerNode: 2.5, nvlinkDomainSize: 1 }, W), 'acceleratorsPerNode'],
    ['planParallelism NVLink domain larger than the node', () => planParallelism(sizeModel({ modelParamsBillions: 7, precision: 'bf16', purpose: 'inference' }, W), { acceleratorMemoryGiB: 80, acceleratorsPerNode: 4, nvlinkDomainSize: 8 }, W), 'nvlinkDomainSize'],
    ['planParallelism memory 0', () => planParallelism(sizeModel({ modelParamsBillions: 7, precision: 'bf16', purpose: 'inference' }, W), { acceleratorMemoryGiB: 0, acceleratorsPerNode: 8, nvlinkDomainSize: 8 }, W), 'acceleratorMemoryGiB'],
    ['selectInstance with neither GPUs nor sizing', () => selectInstance({}, W), 'totalGpus'],
    ['selectInstance unknown region', () => selectInstance({ totalGpus: 8, regions: ['mars-1'] }, W), 'regions'],
    ['selectInstance unknown accelerator', () => selectInstance({ totalGpus: 8, accelerators: ['X1000' as never] }, W), 'accelerators.0'],
    ['selectInstance model too big for any GPU', () => selectInstance({ sizing: { modelParamsBillions: 100_000, precision: 'fp32', purpose: 'inference' } }, W), 'no instance type meets the request'],
    ['selectInstance spot with purchase on-demand', () => selectInstance({ totalGpus: 8, spot: true, purchase: 'on-demand' }, W), 'purchase'],
    ['placeWorkload AZ name in allowRegions', () => placeWorkload({ cloud: 'aws', policy: { allowRegions: ['us-east-1a'] } }, W), 'policy.allowRegions'],
    ['placeWorkload unknown jurisdiction', () => placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['EU', 'MARS' as never] } }, W), 'policy.jurisdictions.1'],
    ['placeWorkload GCP types on AWS', () => placeWorkload({ cloud: 'aws', instanceTypes: ['a3-highgpu-8g'] }, W), 'instanceTypes.0'],
    ['placeWorkload contradicting policy', () => placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['EU'], allowRegions: ['us-east-1'] } }, W), 'allowRegions'],
    ['checkRegion region with a trailing space', () => checkRegion({ cloud: 'aws', region: 'us-east-1 ' }, W), 'region'],
    ['checkRegion AWS region on GCP', () => checkRegion({ cloud: 'gcp', region: 'us-east-1' }, W), 'region'],
    ['nodePoolCost floor above max', () => nodePoolCost({ component: 'c', instanceType: 'p5.48xlarge', cloud: 'aws', region: 'us-east-1', floorNodes: 5, maxNodes: 2, purchase: 'spot' }, W), 'maxNodes'],
    ['nodePoolCost type not in region', () => nodePoolCost({ component: 'c', instanceType: 'p5en.48xlarge', cloud: 'aws', region: 'eu-central-1', floorNodes: 1, maxNodes: 2, purchase: 'on-demand' }, W), 'region'],
    ['lustreCost tier off the price list', () => lustreCost({ component: 'c', cloud: 'aws', throughputMBpsPerTiB: 300, capacityGiB: 1200 }, W), 'throughputMBpsPerTiB'],
    ['servicePriceLine negative quantity', () => servicePriceLine({ component: 'c', priceId: 'aws.kms.key', quantity: -1 }, W), 'quantity'],
    ['servicePriceLine Infinity quantity', () => servicePriceLine({ component: 'c', priceId: 'aws.kms.key', quantity: Infinity }, W), 'quantity'],
  ])('%s', (_name, fn, field) => {
    expectAiInfraError(fn, W, field);
  });

  test('a policy no region satisfies names each rule to drop and what it would admit', () => {
    const e = expectAiInfraError(() => placeWorkload({ cloud: 'aws', policy: { jurisdictions: ['EU'], allowRegions: ['us-east-1'] } }, W), W, 'no aws region satisfies the policy');
    expect(e.message).toMatch(/allowRegions contradicts the other rules: us-east-1 is in jurisdiction US, not EU/);
    expect(e.message).toMatch(/drop jurisdictions \["EU"\] \(admits us-east-1\)/);
    expect(e.message).toMatch(/drop allowRegions \["us-east-1"\] \(admits eu-/);
  });
});
