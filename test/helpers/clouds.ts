import { App, Testing } from 'cdktf';
import { FakeGpuCluster } from './fake-cluster';
import { awsStack, gcpStack } from './stack';
import type { Cloud } from '../../src/catalog/types';
import { AiInfraStack } from '../../src/constructs/stack';

/**
 * Cloud-neutral construct tests run once per cloud in `CLOUDS`. A cloud joins
 * when every construct has its backend there (until then its constructs
 * refuse the stack with one clear error, tested in test/core/backends.test.ts).
 * Per-cloud synth assertions (resource types and attributes) stay in the
 * construct's own test file.
 */
export const CLOUDS: ReadonlyArray<Cloud> = ['aws'];

/** What a neutral test needs to know about a cloud: its region, zones and a GPU type there. */
export interface CloudFixture {
  readonly cloud: Cloud;
  readonly region: string;
  /** Two zones of `region` as the cluster reports them. */
  readonly zones: string[];
  /** An 8 × H100 type offered in those zones. */
  readonly h100Type: string;
  /** A stack of that cloud (`test` prefix) in a fresh app. */
  stack(app?: App): AiInfraStack;
  /** A fake cluster of that cloud in the stack (records node pools and identities). */
  cluster(stack: AiInfraStack, id?: string): FakeGpuCluster;
}

export const FIXTURES: Readonly<Record<Cloud, CloudFixture>> = {
  aws: {
    cloud: 'aws',
    region: 'us-east-1',
    zones: ['use1-az4', 'use1-az6'],
    h100Type: 'p5.48xlarge',
    stack: (app = Testing.app()) => awsStack({}, app),
    cluster: (stack, id = 'Cluster') => new FakeGpuCluster(stack, id, { cloud: 'aws', zones: ['use1-az4', 'use1-az6'] }),
  },
  gcp: {
    cloud: 'gcp',
    region: 'us-central1',
    zones: ['us-central1-a', 'us-central1-b'],
    h100Type: 'a3-highgpu-8g',
    stack: (app = Testing.app()) => gcpStack({}, app),
    cluster: (stack, id = 'Cluster') => new FakeGpuCluster(stack, id, { cloud: 'gcp', zones: ['us-central1-a', 'us-central1-b'] }),
  },
};

/** `describe` once per enabled cloud, with that cloud's fixture. */
export function forEachCloud(name: string, fn: (f: CloudFixture) => void): void {
  describe.each(CLOUDS.map((c) => [c, FIXTURES[c]] as const))(`${name} (%s)`, (_cloud, fixture) => fn(fixture));
}
