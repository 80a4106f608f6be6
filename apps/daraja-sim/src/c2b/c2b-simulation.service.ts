import { Injectable } from '@nestjs/common';
import { darajaTimestamp } from '@lipa/daraja';
import { mpesaReceiptNumber } from '../stk/daraja-ids';
import { C2bSimulateFields } from './c2b-request.validator';
import { C2bPayment, C2bRegistration, C2bStateService } from './c2b-state.service';

const DELIVERY_TIMEOUT_MS = 10_000;
const REJECTION = /^C2B0001\d$/;

/** v2 masks the MSISDN as `2547 ***** 126`; v1 sends it plain (docs/daraja.md §5.1). */
export function notificationMsisdn(msisdn: string, version: C2bRegistration['version']): string {
  return version === 'v2' ? `${msisdn.slice(0, 4)} ***** ${msisdn.slice(-3)}` : msisdn;
}

/** Runs a C2B payment after simulate answered: validation (if registered), then confirmation (docs/daraja.md §5.3–5.5). */
@Injectable()
export class C2bSimulationService {
  constructor(private readonly c2b: C2bStateService) {}

  start(fields: C2bSimulateFields, originatorConversationId: string): void {
    const registration = this.c2b.registrations.get(fields.shortcode);
    const payment: C2bPayment = {
      originatorConversationId,
      shortcode: fields.shortcode,
      transId: mpesaReceiptNumber(new Date()),
      status: 'pending',
      validation: 'none',
    };
    this.c2b.payments.set(originatorConversationId, payment);
    // No URLs registered: the payment simply completes and nothing is sent (§5.3).
    if (!registration) {
      this.c2b.credit(fields.shortcode, fields.amount);
      payment.status = 'completed';
      return;
    }
    void this.run(fields, registration, payment);
  }

  private async run(fields: C2bSimulateFields, registration: C2bRegistration, payment: C2bPayment): Promise<void> {
    const body: Record<string, string | null> = {
      TransactionType: fields.commandId === 'CustomerPayBillOnline' ? 'Pay Bill' : 'Buy Goods',
      TransID: payment.transId,
      TransTime: darajaTimestamp(new Date()),
      TransAmount: fields.amount.toFixed(2),
      BusinessShortCode: fields.shortcode,
      BillRefNumber: fields.billRefNumber,
      InvoiceNumber: '',
      OrgAccountBalance: '',
      ThirdPartyTransID: '',
      MSISDN: notificationMsisdn(fields.msisdn, registration.version),
      FirstName: 'JOHN',
      MiddleName: '',
      LastName: 'DOE',
    };
    if (registration.validationUrl) {
      const answer = await this.post(registration.validationUrl, body, this.c2b.validationTimeoutMs);
      const code = answer === undefined ? undefined : String(answer['ResultCode']);
      if (code === '0') {
        payment.validation = 'accepted';
        const third = answer?.['ThirdPartyTransID'];
        if (typeof third === 'string') body['ThirdPartyTransID'] = third;
      } else if (code !== undefined && (REJECTION.test(code) || code === '1')) {
        payment.validation = { rejected: code };
        payment.status = 'cancelled';
        return;
      } else {
        // Timeout, unreachable URL or an answer that says nothing: the registered ResponseType decides.
        payment.validation = 'timeout';
        if (registration.responseType === 'Cancelled') {
          payment.status = 'cancelled';
          return;
        }
      }
    }
    body['OrgAccountBalance'] = this.c2b.credit(fields.shortcode, fields.amount).toFixed(2);
    await this.post(registration.confirmationUrl, body, DELIVERY_TIMEOUT_MS);
    payment.status = 'completed';
  }

  /** One POST, no retry; any 2xx is an acknowledgement. Returns the parsed JSON answer, or undefined on failure or timeout. */
  private async post(url: string, body: object, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (!res.ok) return undefined;
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
}
