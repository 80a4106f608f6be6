import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { darajaTimestamp, stkPassword } from '@lipa/daraja';
import { SANDBOX_PASSKEY, SANDBOX_SHORTCODE } from '../src/sim-options';

/** A local HTTP server standing in for callback-ingest: records every callback the simulator sends. */
export interface CallbackReceiver {
  url: string;
  received: Array<{ path: string; headers: IncomingHttpHeaders; raw: string; body: any }>;
  close(): Promise<void>;
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: CallbackReceiver['received'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ResultCode":0,"ResultDesc":"Accepted"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Retries an assertion until it passes or the deadline expires (never a bare sleep). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

export async function getToken(baseUrl: string, key = 'key', secret = 'secret'): Promise<string> {
  const res = await fetch(`${baseUrl}/oauth/v1/generate?grant_type=client_credentials`, {
    headers: { Authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` },
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

export function pushBody(phone: string | number, callbackUrl: string, overrides: Record<string, unknown> = {}) {
  const timestamp = darajaTimestamp();
  return {
    BusinessShortCode: SANDBOX_SHORTCODE,
    Password: stkPassword(SANDBOX_SHORTCODE, SANDBOX_PASSKEY, timestamp),
    Timestamp: timestamp,
    TransactionType: 'CustomerPayBillOnline',
    Amount: 1,
    PartyA: phone,
    PartyB: SANDBOX_SHORTCODE,
    PhoneNumber: phone,
    CallBackURL: callbackUrl,
    AccountReference: 'INV-001',
    TransactionDesc: 'Payment',
    ...overrides,
  };
}

export function queryBody(checkoutRequestId: string, overrides: Record<string, unknown> = {}) {
  const timestamp = darajaTimestamp();
  return {
    BusinessShortCode: SANDBOX_SHORTCODE,
    Password: stkPassword(SANDBOX_SHORTCODE, SANDBOX_PASSKEY, timestamp),
    Timestamp: timestamp,
    CheckoutRequestID: checkoutRequestId,
    ...overrides,
  };
}

export async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
