import { Injectable, Logger } from '@nestjs/common';
import * as argon2 from 'argon2';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { MerchantRegisteredV1, type ApiMode } from '@lipa/contracts';
import { Outbox, newEnvelope } from '@lipa/messaging';
import { ConflictError, LipaError, NotFoundError, UnauthorizedError } from '@lipa/platform';
import { ApiGatewayConfig } from '../config';
import type { AuthContext } from './auth-context';
import { CredentialRow, CredentialsRepository } from './credentials.repository';
import { MerchantRow, MerchantsRepository, isUniqueViolation } from './merchants.repository';
import { SessionsRepository } from './sessions.repository';
import { generateApiKey, generateApiSecret, generateId, generateToken, keyedHash, looksLikeApiKey, maskSecret, modeOfSecret, sameDigest } from './secrets';

export const SESSION_COOKIE = 'lipa_session';
/** A merchant rarely needs more; the cap keeps a leaked session from minting keys without end. */
export const MAX_ACTIVE_KEYS = 25;

export class ApiKeyLimitReached extends LipaError {
  readonly code = 'api_key_limit_reached';
  readonly status = 422;
}

const invalidApiKey = () => new UnauthorizedError('invalid_api_key', 'Invalid or revoked API key');
const invalidToken = () => new UnauthorizedError('invalid_token', 'Invalid or expired access token');
const invalidCredentials = () => new UnauthorizedError('invalid_credentials', 'Invalid username/email or password');
const invalidClient = () => new UnauthorizedError('invalid_client', 'Invalid client_id or client_secret');

export interface CredentialView {
  id: string;
  label: string | null;
  mode: ApiMode;
  api_key: string;
  api_secret: string;
  status: 'active' | 'revoked';
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function credentialView(c: CredentialRow): CredentialView {
  return {
    id: c.id,
    label: c.label,
    mode: c.mode,
    api_key: c.api_key,
    api_secret: maskSecret(c.mode, c.secret_last4),
    status: c.revoked_at ? 'revoked' : 'active',
    created_at: c.created_at.toISOString(),
    last_used_at: c.last_used_at?.toISOString() ?? null,
    revoked_at: c.revoked_at?.toISOString() ?? null,
  };
}

interface OAuthTokenRecord {
  credential_id: string;
  merchant_id: string;
  mode: ApiMode;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger('AuthService');
  /** Login of an unknown user still runs one argon2 verify, so timing does not reveal who exists. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: Redis,
    private readonly outbox: Outbox,
    private readonly config: ApiGatewayConfig,
    private readonly merchants: MerchantsRepository,
    private readonly credentials: CredentialsRepository,
    private readonly sessions: SessionsRepository,
  ) {}

  private hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: this.config.ARGON2_MEMORY_KIB });
  }

  /** The merchant row and its merchant.registered event commit together or not at all. */
  async register(
    input: { username: string; email: string; password: string; phone: string; business_name?: string },
    correlationId: string,
  ): Promise<MerchantRow> {
    const passwordHash = await this.hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (tx) => {
        const merchant = await this.merchants.insert(tx, {
          id: generateId('mch'),
          username: input.username,
          email: input.email.toLowerCase(),
          phone: input.phone,
          business_name: input.business_name ?? null,
          password_hash: passwordHash,
        });
        const event: MerchantRegisteredV1 = { merchant_id: merchant.id, name: merchant.business_name ?? merchant.username, email: merchant.email };
        await this.outbox.add(tx, newEnvelope(MerchantRegisteredV1.type, event, { correlationId, merchantId: merchant.id }));
        return merchant;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('merchant_exists', 'A merchant with this username or email already exists');
      throw error;
    }
  }

  async login(input: { username?: string; email?: string; password: string }): Promise<{ token: string; expiresAt: Date; merchant: MerchantRow }> {
    const merchant = await this.merchants.findByLogin(this.dataSource.manager, input);
    if (!merchant) {
      this.dummyHash ??= this.hashPassword('not-a-real-password-just-timing');
      await argon2.verify(await this.dummyHash, input.password).catch(() => false);
      throw invalidCredentials();
    }
    const ok = await argon2.verify(merchant.password_hash, input.password).catch(() => false);
    if (!ok || merchant.status !== 'active') throw invalidCredentials();
    const token = generateToken('sess_');
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_MS);
    await this.sessions.insert(this.dataSource.manager, keyedHash(token, this.config.API_SECRET_PEPPER), merchant.id, expiresAt);
    return { token, expiresAt, merchant };
  }

  async profile(merchantId: string): Promise<{ merchant: MerchantRow; keys: CredentialRow[] }> {
    const merchant = await this.merchants.findById(this.dataSource.manager, merchantId);
    if (!merchant) throw new NotFoundError('merchant_not_found', 'Merchant not found');
    const keys = await this.credentials.listForMerchant(this.dataSource.manager, merchantId);
    return { merchant, keys };
  }

  async createApiKey(merchantId: string, input: { label?: string; mode: ApiMode }): Promise<{ credential: CredentialRow; secret: string }> {
    const secret = generateApiSecret(input.mode);
    const credential = await this.dataSource.transaction(async (tx) => {
      // Serialises key creation per merchant so the cap holds under concurrent requests.
      await tx.query(`SELECT id FROM gateway.merchants WHERE id = $1 FOR UPDATE`, [merchantId]);
      if ((await this.credentials.countActive(tx, merchantId)) >= MAX_ACTIVE_KEYS) {
        throw new ApiKeyLimitReached(`At most ${MAX_ACTIVE_KEYS} active API keys; revoke one first`);
      }
      return this.credentials.insert(tx, {
        id: generateId('key'),
        merchant_id: merchantId,
        label: input.label ?? null,
        mode: input.mode,
        api_key: generateApiKey(input.mode),
        secret_hash: keyedHash(secret, this.config.API_SECRET_PEPPER),
        secret_last4: secret.slice(-4),
      });
    });
    return { credential, secret };
  }

