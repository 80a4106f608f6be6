import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { DarajaHttpError } from '../http/daraja-http.error';
import { SimStateService } from '../sim-state.service';
import { merchantRequestId } from '../stk/daraja-ids';
import { requireC2bBearer } from './c2b-bearer';
import { validateC2bSimulate } from './c2b-request.validator';
import { C2bSimulationService } from './c2b-simulation.service';

/** Simulate a customer payment, v1 and v2 (docs/daraja.md §5.2): answers at once, notifications follow. */
@Controller('mpesa/c2b')
export class C2bSimulateController {
  constructor(
    private readonly state: SimStateService,
    private readonly simulation: C2bSimulationService,
  ) {}

  @Post(':version/simulate')
  @HttpCode(200)
  simulate(@Param('version') version: string, @Headers('authorization') authorization: string | undefined, @Body() body: unknown) {
    if (version !== 'v1' && version !== 'v2') throw new DarajaHttpError(404, '404.003.01', 'Resource not found');
    requireC2bBearer(this.state, authorization);
    const fields = validateC2bSimulate(body);
    const originatorConversationId = merchantRequestId();
    this.simulation.start(fields, originatorConversationId);
    return { OriginatorCoversationID: originatorConversationId, ResponseCode: '0', ResponseDescription: 'Accept the service request successfully.' };
  }
}
