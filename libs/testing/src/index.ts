export * from './eventually';
export * from './infra';
export * from './isolation';
export * from './test-database';
export * from './webhook-receiver';
export * from './broker-cleanup';
export * from './event-probe';
