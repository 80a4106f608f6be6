import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { normalizeMsisdn } from '@lipa/phone';
import { ApiGatewayConfig } from '../config';
import { ValidationCodes } from '../http/validation-codes';
import { type AuthContext, CurrentAuth, RequestId } from './auth-context';
import { LoginDto, RegisterDto } from './auth.dto';
import { AuthService, SESSION_COOKIE, credentialView } from './auth.service';
import { MerchantAuthGuard } from './merchant-auth.guard';

@Controller('v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ApiGatewayConfig,
  ) {}

  @Post('auth/register')
  @ValidationCodes({ phone: 'invalid_phone' })
  async register(@Body() body: RegisterDto, @RequestId() requestId: string) {
    const merchant = await this.auth.register({ ...body, phone: normalizeMsisdn(body.phone) as string }, requestId);
    return { success: true, message: 'Merchant registered', merchant_id: merchant.id, username: merchant.username, email: merchant.email };
  }

  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Res({ passthrough: true }) res: Response) {
    const { token, expiresAt, merchant } = await this.auth.login(body);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: this.config.SESSION_TTL_MS });
    return { success: true, message: 'Logged in', merchant_id: merchant.id, token, expires_at: expiresAt.toISOString() };
  }

  @Get('me')
  @UseGuards(MerchantAuthGuard)
  async me(@CurrentAuth() auth: AuthContext) {
    const { merchant, keys } = await this.auth.profile(auth.merchantId);
    return {
      success: true,
      message: 'Profile retrieved',
      merchant_id: merchant.id,
      username: merchant.username,
      email: merchant.email,
      phone: merchant.phone,
      business_name: merchant.business_name,
      status: merchant.status,
      created_at: merchant.created_at.toISOString(),
      auth_method: auth.method,
      api_keys: keys.map(credentialView),
    };
  }
}
