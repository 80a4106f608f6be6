import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import type { StkPushResponse } from '@lipa/daraja';
import { ResolvedSimulatorOptions, SIM_OPTIONS } from '../sim-options';
import { SimStateService } from '../sim-state.service';
import { requireStkBearer } from './bearer-token';
import { StkSimulationService } from './stk-simulation.service';
import { validateStkPush } from './stk-request.validator';

const ACCEPTED = 'Success. Request accepted for processing';

@Controller('mpesa/stkpush/v1')
export class StkPushController {
  constructor(
    private readonly state: SimStateService,
    private readonly stk: StkSimulationService,
    @Inject(SIM_OPTIONS) private readonly options: ResolvedSimulatorOptions,
  ) {}

  @Post('processrequest')
  @HttpCode(200)
  async processRequest(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<StkPushResponse> {
    this.state.count('stkPush');
    const consumerKey = requireStkBearer(this.state, authorization);
    const fields = validateStkPush(body);
    this.stk.checkPassword(fields.shortcode, fields.password, fields.timestamp);
    const { txn, callbacksDone } = this.stk.accept(fields, consumerKey);
    // The push reached M-Pesa but the answer never comes back in time: the client cannot know the outcome.
    if (txn.outcome.push === 'hang') await this.state.sleep(this.options.hangMs);
    // A slow Daraja: the payer has already paid and the callback is home before the push's own answer.
    if (txn.outcome.push === 'slow_answer') {
      await callbacksDone;
      await this.state.sleep(this.options.slowAnswerMs);
    }
    return {
      MerchantRequestID: txn.merchantRequestId,
      CheckoutRequestID: txn.checkoutRequestId,
      ResponseCode: '0',
      ResponseDescription: ACCEPTED,
      CustomerMessage: ACCEPTED,
    };
  }
}
