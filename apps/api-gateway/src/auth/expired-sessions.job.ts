import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SessionsRepository } from './sessions.repository';

const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Expired sessions already fail (the lookup checks expires_at); this only keeps the table small. Safe
 * on every replica at once: each sweep deletes a bounded batch and deleting twice is harmless.
 */
@Injectable()
export class ExpiredSessionsJob implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ExpiredSessionsJob');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsRepository,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const deleted = await this.sessions.deleteExpired(this.dataSource.manager);
      if (deleted > 0) this.logger.log({ msg: 'sessions.expired_deleted', count: deleted });
      return deleted;
    } catch (error) {
      this.logger.warn({ msg: 'sessions.sweep_failed', err: (error as Error).message });
      return 0;
    }
  }
}
