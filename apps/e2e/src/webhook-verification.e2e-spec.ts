import { eventually } from '@lipa/testing';
import { Webhook } from 'standardwebhooks';
import { E2eStack, Merchant, expectStatus, startE2eStack } from './support/lipa-stack';
import { RawRequest, RawWebhookReceiver, startRawWebhookReceiver, webhookBody, webhookHeaders } from './support/raw-webhook-receiver';
import { runSnippet, SNIPPET_LANGUAGES } from './support/webhook-snippets';

jest.setTimeout(300_000);

/**
 * docs/webhooks.md's snippets (Node with standardwebhooks, PHP and Python with their standard libraries)
 * run as child processes on requests the dispatcher really sent: a real STK Push through every service,
 * the receiver keeping the body's exact bytes. Each must accept what Lipa signed and refuse a changed
 * body, a wrong secret and a stale timestamp; during a rotation both secrets verify; a push's own
 * callback_url is verified with the per-mode signing secret.
 */
describe('the merchant verification snippets on real deliveries', () => {
  let e2e: E2eStack;
  let receiver: RawWebhookReceiver;
  let merchant: Merchant;
  let delivered: RawRequest;
  let transactionId: string;

  const aWrongSecret = `whsec_${Buffer.from('not-the-endpoint-secret-at-all!!').toString('base64')}`;

  beforeAll(async () => {
    receiver = await startRawWebhookReceiver({ status: 204 });
    e2e = await startE2eStack({
      label: 'e2e_whverify',
      simCallbackDelayMs: 300,
      // The receivers listen on loopback: allowed by name, as in development.
      env: { 'webhook-dispatcher': { WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.1' } },
    });
    merchant = await e2e.api.onboardMerchant(`${receiver.url}/hooks/lipa`, 'verify');

    const started = await e2e.api.call('POST', '/v1/stk-push', {
      headers: merchant.auth,
      body: { phone: '0712345678', amount: 250, reference: 'VERIFY-1', description: 'Snippet check' },
    });
    expectStatus(started, 201);
    transactionId = started.body.transaction_id;
    delivered = await eventually(
      () => {
        const found = receiver.requests.find((r) => r.path === '/hooks/lipa' && webhookBody(r).data?.transaction_id === transactionId);
        if (!found) throw new Error('no delivery yet');
        return found;
      },
      { timeoutMs: 30_000 },
    );
  }, 240_000);

  afterAll(async () => {
    await e2e?.stop();
    await receiver?.close();
  });

  it('receives the documented headers and body', () => {
    const headers = webhookHeaders(delivered);
    const body = webhookBody(delivered);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}( v1,[A-Za-z0-9+/]+={0,2})*$/);
    expect(headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(Object.keys(body)).toEqual(['type', 'id', 'created_at', 'mode', 'data']);
    expect(body).toMatchObject({ type: 'payment.completed', id: headers['webhook-id'], mode: 'test' });
    expect(body.data).toMatchObject({ transaction_id: transactionId, status: 'completed', amount: 250, reference: 'VERIFY-1' });
    // The reference check: the package every snippet is measured against accepts it.
    expect(new Webhook(merchant.webhookSecret).verify(delivered.raw.toString('utf8'), headers)).toEqual(body);
  });

  it.each(SNIPPET_LANGUAGES)('%s: accepts the real delivery', async (language) => {
    const verdict = await runSnippet(language, merchant.webhookSecret, { headers: webhookHeaders(delivered), raw: delivered.raw });
    expect(verdict).toEqual({ valid: true, output: expect.stringContaining(`valid payment.completed ${webhookBody(delivered).id} (test)`) });
  });

  it.each(SNIPPET_LANGUAGES)('%s: refuses the delivery with one byte of the body changed', async (language) => {
    const tampered = Buffer.from(delivered.raw.toString('utf8').replace('"amount":250', '"amount":2500'));
    expect(tampered.equals(delivered.raw)).toBe(false);
    const verdict = await runSnippet(language, merchant.webhookSecret, { headers: webhookHeaders(delivered), raw: tampered });
    expect(verdict.valid).toBe(false);
  });

  it.each(SNIPPET_LANGUAGES)('%s: refuses the delivery checked with another secret', async (language) => {
    const verdict = await runSnippet(language, aWrongSecret, { headers: webhookHeaders(delivered), raw: delivered.raw });
    expect(verdict.valid).toBe(false);
  });

  it.each(SNIPPET_LANGUAGES)('%s: refuses a correctly signed replay whose timestamp is 10 minutes old', async (language) => {
    const headers = webhookHeaders(delivered);
    const old = new Date((Number(headers['webhook-timestamp']) - 600) * 1000);
    const signature = new Webhook(merchant.webhookSecret).sign(headers['webhook-id'], old, delivered.raw.toString('utf8'));
    const stale = { ...headers, 'webhook-timestamp': String(Math.floor(old.getTime() / 1000)), 'webhook-signature': signature };
    const verdict = await runSnippet(language, merchant.webhookSecret, { headers: stale, raw: delivered.raw });
    expect(verdict.valid).toBe(false);
    // The same bytes with the current timestamp pass: it is the age that is refused.
    const fresh = await runSnippet(language, merchant.webhookSecret, { headers, raw: delivered.raw });
    expect(fresh.valid).toBe(true);
  });

  describe('during a secret rotation', () => {
    let rotated: RawRequest;
    let newSecret: string;

    beforeAll(async () => {
      const rotation = await e2e.api.call('POST', `/v1/webhook-endpoints/${merchant.endpointId}/rotate-secret`, { headers: merchant.auth });
      expect([200, 201]).toContain(rotation.status);
      newSecret = rotation.body.secret;
      expect(newSecret).toMatch(/^whsec_/);
      expect(newSecret).not.toBe(merchant.webhookSecret);
      const test = await e2e.api.call('POST', `/v1/webhook-endpoints/${merchant.endpointId}/test`, { headers: merchant.auth });
      expect([200, 201, 202]).toContain(test.status);
      rotated = await eventually(
        () => {
          const found = receiver.requests.find((r) => webhookBody(r).type === 'webhook.test');
          if (!found) throw new Error('no webhook.test yet');
          return found;
        },
        { timeoutMs: 30_000 },
      );
    }, 60_000);

    it('signs with both secrets: two space-separated v1 signatures', () => {
      expect(webhookHeaders(rotated)['webhook-signature'].split(' ')).toHaveLength(2);
      expect(webhookBody(rotated)).toMatchObject({ type: 'webhook.test', mode: 'test', data: { endpoint_id: merchant.endpointId } });
    });

    it.each(SNIPPET_LANGUAGES)('%s: accepts it with the old secret and with the new one, not with a third', async (language) => {
      const request = { headers: webhookHeaders(rotated), raw: rotated.raw };
      expect((await runSnippet(language, merchant.webhookSecret, request)).valid).toBe(true);
      expect((await runSnippet(language, newSecret, request)).valid).toBe(true);
      expect((await runSnippet(language, aWrongSecret, request)).valid).toBe(false);
    });
  });

  describe("a push's own callback_url", () => {
    let callback: RawRequest;
    let signingSecret: string;

    beforeAll(async () => {
      const secret = await e2e.api.call('GET', '/v1/webhook-signing-secret', { headers: merchant.auth });
      expectStatus(secret, 200);
      signingSecret = secret.body.secret;
      expect(signingSecret).toMatch(/^whsec_/);
      const started = await e2e.api.call('POST', '/v1/stk-push', {
        headers: merchant.auth,
        body: { phone: '0712345678', amount: 75, reference: 'VERIFY-CB', callback_url: `${receiver.url}/orders/VERIFY-CB/paid` },
      });
      expectStatus(started, 201);
      callback = await eventually(
        () => {
          const found = receiver.requests.find((r) => r.path === '/orders/VERIFY-CB/paid');
          if (!found) throw new Error('no callback delivery yet');
          return found;
        },
        { timeoutMs: 30_000 },
      );
      expect(webhookBody(callback)).toMatchObject({ type: 'payment.completed', mode: 'test', data: { transaction_id: started.body.transaction_id } });
      // The endpoint gets the same event too, under the same webhook-id (one id to de-duplicate on).
      const atEndpoint = await eventually(
        () => {
          const found = receiver.requests.find((r) => r.path === '/hooks/lipa' && webhookBody(r).data?.transaction_id === started.body.transaction_id);
          if (!found) throw new Error('no endpoint delivery yet');
          return found;
        },
        { timeoutMs: 30_000 },
      );
      expect(webhookHeaders(atEndpoint)['webhook-id']).toBe(webhookHeaders(callback)['webhook-id']);
    }, 60_000);

    it.each(SNIPPET_LANGUAGES)('%s: accepts it with the signing secret of the mode, not with the endpoint secret', async (language) => {
      const request = { headers: webhookHeaders(callback), raw: callback.raw };
      expect((await runSnippet(language, signingSecret, request)).valid).toBe(true);
      expect((await runSnippet(language, merchant.webhookSecret, request)).valid).toBe(false);
    });
  });
});
