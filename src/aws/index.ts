import { createAwsFeatureStore } from './feature-store';
import { createAwsFinOpsBudget } from './finops-budget';
import { createAwsGpuCluster } from './gpu-cluster';
import { createAwsLustreTier } from './lustre-tier';
import { createAwsObservability } from './observability-stack';
import { configureAwsProvider } from './provider';
import { createAwsRemoteStateStore } from './remote-state-store';
import { createAwsSpotTrainingPool } from './spot-training-pool';
import { createAwsVectorStore } from './vector-store';
import { createAwsWarmInferencePool } from './warm-inference-pool';
import type { CloudBackends } from '../core/backends';

/**
 * The AWS backends, one per construct. Loaded only when a stack with
 * `cloud: 'aws'` is created (src/constructs/backends.ts), so `@cdktf/provider-aws`
 * is needed only by AWS users.
 */
export const AWS_BACKENDS: CloudBackends = {
  cloud: 'aws',
  configureProvider: (ctx) => {
    configureAwsProvider(ctx);
  },
  gpuCluster: createAwsGpuCluster,
  spotTrainingPool: createAwsSpotTrainingPool,
  warmInferencePool: createAwsWarmInferencePool,
  lustreTier: createAwsLustreTier,
  vectorStore: createAwsVectorStore,
  featureStore: createAwsFeatureStore,
  observabilityStack: createAwsObservability,
  finOpsBudget: createAwsFinOpsBudget,
  remoteStateStore: createAwsRemoteStateStore,
};
