import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { API_MODES, type ApiMode } from '@lipa/contracts';
import { CodedError, UnauthorizedError } from '@lipa/platform';
import { ApiGatewayConfig } from '../config';
import { subscriptionStatus } from '../merchants/merchant';
import type { AuthContext, AuthMethod } from './auth-context';
import { LiveNotApproved, MerchantSuspended, invalidApiKey, invalidToken } from './auth.errors';
import { CredentialWithMerchant, CredentialsRepository } from './credentials.repository';
import { OAuthTokensRepository } from './oauth-tokens.repository';
import { LiveSession, SessionsRepository } from './sessions.repository';
import { keyedHash, looksLikeApiKey, modeOfSecret, sameDigest } from './secrets';
import { UsageRecorder } from './usage-recorder';

export interface PresentedCredentials {
  authorization?: string;
  apiKey?: string;
  apiSecret?: string;
  sessionCookie?: string;
  /** `X-Lipa-Mode` of a portal session; API keys carry their own mode and ignore it. */
  sessionMode?: string;
}

/**
 * Establishes who is calling from what the request presents, with one indexed read of the credential
 * joined to its merchant, so revocation and suspension take effect at once on every replica.
 * Order: an explicit X-API-Key/X-API-Secret pair, then the Authorization bearer (sk_ secret, oat_ OAuth
 * token, sess_ session), then the session cookie.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ApiGatewayConfig,
    private readonly credentials: CredentialsRepository,
    private readonly sessions: SessionsRepository,
    private readonly oauthTokens: OAuthTokensRepository,
    private readonly usage: UsageRecorder,
  ) {}

  hash(token: string): string {
    return keyedHash(token, this.config.API_SECRET_PEPPER);
  }

  async authenticate(presented: PresentedCredentials): Promise<AuthContext> {
    if (presented.apiKey !== undefined || presented.apiSecret !== undefined) {
      if (!presented.apiKey || !presented.apiSecret) throw invalidApiKey();
      return this.fromCredential(await this.byKeyPair(presented.apiKey, presented.apiSecret), 'api_key_pair');
    }
    if (presented.authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(presented.authorization);
      if (!match) throw new UnauthorizedError('unauthorized', 'Authorization must be "Bearer <secret key or token>"');
      const token = match[1];
      if (token.startsWith('sk_')) return this.fromCredential(await this.bySecret(token), 'secret_key');
      if (token.startsWith('oat_')) return this.fromCredential(await this.byOAuthToken(token), 'oauth');
      if (token.startsWith('sess_')) return this.bySession(token, presented.sessionMode);
      throw invalidApiKey();
    }
    if (presented.sessionCookie) return this.bySession(presented.sessionCookie, presented.sessionMode);
    throw new UnauthorizedError();
  }

  /** The credential of an API key pair (also OAuth's client credentials). Unknown and wrong cost the same. */
  async byKeyPair(apiKey: string, secret: string): Promise<CredentialWithMerchant> {
    if (!looksLikeApiKey(apiKey) || !modeOfSecret(secret)) throw invalidApiKey();
    const c = await this.credentials.findByApiKey(this.dataSource.manager, apiKey);
    const digest = this.hash(secret);
    if (!c || !sameDigest(c.secret_hash, digest) || c.revoked_at) throw invalidApiKey();
    return c;
  }

  private async bySecret(secret: string): Promise<CredentialWithMerchant> {
    if (!modeOfSecret(secret)) throw invalidApiKey();
    const digest = this.hash(secret);
    const c = await this.credentials.findBySecretHash(this.dataSource.manager, digest);
    if (!c || !sameDigest(c.secret_hash, digest) || c.revoked_at) throw invalidApiKey();
    return c;
  }

  private async byOAuthToken(token: string): Promise<CredentialWithMerchant> {
    const record = await this.oauthTokens.find(this.hash(token));
    if (!record) throw invalidToken();
    // A key revoked after the token was issued takes its tokens with it.
    const c = await this.credentials.findById(this.dataSource.manager, record.credential_id);
    if (!c || c.revoked_at) throw invalidApiKey();
    return c;
  }

  private fromCredential(c: CredentialWithMerchant, method: AuthMethod): AuthContext {
    if (c.merchant_status !== 'active') throw new MerchantSuspended('This merchant account is suspended');
    this.usage.used(c.id);
    return {
      merchantId: c.merchant_id,
      method,
      credentialId: c.id,
      mode: c.mode,
      role: c.merchant_role,
      liveApproved: c.live_approved_at !== null,
      subscriptionActive: subscriptionStatus(c) === 'active',
      rateLimitPerMinute: c.rate_limit_per_minute,
    };
  }

  private async bySession(token: string, requestedMode: string | undefined): Promise<AuthContext> {
    if (!token.startsWith('sess_')) throw invalidToken();
    const session = await this.sessions.findLive(this.dataSource.manager, this.hash(token));
    if (!session) throw invalidToken();
    if (session.merchant_status !== 'active') throw new MerchantSuspended('This merchant account is suspended');
    return this.sessionContext(session, this.sessionMode(requestedMode, session));
  }

  private sessionMode(requested: string | undefined, session: LiveSession): ApiMode {
    if (requested === undefined || requested === '') return 'test';
    if (!API_MODES.includes(requested as ApiMode)) throw new CodedError('validation_error', 400, 'X-Lipa-Mode must be test or live');
    if (requested === 'live' && !session.live_approved_at) throw new LiveNotApproved('This merchant is not approved for live payments yet');
    return requested as ApiMode;
  }

  private sessionContext(session: LiveSession, mode: ApiMode): AuthContext {
    return {
      merchantId: session.merchant_id,
      method: 'session',
      mode,
      role: session.merchant_role,
      liveApproved: session.live_approved_at !== null,
      subscriptionActive: subscriptionStatus(session) === 'active',
      rateLimitPerMinute: session.rate_limit_per_minute,
    };
  }
}
