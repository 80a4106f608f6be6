/**
 * Money crosses the wire as a string of integer minor units (cents): JSON has no bigint, and a float
 * would lose cents. `amount_minor: "150000"` is KES 1,500.00.
 */
export type MinorUnits = string;
export const MINOR_UNITS_PATTERN = /^-?\d+$/;

export type ApiMode = 'test' | 'live';
export const API_MODES: ApiMode[] = ['test', 'live'];

/** Our transaction status, derived from M-Pesa's result code (docs/design.md §5). */
export type PaymentStatus = 'pending' | 'completed' | 'failed' | 'cancelled' | 'timeout';
export const FINAL_PAYMENT_STATUSES: PaymentStatus[] = ['completed', 'failed', 'cancelled', 'timeout'];
