import type { MigrationInterface } from 'typeorm';
import { CreateMessagingTables1764000000000 } from './1764000000000-CreateMessagingTables';
import { OutboxDelayedCommands1764000001000 } from './1764000001000-OutboxDelayedCommands';

/** Every migration of the outbox and inbox tables, in order: list these before a service's own. */
export const MESSAGING_MIGRATIONS: (new () => MigrationInterface)[] = [CreateMessagingTables1764000000000, OutboxDelayedCommands1764000001000];
