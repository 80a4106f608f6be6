export * from './eventually';
export * from './infra';
export * from './isolation';
export * from './test-database';
export * from './webhook-receiver';
