import { LipaError } from '@lipa/platform';
import { MovementRefusal } from './balance-rules';
import { CreditsExceedDebitsError, InsufficientFundsError, InvalidTransferError } from './ledger.errors';

/** The LipaError a refused movement answers with. */
export function refusalError(refusal: MovementRefusal, t: { id: string; debitCode: string; creditCode: string; amountMinor: bigint }): LipaError {
  switch (refusal) {
    case 'insufficient_funds':
      return new InsufficientFundsError(`${t.debitCode} cannot cover ${t.amountMinor} minor units`, { transfer_id: t.id });
    case 'credits_exceed_debits':
      return new CreditsExceedDebitsError(`${t.creditCode} cannot be credited ${t.amountMinor} minor units beyond its debits`, { transfer_id: t.id });
    case 'balance_out_of_range':
      return new InvalidTransferError(`Transfer ${t.id} would take a balance outside the 64-bit range`, { transfer_id: t.id });
  }
}
