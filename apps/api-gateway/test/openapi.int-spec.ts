import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type GatewayHarness, startGateway } from './gateway-harness';

type Body = Record<string, any>;

/** Every route Express actually has, from its router (not from Nest's metadata, which the document is made of). */
function registeredRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
  return express.router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`)
      : [],
  );
}

describe('the API reference at /openapi.json and /docs (the gateway in-process on real Postgres, RabbitMQ, Redis)', () => {
  let h: GatewayHarness;
  let gateway: NestExpressApplication;
  let call: GatewayHarness['call'];

  beforeAll(async () => {
    h = await startGateway('gwdocs', {}, { fakes: false });
    gateway = h.gateway;
    call = h.call;
  });

  afterAll(async () => h?.stop());

  it('serves an OpenAPI 3 document without credentials', async () => {
    const res = await call<Body>('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(res.body.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  it('serves the same document as the committed apps/api-gateway/openapi.json (made without infrastructure by npm run openapi)', async () => {
    const served = (await call<Body>('GET', '/openapi.json')).body;
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8'));
    expect(served).toEqual(committed);
  });

  it('documents every /v1 route the app registers, and no route it does not', async () => {
    const doc = (await call<Body>('GET', '/openapi.json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Wildcard layers (`/v1/*path`) are middleware mounted for every method (NoStoreModule), not routes.
    const registered = registeredRoutes(gateway).filter((route) => route.split(' ')[1].startsWith('/v1/') && !route.includes('*'));
    expect(registered.length).toBeGreaterThan(10);
    expect(documented.sort()).toEqual([...new Set(registered)].sort());
  });

  it('describes the four ways to authenticate and marks GET /v1/banks public', async () => {
    const doc = (await call<Body>('GET', '/openapi.json')).body;
    const schemes = doc.components.securitySchemes as Record<string, Body>;
    expect(Object.values(schemes)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'http', scheme: 'bearer' }),
        expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
        expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Secret' }),
        expect.objectContaining({ type: 'oauth2', flows: { clientCredentials: expect.objectContaining({ tokenUrl: '/v1/oauth/token' }) } }),
        expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'lipa_session' }),
      ]),
    );
    expect(doc.paths['/v1/banks'].get.security).toEqual([]);
    expect(doc.paths['/v1/balance'].get.security).toEqual(doc.security);
  });

  it('documents error codes with the error body', async () => {
    const doc = (await call<Body>('GET', '/openapi.json')).body;
    const unauthorized = doc.paths['/v1/balance'].get.responses['401'];
    expect(unauthorized.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
    expect(Object.keys(unauthorized.content['application/json'].examples)).toEqual(expect.arrayContaining(['unauthorized', 'invalid_api_key']));
    expect(doc.components.schemas.ErrorResponse.required).toEqual(expect.arrayContaining(['success', 'message', 'error_code', 'request_id']));
  });

  it('serves the browsable reference as HTML, with swagger-ui from this server and not a CDN', async () => {
    const page = await call('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui');
    expect(page.text).not.toMatch(/(src|href)=["']https?:\/\//);
    const bundle = await call('GET', '/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    const init = await call('GET', '/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expect(init.text).toContain('"openapi"');
  });
});
