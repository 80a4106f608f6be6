import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiMode, LedgerStatement, MerchantBalances, MerchantTransferCount, WalletBalance } from '@lipa/contracts';
import { collectionAccounts, isValidMerchantId, merchantAccountCode, UNATTRIBUTED_SHORTCODE } from './account-codes';
import { AccountRepository, AccountRow } from './account.repository';
import { TransferRepository } from './transfer.repository';

/** Statement pages are bounded (docs/style.md); default 10 as the public list routes. */
export const MAX_STATEMENT_LIMIT = 100;
export const DEFAULT_STATEMENT_LIMIT = 10;

export type StatementWallet = 'service_wallet' | 'b2c_wallet' | 'collections';

/** Reads for the RPC consumers; a merchant without accounts (or with an unusable id) has zeros. */
@Injectable()
export class LedgerQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly transfers: TransferRepository,
  ) {}

  async merchantBalances(merchantId: string, mode: ApiMode = 'live'): Promise<MerchantBalances> {
    const rows = isValidMerchantId(merchantId) ? await this.accounts.findByMerchant(this.dataSource.manager, merchantId) : [];
    const find = (m: ApiMode, kind: string): AccountRow | undefined => rows.find((r) => r.mode === m && r.kind === kind);
    const total = (m: ApiMode, kind: string) => BigInt(find(m, kind)?.balance_minor ?? '0').toString();
    const wallet = (kind: string): WalletBalance => {
      const row = find(mode, kind);
      const balance = BigInt(row?.balance_minor ?? '0');
      const held = BigInt(row?.held_minor ?? '0');
      return { available_minor: (balance - held).toString(), held_minor: held.toString(), total_minor: balance.toString() };
    };
    return {
      merchant_id: merchantId,
      currency: 'KES',
      // Kept as before the chart had wallets per mode: the live wallets (api-gateway reads them so).
      service_wallet_minor: total('live', 'service_wallet'),
      b2c_wallet_minor: total('live', 'b2c_wallet'),
      mode,
      collections_minor: total(mode, 'collections'),
      wallets: {
        service_wallet: wallet('service_wallet'),
        b2c_wallet: wallet('b2c_wallet'),
        collections: wallet('collections'),
        own_collections_memo: wallet('own_collections_memo'),
      },
    };
  }

  async merchantCollectionTransfers(merchantId: string, mode: ApiMode = 'live'): Promise<MerchantTransferCount> {
    if (!isValidMerchantId(merchantId)) return { merchant_id: merchantId, count: 0, total_minor: '0' };
    const { creditCode } = collectionAccounts({ merchantId, mode, shortcode: UNATTRIBUTED_SHORTCODE, ownShortcode: false });
    const { count, totalMinor } = await this.transfers.creditsTo(this.dataSource.manager, creditCode);
    return { merchant_id: merchantId, count, total_minor: totalMinor.toString() };
  }

  /** The wallet's posted entries newest first with the balance after each; page ≥ 1, limit 1..100; the true total. */
  async statement(merchantId: string, wallet: StatementWallet, mode: ApiMode = 'live', page = 1, limit = DEFAULT_STATEMENT_LIMIT): Promise<LedgerStatement> {
    const perPage = Math.min(Math.max(Math.trunc(limit), 1), MAX_STATEMENT_LIMIT);
    const current = Math.max(Math.trunc(page), 1);
    const empty: LedgerStatement = {
      merchant_id: merchantId,
      mode,
      wallet,
      currency: 'KES',
      data: [],
      pagination: { current_page: current, per_page: perPage, total_items: 0, total_pages: 0 },
    };
    if (!isValidMerchantId(merchantId)) return empty;
    const account = await this.accounts.findByCode(this.dataSource.manager, merchantAccountCode(merchantId, mode, wallet));
    if (!account) return empty;
    const { rows, total } = await this.transfers.statement(this.dataSource.manager, account.id, (current - 1) * perPage, perPage);
    return {
      ...empty,
      data: rows.map((r) => ({
        transfer_id: r.id,
        code: r.code,
        cause_type: r.cause_type,
        cause_id: r.cause_id,
        reference: r.reference,
        direction: r.side,
        amount_minor: BigInt(r.amount_minor).toString(),
        balance_after_minor: BigInt(r.balance_after).toString(),
        counterparty_account: r.side === 'debit' ? r.credit_code : r.debit_code,
        created_at: new Date(r.created_at).toISOString(),
      })),
      pagination: { current_page: current, per_page: perPage, total_items: total, total_pages: Math.ceil(total / perPage) },
    };
  }
}
