import { Injectable, Logger } from '@nestjs/common';
import { HoldTransactionFeeV1, LEDGER_SERVICE, TransactionFeeHold, VoidLedgerHoldV1, feeHoldId } from '@lipa/contracts';
import { RpcClient } from '@lipa/messaging';
import { LipaError } from '@lipa/platform';
import { StkServiceConfig } from '../config';
import { StkTransaction } from './stk-transaction';

/** How long the fee hold may take out of the push's budget (STK_INITIATE_WORST_CASE_MS); the ledger answers in milliseconds. */
const FEE_HOLD_RPC_TIMEOUT_MS = 3_000;
/** Past the push's abandonment (when payment.failed voids it) and the reconciliation that may settle it late. */
const FEE_HOLD_MARGIN_MS = 20 * 60 * 1000;

/**
 * The fee of a push, held on the merchant's service wallet by ledger-service (`ledger.fee.hold`,
 * apps/ledger-service/README.md "Fees"). The hold is named by the transaction id, so asking twice
 * holds once; payment.completed posts it and payment.failed voids it in the ledger.
 */
@Injectable()
export class FeeLedgerClient {
  private readonly logger = new Logger(FeeLedgerClient.name);

  constructor(
    private readonly rpc: RpcClient,
    private readonly config: StkServiceConfig,
  ) {}

  async hold(txn: StkTransaction, correlationId: string): Promise<bigint> {
    const command: HoldTransactionFeeV1 = {
      merchant_id: txn.merchantId,
      mode: txn.mode,
      transaction_type: 'stk',
      amount_minor: txn.amountMinor.toString(),
      cause_id: txn.id,
      // At least the ledger's own default (FEE_HOLD_TIMEOUT_MS), longer when abandonment is configured later.
      timeout_ms: Math.max(30 * 60 * 1000, this.config.STK_ABANDON_AFTER_MS + FEE_HOLD_MARGIN_MS),
    };
    const held = await this.rpc.request<TransactionFeeHold>(LEDGER_SERVICE, HoldTransactionFeeV1.command, command, {
      correlationId,
      merchantId: txn.merchantId,
      timeoutMs: FEE_HOLD_RPC_TIMEOUT_MS,
    });
    return BigInt(held.fee_minor);
  }

  /**
   * A push that never reached M-Pesa publishes no payment.failed, so its fee is released here. Best
   * effort: if the ledger cannot be reached the hold expires on its own (its timeout), and the merchant
   * already has the push's own error to act on.
   */
  async release(txn: StkTransaction, correlationId: string): Promise<void> {
    try {
      await this.rpc.request(LEDGER_SERVICE, VoidLedgerHoldV1.command, { hold_id: feeHoldId(txn.id) } satisfies VoidLedgerHoldV1, {
        correlationId,
        merchantId: txn.merchantId,
        timeoutMs: FEE_HOLD_RPC_TIMEOUT_MS,
      });
    } catch (error) {
      // hold_not_found: there was no hold (a fee of 0, or the hold request never arrived).
      if (error instanceof LipaError && error.code === 'hold_not_found') return;
      this.logger.warn({ msg: 'stk.fee.release_failed', transaction_id: txn.id, error_code: error instanceof LipaError ? error.code : 'internal' });
    }
  }
}
