import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import type { GcpDataContext } from '../../src/gcp/data-context';
import { GcpCustomerKey, GcpKeyRing } from '../../src/gcp/kms';
import type { GcpPrivateNetwork } from '../../src/gcp/vector-store';

export const PROJECT_ID = 'ml-platform-prod';
export const PROJECT_NUMBER = '123456789012';
export const REGION = 'europe-west4';
export const NETWORK_ID = `projects/${PROJECT_ID}/global/networks/ml-vpc`;

/** A plain context like the stack's: prefix `test`, names shortened past maxLength. */
export function testContext(): GcpDataContext {
  return {
    projectId: PROJECT_ID,
    projectNumber: PROJECT_NUMBER,
    region: REGION,
    labels: { 'project': 'llm', 'environment': 'test', 'cost-center': 'cc-42', 'component': 'gcp' },
    physicalName: (suffix, opts = {}) => {
      const sep = opts.separator ?? '-';
      const raw = `test${sep}${suffix}`.toLowerCase().replace(/[^a-z0-9-_.]/g, sep);
      return raw.slice(0, opts.maxLength ?? 63);
    },
  };
}

/** GIVEN: a bare cloud stack with a Google provider and a PSA connection, and a workload stack with a Kubernetes provider. */
export function gcpStacks(): {
  app: App; stack: TerraformStack; workloads: TerraformStack; network: GcpPrivateNetwork; psa: ServiceNetworkingConnection; key: GcpCustomerKey;
} {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'cloud');
  new GoogleProvider(stack, 'google', { project: PROJECT_ID, region: REGION });
  const psa = new ServiceNetworkingConnection(stack, 'Psa', { network: NETWORK_ID, service: 'servicenetworking.googleapis.com', reservedPeeringRanges: ['ml-psa'] });
  const workloads = new TerraformStack(app, 'workloads');
  new KubernetesProvider(workloads, 'kubernetes', { host: 'https://10.0.0.2' });
  const key = new GcpKeyRing(stack, 'Ring', { name: 'test-data', location: REGION }).addKey('DataKey', { name: 'data' });
  return { app, stack, workloads, psa, key, network: { networkId: NETWORK_ID, networkName: 'ml-vpc', allocatedIpRange: 'ml-psa', privateServiceAccess: psa } };
}

/** Parsed cdk.tf.json of a stack. */
export function synth(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}

/** Resources of one type as `[logicalId, config]`. */
export function resourcesOf(json: any, type: string): [string, any][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/** The single resource of a type (fails otherwise). */
export function only(json: any, type: string): any {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0][1];
}

/** `${type.logicalId.attr}` reference of the single resource of a type. */
export function ref(json: any, type: string, attr: string): string {
  const [[id]] = resourcesOf(json, type);
  return `\${${type}.${id}.${attr}}`;
}

/** `${google_kms_crypto_key.<id>.id}`: what `kms_key_name` fields hold. */
export function keyRef(json: any): string {
  return ref(json, 'google_kms_crypto_key', 'id');
}
