import { IsInt, Max, Min } from 'class-validator';
import { NumberFromEnv, ServiceConfig } from '@lipa/platform';

export class LedgerServiceConfig extends ServiceConfig {
  override PORT = 3004;
  /** Postgres connections; concurrent postings against one account queue on its row lock, not on the pool. */
  @NumberFromEnv() @IsInt() @Min(1) @Max(100) DATABASE_POOL_SIZE = 10;
  /** Unacked events and commands per consumer channel. */
  @NumberFromEnv() @IsInt() @Min(1) @Max(1_000) AMQP_PREFETCH = 16;
  /** How often each replica looks for holds past their timeout. */
  @NumberFromEnv() @IsInt() @Min(50) @Max(600_000) LEDGER_HOLD_SWEEP_INTERVAL_MS = 1_000;
}
