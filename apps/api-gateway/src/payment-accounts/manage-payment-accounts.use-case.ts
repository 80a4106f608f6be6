import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ApiMode } from '@lipa/contracts';
import { CodedError, LipaError, NotFoundError, SecretBox } from '@lipa/platform';
import { generateId } from '../auth/secrets';
import { ApiGatewayConfig } from '../config';
import { MerchantsRepository, isUniqueViolation } from '../merchants/merchants.repository';
import type { CreatePaymentAccountDto, UpdatePaymentAccountDto } from './payment-accounts.dto';
import { PAYMENT_ID_PATTERN } from './payment-accounts.dto';
import { DarajaApp, PaymentAccountRow, formatPaymentId } from './payment-account';
import { PaymentAccountChanges, PaymentAccountsRepository } from './payment-accounts.repository';

/** Bounds a merchant's accounts; far beyond what a business runs. */
export const MAX_PAYMENT_ACCOUNTS = 100;

export class PaymentAccountModeMismatch extends LipaError {
  readonly code = 'payment_account_mode_mismatch';
  readonly status = 403;
}

export class PaymentAccountExists extends LipaError {
  readonly code = 'payment_account_exists';
  readonly status = 409;
}

/** The live-number index refused: that paybill or till already collects for a merchant. */
function refuseTakenNumber(error: unknown): never {
  if (isUniqueViolation(error)) throw new PaymentAccountExists('This paybill or till is already registered for live payments');
  throw error;
}

export class PaymentAccountLimitReached extends LipaError {
  readonly code = 'payment_account_limit_reached';
  readonly status = 422;
}

const APP_FIELDS: (keyof DarajaApp)[] = ['consumer_key', 'consumer_secret', 'passkey', 'initiator_name', 'initiator_password', 'security_credential'];

function appFieldsOf(input: Partial<DarajaApp>): Partial<DarajaApp> {
  return Object.fromEntries(APP_FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, input[f]]));
}

/**
 * What an account may bring of Daraja: its own app (consumer key and secret together, with its passkey and
 * initiator), or only its shortcode's passkey (and initiator), used with the platform's app.
 */
function assertUsableApp(app: Partial<DarajaApp>): void {
  if (Object.keys(app).length === 0) return;
  const problem =
    !app.consumer_key !== !app.consumer_secret
      ? 'consumer_key and consumer_secret come together'
      : !app.consumer_key && !app.passkey
        ? 'without its own consumer_key and consumer_secret an account brings at least its passkey'
        : null;
  if (problem) throw new CodedError('validation_error', 400, problem, { errors: [{ field: 'consumer_key', problem }] });
}

const notFound = () => new NotFoundError('payment_account_not_found', 'Payment account not found');

/**
 * Paybills and tills a merchant collects on, each numbered `#0000n` per merchant, one primary per mode.
 * Accounts belong to the mode of the credential that made them: a test key never sees or uses a live one.
 * The merchant's own Daraja app is sealed (AES-256-GCM under CREDENTIALS_KEY_RING, bound to the
 * merchant) and never returned.
 */
