import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ApiGatewayConfig } from '../config';
import type { MerchantRow } from '../merchants/merchant';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { MerchantSuspended, invalidCredentials } from './auth.errors';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { SessionsRepository } from './sessions.repository';
import { generateToken, keyedHash } from './secrets';

export interface OpenedSession {
  token: string;
  expiresAt: Date;
  merchant: MerchantRow;
}

/**
 * Opens a server-side session for a username or email and password. Failures are slowed and then
 * locked per account and per IP (LoginThrottle); the answer is the same whether or not the user exists.
 */
@Injectable()
export class LogIn {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ApiGatewayConfig,
    private readonly merchants: MerchantsRepository,
    private readonly sessions: SessionsRepository,
    private readonly passwords: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute(login: string, password: string, ip: string, res: Response): Promise<OpenedSession> {
    await this.throttle.assertNotLocked(login, ip, res);
    const merchant = await this.merchants.findByLogin(this.dataSource.manager, login);
    const ok = await this.passwords.verify(merchant?.password_hash ?? null, password);
    if (!merchant || !ok) {
      await this.throttle.recordFailure(login, ip);
      throw invalidCredentials();
    }
    await this.throttle.recordSuccess(login);
    if (merchant.status !== 'active') throw new MerchantSuspended('This merchant account is suspended');
    const token = generateToken('sess_');
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_MS);
    await this.sessions.insert(this.dataSource.manager, keyedHash(token, this.config.API_SECRET_PEPPER), merchant.id, expiresAt);
    return { token, expiresAt, merchant };
  }

  async logOut(token: string): Promise<void> {
    await this.sessions.delete(this.dataSource.manager, keyedHash(token, this.config.API_SECRET_PEPPER));
  }
}
