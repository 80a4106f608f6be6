import { PaymentCompletedV1, PaymentFailedV1 } from '@lipa/contracts';
import { Webhook } from 'standardwebhooks';
import { buildPaymentWebhookBody, canonicalWebhookBody, minorToKes, webhookHeaders } from './webhook-payload';

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

describe('minorToKes', () => {
  it.each([
    ['150000', 1500],
    ['150050', 1500.5],
    ['1', 0.01],
    ['99', 0.99],
    ['0', 0],
    ['-250', -2.5],
    ['123456789012', 1234567890.12],
  ])('%s minor → KES %p', (minor, kes) => {
    expect(minorToKes(minor)).toBe(kes);
  });
});

describe('buildPaymentWebhookBody', () => {
  const event = { id: '6f1c1c2e-1111-4a4a-8b8b-000000000001', type: 'payment.completed', occurred_at: '2026-11-25T10:00:10.000Z' };

  it('builds payment.completed with the KES amount and the M-Pesa receipt', () => {
    const payment = Object.assign(new PaymentCompletedV1(), base, {
      status: 'completed' as const,
      transaction_code: 'UJ22T8IYOU',
      result_code: '0',
      result_desc: 'The service request is processed successfully.',
      description: 'Order 1',
    });
    const body = buildPaymentWebhookBody(event, payment);
    expect(body).toEqual({
      id: event.id,
      type: 'payment.completed',
      created_at: event.occurred_at,
      data: {
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
        created_at: base.created_at,
        completed_at: base.completed_at,
      },
    });
    expect(Object.keys(body)).toEqual(['id', 'type', 'created_at', 'data']);
    expect(body.data).not.toHaveProperty('merchant_id');
    expect(body.data).not.toHaveProperty('amount_minor');
  });

  it('builds payment.failed with no receipt and null description', () => {
    const payment = Object.assign(new PaymentFailedV1(), base, { status: 'cancelled' as const, result_code: '1032', result_desc: 'Request cancelled by user' });
    const body = buildPaymentWebhookBody({ ...event, type: 'payment.failed' }, payment);
    expect(body.type).toBe('payment.failed');
    expect(body.data.status).toBe('cancelled');
    expect(body.data.transaction_code).toBeNull();
    expect(body.data.description).toBeNull();
    expect(body.data.result_code).toBe('1032');
  });

  it('restores the documented key order after a jsonb round trip reordered it', () => {
    const payment = Object.assign(new PaymentCompletedV1(), base, { status: 'completed' as const, transaction_code: 'R', result_code: '0', result_desc: 'ok' });
    const body = buildPaymentWebhookBody(event, payment);
    const shuffled = JSON.parse(JSON.stringify({ data: { ...body.data }, type: body.type, id: body.id, created_at: body.created_at }));
    expect(JSON.stringify(canonicalWebhookBody(shuffled))).toBe(JSON.stringify(body));
  });
});

describe('webhookHeaders', () => {
  it('carries the Standard Webhooks headers that verify with the secret', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"id":"evt"}';
    const now = new Date();
    const headers = webhookHeaders('evt_1', now, new Webhook(secret).sign('evt_1', now, body));
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(headers['user-agent']).toBe('Lipa-Webhooks/1.0');
    expect(headers['content-type']).toBe('application/json');
    expect(new Webhook(secret).verify(body, headers)).toEqual({ id: 'evt' });
    expect(() => new Webhook('whsec_' + Buffer.from('other-secret-bytes-1234').toString('base64')).verify(body, headers)).toThrow();
  });
});
