import { type Body, type GatewayHarness, startGateway } from './gateway-harness';

jest.setTimeout(30_000);

/** Redis holds limits, lockouts and OAuth tokens; without it the gateway degrades, it never answers 500. */
describe('api-gateway without Redis (nothing listens on its port)', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGateway('gwnoredis', { REDIS_URL: 'redis://127.0.0.1:1' }, { fakes: false });
  });

  afterAll(async () => h?.stop());

  it('still signs up and logs in (limits fail open), and answers OAuth token requests 503 upstream_unavailable', async () => {
    const username = `noredis${Date.now().toString(36)}`;
    const password = 'correct horse battery';
    expect((await h.call('POST', '/v1/auth/register', { json: { username, email: `${username}@example.com`, password } })).status).toBe(201);
    const login = await h.call<Body>('POST', '/v1/auth/login', { json: { user: username, password } });
    expect(login.status).toBe(200);
    const key = await h.call<Body>('POST', '/v1/api-keys', { json: { mode: 'test' }, headers: { authorization: `Bearer ${login.body.token}` } });
    expect(key.status).toBe(201);
    const token = await h.call<Body>('POST', '/v1/oauth/token', {
      json: { grant_type: 'client_credentials', client_id: key.body.api_key, client_secret: key.body.api_secret },
    });
    expect(token.status).toBe(503);
    expect(token.body.error_code).toBe('upstream_unavailable');
    const byToken = await h.call<Body>('GET', '/v1/me', { headers: { authorization: 'Bearer oat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(byToken.status).toBe(503);
  });
});
