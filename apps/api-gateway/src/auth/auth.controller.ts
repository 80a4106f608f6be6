import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { normalizeMsisdn } from '@lipa/phone';
import { ApiGatewayConfig } from '../config';
import { ValidationCodes } from '../http/validation-codes';
import { RateLimits } from '../rate-limit/rate-limits';
import { ClientIp, RequestId } from './auth-context';
import { LoginDto, RegisterDto, loginName } from './auth.dto';
import { LogIn } from './log-in.use-case';
import { readCookie } from './merchant-auth.guard';
import { RegisterMerchant } from './register-merchant.use-case';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly registerMerchant: RegisterMerchant,
    private readonly logIn: LogIn,
    private readonly rateLimits: RateLimits,
    private readonly config: ApiGatewayConfig,
  ) {}

  @Post('register')
  @ValidationCodes({ phone: 'invalid_phone' })
  async register(@Body() body: RegisterDto, @RequestId() requestId: string, @ClientIp() ip: string, @Res({ passthrough: true }) res: Response) {
    await this.rateLimits.consumeAuthAttempt(ip, res);
    const phone = body.phone === undefined ? null : normalizeMsisdn(body.phone);
    const merchant = await this.registerMerchant.execute({ ...body, phone }, requestId);
    return {
      success: true,
      message: 'Merchant registered',
      merchant_id: merchant.id,
      username: merchant.username,
      email: merchant.email,
      phone: merchant.phone,
      business_name: merchant.business_name,
      created_at: merchant.created_at.toISOString(),
    };
  }

  /** The token is in the body for non-browser clients and in an HttpOnly cookie for the portal. */
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @ClientIp() ip: string, @Res({ passthrough: true }) res: Response) {
    await this.rateLimits.consumeAuthAttempt(ip, res);
    const { token, expiresAt, merchant } = await this.logIn.execute(loginName(body), body.password, ip, res);
    res.setHeader('Cache-Control', 'no-store');
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(this.config.SESSION_COOKIE_SECURE, this.config.SESSION_TTL_MS));
    return {
      success: true,
      message: 'Logged in',
      merchant_id: merchant.id,
      username: merchant.username,
      role: merchant.role,
      token,
      token_type: 'Bearer',
      expires_at: expiresAt.toISOString(),
    };
  }

  /** Ends the session named by the cookie or `Authorization: Bearer sess_…`; answers the same if there was none. */
  @Post('logout')
  @HttpCode(200)
  async logout(@Res({ passthrough: true }) res: Response, @Headers('authorization') authorization?: string, @Headers('cookie') cookie?: string) {
    const bearer = /^Bearer\s+(sess_\S+)\s*$/i.exec(authorization ?? '')?.[1];
    const token = bearer ?? readCookie(cookie, SESSION_COOKIE);
    if (token?.startsWith('sess_')) await this.logIn.logOut(token);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config.SESSION_COOKIE_SECURE));
    return { success: true, message: 'Logged out' };
  }
}
