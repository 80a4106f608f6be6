export type StkStatus = 'completed' | 'cancelled' | 'timeout' | 'failed' | 'pending';

// docs/design.md §5: map on the code, never on ResultDesc (its wording differs between callback and query).
const STATUS_BY_RESULT_CODE: Readonly<Record<string, StkStatus>> = {
  '0': 'completed',
  '1031': 'cancelled',
  '1032': 'cancelled',
  '1037': 'timeout',
  '1019': 'timeout',
  // 1001: the subscriber is busy in another session; 4999: the query says the push is still in flight.
  '1001': 'pending',
  '4999': 'pending',
};

export function stkStatusFromResultCode(code: string | number): StkStatus {
  const key = String(code).trim();
  return STATUS_BY_RESULT_CODE[key] ?? 'failed';
}
