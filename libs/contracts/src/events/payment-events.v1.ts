import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { API_MODES, ApiMode, MINOR_UNITS_PATTERN, MinorUnits, PaymentStatus } from '../common';
import { TOP_UP_WALLETS, type TopUpWallet } from '../commands/stk.commands';

/** What a payment event says about the payment from the moment M-Pesa accepted the push. */
class PaymentEventCore {
  @IsString() transaction_id: string;
  @IsString() merchant_id: string;
  @IsIn(API_MODES) mode: ApiMode;
  @Matches(MINOR_UNITS_PATTERN) amount_minor: MinorUnits;
  @IsString() currency: 'KES';
  @IsString() phone: string;
  @IsString() reference: string;
  @IsOptional() @IsString() description?: string;
  @IsString() checkout_request_id: string;
  @IsString() merchant_request_id: string;
  @IsISO8601() created_at: string;
  /** The shortcode the payment went to (BusinessShortCode of the push); absent on events from before it was recorded. */
  @IsOptional() @Matches(/^\d{5,8}$/) business_short_code?: string;
  /**
   * The merchant's payment account it collected on (`#00001`): the merchant's own shortcode, so the money
   * is the merchant's, not the platform's (the ledger records it on memo accounts). Absent: the platform's shortcode.
   */
  @IsOptional() @Matches(/^#\d{5}$/) payment_id?: string;
  /**
   * A top-up (InitiateStkPushV1.top_up_wallet): the merchant paid the platform's shortcode, and the ledger
   * credits this wallet instead of the merchant's collections. Absent: an ordinary sale.
   */
  @IsOptional() @IsIn(TOP_UP_WALLETS) top_up_wallet?: TopUpWallet;
}

/** What every settled payment event says about the payment; the webhook payload is built from it. */
class PaymentEventBase extends PaymentEventCore {
  @IsString() result_code: string;
  @IsString() result_desc: string;
  @IsISO8601() completed_at: string;
  /** The push's own callback_url: it receives this payment's webhooks too, signed with the merchant's signing secret for the mode. */
  @IsOptional() @IsString() @MaxLength(2048) callback_url?: string;
}

/**
 * stk-service → ledger-service (the transactions read model). Published once per push M-Pesa accepted,
 * in the transaction that records the acceptance; a push settled before its acceptance was recorded (a
 * slow Daraja answer) publishes none, its payment.completed / payment.failed says everything.
 */
export class PaymentInitiatedV1 extends PaymentEventCore {
  static readonly type = 'payment.initiated';
  @IsIn(['pending']) status: Extract<PaymentStatus, 'pending'>;
  /** The fee held on the service wallet for it (ledger.fee.hold); '0' when none. */
  @Matches(MINOR_UNITS_PATTERN) fee_minor: MinorUnits;
}

/** stk-service → ledger-service, webhook-dispatcher. */
export class PaymentCompletedV1 extends PaymentEventBase {
  static readonly type = 'payment.completed';
  @IsIn(['completed']) status: Extract<PaymentStatus, 'completed'>;
  /** The M-Pesa receipt, e.g. UJ22T8IYOU. */
  @IsString() transaction_code: string;
}

/** stk-service → webhook-dispatcher. Cancelled and timed-out payments are failures too, with their own status. */
export class PaymentFailedV1 extends PaymentEventBase {
  static readonly type = 'payment.failed';
  @IsIn(['failed', 'cancelled', 'timeout']) status: Exclude<PaymentStatus, 'completed' | 'pending'>;
}
