import { createGcpFeatureStore } from './feature-store';
import { createGcpFinOpsBudget } from './finops-budget';
import { createGcpGpuCluster } from './gpu-cluster';
import { createGcpLustreTier } from './lustre-tier';
import { createGcpObservability } from './observability';
import { configureGoogleProvider } from './provider';
import { createGcpRemoteStateStore } from './remote-state-store';
import { createGcpSpotTrainingPool } from './spot-training-pool';
import { createGcpVectorStore } from './vector-store';
import { createGcpWarmInferencePool } from './warm-inference-pool';
import { CloudBackends } from '../core/backends';

/**
 * The GCP backends, one per construct. Loaded only when a stack with
 * `cloud: 'gcp'` is created (src/constructs/backends.ts), so
 * `@cdktf/provider-google` is needed only by GCP users.
 *
 * A construct without a backend on a cloud would carry an
 * `unavailableBackend` (src/core/backends.ts) that throws one clear error
 * before planning; every construct has its GCP backend (docs/adding-a-backend.md).
 */
export const GCP_BACKENDS: CloudBackends = {
  cloud: 'gcp',
  configureProvider: (ctx) => {
    configureGoogleProvider(ctx);
  },
  gpuCluster: createGcpGpuCluster,
  spotTrainingPool: createGcpSpotTrainingPool,
  warmInferencePool: createGcpWarmInferencePool,
  lustreTier: createGcpLustreTier,
  vectorStore: createGcpVectorStore,
  featureStore: createGcpFeatureStore,
  observabilityStack: createGcpObservability,
  finOpsBudget: createGcpFinOpsBudget,
  remoteStateStore: createGcpRemoteStateStore,
};
