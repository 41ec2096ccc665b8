// The public surface of cdktf-ai-infra. Provider classes are imported by deep
// path inside each module, so importing this index never loads a provider root.

export * from './errors';
export * from './manifest';

// Facts and pure decisions (no cdktf).
export * from './catalog';
export * from './planning';

// The seam: stack context, naming, plan types and backend interfaces of each construct.
export * from './core';

// The stack and the eight constructs. Backends (src/aws, src/gcp) are not
// exported here: they load only with a stack of their cloud.
export * from './constructs/stack';
export * from './constructs/pool-props';
export * from './constructs/gpu-cluster';
export * from './constructs/spot-training-pool';
export * from './constructs/warm-inference-pool';
export * from './constructs/vector-store';
export * from './constructs/feature-store';
export * from './constructs/lustre-tier';
export * from './constructs/observability-stack';
export * from './constructs/finops-budget';
export * from './constructs/remote-state-store';
export * from './core/state-backend';

// In-cluster building blocks (used by the constructs; usable on their own).
export * from './kubernetes/workload-stack';
export * from './kubernetes/device-plugins';
export * from './kubernetes/model-server';
export * from './kubernetes/termination-handler';
export * from './kubernetes/cluster-baseline';
export * from './kubernetes/metrics-adapter';
export * from './kubernetes/node-labels';

// Policy pack: rules, suppressions, report.
export * from './policy/types';
export * from './policy/pack';
export * from './policy/rules';

// Reference stacks composed from the constructs.
export * from './stacks';
