import fc from 'fast-check';
import { createAdmin } from './support/admin';
import { E2eStack, expectStatus, startE2eStack } from './support/lipa-stack';
import {
  Finding,
  FuzzRequest,
  OpenApiDocument,
  Route,
  authorizationValue,
  bodyText,
  contentEncoding,
  contentType,
  describeFinding,
  fillPath,
  headerValue,
  nastyString,
  pathParam,
  queryNames,
  queryString,
  responseProblem,
  routeParams,
  routesFromLog,
  send,
} from './support/fuzz';

/**
 * Random bodies, headers, path parameters and query strings against every route the gateway's router
 * mapped, over the real stack (every service, Postgres, RabbitMQ, Redis, daraja-sim). Bounded by
 * time, not by count: FUZZ_BUDGET_MS (default 90 s, shared by the three families) and a seed that is
 * printed, so a failure can be replayed with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 90_000);
const CONCURRENCY = 8;
const BATCH = 32;

jest.setTimeout(BUDGET_MS + 240_000);

interface Credentials {
  secret: string;
  apiKey: string;
  session: string;
  oauth: string;
  /** An admin's session, so /v1/admin routes get past their guard to their validation. */
  admin: string;
  /** A merchant only the admin routes are aimed at. */
  victim: string;
  ids: string[];
}

