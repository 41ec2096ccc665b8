export * from './common';
export * from './distributed-training';
export * from './inference-serving';
export * from './feature-platform';
