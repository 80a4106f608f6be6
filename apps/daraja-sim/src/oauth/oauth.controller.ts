import { Controller, Get, Headers, Inject, Query } from '@nestjs/common';
import type { OAuthTokenResponse } from '@lipa/daraja';
import { DarajaHttpError } from '../http/daraja-http.error';
import { ResolvedSimulatorOptions, SIM_OPTIONS } from '../sim-options';
import { SimStateService } from '../sim-state.service';
import { accessToken } from '../stk/daraja-ids';

const invalidAuthentication = () => new DarajaHttpError(400, '400.008.01', 'Invalid Authentication passed');

@Controller('oauth/v1')
export class OAuthController {
  constructor(
    private readonly state: SimStateService,
    @Inject(SIM_OPTIONS) private readonly options: ResolvedSimulatorOptions,
  ) {}

  @Get('generate')
  generate(@Headers('authorization') authorization: string | undefined, @Query('grant_type') grantType: unknown): OAuthTokenResponse {
    this.state.count('oauth');
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
    if (!match) throw invalidAuthentication();
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator <= 0) throw invalidAuthentication();
    if (!this.isAcceptedPair(decoded.slice(0, separator), decoded.slice(separator + 1))) throw invalidAuthentication();
    if (grantType !== 'client_credentials') throw new DarajaHttpError(400, '400.008.02', 'Invalid grant type passed');

    const token = accessToken();
    this.state.addToken(token, this.options.tokenTtlSeconds, decoded.slice(0, separator));
    // expires_in is a string in real responses; typed clients that expect a number break on Daraja too.
    return { access_token: token, expires_in: String(this.options.tokenTtlSeconds) };
  }

  private isAcceptedPair(key: string, secret: string): boolean {
    const { consumerKey, consumerSecret, rejectedConsumerKeys } = this.options;
    if (rejectedConsumerKeys.has(key)) return false;
    if (consumerKey === undefined || consumerSecret === undefined) return true;
    return key === consumerKey && secret === consumerSecret;
  }
}
