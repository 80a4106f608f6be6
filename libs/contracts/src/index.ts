export * from './common';
export * from './validate';
export * from './events/merchant-registered.v1';
export * from './events/stk-callback-received.v1';
export * from './events/payment-events.v1';
export * from './commands/stk.commands';
export * from './commands/webhook.commands';
export * from './commands/ledger.commands';
