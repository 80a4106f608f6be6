import { Controller, Get, Header, Module, NotFoundException, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { Response } from 'express';
import { NoStoreModule } from '../src/http/no-store';
import { type GatewayHarness, startGateway } from './gateway-harness';

// Registration and login hash with argon2.
jest.setTimeout(30_000);

@Controller()
class ProbeController {
  @Get('v1/secret')
  secret() {
    return { success: true, message: 'a secret', secret: 'whsec_x' };
  }

  @Get('v1/public')
  @Header('Cache-Control', 'public, max-age=60')
  cacheable() {
    return { success: true, message: 'public' };
  }

  @Get('v1/set-by-handler')
  byHandler(@Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'private, max-age=5');
    return { success: true, message: 'own' };
  }

  @Get('v1/missing')
  missing() {
    throw new NotFoundException();
  }

  @Get('outside')
  outside() {
    return { success: true, message: 'not under /v1' };
  }
}

@Module({ imports: [NoStoreModule], controllers: [ProbeController] })
class ProbeModule {}

describe('Cache-Control: no-store on /v1 (the middleware alone)', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(ProbeModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  const cacheControl = async (path: string) => (await fetch(`${url}${path}`)).headers.get('cache-control');

  it.each([
    ['a /v1 answer', '/v1/secret', 'no-store'],
    ['a /v1 error', '/v1/missing', 'no-store'],
    ['an unknown /v1 route', '/v1/nothing/here', 'no-store'],
    ["a route's own @Header", '/v1/public', 'public, max-age=60'],
    ['a value the handler set itself', '/v1/set-by-handler', 'private, max-age=5'],
  ])('%s: %s', async (_label, path, expected) => {
    expect(await cacheControl(path)).toBe(expected);
  });

  it('leaves routes outside /v1 alone', async () => {
    expect(await cacheControl('/outside')).toBeNull();
  });
});

describe('Cache-Control on the real api-gateway (real Postgres, RabbitMQ, Redis)', () => {
  let h: GatewayHarness;
  let url: string;

  beforeAll(async () => {
    h = await startGateway('gateway_no_store', {}, { fakes: false });
    url = await h.gateway.getUrl();
  });

  afterAll(async () => h?.stop());

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any>, cacheControl: response.headers.get('cache-control') };
  }

  it('answers the session token, the new API secret and the OAuth token with no-store, and errors too', async () => {
    const username = `nostore_${Date.now().toString(36)}`;
    const password = 'correct horse battery';
    const registered = await call('POST', '/v1/auth/register', { username, email: `${username}@example.com`, password, phone: '0712345678' });
    expect(registered.status).toBe(201);
    expect(registered.cacheControl).toBe('no-store');

    const login = await call('POST', '/v1/auth/login', { username, password });
    expect(login.status).toBe(200);
    expect(login.body.token).toEqual(expect.stringMatching(/^sess_/));
    expect(login.cacheControl).toBe('no-store');

    const key = await call('POST', '/v1/api-keys', { label: 'server', mode: 'test' }, { authorization: `Bearer ${login.body.token}` });
    expect(key.status).toBe(201);
    expect(key.body.api_secret).toEqual(expect.stringMatching(/^sk_test_/));
    expect(key.cacheControl).toBe('no-store');

    const token = await call('POST', '/v1/oauth/token', { grant_type: 'client_credentials', client_id: key.body.api_key, client_secret: key.body.api_secret });
    expect(token.status).toBe(200);
    expect(token.body.access_token).toBeDefined();
    expect(token.cacheControl).toBe('no-store');

    const me = await call('GET', '/v1/me', undefined, { authorization: `Bearer ${key.body.api_secret}` });
    expect(me.status).toBe(200);
    expect(me.cacheControl).toBe('no-store');

    const refused = await call('GET', '/v1/me');
    expect(refused.status).toBe(401);
    expect(refused.cacheControl).toBe('no-store');
  });

  it('lets the public bank list keep its own Cache-Control', async () => {
    const banks = await call('GET', '/v1/banks');
    expect(banks.status).toBe(200);
    expect(banks.cacheControl).toBe('public, max-age=86400');
  });

  it('leaves health probes outside /v1 alone', async () => {
    const response = await fetch(`${url}/health/live`);
    expect(response.headers.get('cache-control')).toBeNull();
  });
});
