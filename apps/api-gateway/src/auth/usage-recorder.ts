import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CredentialsRepository } from './credentials.repository';

/** How often buffered `last_used_at` values are written; one UPDATE per flush for every key used. */
const FLUSH_INTERVAL_MS = 15_000;
/** Bounds the buffer; a flush starts early when this many keys are waiting. */
const MAX_BUFFERED = 5_000;

/**
 * `last_used_at` without a write per request: uses are noted in memory and flushed in one statement
 * every few seconds (and at shutdown). A crash loses at most one interval of "last used" times,
 * which are informational, never security-relevant.
 */
@Injectable()
export class UsageRecorder implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('UsageRecorder');
  private pending = new Map<string, Date>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: CredentialsRepository,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  used(credentialId: string, at = new Date()): void {
    this.pending.set(credentialId, at);
    if (this.pending.size >= MAX_BUFFERED) void this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0 || !this.dataSource.isInitialized) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.credentials.recordUse(this.dataSource.manager, batch);
    } catch (error) {
      this.logger.warn({ msg: 'api_key.usage_flush_failed', keys: batch.size, err: (error as Error).message });
    }
  }
}
