import type { Cloud } from '../catalog/types';
import { AiInfraError } from '../errors';
import type { StackContext } from './context';
import type {
  FeatureStoreBackendFactory,
  FinOpsBudgetBackendFactory,
  GpuClusterBackendFactory,
  LustreTierBackendFactory,
  ObservabilityBackendFactory,
  RemoteStateStoreBackendFactory,
  SpotTrainingPoolBackendFactory,
  VectorStoreBackendFactory,
  WarmInferencePoolBackendFactory,
} from './plans';

/**
 * The backends of one cloud: its provider configuration and one factory per
 * construct. `src/aws/index.ts` and `src/gcp/index.ts` each export one; the
 * constructs load only the stack's cloud (see `src/constructs/backends.ts`).
 */
export interface CloudBackends {
  readonly cloud: Cloud;
  readonly gpuCluster: GpuClusterBackendFactory;
  readonly spotTrainingPool: SpotTrainingPoolBackendFactory;
  readonly warmInferencePool: WarmInferencePoolBackendFactory;
  readonly lustreTier: LustreTierBackendFactory;
  readonly vectorStore: VectorStoreBackendFactory;
  readonly featureStore: FeatureStoreBackendFactory;
  readonly observabilityStack: ObservabilityBackendFactory;
  readonly finOpsBudget: FinOpsBudgetBackendFactory;
  readonly remoteStateStore: RemoteStateStoreBackendFactory;
  /** Configures the cloud's Terraform provider on the stack (`ctx.scope`). */
  configureProvider(ctx: StackContext): void;
}

/** The construct each factory of `CloudBackends` serves, for messages. */
export const BACKEND_CONSTRUCTS = {
  gpuCluster: 'GpuCluster',
  spotTrainingPool: 'SpotTrainingPool',
  warmInferencePool: 'WarmInferencePool',
  lustreTier: 'LustreTier',
  vectorStore: 'VectorStore',
  featureStore: 'FeatureStore',
  observabilityStack: 'ObservabilityStack',
  finOpsBudget: 'FinOpsBudget',
  remoteStateStore: 'RemoteStateStore',
} as const;

/** A construct's key in `CloudBackends`. */
export type BackendKey = keyof typeof BACKEND_CONSTRUCTS;

/** The provider bindings each cloud's backends need (optional peer dependencies; versions as package.json pins them). */
export const PROVIDER_PACKAGES: Readonly<Record<Cloud, { readonly name: string; readonly version: string }>> = {
  aws: { name: '@cdktf/provider-aws', version: '20.1.0' },
  gcp: { name: '@cdktf/provider-google', version: '16.12.1' },
};

const UNAVAILABLE = Symbol.for('cdktf-ai-infra.unavailableBackend');

/** The one error of a construct whose backend for a cloud is not written yet. */
export function backendNotAvailableError(cloud: Cloud, key: BackendKey, where: string): AiInfraError {
  return new AiInfraError({
    where,
    field: 'cloud',
    given: cloud,
    allowed: '"aws"',
    message: `cloud must be "aws": the ${cloud === 'gcp' ? 'GCP' : cloud.toUpperCase()} backend of ${BACKEND_CONSTRUCTS[key]} is not available yet, got ${JSON.stringify(cloud)}`,
  });
}

/**
 * A factory for a construct whose backend on `cloud` is not written yet: it
 * throws the one clear error. Constructs detect it (`isUnavailableBackend`)
 * before planning, so the error comes first. Replace it with the real factory.
 */
export function unavailableBackend<K extends BackendKey>(cloud: Cloud, key: K): CloudBackends[K] {
  const factory = (_scope: unknown, plan: { readonly where: string }): never => {
    throw backendNotAvailableError(cloud, key, plan.where);
  };
  Object.defineProperty(factory, UNAVAILABLE, { value: { cloud, key } });
  return factory as unknown as CloudBackends[K];
}

/** Throws the construct's error when `factory` is an `unavailableBackend`. */
export function assertBackendAvailable(factory: unknown, where: string): void {
  const marker = (factory as Record<symbol, { cloud: Cloud; key: BackendKey } | undefined>)[UNAVAILABLE];
  if (marker) throw backendNotAvailableError(marker.cloud, marker.key, where);
}