describe('fuzzing every api-gateway route (the whole stack up) finds no 5xx and no error outside the standard shape', () => {
  let e2e: E2eStack;
  let baseUrl: string;
  let routes: Route[];
  let doc: OpenApiDocument | null = null;
  let creds: Credentials;

  beforeAll(async () => {
    e2e = await startE2eStack({
      label: 'e2e_fuzz',
      simCallbackDelayMs: 0,
      env: {
        // info: the router's "Mapped {…} route" lines are how the routes are found (support/fuzz.ts).
        // Limits that would answer 429 before the input is even looked at are raised out of the way.
        'api-gateway': {
          LOG_LEVEL: 'info',
          ARGON2_MEMORY_KIB: '4096',
          RATE_LIMIT_PER_MINUTE: '1000000',
          RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '1000000',
          LOGIN_SLOW_AFTER_FAILURES: '1000000',
          LOGIN_SLOWDOWN_STEP_MS: '0',
          LOGIN_LOCK_AFTER_FAILURES: '1000000',
          LOGIN_LOCK_AFTER_FAILURES_PER_IP: '1000000',
        },
      },
    });
    baseUrl = e2e.stack.urls['api-gateway'];
    routes = routesFromLog(e2e.logs.filter((line) => line.startsWith('api-gateway |')));
    const openapi = await fetch(`${baseUrl}/openapi.json`);
    if (openapi.ok) doc = (await openapi.json()) as OpenApiDocument;

    const username = `fuzz_${Date.now().toString(36)}`;
    const password = 'correct horse battery staple';
    const registered = await e2e.api.call('POST', '/v1/auth/register', { body: { username, email: `${username}@example.com`, password, phone: '0712345678' } });
    expectStatus(registered, 201);
    const login = await e2e.api.call('POST', '/v1/auth/login', { body: { username, password } });
    expectStatus(login, 200);
    const key = await e2e.api.call('POST', '/v1/api-keys', { headers: { authorization: `Bearer ${login.body.token}` }, body: { label: 'fuzz', mode: 'test' } });
    expectStatus(key, 201);
    const token = await e2e.api.call('POST', '/v1/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: key.body.api_key, client_secret: key.body.api_secret },
    });
    expectStatus(token, 200);
    // A merchant of its own for the admin routes to suspend, approve and reshape, so they reach past their 404.
    const victim = await e2e.api.call('POST', '/v1/auth/register', {
      body: { username: `${username}_v`, email: `${username}_v@example.com`, password, phone: '0712345678' },
    });
    expectStatus(victim, 201);
    const admin = { username: `fuzz_admin_${Date.now().toString(36)}`, password: 'a long admin password for fuzzing' };
    await createAdmin(e2e.database.url, { ...admin, email: `${admin.username}@example.com` });
    const adminLogin = await e2e.api.call('POST', '/v1/auth/login', { body: admin });
    expectStatus(adminLogin, 200);
    creds = {
      secret: key.body.api_secret,
      apiKey: key.body.api_key,
      session: login.body.token,
      oauth: token.body.access_token,
      admin: adminLogin.body.token,
      victim: victim.body.merchant_id,
      ids: [registered.body.merchant_id, key.body.id, key.body.api_key].filter((id): id is string => typeof id === 'string'),
    };
    process.stdout.write(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${routes.length} routes, openapi ${doc ? 'found' : 'absent'}\n`);
  }, 240_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  /** Headers that authenticate as the test merchant (or the admin), one way or another (docs/design.md §5). */
  function validAuth(route: Route): fc.Arbitrary<Record<string, string>> {
    // Logging out with the fuzzer's own sessions would leave the rest of the run unauthenticated.
    const sessionAllowed = route.path !== '/v1/auth/logout';
    const admin = sessionAllowed ? [{ authorization: `Bearer ${creds.admin}` }] : [];
    return fc.oneof(
      { weight: route.path.startsWith('/v1/admin') ? 6 : 1, arbitrary: fc.constantFrom<Record<string, string>>({}, ...admin) },
      {
        weight: 4,
        arbitrary: fc.constantFrom<Record<string, string>>(
          { authorization: `Bearer ${creds.secret}` },
          { 'x-api-key': creds.apiKey, 'x-api-secret': creds.secret },
          { authorization: `Bearer ${creds.oauth}` },
          ...(sessionAllowed ? [{ authorization: `Bearer ${creds.session}` }, { cookie: `lipa_session=${creds.session}` }] : []),
        ),
      },
    );
  }

  const validAuthorizations = () => [`Bearer ${creds.secret}`, `Bearer ${creds.oauth}`, `Bearer ${creds.session}`, `Bearer ${creds.admin}`];

  /** The fuzzer's own ids, except where an admin could suspend or reshape the fuzzer's merchant. */
  const ownIds = (route: Route) => (route.path.startsWith('/v1/admin') ? [creds.victim] : creds.ids);

  function routeArb(): fc.Arbitrary<Route> {
    return fc.constantFrom(...routes).map((r) => (r.method === 'ALL' ? { ...r, method: 'POST' } : r));
  }

  const plainParam = fc.oneof(fc.constantFrom('x', 'key_0', 'txn_0', '#00001', '1'), fc.stringMatching(/^[a-z0-9_]{1,24}$/));

  function params(route: Route, value: fc.Arbitrary<string>): fc.Arbitrary<string[]> {
    return fc.tuple(...routeParams(route.path).map(() => value));
  }

  const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD';

  /** Random JSON bodies (schema-guided, arbitrary, deep, not JSON at all) to every route, mostly authenticated. */
  function bodyRequests(): fc.Arbitrary<FuzzRequest> {
    return routeArb().chain((route) =>
      fc
        .record({
          auth: fc.oneof({ weight: 4, arbitrary: validAuth(route) }, { weight: 1, arbitrary: fc.constant({}) }),
          values: params(route, fc.oneof(plainParam, fc.constantFrom(...ownIds(route)))),
          body: bodyText(doc, route),
          withBody: fc.boolean(),
        })
        .map(({ auth, values, body, withBody }) => ({
          method: route.method,
          route: route.path,
          path: fillPath(route.path, values),
          headers: { 'content-type': 'application/json', ...auth },
          body: hasBody(route.method) || withBody ? body : undefined,
        })),
    );
  }

  /** Random authorization schemes, key pairs, idempotency keys, content types and encodings. */
  function headerRequests(): fc.Arbitrary<FuzzRequest> {
    const optional = (arb: fc.Arbitrary<string>) => fc.option(arb, { freq: 2 });
    return routeArb().chain((route) =>
      fc
        .record({
          values: params(route, plainParam),
          authorization: optional(authorizationValue(validAuthorizations())),
          apiKey: optional(fc.oneof(fc.constant(creds.apiKey), headerValue, fc.constant('ak_test_' + 'A'.repeat(22)))),
          apiSecret: optional(fc.oneof(fc.constant(creds.secret), headerValue)),
          idempotencyKey: optional(headerValue),
          cookie: optional(
            fc.oneof(
              headerValue,
              headerValue.map((v) => `lipa_session=${v}`),
              fc.constant('lipa_session=%00'),
              fc.constant('lipa_session=%zz'),
            ),
          ),
          requestId: optional(headerValue),
          type: fc.option(contentType, { freq: 6 }),
          encoding: contentEncoding,
          forwardedFor: optional(headerValue),
          body: bodyText(doc, route),
        })
        .map((r) => {
          const headers: Record<string, string> = {};
          const ownSession = r.authorization?.includes(creds.session) || r.authorization?.includes(creds.admin);
          if (r.authorization !== null && !(route.path === '/v1/auth/logout' && ownSession)) headers.authorization = r.authorization;
          if (r.apiKey !== null) headers['x-api-key'] = r.apiKey;
          if (r.apiSecret !== null) headers['x-api-secret'] = r.apiSecret;
          if (r.idempotencyKey !== null) headers['idempotency-key'] = r.idempotencyKey;
          if (r.cookie !== null) headers.cookie = r.cookie;
          if (r.requestId !== null) headers['x-request-id'] = r.requestId;
          if (r.type !== null) headers['content-type'] = r.type;
          if (r.encoding !== undefined) headers['content-encoding'] = r.encoding;
          if (r.forwardedFor !== null) headers['x-forwarded-for'] = r.forwardedFor;
          return { method: route.method, route: route.path, path: fillPath(route.path, r.values), headers, body: hasBody(route.method) ? r.body : undefined };
        }),
    );
  }

  /** Hostile path parameters and query strings, on real routes and on made-up paths beside them. */
  function pathRequests(): fc.Arbitrary<FuzzRequest> {
    return routeArb().chain((route) =>
      fc
        .record({
          auth: validAuth(route),
          values: params(route, pathParam),
          query: queryString(queryNames(doc, route)),
          extra: fc.option(pathParam, { freq: 5 }),
          method: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'), { freq: 6 }),
          body: fc.option(
            nastyString.map((s) => JSON.stringify({ x: s })),
            { freq: 2 },
          ),
        })
        .map(({ auth, values, query, extra, method, body }) => {
          const chosen = method ?? route.method;
          return {
            method: chosen,
            route: route.path,
            // Node refuses a request line and headers over 16 kB (431) before the app sees them.
            path: `${fillPath(route.path, values)}${extra === null ? '' : `/${extra}`}${query}`.slice(0, 8_000),
            headers: { 'content-type': 'application/json', ...auth },
            body: hasBody(chosen) ? (body ?? '{}') : undefined,
          };
        }),
    );
  }

  /** Sends samples until the budget is spent; returns every bad answer, never stopping at the first. */
  async function fuzz(arb: fc.Arbitrary<FuzzRequest>, budgetMs: number, seedOffset: number): Promise<{ findings: Finding[]; sent: number }> {
    const findings: Finding[] = [];
    const deadline = Date.now() + budgetMs;
    let sent = 0;
    for (let batch = 0; Date.now() < deadline; batch += 1) {
      const requests = fc.sample(arb, { numRuns: BATCH, seed: SEED + seedOffset + batch });
      for (let i = 0; i < requests.length && Date.now() < deadline; i += CONCURRENCY) {
        await Promise.all(
          requests.slice(i, i + CONCURRENCY).map(async (request) => {
            sent += 1;
            try {
              const response = await send(baseUrl, request);
              const problem = responseProblem(request, response);
              if (problem) findings.push({ request, status: response.status, problem, response: response.text });
            } catch (error) {
              findings.push({ request, status: 0, problem: `no answer (${(error as Error).message})`, response: '' });
            }
          }),
        );
      }
    }
    return { findings, sent };
  }

  /** One line per distinct (route, problem), with the smallest request that showed it. */
  function summary(findings: Finding[]): string[] {
    const groups = new Map<string, { first: Finding; count: number }>();
    for (const f of findings) {
      const key = `${f.request.method} ${f.request.route} ${f.problem}`;
      const group = groups.get(key);
      const size = (x: Finding) => (x.request.body?.length ?? 0) + x.request.path.length;
      if (!group) groups.set(key, { first: f, count: 1 });
      else {
        group.count += 1;
        if (size(f) < size(group.first)) group.first = f;
      }
    }
    return [...groups.values()].map(({ first, count }) => `[${count}×] ${describeFinding(first)}`);
  }

  async function run(family: string, arb: () => fc.Arbitrary<FuzzRequest>, share: number, seedOffset: number): Promise<void> {
    const { findings, sent } = await fuzz(arb(), BUDGET_MS * share, seedOffset);
    process.stdout.write(`fuzz ${family}: ${sent} requests, ${findings.length} bad answers (seed ${SEED})\n`);
    expect(sent).toBeGreaterThan(50);
    expect(summary(findings)).toEqual([]);
  }

  it('found the routes from the Nest router, and OpenAPI documents every /v1 route it serves', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    // The router log is the source of the routes; if its format changed, nothing would be fuzzed.
    expect(names).toEqual(
      expect.arrayContaining(['POST /v1/auth/register', 'POST /v1/auth/login', 'POST /v1/api-keys', 'POST /v1/stk-push', 'GET /v1/balance']),
    );
    if (doc) {
      const documented = new Set(Object.entries(doc.paths ?? {}).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
      const undocumented = routes.filter((r) => r.path.startsWith('/v1') && !documented.has(`${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`));
      expect(undocumented).toEqual([]);
    }
  });

  it('answers random JSON bodies on every route without a 5xx', async () => {
    await run('bodies', bodyRequests, 0.45, 0);
  });

  it('answers random headers (auth schemes, key pairs, idempotency keys, content types, encodings) without a 5xx', async () => {
    await run('headers', headerRequests, 0.3, 100_000);
  });

  it('answers hostile path parameters and query strings without a 5xx', async () => {
    await run('paths', pathRequests, 0.25, 200_000);
  });
});
