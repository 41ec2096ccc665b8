import { configureGoogleProvider } from './provider';
import { CloudBackends, unavailableBackend } from '../core/backends';

/**
 * The GCP backends, one per construct. Loaded only when a stack with
 * `cloud: 'gcp'` is created (src/constructs/backends.ts), so
 * `@cdktf/provider-google` is needed only by GCP users.
 *
 * A construct whose GCP backend is not written yet has an
 * `unavailableBackend`: the construct throws one clear error before planning.
 * Adding a backend replaces that one line (docs/adding-a-backend.md).
 */
export const GCP_BACKENDS: CloudBackends = {
  cloud: 'gcp',
  configureProvider: (ctx) => {
    configureGoogleProvider(ctx);
  },
  gpuCluster: unavailableBackend('gcp', 'gpuCluster'),
  spotTrainingPool: unavailableBackend('gcp', 'spotTrainingPool'),
  warmInferencePool: unavailableBackend('gcp', 'warmInferencePool'),
  lustreTier: unavailableBackend('gcp', 'lustreTier'),
  vectorStore: unavailableBackend('gcp', 'vectorStore'),
  featureStore: unavailableBackend('gcp', 'featureStore'),
  observabilityStack: unavailableBackend('gcp', 'observabilityStack'),
  finOpsBudget: unavailableBackend('gcp', 'finOpsBudget'),
};
