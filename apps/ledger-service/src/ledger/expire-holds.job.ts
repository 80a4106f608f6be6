import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LedgerServiceConfig } from '../config';
import { ExpireHolds } from './expire-holds.use-case';

/**
 * Holds end when their timeout passes (docs/design.md §4). Every replica sweeps; SKIP LOCKED in
 * ExpireHolds keeps them from waiting on each other or expiring a hold twice.
 */
@Injectable()
export class ExpireHoldsJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpireHoldsJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly expireHolds: ExpireHolds,
    private readonly config: LedgerServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
    }, this.config.LEDGER_HOLD_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async tick(): Promise<void> {
    try {
      const expired = await this.expireHolds.sweep();
      if (expired > 0) this.logger.log({ msg: 'ledger.holds_expired', count: expired });
    } catch (error) {
      this.logger.error({ msg: 'ledger.hold_expiry_failed', err: error });
    }
  }
}
