import { Body, Controller, Headers, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { normalizeMsisdn } from '@lipa/phone';
import { ApiGatewayConfig } from '../config';
import { ApiErrors, SECURITY_SCHEMES } from '../http/openapi';
import { ValidationCodes } from '../http/validation-codes';
import { AuthAttemptGuard } from '../rate-limit/auth-attempt.guard';
import { ClientIp, RequestId } from './auth-context';
import { LoginDto, RegisterDto, loginName } from './auth.dto';
import { ApiRateLimitedPublic, LoggedInResponse, validationError, LoggedOutResponse, MerchantRegisteredResponse, RATE_LIMIT_HEADERS } from './auth.openapi';
import { LogIn } from './log-in.use-case';
import { readCookie } from './merchant-auth.guard';
import { RegisterMerchant } from './register-merchant.use-case';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

@Controller('v1/auth')
@ApiTags('Auth')
export class AuthController {
  constructor(
    private readonly registerMerchant: RegisterMerchant,
    private readonly logIn: LogIn,
    private readonly config: ApiGatewayConfig,
  ) {}

  @Post('register')
  @UseGuards(AuthAttemptGuard)
  @ApiOperation({
    summary: 'Register a merchant',
    description:
      'Creates the merchant account (on a trial subscription when the platform gives one) in test mode; live keys need an admin to approve the merchant. Log in afterwards to get a session. Limited per client address.',
  })
  @ApiRateLimitedPublic()
  @ApiBody({
    type: RegisterDto,
    examples: {
      full: {
        summary: 'With phone and business name',
        value: {
          username: 'mama_mboga',
          email: 'wanjiru@example.co.ke',
          password: 'correct horse battery',
          phone: '0712345678',
          business_name: 'Mama Mboga Groceries',
        },
      },
      minimal: { summary: 'Only what is required', value: { username: 'mama_mboga', email: 'wanjiru@example.co.ke', password: 'correct horse battery' } },
    },
  })
  @ApiCreatedResponse({ type: MerchantRegisteredResponse, headers: RATE_LIMIT_HEADERS, description: 'Registered.' })
  @ApiErrors(validationError('username must be 3-32 letters, digits, ".", "_" or "-"', { header: false }), 'invalid_json', 'merchant_exists', {
    code: 'invalid_phone',
    status: 400,
    description: 'The phone is not a Kenyan Safaricom number (07…, 01…, 7…, +254…, 254…).',
    message: 'phone must be a Safaricom mobile number such as 0712345678 or 254712345678',
  })
  @ValidationCodes({ phone: 'invalid_phone' })
  async register(@Body() body: RegisterDto, @RequestId() requestId: string) {
    const phone = body.phone === undefined || body.phone === null ? null : normalizeMsisdn(body.phone);
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
  @UseGuards(AuthAttemptGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in to the portal',
    description:
      'Opens a portal session for a username or email and password. The token is in the body for non-browser clients and in the HttpOnly `lipa_session` cookie for the portal. Failed log-ins are answered more slowly after a few, then lock the account (and a guessing address) for a while, even for the right password.',
  })
  @ApiRateLimitedPublic()
  @ApiBody({
    type: LoginDto,
    examples: {
      user: { summary: 'By `user`: a username or an email, as the Merchant Portal sends it', value: { user: 'mama_mboga', password: 'correct horse battery' } },
      email: { summary: 'By `email`', value: { email: 'wanjiru@example.co.ke', password: 'correct horse battery' } },
      username: { summary: 'By `username`', value: { username: 'mama_mboga', password: 'correct horse battery' } },
    },
  })
  @ApiOkResponse({
    type: LoggedInResponse,
    description: 'Logged in: the session token, also set as a cookie.',
    headers: {
      'Set-Cookie': {
        description:
          'The session: `lipa_session=sess_…; Path=/; HttpOnly; SameSite=Lax` (and `Secure` when served over HTTPS), for as long as the session lasts.',
        schema: { type: 'string', example: 'lipa_session=sess_SZZzvaywJYXufWzZ2GduCca1Hym_b8na2PFDyvDo6CQ; Max-Age=43200; Path=/; HttpOnly; SameSite=Lax' },
      },
      ...RATE_LIMIT_HEADERS,
    },
  })
  @ApiErrors(
    validationError('user (username or email) is required', { header: false }),
    'invalid_json',
    'invalid_credentials',
    {
      code: 'merchant_suspended',
      status: 403,
      description: 'The merchant is suspended; log-in is refused until an admin reactivates it.',
      message: 'This merchant account is suspended',
    },
    {
      code: 'login_locked',
      status: 429,
      description: 'Too many failed log-ins for this account or from this address; even the right password is refused until `Retry-After` seconds have passed.',
      message: 'Too many failed log-ins; this account or address is locked for a while',
    },
  )
  async login(@Body() body: LoginDto, @ClientIp() ip: string, @Res({ passthrough: true }) res: Response) {
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
  @ApiOperation({
    summary: 'Log out of the portal',
    description:
      'Ends the session named by `Authorization: Bearer sess_…` or the `lipa_session` cookie, and clears the cookie. Answers the same when there was no session, or it had already ended.',
  })
  // Optional: no credentials is fine (`{}`), and so is a session.
  @ApiSecurity({})
  @ApiSecurity(SECURITY_SCHEMES.sessionCookie)
  @ApiSecurity(SECURITY_SCHEMES.sessionToken)
  @ApiOkResponse({
    type: LoggedOutResponse,
    description: 'Logged out (also when there was no session).',
    headers: {
      'Set-Cookie': {
        description: 'Clears the session cookie.',
        schema: { type: 'string', example: 'lipa_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax' },
      },
    },
  })
  @ApiErrors('invalid_json')
  // The route reads these two headers itself; both are optional (the security above says the same).
  @ApiHeader({ name: 'authorization', required: false, description: '`Bearer sess_…`: the session to end.' })
  @ApiHeader({ name: 'cookie', required: false, description: '`lipa_session=sess_…`: the session to end, when no bearer token is sent.' })
  async logout(@Res({ passthrough: true }) res: Response, @Headers('authorization') authorization?: string, @Headers('cookie') cookie?: string) {
    const bearer = /^Bearer\s+(sess_\S+)\s*$/i.exec(authorization ?? '')?.[1];
    const token = bearer ?? readCookie(cookie, SESSION_COOKIE);
    if (token?.startsWith('sess_')) await this.logIn.logOut(token);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config.SESSION_COOKIE_SECURE));
    return { success: true, message: 'Logged out' };
  }
}
