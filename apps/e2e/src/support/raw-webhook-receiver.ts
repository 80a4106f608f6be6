import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** One POST exactly as it arrived: the body's bytes untouched (a signature covers these bytes). */
export interface RawRequest {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  receivedAt: number;
  /** When the answer was written; null while the request is still being held (or the client went away first). */
  answeredAt: number | null;
  /** The status written, null when none was. */
  answeredStatus: number | null;
}

/** How the receiver answers: a status, after a delay (a slow receiver). */
export interface ReceiverBehaviour {
  status: number;
  delayMs: number;
}

export interface RawWebhookReceiver {
  url: string;
  requests: RawRequest[];
  /** Requests received whose answer has not been written yet. */
  inFlight(): number;
  /** Changes how the following requests (and those still being held) are answered. */
  behave(next: Partial<ReceiverBehaviour>): void;
  close(): Promise<void>;
}

/**
 * A merchant's receiver on 127.0.0.1 that keeps every request's raw bytes and can be made to fail or
 * hang: a request is held while `delayMs` has not passed since it arrived, then answered with the
 * current `status` (so switching to 204 releases the requests being held with 204).
 */
export async function startRawWebhookReceiver(initial: Partial<ReceiverBehaviour> = {}): Promise<RawWebhookReceiver> {
  const behaviour: ReceiverBehaviour = { status: 204, delayMs: 0, ...initial };
  const requests: RawRequest[] = [];
  const held = new Set<{ request: RawRequest; res: ServerResponse }>();
  const sockets = new Set<Socket>();

  const answer = (entry: { request: RawRequest; res: ServerResponse }): void => {
    held.delete(entry);
    entry.request.answeredAt = Date.now();
    entry.request.answeredStatus = behaviour.status;
    if (!entry.res.destroyed) entry.res.writeHead(behaviour.status, { 'content-type': 'application/json' }).end('{"ok":true}');
  };
  const release = (): void => {
    for (const entry of [...held]) {
      if (Date.now() - entry.request.receivedAt >= behaviour.delayMs) answer(entry);
    }
  };
  const ticker = setInterval(release, 20);

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RawRequest = {
        path: req.url ?? '/',
        headers: req.headers,
        raw: Buffer.concat(chunks),
        receivedAt: Date.now(),
        answeredAt: null,
        answeredStatus: null,
      };
      requests.push(request);
      const entry = { request, res };
      // A client that goes away (a killed dispatcher) never gets the answer; stop holding it.
      res.on('close', () => held.delete(entry));
      held.add(entry);
      release();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inFlight: () => held.size,
    behave: (next) => {
      Object.assign(behaviour, next);
      release();
    },
    close: async () => {
      clearInterval(ticker);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The headers a verifier needs, as plain strings. */
export function webhookHeaders(request: RawRequest): Record<string, string> {
  const pick = (name: string) => {
    const value = request.headers[name];
    if (typeof value !== 'string') throw new Error(`the delivery has no ${name} header`);
    return value;
  };
  return { 'webhook-id': pick('webhook-id'), 'webhook-timestamp': pick('webhook-timestamp'), 'webhook-signature': pick('webhook-signature') };
}

/** The parsed body (every Lipa webhook is JSON `{type, id, created_at, mode, data}`). */
export function webhookBody(request: RawRequest): { type: string; id: string; created_at: string; mode: string; data: Record<string, any> } {
  return JSON.parse(request.raw.toString('utf8'));
}
