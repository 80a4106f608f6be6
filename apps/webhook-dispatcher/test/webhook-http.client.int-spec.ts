import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { eventually, startRecordingServer, RecordingServer } from '@lipa/testing';
import { WebhookHttpClient } from '../src/deliveries/webhook-http.client';

/** The outbound client against a real local HTTP server; DNS is the only thing faked (merchant.test does not exist). */
describe('WebhookHttpClient', () => {
  let receiver: RecordingServer;
  let port: string;

  beforeAll(async () => {
    receiver = await startRecordingServer();
    port = new URL(receiver.url).port;
  });
  afterAll(() => receiver.close());

  const post = (client: WebhookHttpClient, url: string, allowPrivateTargets: boolean) =>
    client.post({ url, headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1' }, body: '{"a":1}', timeoutMs: 2_000, allowPrivateTargets });

  it('connects to the address it checked, whatever DNS answers later, and keeps the Host header', async () => {
    const answers = [[{ address: '127.0.0.1', family: 4 }], [{ address: '10.9.9.9', family: 4 }]];
    let lookups = 0;
    const client = new WebhookHttpClient(async () => answers[Math.min(lookups++, 1)]);
    const before = receiver.requests.length;
    const result = await post(client, `http://merchant.test:${port}/hooks`, true);
    expect(result).toMatchObject({ kind: 'response', statusCode: 200 });
    expect(lookups).toBe(1);
    const seen = receiver.requests[before];
    expect(seen.headers.host).toBe(`merchant.test:${port}`);
    expect(seen.path).toBe('/hooks');
    expect(seen.body).toBe('{"a":1}');
  });

  it('refuses a host with any private or loopback address among its answers, without connecting', async () => {
    const client = new WebhookHttpClient(async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '::ffff:127.0.0.1', family: 6 },
    ]);
    const before = receiver.requests.length;
    const result = await post(client, `http://merchant.test:${port}/hooks`, false);
    expect(result).toMatchObject({ kind: 'refused', error: 'destination_not_allowed' });
    expect(receiver.requests.length).toBe(before);
  });

  it('refuses an IP literal in a private range without resolving', async () => {
    const client = new WebhookHttpClient(async () => {
      throw new Error('must not resolve');
    });
    await expect(post(client, `http://127.0.0.1:${port}/x`, false)).resolves.toMatchObject({ kind: 'refused' });
    await expect(post(client, `http://[::1]:${port}/x`, false)).resolves.toMatchObject({ kind: 'refused' });
  });

  it('reports the status of a failing receiver and does not follow redirects', async () => {
    const client = new WebhookHttpClient();
    receiver.respondWith(503);
    await expect(post(client, `${receiver.url}/down`, true)).resolves.toMatchObject({ kind: 'response', statusCode: 503 });
    receiver.respondWith(302);
    await expect(post(client, `${receiver.url}/moved`, true)).resolves.toMatchObject({ kind: 'response', statusCode: 302 });
    receiver.respondWith(200);
  });

  it('gives up on a receiver that never answers once the timeout passes', async () => {
    const sockets: Socket[] = [];
    let closed = 0;
    // Accepts and reads, never answers; counts the connections the client closes.
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.on('close', () => (closed += 1)).resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const client = new WebhookHttpClient();
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/slow`;
      const result = await client.post({ url, headers: {}, body: '{}', timeoutMs: 200, allowPrivateTargets: true });
      expect(result).toMatchObject({ kind: 'error', error: 'timeout after 200 ms' });
      expect(result.durationMs).toBeGreaterThanOrEqual(190);
      // It gave up: the connection it opened is closed, not left hanging on the silent receiver.
      await eventually(() => expect(closed).toBe(sockets.length));
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports a connection error as an error, not a response', async () => {
    const client = new WebhookHttpClient();
    const result = await post(client, 'http://127.0.0.1:1/nothing-listens', true);
    expect(result.kind).toBe('error');
  });
});
