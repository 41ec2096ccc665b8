import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { findInstanceType } from '../../src/catalog';
import type { InstanceTypeSpec } from '../../src/catalog/types';
import { DEFAULT_FABRIC_CIDR, GpuFabric } from '../../src/gcp/fabric';
import { GkeCluster } from '../../src/gcp/gke-cluster';
import { DEFAULT_NETWORK_RANGES, GkeNetwork, PhysicalName } from '../../src/gcp/network';

export const PROJECT = 'acme-ml-prod';
export const REGION = 'us-central1';
export const SECRETS_KEY = 'projects/acme-ml-prod/locations/us-central1/keyRings/ring/cryptoKeys/secrets';
export const BOOT_KEY = 'projects/acme-ml-prod/locations/us-central1/keyRings/ring/cryptoKeys/boot';

/** The naming scheme in tests: `t-<suffix>`, cut to maxLength. */
export const physicalName: PhysicalName = (suffix, opts = {}) => `t-${suffix}`.slice(0, opts.maxLength ?? 63);

/** GIVEN helper: a bare stack with a Google provider. */
export function bareStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'gcp');
  new GoogleProvider(stack, 'google', { project: PROJECT, region: REGION });
  return stack;
}

export function gcpType(name: string): InstanceTypeSpec {
  const t = findInstanceType('gcp', name);
  if (!t) throw new Error(`no GCP type ${name}`);
  return t;
}

export function synth(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}

export function resources(json: any, type: string): [string, any][] {
  return Object.entries(json.resource?.[type] ?? {});
}

export function only(json: any, type: string): any {
  const all = resources(json, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0][1];
}

export function network(stack: TerraformStack): GkeNetwork {
  return new GkeNetwork(stack, 'Network', {
    where: 'gcp/Cluster',
    region: REGION,
    physicalName,
    nameSuffix: 'cluster',
    ranges: DEFAULT_NETWORK_RANGES,
    mtu: 8244,
    flowLogSampling: 0.5,
    privateServiceAccessPrefixLength: 20,
  });
}

export function cluster(stack: TerraformStack, opts: { authorized?: string[]; publicEndpoint?: boolean } = {}): GkeCluster {
  return new GkeCluster(stack, 'Cluster', {
    where: 'gcp/Cluster',
    physicalName,
    nameSuffix: 'cluster',
    clusterName: 't-cluster',
    projectId: PROJECT,
    region: REGION,
    zones: ['us-central1-a', 'us-central1-b', 'us-central1-c'],
    network: network(stack),
    releaseChannel: 'REGULAR',
    authorizedNetworks: (opts.authorized ?? []).map((c) => ({ cidrBlock: c, displayName: 'office' })),
    publicEndpoint: opts.publicEndpoint ?? false,
    masterCidr: '172.16.0.32/28',
    secretsKeyId: SECRETS_KEY,
    bootDiskKeyId: BOOT_KEY,
    systemPool: { machineType: 'e2-standard-4', minNodesPerZone: 1, maxNodesPerZone: 3, diskSizeGb: 100 },
    labels: { project: 'llm', environment: 'test' },
  });
}

export function fabric(stack: TerraformStack, typeName: string, zone = 'us-central1-b', baseCidr = DEFAULT_FABRIC_CIDR): GpuFabric {
  return new GpuFabric(stack, `Fabric-${typeName}`, {
    where: 'gcp/Cluster',
    physicalName,
    nameSuffix: 'cluster',
    projectId: PROJECT,
    region: REGION,
    zone,
    type: gcpType(typeName),
    baseCidr,
    reservedRanges: { ...DEFAULT_NETWORK_RANGES },
    flowLogSampling: 0.5,
  });
}
