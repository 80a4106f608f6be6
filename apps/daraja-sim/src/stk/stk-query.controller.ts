import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import type { StkQueryResponse } from '@lipa/daraja';
import { DarajaHttpError } from '../http/daraja-http.error';
import { SimStateService } from '../sim-state.service';
import { requireStkBearer } from './bearer-token';
import { StkSimulationService } from './stk-simulation.service';
import { validateStkQuery } from './stk-request.validator';

@Controller('mpesa/stkpushquery/v1')
export class StkQueryController {
  constructor(
    private readonly state: SimStateService,
    private readonly stk: StkSimulationService,
  ) {}

  @Post('query')
  @HttpCode(200)
  query(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): StkQueryResponse {
    this.state.count('stkQuery');
    const consumerKey = requireStkBearer(this.state, authorization);
    const fields = validateStkQuery(body);
    this.stk.checkPassword(fields.shortcode, fields.password, fields.timestamp);
    const txn = this.state.transactions.get(fields.checkoutRequestId);
    if (!txn || txn.shortcode !== fields.shortcode) {
      // Daraja echoes the CheckoutRequestID as requestId on query errors.
      throw new DarajaHttpError(500, '500.001.1001', 'The transaction does not Exist', fields.checkoutRequestId);
    }
    txn.queries.push({ consumerKey, shortcode: fields.shortcode });
    const common = {
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successfully',
      MerchantRequestID: txn.merchantRequestId,
      CheckoutRequestID: txn.checkoutRequestId,
    };
    // The 2026 sandbox answers an in-flight payment with HTTP 200 and 4999; the final code is a STRING here.
    if (txn.resultCode === null) return { ...common, ResultCode: '4999', ResultDesc: 'The transaction is still under processing' };
    return { ...common, ResultCode: String(txn.resultCode), ResultDesc: txn.outcome.queryDesc };
  }
}
