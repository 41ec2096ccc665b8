export * from './gpu-cluster';
export * from './spot-training-pool';
export * from './warm-inference-pool';
export * from './lustre-tier';
export * from './vector-store';
export * from './feature-store';
export * from './observability-stack';
export * from './finops-budget';