  listApiKeys(merchantId: string): Promise<CredentialRow[]> {
    return this.credentials.listForMerchant(this.dataSource.manager, merchantId);
  }

  async revokeApiKey(merchantId: string, id: string): Promise<CredentialRow> {
    const revoked = await this.credentials.revoke(this.dataSource.manager, merchantId, id);
    if (!revoked) throw new NotFoundError('api_key_not_found', 'API key not found');
    return revoked;
  }

  /** OAuth 2.0 client credentials: client_id = ak_…, client_secret = sk_… of the same credential. */
  async issueOAuthToken(clientId: string, clientSecret: string): Promise<{ accessToken: string; expiresIn: number }> {
    let credential: CredentialRow;
    try {
      credential = await this.byKeyPair(clientId, clientSecret);
    } catch (error) {
      if (error instanceof UnauthorizedError) throw invalidClient();
      throw error;
    }
    const accessToken = generateToken('oat_');
    const record: OAuthTokenRecord = { credential_id: credential.id, merchant_id: credential.merchant_id, mode: credential.mode };
    const ttl = this.config.OAUTH_TOKEN_TTL_S;
    await this.redis.set(this.oauthKey(accessToken), JSON.stringify(record), 'EX', ttl);
    return { accessToken, expiresIn: ttl };
  }

  /** The Redis client carries REDIS_KEY_PREFIX, so this lands at <prefix>gateway:oauth:<hash>. */
  oauthKey(accessToken: string): string {
    return `gateway:oauth:${keyedHash(accessToken, this.config.API_SECRET_PEPPER)}`;
  }

  /**
   * Establishes who is calling from the request headers. Order: an explicit X-API-Key/X-API-Secret pair,
   * then the Authorization bearer (sk_ secret, oat_ OAuth token, sess_ session), then the session cookie.
   */
  async authenticate(headers: { authorization?: string; apiKey?: string; apiSecret?: string; sessionCookie?: string }): Promise<AuthContext> {
    if (headers.apiKey !== undefined || headers.apiSecret !== undefined) {
      if (!headers.apiKey || !headers.apiSecret) throw invalidApiKey();
      const c = await this.byKeyPair(headers.apiKey, headers.apiSecret);
      return this.used(c, 'api_key_pair');
    }
    if (headers.authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization);
      if (!match) throw new UnauthorizedError('unauthorized', 'Authorization must be "Bearer <secret key or token>"');
      const token = match[1];
      if (token.startsWith('sk_')) return this.used(await this.bySecret(token), 'secret_key');
      if (token.startsWith('oat_')) return this.byOAuthToken(token);
      if (token.startsWith('sess_')) return this.bySession(token);
      throw invalidApiKey();
    }
    if (headers.sessionCookie) return this.bySession(headers.sessionCookie);
    throw new UnauthorizedError();
  }

  private async used(c: CredentialRow, method: AuthContext['method']): Promise<AuthContext> {
    await this.credentials.touch(this.dataSource.manager, c.id).catch((err: Error) => this.logger.warn({ msg: 'api_key.touch_failed', err: err.message }));
    return { merchantId: c.merchant_id, method, credentialId: c.id, mode: c.mode };
  }

  private async bySecret(secret: string): Promise<CredentialRow> {
    if (!modeOfSecret(secret)) throw invalidApiKey();
    const digest = keyedHash(secret, this.config.API_SECRET_PEPPER);
    const c = await this.credentials.findBySecretHash(this.dataSource.manager, digest);
    if (!c || !sameDigest(c.secret_hash, digest) || c.revoked_at) throw invalidApiKey();
    return c;
  }

  private async byKeyPair(apiKey: string, secret: string): Promise<CredentialRow> {
    if (!looksLikeApiKey(apiKey) || !modeOfSecret(secret)) throw invalidApiKey();
    const c = await this.credentials.findByApiKey(this.dataSource.manager, apiKey);
    // Compute the digest even for an unknown key so both paths cost the same.
    const digest = keyedHash(secret, this.config.API_SECRET_PEPPER);
    if (!c || !sameDigest(c.secret_hash, digest) || c.revoked_at) throw invalidApiKey();
    return c;
  }

  private async byOAuthToken(token: string): Promise<AuthContext> {
    const raw = await this.redis.get(this.oauthKey(token));
    if (!raw) throw invalidToken();
    const record = JSON.parse(raw) as OAuthTokenRecord;
    // A key revoked after the token was issued takes its tokens with it.
    const c = await this.credentials.findById(this.dataSource.manager, record.credential_id);
    if (!c || c.revoked_at) throw invalidApiKey();
    return this.used(c, 'oauth');
  }

  private async bySession(token: string): Promise<AuthContext> {
    if (!token.startsWith('sess_')) throw invalidToken();
    const session = await this.sessions.findLive(this.dataSource.manager, keyedHash(token, this.config.API_SECRET_PEPPER));
    if (!session) throw invalidToken();
    return { merchantId: session.merchant_id, method: 'session', mode: 'test' };
  }
}
