import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import { eventually } from '@lipa/testing';
import { MAX_RESPONSE_BYTES, parsePrivateTargets, PrivateTargets, Resolver, WebhookHttpClient } from '../src/deliveries/webhook-http.client';

/**
 * The outbound client against real servers on loopback. DNS is the only thing faked (merchant.test
 * does not exist): an injected resolver, as in production the client's only dependency.
 */

interface Seen {
  method: string;
  path: string;
  host: string | undefined;
  body: string;
}

/** A loopback HTTP server that counts TCP connections (a refusal must not even connect) and records requests. */
class Receiver {
  connections = 0;
  readonly requests: Seen[] = [];
  readonly sockets = new Set<Socket>();
  private server!: Server;

  constructor(private readonly answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(200).end('ok')) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', host: req.headers.host, body: Buffer.concat(chunks).toString('utf8') });
        this.answer(req, res);
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const resolvesTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const mustNotResolve: Resolver = async (hostname) => {
  throw new Error(`must not resolve ${hostname}`);
};

const send = (client: WebhookHttpClient, url: string, privateTargets: PrivateTargets, timeoutMs = 2_000) =>
  client.post({ url, headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1' }, body: '{"a":1}', timeoutMs, privateTargets });

describe('WebhookHttpClient', () => {
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await new Receiver().start();
  });
  afterEach(() => receiver.close());

  describe('destination guard', () => {
    it.each([
      ['a loopback IPv4 literal', (port: number) => `http://127.0.0.1:${port}/hooks`, mustNotResolve],
      ['another loopback IPv4 literal', (port: number) => `http://127.1.2.3:${port}/hooks`, mustNotResolve],
      ['the loopback IPv6 literal', (port: number) => `http://[::1]:${port}/hooks`, mustNotResolve],
      ['IPv4-mapped loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/hooks`, mustNotResolve],
      ['a decimal spelling of 127.0.0.1', (port: number) => `http://2130706433:${port}/hooks`, mustNotResolve],
      ['a name resolving to loopback', (port: number) => `http://merchant.test:${port}/hooks`, resolvesTo('127.0.0.1')],
      [
        'a name with one public and one loopback answer',
        (port: number) => `http://merchant.test:${port}/hooks`,
        resolvesTo('93.184.216.34', '::ffff:127.0.0.1'),
      ],
      ['a name resolving to NAT64 of a public address', (port: number) => `http://merchant.test:${port}/hooks`, resolvesTo('64:ff9b::5db8:d822')],
      ['a name resolving to the metadata address', (port: number) => `http://merchant.test:${port}/latest/meta-data`, resolvesTo('169.254.169.254')],
      ['localhost through the system resolver', (port: number) => `http://localhost:${port}/hooks`, undefined],
    ])('refuses %s without connecting when nothing is allowed', async (_what, urlFor, resolver) => {
      const client = new WebhookHttpClient(resolver);
      const result = await send(client, urlFor(receiver.port), parsePrivateTargets(''));
      expect(result).toMatchObject({ kind: 'refused', error: 'destination_not_allowed' });
      expect(result.kind === 'refused' && result.detail).toMatch(/address/);
      expect(receiver.connections).toBe(0);
      expect(receiver.requests).toHaveLength(0);
    });

    it('says which address and range refused it', async () => {
      const result = await send(new WebhookHttpClient(resolvesTo('8.8.8.8', '10.1.2.3')), 'https://merchant.test/hooks', PrivateTargets.none);
      expect(result).toMatchObject({
        kind: 'refused',
        detail: 'merchant.test resolves to 10.1.2.3, a private address, not in WEBHOOK_ALLOWED_PRIVATE_TARGETS',
      });
    });

    it.each([
      ['the host (any port)', '127.0.0.1'],
      ['host:port', (port: number) => `127.0.0.1:${port}`],
      ['the IPv4-mapped spelling of the host', '::ffff:127.0.0.1'],
    ])('calls a loopback literal allow-listed by %s', async (_what, entry) => {
      const targets = parsePrivateTargets(typeof entry === 'string' ? entry : entry(receiver.port));
      const result = await send(new WebhookHttpClient(mustNotResolve), `${receiver.url}/hooks`, targets);
      expect(result).toMatchObject({ kind: 'response', statusCode: 200 });
      expect(receiver.requests).toEqual([{ method: 'POST', path: '/hooks', host: `127.0.0.1:${receiver.port}`, body: '{"a":1}' }]);
    });

    it('refuses another port of an allow-listed host:port, without connecting', async () => {
      const targets = parsePrivateTargets(`127.0.0.1:${receiver.port + 1},localhost:${receiver.port + 1}`);
      await expect(send(new WebhookHttpClient(), `${receiver.url}/hooks`, targets)).resolves.toMatchObject({ kind: 'refused' });
      await expect(send(new WebhookHttpClient(), `http://localhost:${receiver.port}/hooks`, targets)).resolves.toMatchObject({ kind: 'refused' });
      expect(receiver.connections).toBe(0);
    });

    it('calls a name allow-listed by host or host:port, and a name whose address is allow-listed', async () => {
      const client = new WebhookHttpClient(resolvesTo('127.0.0.1'));
      const url = `http://merchant.test:${receiver.port}/hooks`;
      await expect(send(client, url, parsePrivateTargets('merchant.test'))).resolves.toMatchObject({ kind: 'response', statusCode: 200 });
      await expect(send(client, url, parsePrivateTargets(`MERCHANT.test:${receiver.port}`))).resolves.toMatchObject({ kind: 'response', statusCode: 200 });
      await expect(send(client, url, parsePrivateTargets(`127.0.0.1:${receiver.port}`))).resolves.toMatchObject({ kind: 'response', statusCode: 200 });
      expect(receiver.requests.map((r) => r.host)).toEqual(Array(3).fill(`merchant.test:${receiver.port}`));
      // Allowing one loopback name or address allows no other.
      await expect(send(client, url, parsePrivateTargets('localhost,127.0.0.2'))).resolves.toMatchObject({ kind: 'refused' });
      expect(receiver.requests).toHaveLength(3);
    });

    it('calls localhost allow-listed by host through the system resolver', async () => {
      const result = await send(new WebhookHttpClient(), `http://localhost:${receiver.port}/hooks`, parsePrivateTargets('127.0.0.1,localhost'));
      expect(result).toMatchObject({ kind: 'response', statusCode: 200 });
      expect(receiver.requests[0].host).toBe(`localhost:${receiver.port}`);
    });

    it('refuses URLs it could never call: credentials, other schemes', async () => {
      const client = new WebhookHttpClient(mustNotResolve);
      const targets = parsePrivateTargets('127.0.0.1');
      await expect(send(client, `http://user:pw@127.0.0.1:${receiver.port}/`, targets)).resolves.toMatchObject({
        kind: 'refused',
        detail: 'the URL carries credentials',
      });
      await expect(send(client, 'ftp://127.0.0.1/', targets)).resolves.toMatchObject({ kind: 'refused' });
      await expect(send(client, 'not a url', targets)).resolves.toMatchObject({ kind: 'refused' });
      expect(receiver.connections).toBe(0);
    });
  });

  describe('pinning', () => {
    it('connects to the address it checked, whatever DNS answers later, and keeps the Host header', async () => {
      const answers = [['127.0.0.1'], ['10.9.9.9']];
      let lookups = 0;
      const client = new WebhookHttpClient(async () => answers[Math.min(lookups++, 1)].map((address) => ({ address, family: 4 })));
      const result = await send(client, `http://merchant.test:${receiver.port}/hooks?x=1`, parsePrivateTargets('merchant.test'));
      expect(result).toMatchObject({ kind: 'response', statusCode: 200, responseBody: 'ok' });
      expect(lookups).toBe(1);
      expect(receiver.requests).toEqual([{ method: 'POST', path: '/hooks?x=1', host: `merchant.test:${receiver.port}`, body: '{"a":1}' }]);
    });

    it('falls back to the next checked address, and only to checked ones', async () => {
      // ::1 has nothing listening on the receiver's port (it listens on 127.0.0.1 only).
      const client = new WebhookHttpClient(resolvesTo('::1', '127.0.0.1'));
      const result = await send(client, `http://merchant.test:${receiver.port}/hooks`, parsePrivateTargets('merchant.test'));
      expect(result).toMatchObject({ kind: 'response', statusCode: 200 });
      expect(receiver.requests[0].host).toBe(`merchant.test:${receiver.port}`);
    });

    it('sends the hostname as TLS server name and checks the certificate', async () => {
      let sni: string | undefined;
      const tls = createTlsServer({
        key: TEST_KEY,
        cert: TEST_CERT,
        SNICallback: (name, cb) => {
          sni = name;
          cb(null, undefined);
        },
      });
      tls.on('tlsClientError', () => undefined);
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
      try {
        const port = (tls.address() as AddressInfo).port;
        const result = await send(new WebhookHttpClient(resolvesTo('127.0.0.1')), `https://merchant.test:${port}/hooks`, parsePrivateTargets('merchant.test'));
        expect(sni).toBe('merchant.test');
        // A self-signed certificate is not trusted: TLS verification is on, pinning does not turn it off.
        expect(result).toMatchObject({ kind: 'error' });
        expect(result.kind === 'error' && result.error).toMatch(/self[- ]signed/);
      } finally {
        await new Promise((resolve) => tls.close(resolve));
      }
    });
  });

  describe('answers', () => {
    it('reports the status and body of a failing receiver', async () => {
      const failing = await new Receiver((_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance')).start();
      try {
        await expect(send(new WebhookHttpClient(), `${failing.url}/down`, parsePrivateTargets('127.0.0.1'))).resolves.toMatchObject({
          kind: 'response',
          statusCode: 503,
          responseBody: 'down for maintenance',
        });
      } finally {
        await failing.close();
      }
    });

    it.each([301, 302, 303, 307, 308])('does not follow a %s redirect: it is just the answer', async (status) => {
      const redirecting = await new Receiver((_req, res) => res.writeHead(status, { location: `${receiver.url}/elsewhere` }).end('moved')).start();
      try {
        const result = await send(new WebhookHttpClient(), `${redirecting.url}/hooks`, parsePrivateTargets('127.0.0.1'));
        expect(result).toMatchObject({ kind: 'response', statusCode: status, responseBody: 'moved' });
        expect(redirecting.requests).toHaveLength(1);
        expect(receiver.connections).toBe(0);
      } finally {
        await redirecting.close();
      }
    });

    it('reads only the first 2 KB of a huge answer, stops reading, and still completes the attempt', async () => {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      chunk.write('first bytes:', 0);
      let written = 0;
      let closed = false;
      // Streams an answer far larger than the cap (or endless) until the client goes away.
      const huge = await new Receiver((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.on('close', () => (closed = true));
        const pump = () => {
          while (!closed && written < 512 * 1024 * 1024) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      }).start();
      try {
        const result = await send(new WebhookHttpClient(), `${huge.url}/hooks`, parsePrivateTargets('127.0.0.1'), 10_000);
        expect(MAX_RESPONSE_BYTES).toBe(2048);
        expect(result).toMatchObject({ kind: 'response', statusCode: 200 });
        const body = result.kind === 'response' ? result.responseBody : '';
        expect(Buffer.byteLength(body)).toBe(2048);
        expect(body).toBe(chunk.subarray(0, 2048).toString());
        // The client hung up instead of draining 512 MB.
        await eventually(() => expect(closed).toBe(true));
        expect(written).toBeLessThan(512 * 1024 * 1024);
      } finally {
        await huge.close();
      }
    });

    it('keeps a short answer whole', async () => {
      await expect(send(new WebhookHttpClient(), `${receiver.url}/hooks`, parsePrivateTargets('127.0.0.1'))).resolves.toMatchObject({
        kind: 'response',
        statusCode: 200,
        responseBody: 'ok',
      });
    });
  });

  describe('failures', () => {
    async function silentServer(answerHeaders: boolean) {
      const sockets: Socket[] = [];
      let closed = 0;
      // Accepts and reads; sends nothing, or only the start of an answer. Counts the connections the client closes.
      const server = createServer((req, res) => {
        if (answerHeaders) {
          res.writeHead(200, { 'content-length': '1000' });
          res.write('partial');
        }
      });
      server.on('connection', (socket: Socket) => {
        sockets.push(socket);
        socket.on('close', () => (closed += 1));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`,
        sockets,
        closed: () => closed,
        close: async () => {
          for (const socket of sockets) socket.destroy();
          await new Promise((resolve) => server.close(resolve));
        },
      };
    }

    it.each([
      ['never answers', false],
      ['answers the status, then never finishes the body', true],
    ])('gives up on a receiver that %s once the deadline passes, and closes the connection', async (_what, answerHeaders) => {
      const silent = await silentServer(answerHeaders);
      try {
        const started = Date.now();
        const result = await send(new WebhookHttpClient(), silent.url, parsePrivateTargets('127.0.0.1'), 300);
        expect(result).toMatchObject({ kind: 'error', error: 'timeout after 300 ms' });
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
        expect(result.durationMs).toBeGreaterThanOrEqual(290);
        expect(silent.sockets.length).toBeGreaterThan(0);
        await eventually(() => expect(silent.closed()).toBe(silent.sockets.length));
      } finally {
        await silent.close();
      }
    });

    it('counts a slow DNS answer against the same deadline', async () => {
      const client = new WebhookHttpClient(() => new Promise(() => undefined));
      const result = await send(client, 'https://merchant.test/hooks', PrivateTargets.none, 200);
      expect(result).toMatchObject({ kind: 'error', error: 'timeout after 200 ms' });
      expect(result.durationMs).toBeGreaterThanOrEqual(190);
    });

    it('reports a refused connection as an error, not a response', async () => {
      const gone = await new Receiver().start();
      const port = gone.port;
      await gone.close(); // nothing listens there now
      const result = await send(new WebhookHttpClient(), `http://127.0.0.1:${port}/nothing-listens`, parsePrivateTargets('127.0.0.1'));
      expect(result).toMatchObject({ kind: 'error' });
      expect(result.kind === 'error' && result.error).toMatch(/ECONNREFUSED/);
    });

    it('reports every address it tried when all refuse', async () => {
      const result = await send(new WebhookHttpClient(resolvesTo('::1', '127.0.0.1')), 'http://merchant.test:1/x', parsePrivateTargets('merchant.test'));
      expect(result).toMatchObject({ kind: 'error' });
      expect(result.kind === 'error' && result.error).toMatch(/ECONNREFUSED.*127\.0\.0\.1:1/);
    });

    it('reports a DNS failure as an error', async () => {
      const client = new WebhookHttpClient(async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND merchant.test'), { code: 'ENOTFOUND' });
      });
      await expect(send(client, 'https://merchant.test/hooks', PrivateTargets.none)).resolves.toMatchObject({ kind: 'error', error: 'dns_error: ENOTFOUND' });
      await expect(send(new WebhookHttpClient(resolvesTo()), 'https://merchant.test/hooks', PrivateTargets.none)).resolves.toMatchObject({
        kind: 'error',
        error: 'dns_error: no addresses',
      });
    });
  });

  describe('kept-alive connections', () => {
    it('reuses one connection for successive attempts to the same pinned destination', async () => {
      const client = new WebhookHttpClient(resolvesTo('127.0.0.1'));
      try {
        for (let i = 0; i < 3; i += 1) {
          expect(await send(client, `http://merchant.test:${receiver.port}/hooks`, parsePrivateTargets('merchant.test'))).toMatchObject({ statusCode: 200 });
        }
        expect(receiver.requests).toHaveLength(3);
        expect(receiver.connections).toBe(1);
      } finally {
        client.close();
      }
    });

    it('never reuses a pooled connection when the hostname now resolves elsewhere: the new answer is checked and connected to', async () => {
      let answer = '127.0.0.1';
      const client = new WebhookHttpClient(async () => [{ address: answer, family: 4 }]);
      try {
        const url = `http://merchant.test:${receiver.port}/hooks`;
        expect(await send(client, url, parsePrivateTargets('127.0.0.1'))).toMatchObject({ statusCode: 200 });
        // Rebinding to a private address that is not allowed: refused, though a connection to that host and port is pooled.
        answer = '10.0.0.1';
        expect(await send(client, url, parsePrivateTargets('127.0.0.1'))).toMatchObject({ kind: 'refused', error: 'destination_not_allowed' });
        // Rebinding to another allowed address, where nothing listens: the attempt goes there (and fails), not down the pooled connection.
        answer = '127.0.0.2';
        expect(await send(client, url, parsePrivateTargets('127.0.0.1,127.0.0.2'))).toMatchObject({ kind: 'error' });
        expect(receiver.requests).toHaveLength(1);
        expect(receiver.connections).toBe(1);
      } finally {
        client.close();
      }
    });
  });
});

/** Self-signed for merchant.test (a test fixture, trusted by nothing). */
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgBimLdSw+ELsMPj1J
Fu1nMzhqGL5SGTL/VxBym2E3ab6hRANCAARoug4J7exs3U8TGva616tZSx9cmlgn
S+HILiaqZOaHGh7Gb9TxrTlJqn77nJ8L7spt5/CmqqyXewvKjPc7pyCV
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBoTCCAUegAwIBAgIUSYGI4CYw3o4V8VnDMq6c7Zgn2KIwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNbWVyY2hhbnQudGVzdDAgFw0yNjEyMDEyMDA3NTlaGA8yMTI2
MTEwNzIwMDc1OVowGDEWMBQGA1UEAwwNbWVyY2hhbnQudGVzdDBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABGi6Dgnt7GzdTxMa9rrXq1lLH1yaWCdL4cguJqpk5oca
HsZv1PGtOUmqfvucnwvuym3n8KaqrJd7C8qM9zunIJWjbTBrMB0GA1UdDgQWBBSy
ELcqmNBWq/q+BBthIadGDgG2BzAfBgNVHSMEGDAWgBSyELcqmNBWq/q+BBthIadG
DgG2BzAPBgNVHRMBAf8EBTADAQH/MBgGA1UdEQQRMA+CDW1lcmNoYW50LnRlc3Qw
CgYIKoZIzj0EAwIDSAAwRQIgUejFaam2FH7Z22FXz2Sy/QVLT1j+zFiOD6EO8A3U
PHUCIQCHnWnInyHQar+9K5w6xjfNibBpZkPMrQ3Ryfn8kwnk1Q==
-----END CERTIFICATE-----
`;
