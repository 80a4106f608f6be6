import { DataSource } from 'typeorm';
import { normalizeMsisdn } from '@lipa/phone';
import { PasswordHasher } from '../auth/password-hasher';
import { generateId } from '../auth/secrets';
import type { ApiGatewayConfig } from '../config';
import type { MerchantRow } from '../merchants/merchant';
import { MerchantsRepository } from '../merchants/merchants.repository';

export interface AdminInput {
  username: string;
  email: string;
  password: string;
  phone?: string;
}

/**
 * The first admin (scripts/create-admin.ts): a new user with the admin role, or an existing user of
 * that username or email promoted to admin with the given password. Runs outside the HTTP app, so an
 * operator can bootstrap a fresh installation from a shell.
 */
export async function createAdmin(dataSource: DataSource, config: ApiGatewayConfig, input: AdminInput): Promise<{ merchant: MerchantRow; created: boolean }> {
  if (input.password.length < 12) throw new Error('An admin password must be at least 12 characters');
  const merchants = new MerchantsRepository();
  const passwordHash = await new PasswordHasher(config).hash(input.password);
  return dataSource.transaction(async (tx) => {
    const existing = (await merchants.findByLogin(tx, input.username)) ?? (await merchants.findByLogin(tx, input.email));
    if (existing) return { merchant: await merchants.update(tx, existing.id, { role: 'admin', password_hash: passwordHash }), created: false };
    const merchant = await merchants.insert(tx, {
      id: generateId('mch'),
      username: input.username,
      email: input.email.toLowerCase(),
      phone: input.phone ? normalizeMsisdn(input.phone) : null,
      business_name: null,
      password_hash: passwordHash,
      role: 'admin',
      subscription_plan: null,
      subscription_expires_at: null,
    });
    return { merchant, created: true };
  });
}
