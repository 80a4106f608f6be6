import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MerchantRegisteredV1 } from '@lipa/contracts';
import { Outbox, newEnvelope } from '@lipa/messaging';
import { ConflictError } from '@lipa/platform';
import { ApiGatewayConfig } from '../config';
import type { MerchantRole, MerchantRow } from '../merchants/merchant';
import { MerchantsRepository, isUniqueViolation } from '../merchants/merchants.repository';
import { PasswordHasher } from './password-hasher';
import { generateId } from './secrets';

export interface Registration {
  username: string;
  email: string;
  password: string;
  /** Already normalised (2547…/2541…), or null. */
  phone: string | null;
  business_name?: string;
  role?: MerchantRole;
}

const merchantExists = () => new ConflictError('merchant_exists', 'A merchant with this username or email already exists');

/** The merchant row and its merchant.registered event commit together or not at all. */
@Injectable()
export class RegisterMerchant {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly merchants: MerchantsRepository,
    private readonly passwords: PasswordHasher,
    private readonly config: ApiGatewayConfig,
  ) {}

  async execute(input: Registration, correlationId: string, now = new Date()): Promise<MerchantRow> {
    const email = input.email.toLowerCase();
    // Checked before the (deliberately slow) hash, so a taken name answers at once; the unique index still decides races.
    if (await this.merchants.exists(this.dataSource.manager, input.username, email)) throw merchantExists();
    const passwordHash = await this.passwords.hash(input.password);
    const trialDays = this.config.SUBSCRIPTION_TRIAL_DAYS;
    try {
      return await this.dataSource.transaction(async (tx) => {
        const merchant = await this.merchants.insert(tx, {
          id: generateId('mch'),
          username: input.username,
          email,
          phone: input.phone,
          business_name: input.business_name ?? null,
          password_hash: passwordHash,
          role: input.role,
          subscription_plan: trialDays > 0 ? 'trial' : null,
          subscription_expires_at: trialDays > 0 ? new Date(now.getTime() + trialDays * 86_400_000) : null,
        });
        const event: MerchantRegisteredV1 = { merchant_id: merchant.id, name: merchant.business_name ?? merchant.username, email: merchant.email };
        await this.outbox.add(tx, newEnvelope(MerchantRegisteredV1.type, event, { correlationId, merchantId: merchant.id }));
        return merchant;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw merchantExists();
      throw error;
    }
  }
}