@Injectable()
export class ManagePaymentAccounts {
  private readonly box: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly merchants: MerchantsRepository,
    private readonly accounts: PaymentAccountsRepository,
    config: ApiGatewayConfig,
  ) {
    this.box = SecretBox.fromKeyRing(config.CREDENTIALS_KEY_RING);
  }

  async create(merchantId: string, mode: ApiMode, input: CreatePaymentAccountDto): Promise<PaymentAccountRow> {
    if (input.type === 'paybill' && input.store_number !== undefined) {
      throw new CodedError('validation_error', 400, 'store_number is for tills only', {
        errors: [{ field: 'store_number', problem: 'store_number is for tills only' }],
      });
    }
    const app = appFieldsOf(input);
    assertUsableApp(app);
    return this.dataSource
      .transaction(async (tx) => {
        // Locked: numbering and "the first is primary" hold under concurrent creation.
        if (!(await this.merchants.lock(tx, merchantId))) throw new NotFoundError('merchant_not_found', 'Merchant not found');
        if ((await this.accounts.count(tx, merchantId)) >= MAX_PAYMENT_ACCOUNTS) {
          throw new PaymentAccountLimitReached(`At most ${MAX_PAYMENT_ACCOUNTS} payment accounts`);
        }
        const seq = await this.merchants.nextPaymentAccountSeq(tx, merchantId);
        const primary = await this.accounts.findPrimary(tx, merchantId, mode);
        const created = await this.accounts.insert(tx, {
          id: generateId('pa'),
          merchant_id: merchantId,
          payment_id: formatPaymentId(seq),
          mode,
          type: input.type,
          number: input.number,
          store_number: input.type === 'till' ? (input.store_number ?? null) : null,
          account_reference: input.account_reference ?? null,
          label: input.label ?? null,
          is_primary: !primary,
          ...this.sealed(merchantId, app as DarajaApp | Record<string, never>),
        });
        return primary && input.primary ? this.accounts.makePrimary(tx, created) : created;
      })
      .catch(refuseTakenNumber);
  }

  async update(merchantId: string, mode: ApiMode, paymentId: string, input: UpdatePaymentAccountDto): Promise<PaymentAccountRow> {
    return this.dataSource
      .transaction(async (tx) => {
        const account = await this.find(tx, merchantId, mode, paymentId);
        const type = input.type ?? account.type;
        const changes: PaymentAccountChanges = {
          type: input.type,
          number: input.number,
          account_reference: input.account_reference,
          label: input.label,
          store_number: type === 'paybill' ? null : input.store_number,
        };
        if (type === 'paybill' && input.store_number !== undefined) {
          throw new CodedError('validation_error', 400, 'store_number is for tills only', {
            errors: [{ field: 'store_number', problem: 'store_number is for tills only' }],
          });
        }
        const given = appFieldsOf(input);
        if (input.remove_daraja_app) {
          Object.assign(changes, { daraja_app_sealed: null, daraja_consumer_key_last4: null });
        } else if (Object.keys(given).length > 0) {
          const merged = { ...this.openApp(account), ...given };
          assertUsableApp(merged);
          Object.assign(changes, this.sealed(merchantId, merged));
        } else if (account.daraja_app_sealed && this.box.needsResealing(account.daraja_app_sealed)) {
          // Any change re-seals an app sealed under an older key, so a rotation completes as accounts are touched.
          Object.assign(changes, this.sealed(merchantId, this.openApp(account)));
        }
        const updated = await this.accounts.update(tx, account.id, changes);
        return input.primary ? this.accounts.makePrimary(tx, updated) : updated;
      })
      .catch(refuseTakenNumber);
  }

  list(merchantId: string, mode: ApiMode, page: { offset: number; limit: number }): Promise<{ rows: PaymentAccountRow[]; total: number }> {
    return this.accounts.page(this.dataSource.manager, merchantId, mode, page);
  }

  /** The account a money-moving call targets: by payment_id, else the mode's primary, else none (the platform's). */
  async resolve(merchantId: string, mode: ApiMode, paymentId: string | undefined): Promise<PaymentAccountRow | null> {
    if (paymentId === undefined) return this.accounts.findPrimary(this.dataSource.manager, merchantId, mode);
    return this.find(this.dataSource.manager, merchantId, mode, paymentId);
  }

  private async find(tx: EntityManager, merchantId: string, mode: ApiMode, paymentId: string): Promise<PaymentAccountRow> {
    if (!PAYMENT_ID_PATTERN.test(paymentId)) throw notFound();
    const account = await this.accounts.findByPaymentId(tx, merchantId, paymentId);
    if (!account) throw notFound();
    if (account.mode !== mode) {
      throw new PaymentAccountModeMismatch(`Payment account ${paymentId} is a ${account.mode} account; use a ${account.mode} key for it`);
    }
    return account;
  }

  private openApp(account: PaymentAccountRow): Partial<DarajaApp> {
    if (!account.daraja_app_sealed) return {};
    return JSON.parse(this.box.open(account.daraja_app_sealed, account.merchant_id)) as Partial<DarajaApp>;
  }

  private sealed(merchantId: string, app: Partial<DarajaApp>): Pick<PaymentAccountRow, 'daraja_app_sealed' | 'daraja_consumer_key_last4'> {
    if (Object.keys(app).length === 0) return { daraja_app_sealed: null, daraja_consumer_key_last4: null };
    return { daraja_app_sealed: this.box.seal(JSON.stringify(app), merchantId), daraja_consumer_key_last4: app.consumer_key?.slice(-4) ?? null };
  }
}
