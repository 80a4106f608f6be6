import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Platform-wide switches set by admins, e.g. `auto_b2c_enabled` (read by the payouts flow). */
export interface PlatformSettings {
  auto_b2c_enabled: boolean;
}

@Injectable()
export class SettingsRepository {
  async get(tx: EntityManager, forUpdate = false): Promise<PlatformSettings> {
    const rows: { key: string; value: unknown }[] = await tx.query(`SELECT key, value FROM gateway.settings${forUpdate ? ' FOR UPDATE' : ''}`);
    const map = new Map(rows.map((r) => [r.key, r.value]));
    return { auto_b2c_enabled: map.get('auto_b2c_enabled') === true };
  }

  async set(tx: EntityManager, key: keyof PlatformSettings, value: unknown): Promise<void> {
    await tx.query(
      `INSERT INTO gateway.settings (key, value) VALUES ($1, $2::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
}
