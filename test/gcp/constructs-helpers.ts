import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { App, Testing } from 'cdktf';
import { AiInfraStack, AiInfraStackProps } from '../../src/constructs/stack';
import type { GpuClusterBackend } from '../../src/core/plans';
import { FakeGpuCluster } from '../helpers/fake-cluster';

export const GCP_PROJECT_ID = 'llm-serve-prod';
export const GCP_PROJECT_NUMBER = '987654321098';
export const FAKE_NETWORK_ID = 'projects/llm-serve-prod/global/networks/fake-vpc';

/** GIVEN helper: a GCP AiInfraStack (region given, project id and number). */
export function gcpAiStack(overrides: Partial<AiInfraStackProps> = {}, app: App = Testing.app()): AiInfraStack {
  return new AiInfraStack(app, overrides.namePrefix ?? 'test', {
    cloud: 'gcp',
    region: 'europe-west4',
    namePrefix: 'test',
    tags: { project: 'llm', environment: 'test', costCenter: 'cc-42' },
    gcp: { projectId: GCP_PROJECT_ID, projectNumber: GCP_PROJECT_NUMBER },
    ...overrides,
  });
}

/**
 * A fake GCP cluster whose network has a Private Service Access connection
 * (a real `google_service_networking_connection` in the stack, so depends_on
 * can be asserted).
 */
export function fakeGcpCluster(stack: AiInfraStack, opts: { psa?: boolean } = {}): FakeGpuCluster {
  const cluster = new FakeGpuCluster(stack, 'Cluster', { cloud: 'gcp', zones: ['europe-west4-a', 'europe-west4-b'], withoutPrivateServiceAccess: true });
  const psa = opts.psa === false
    ? undefined
    : new ServiceNetworkingConnection(stack, 'Psa', { network: FAKE_NETWORK_ID, service: 'servicenetworking.googleapis.com', reservedPeeringRanges: ['fake-psa'] });
  const backend = cluster.backend as Extract<GpuClusterBackend, { cloud: 'gcp' }>;
  Object.assign(backend, { networkId: FAKE_NETWORK_ID, ...(psa ? { privateServiceAccess: { connection: psa, rangeCidrs: ['10.200.0.0/20'] } } : {}) });
  return cluster;
}
