import { StkStatus, stkStatusFromResultCode } from './stk-status';

describe('stkStatusFromResultCode', () => {
  it.each<[string | number, StkStatus]>([
    [0, 'completed'],
    ['0', 'completed'],
    [1032, 'cancelled'],
    ['1032', 'cancelled'],
    [1031, 'cancelled'],
    [1037, 'timeout'],
    ['1037', 'timeout'],
    [1019, 'timeout'],
    [1001, 'pending'],
    ['4999', 'pending'],
    [1, 'failed'],
    [2001, 'failed'],
    [1025, 'failed'],
    [9999, 'failed'],
    [17, 'failed'],
    ['SFC_IC0003', 'failed'],
    ['', 'failed'],
  ])('%p -> %p', (code, status) => {
    expect(stkStatusFromResultCode(code)).toBe(status);
  });
});
