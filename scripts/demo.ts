/**
 * `npm run demo`: one sandbox payment against a running stack (npm start), the way a merchant makes it:
 * sign up, log in, create a test key, register a webhook endpoint (a tiny local receiver), push, and wait
 * for the signed payment.completed webhook.
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

const API = process.env.LIPA_API_URL ?? 'http://127.0.0.1:3000';

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, any>;
  process.stdout.write(`${method} ${path} → ${response.status} ${JSON.stringify(json)}\n`);
  if (!response.ok) throw new Error(`${path} failed`);
  return json;
}

async function main(): Promise<void> {
  let secret = '';
  let resolveWebhook: (event: Record<string, any>) => void = () => undefined;
  const webhook = new Promise<Record<string, any>>((resolve) => (resolveWebhook = resolve));
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const event = new Webhook(secret).verify(body, headers) as Record<string, any>;
      res.writeHead(200).end();
      resolveWebhook(event);
    });
  });
  // 8081: the one local receiver port `npm start` (scripts/dev.ts) lets webhooks reach besides README.md's 8080.
  await new Promise<void>((resolve) => receiver.listen(8081, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;

  const username = `demo_${Date.now().toString(36)}`;
  const password = 'a long demo password';
  await call('POST', '/v1/auth/register', { username, email: `${username}@example.com`, password, phone: '0712345678' });
  const login = await call('POST', '/v1/auth/login', { username, password });
  const key = await call('POST', '/v1/api-keys', { label: 'demo', mode: 'test' }, { authorization: `Bearer ${login.token}` });
  const auth = { authorization: `Bearer ${key.api_secret}` };
  const endpoint = await call('POST', '/v1/webhook-endpoints', { url: receiverUrl }, auth);
  secret = endpoint.secret;
  const started = Date.now();
  const push = await call('POST', '/v1/stk-push', { phone: '0712345678', amount: 100, reference: 'DEMO-1', description: 'Demo payment' }, auth);
  const event = await Promise.race([webhook, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no webhook within 60 s')), 60_000))]);
  process.stdout.write(`webhook ${event.type} (signature verified) after ${Date.now() - started} ms: ${JSON.stringify(event.data)}\n`);
  await call('GET', `/v1/transactions/${push.transaction_id}`, undefined, auth);
  receiver.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
