import type { DataSource } from 'typeorm';

export function schemaName(ds: DataSource): string {
  return (ds.options as { schema?: string }).schema ?? 'public';
}

/** `"schema".` for qualifying the outbox and inbox tables. */
export function schemaPrefix(ds: DataSource): string {
  return `"${schemaName(ds).replace(/"/g, '""')}".`;
}

/** The NOTIFY channel the relay of this schema LISTENs on (max 63 chars, an identifier). */
export function notifyChannel(ds: DataSource): string {
  return `lipa_outbox_${schemaName(ds)}`.slice(0, 63);
}
