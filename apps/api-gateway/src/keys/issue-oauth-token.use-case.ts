import { Injectable } from '@nestjs/common';
import { UnauthorizedError } from '@lipa/platform';
import { MerchantSuspended, invalidClient } from '../auth/auth.errors';
import { Authenticator } from '../auth/authenticator';
import { OAuthTokensRepository } from '../auth/oauth-tokens.repository';
import { generateToken } from '../auth/secrets';
import { ApiGatewayConfig } from '../config';

/** OAuth 2.0 client credentials: client_id = ak_…, client_secret = sk_… of the same credential. */
@Injectable()
export class IssueOAuthToken {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly tokens: OAuthTokensRepository,
    private readonly config: ApiGatewayConfig,
  ) {}

  async execute(clientId: string, clientSecret: string): Promise<{ accessToken: string; expiresIn: number }> {
    const credential = await this.authenticator.byKeyPair(clientId, clientSecret).catch((error: unknown) => {
      throw error instanceof UnauthorizedError ? invalidClient() : error;
    });
    if (credential.merchant_status !== 'active') throw new MerchantSuspended('This merchant account is suspended');
    const accessToken = generateToken('oat_');
    const ttl = this.config.OAUTH_TOKEN_TTL_S;
    await this.tokens.save(this.authenticator.hash(accessToken), { credential_id: credential.id }, ttl);
    return { accessToken, expiresIn: ttl };
  }
}
