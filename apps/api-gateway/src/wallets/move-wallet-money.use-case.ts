import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  GetMerchantBalancesV1,
  LEDGER_SERVICE,
  type ApiMode,
  type MerchantBalances,
  type MerchantWallet,
  PostLedgerTransfersV1,
  type PostLedgerTransfersResult,
  merchantLedgerAccount,
  platformLedgerAccount,
} from '@lipa/contracts';
import { NotFoundError } from '@lipa/platform';
import { AuditLogRepository } from '../admin/audit-log.repository';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { UpstreamClient } from '../upstream/upstream.client';

/**
 * The ledger transfer's id: from the request's Idempotency-Key when there is one (so a retry is the same
 * transfer, which the ledger answers without moving money again), else new.
 */
export function transferId(prefix: 'adj' | 'mv', ownerId: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `${prefix}_${randomUUID().replace(/-/g, '')}`;
  return `${prefix}_${createHash('sha256').update(`${ownerId}\n${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

export interface Adjustment {
  adminId: string;
  requestId: string;
  merchantId: string;
  wallet: MerchantWallet;
  mode: ApiMode;
  direction: 'credit' | 'debit';
  amountMinor: bigint;
  reason: string;
  transferId: string;
}

/** Money moved by a merchant or an admin between wallets, by `ledger.transfer.post` (the ledger refuses overdrafts). */
@Injectable()
export class MoveWalletMoney {
  constructor(
    private readonly dataSource: DataSource,
    private readonly upstream: UpstreamClient,
    private readonly merchants: MerchantsRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  /** An admin credits (from funding) or debits (to funding) a merchant's wallet, with a reason, audited with the balances around it. */
  async adjust(a: Adjustment): Promise<{ transfer_id: string; balances_after: MerchantBalances }> {
    if (!(await this.merchants.findById(this.dataSource.manager, a.merchantId))) throw new NotFoundError('merchant_not_found', 'Merchant not found');
    const before = await this.balances(a.merchantId, a.mode, a.requestId);
    const wallet = merchantLedgerAccount(a.merchantId, a.mode, a.wallet);
    const funding = platformLedgerAccount(a.mode, 'funding');
    await this.post(a.merchantId, a.requestId, {
      id: a.transferId,
      debit_account: a.direction === 'credit' ? funding : wallet,
      credit_account: a.direction === 'credit' ? wallet : funding,
      amount_minor: a.amountMinor.toString(),
      code: 'adjustment',
      cause_type: 'admin_adjustment',
      cause_id: a.transferId,
      reference: a.reason.slice(0, 200),
      metadata: { reason: a.reason, admin_id: a.adminId },
    });
    const after = await this.balances(a.merchantId, a.mode, a.requestId);
    await this.audit.append(this.dataSource.manager, {
      actor_id: a.adminId,
      action: `wallet.${a.direction}`,
      target_type: 'merchant',
      target_id: a.merchantId,
      before: { wallet: a.wallet, mode: a.mode, balance: before.wallets?.[a.wallet] ?? null },
      after: {
        wallet: a.wallet,
        mode: a.mode,
        balance: after.wallets?.[a.wallet] ?? null,
        transfer_id: a.transferId,
        amount_minor: a.amountMinor.toString(),
        reason: a.reason,
      },
      request_id: a.requestId,
    });
    return { transfer_id: a.transferId, balances_after: after };
  }

  /** A merchant settles collected money into its B2C wallet (same mode), to fund payouts. */
  async collectionsToB2c(merchantId: string, mode: ApiMode, amountMinor: bigint, id: string, requestId: string): Promise<MerchantBalances> {
    await this.post(merchantId, requestId, {
      id,
      debit_account: merchantLedgerAccount(merchantId, mode, 'collections'),
      credit_account: merchantLedgerAccount(merchantId, mode, 'b2c_wallet'),
      amount_minor: amountMinor.toString(),
      code: 'settlement',
      cause_type: 'merchant_request',
      cause_id: id,
    });
    return this.balances(merchantId, mode, requestId);
  }

  private async post(merchantId: string, requestId: string, transfer: PostLedgerTransfersV1['transfers'][number]): Promise<PostLedgerTransfersResult> {
    const command: PostLedgerTransfersV1 = { transfers: [transfer] };
    return this.upstream.request<PostLedgerTransfersResult>(LEDGER_SERVICE, PostLedgerTransfersV1.command, command, { correlationId: requestId, merchantId });
  }

  private balances(merchantId: string, mode: ApiMode, requestId: string): Promise<MerchantBalances> {
    const command: GetMerchantBalancesV1 = { merchant_id: merchantId, mode };
    return this.upstream.request<MerchantBalances>(LEDGER_SERVICE, GetMerchantBalancesV1.command, command, { correlationId: requestId, merchantId });
  }
}
