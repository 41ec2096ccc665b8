export * from './sizing';
export * from './pricing';
export * from './selection';
export * from './placement';
export * from './cost';
export * from './pools';
export * from './storage';
export * from './gke-cost';
