// Outcomes chosen by the payer's number, like card numbers in a card sandbox. Keep README.md's table in sync.

export interface StkOutcome {
  /**
   * What the push itself does: answer normally, fail with spike arrest, hang past any client timeout, or
   * answer late, after its callback was delivered (slow_answer).
   */
  push: 'accept' | 'spike_arrest' | 'hang' | 'slow_answer';
  /** Final ResultCode; null means the payment never settles (no callback, the query stays pending). */
  resultCode: number | null;
  /** ResultDesc in the callback and in the query; the two differ in real traffic (docs/daraja.md §3.3). */
  callbackDesc: string;
  queryDesc: string;
  /** How many times the callback is delivered (real Daraja: once). */
  deliveries: number;
}

const SUCCESS_DESC = 'The service request is processed successfully.';

const success: StkOutcome = { push: 'accept', resultCode: 0, callbackDesc: SUCCESS_DESC, queryDesc: SUCCESS_DESC, deliveries: 1 };

function failure(resultCode: number, callbackDesc: string, queryDesc = callbackDesc): StkOutcome {
  return { push: 'accept', resultCode, callbackDesc, queryDesc, deliveries: 1 };
}

export const PHONE_OUTCOMES: Readonly<Record<string, StkOutcome>> = {
  // The public sandbox test MSISDN never answers the prompt, exactly like the real sandbox.
  '254708374149': failure(1037, 'No response from user.', 'DS timeout user cannot be reached'),
  '254700000032': failure(1032, 'Request cancelled by user'),
  '254700000037': failure(1037, 'No response from user.', 'DS timeout user cannot be reached'),
  '254700001019': failure(1019, 'Transaction has expired'),
  '254700000001': failure(1, 'The balance is insufficient for the transaction.'),
  '254700002001': failure(2001, 'The initiator information is invalid.'),
  '254700000000': { ...success, resultCode: null, deliveries: 0 },
  '254700000002': { ...success, deliveries: 2 },
  '254700000500': { ...success, push: 'spike_arrest', deliveries: 0 },
  '254700000504': { ...success, push: 'hang' },
  '254700000555': { ...success, push: 'slow_answer' },
};

export function outcomeForPhone(msisdn: string): StkOutcome {
  return PHONE_OUTCOMES[msisdn] ?? success;
}
