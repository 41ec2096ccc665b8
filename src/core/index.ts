export * from './context';
export * from './naming';
export * from './backends';
export * from './plans';
export * from './state-backend';
