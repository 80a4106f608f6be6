import { PaymentCompletedV1, PaymentFailedV1 } from '@lipa/contracts';
import { Webhook } from 'standardwebhooks';
import { paymentWebhookData, serialiseWebhookBody, signWebhook, webhookBody, webhookHeaders } from './webhook-body';

const base = {
  transaction_id: 'txn_123',
  merchant_id: 'mer_1',
  mode: 'test' as const,
  amount_minor: '150050',
  currency: 'KES' as const,
  phone: '254712345678',
  reference: 'INV-1',
  checkout_request_id: 'ws_CO_1',
  merchant_request_id: '29115-1',
  created_at: '2026-11-25T10:00:00.000Z',
  completed_at: '2026-11-25T10:00:09.000Z',
};

describe('paymentWebhookData', () => {
  it('builds payment.completed data with the KES amount, the M-Pesa receipt and the payment account', () => {
    const payment = Object.assign(new PaymentCompletedV1(), base, {
      status: 'completed' as const,
      transaction_code: 'UJ22T8IYOU',
      result_code: '0',
      result_desc: 'The service request is processed successfully.',
      description: 'Order 1',
      payment_id: '#00002',
      callback_url: 'https://merchant.example/cb',
    });
    expect(paymentWebhookData(payment)).toEqual({
      transaction_id: 'txn_123',
      status: 'completed',
      amount: 1500.5,
      currency: 'KES',
      phone: '254712345678',
      reference: 'INV-1',
      description: 'Order 1',
      transaction_code: 'UJ22T8IYOU',
      result_code: '0',
      result_desc: 'The service request is processed successfully.',
      checkout_request_id: 'ws_CO_1',
      merchant_request_id: '29115-1',
      payment_id: '#00002',
      created_at: base.created_at,
      completed_at: base.completed_at,
    });
  });

  it('builds payment.failed data with no receipt, null description and null payment account', () => {
    const payment = Object.assign(new PaymentFailedV1(), base, { status: 'cancelled' as const, result_code: '1032', result_desc: 'Request cancelled by user' });
    const data = paymentWebhookData(payment);
    expect(data).toMatchObject({ status: 'cancelled', transaction_code: null, description: null, payment_id: null, result_code: '1032' });
    expect(data).not.toHaveProperty('merchant_id');
    expect(data).not.toHaveProperty('amount_minor');
    expect(data).not.toHaveProperty('callback_url');
  });
});

describe('serialiseWebhookBody', () => {
  it('writes type, id, created_at, mode, data in that order whatever order it was given in', () => {
    const body = webhookBody('webhook.test', 'evt_1', '2026-11-25T10:00:00.000Z', 'live', { endpoint_id: 'we_1', message: 'hi' });
    const shuffled = { data: body.data, mode: body.mode, id: body.id, created_at: body.created_at, type: body.type };
    expect(serialiseWebhookBody(shuffled)).toBe(
      '{"type":"webhook.test","id":"evt_1","created_at":"2026-11-25T10:00:00.000Z","mode":"live","data":{"endpoint_id":"we_1","message":"hi"}}',
    );
  });
});

describe('signWebhook and webhookHeaders', () => {
  const current = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const previous = `whsec_${Buffer.from('the-previous-secret-24by').toString('base64')}`;
  const stranger = `whsec_${Buffer.from('someone-elses-secret-24b').toString('base64')}`;
  const body = '{"type":"webhook.test","id":"evt_1"}';
  const now = new Date();

  it('carries the Standard Webhooks headers that verify with the secret', () => {
    const headers = webhookHeaders('evt_1', now, signWebhook([current], 'evt_1', now, body));
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(headers['user-agent']).toBe('Lipa-Webhooks/1.0');
    expect(headers['content-type']).toBe('application/json');
    expect(new Webhook(current).verify(body, headers)).toEqual({ type: 'webhook.test', id: 'evt_1' });
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow();
  });

  it('signs with every secret valid now, space-separated, so either secret verifies during a rotation', () => {
    const headers = webhookHeaders('evt_1', now, signWebhook([current, previous], 'evt_1', now, body));
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow();
    expect(() => new Webhook(current).verify(body.replace('evt_1', 'evt_2'), headers)).toThrow();
  });

  it('refuses to sign with no secret', () => {
    expect(() => signWebhook([], 'evt_1', now, body)).toThrow();
  });
});
