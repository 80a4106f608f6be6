import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { DarajaHttpError } from '../http/daraja-http.error';
import { SimStateService } from '../sim-state.service';
import { merchantRequestId } from '../stk/daraja-ids';
import { requireC2bBearer } from './c2b-bearer';
import { validateRegisterUrl } from './c2b-request.validator';
import { C2bApiVersion, C2bStateService } from './c2b-state.service';

export interface C2bRegisterResponse {
  OriginatorCoversationID: string;
  ResponseCode: '0';
  ResponseDescription: string;
}

/** Register URLs, v1 and v2 (docs/daraja.md §5.1); the version decides the MSISDN form in notifications. */
@Controller('mpesa/c2b')
export class C2bRegisterController {
  constructor(
    private readonly state: SimStateService,
    private readonly c2b: C2bStateService,
  ) {}

  @Post(':version/registerurl')
  @HttpCode(200)
  register(@Param('version') version: string, @Headers('authorization') authorization: string | undefined, @Body() body: unknown): C2bRegisterResponse {
    if (version !== 'v1' && version !== 'v2') throw new DarajaHttpError(404, '404.003.01', 'Resource not found');
    requireC2bBearer(this.state, authorization);
    const fields = validateRegisterUrl(body);
    // The production rule: one registration per shortcode until it is deleted (here: DELETE /__sim/c2b/registrations/{shortcode}).
    if (this.c2b.registrations.has(fields.shortcode)) {
      throw new DarajaHttpError(500, '500.003.1001', 'Urls are already registered.');
    }
    this.c2b.registrations.set(fields.shortcode, { ...fields, version: version as C2bApiVersion });
    return { OriginatorCoversationID: merchantRequestId(), ResponseCode: '0', ResponseDescription: 'Success' };
  }
}
