import fc from 'fast-check';
import { request as httpRequest } from 'node:http';

/** One route as the gateway's Nest router mapped it, e.g. `DELETE /v1/api-keys/:id`. */
export interface Route {
  method: string;
  path: string;
}

/**
 * The routes Nest mapped, read from its RouterExplorer lines ("Mapped {/v1/api-keys/:id, DELETE}
 * route") in the gateway's own startup log at LOG_LEVEL info: the router's runtime list, so a route
 * added later is fuzzed without anyone editing this file.
 */
export function routesFromLog(lines: string[]): Route[] {
  const routes = new Map<string, Route>();
  for (const line of lines) {
    const match = /Mapped \{([^,}]+), ([A-Z]+)\} route/.exec(line);
    if (match) routes.set(`${match[2]} ${match[1]}`, { method: match[2], path: match[1] });
  }
  return [...routes.values()];
}

/** The parameter names of a route path (`:id`, and Nest 12's `*path` / `{*path}` wildcards). */
export function routeParams(path: string): string[] {
  return [...path.matchAll(/[:*]([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}

export interface FuzzRequest {
  method: string;
  /** The route template it was made from (for grouping findings). */
  route: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * Raw HTTP, not fetch: fetch normalises paths (`..`, percent-escapes) and refuses some header bytes
 * the gateway must still survive. Node's client itself refuses only what no HTTP/1.1 peer may send.
 */
export function send(baseUrl: string, req: FuzzRequest, timeoutMs = 15_000): Promise<FuzzResponse> {
  const url = new URL(baseUrl);
  // Node's client frames a GET, DELETE or OPTIONS body neither by length nor by chunks unless told to,
  // and the server would read the body as the next request.
  const headers = req.body === undefined ? req.headers : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      // A fresh connection each time: a kept-alive socket the server is closing would show up as a
      // reset that says nothing about the request.
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, timeout: timeoutMs, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    if (req.body !== undefined) outgoing.write(req.body);
    outgoing.end();
  });
}

/**
 * What is wrong with an answer, or null. No input may produce a 5xx (docs/design.md §5), and with the
 * whole stack up not even 503 upstream_unavailable or 504 upstream_timeout are acceptable. Every /v1
 * error has the one shape (libs/platform/src/http-error.filter.ts), and its request_id is the one
 * in X-Request-Id.
 */
export function responseProblem(req: FuzzRequest, res: FuzzResponse): string | null {
  if (res.status >= 500) return `HTTP ${res.status}`;
  if (!req.path.startsWith('/v1')) return null;
  let body: unknown;
  try {
    body = res.text ? JSON.parse(res.text) : undefined;
  } catch {
    return `HTTP ${res.status} with a body that is not JSON`;
  }
  if (res.status >= 400) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return `HTTP ${res.status} error body is not an object`;
    const b = body as Record<string, unknown>;
    if (b.success !== false) return `HTTP ${res.status} error body lacks success:false`;
    if (typeof b.message !== 'string' || b.message.length === 0) return `HTTP ${res.status} error body lacks a message`;
    if (typeof b.error_code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(b.error_code))
      return `HTTP ${res.status} error_code ${JSON.stringify(b.error_code)} is not snake_case`;
    if (typeof b.request_id !== 'string' || b.request_id.length === 0) return `HTTP ${res.status} error body lacks a request_id`;
    if (b.request_id !== res.headers['x-request-id']) return `HTTP ${res.status} request_id differs from X-Request-Id`;
    if (b.errors !== undefined) {
      const ok = Array.isArray(b.errors) && b.errors.every((e) => e && typeof e.field === 'string' && typeof e.problem === 'string');
      if (!ok) return `HTTP ${res.status} errors is not a list of {field, problem}`;
    }
    return null;
  }
  if (res.status >= 200 && res.status < 300 && body !== undefined) {
    const b = body as Record<string, unknown> | null;
    if (!b || typeof b !== 'object' || b.success !== true || typeof b.message !== 'string') return `HTTP ${res.status} body lacks success:true and a message`;
  }
  return null;
}

export interface Finding {
  request: FuzzRequest;
  status: number;
  problem: string;
  response: string;
}

/** Short enough to read in a failure message, whole enough to replay with curl. */
export function describeFinding(f: Finding): string {
  const body =
    f.request.body === undefined
      ? ''
      : ` body=${JSON.stringify(f.request.body.length > 600 ? `${f.request.body.slice(0, 600)}…(${f.request.body.length} chars)` : f.request.body)}`;
  return `${f.problem}: ${f.request.method} ${f.request.path.length > 300 ? `${f.request.path.slice(0, 300)}…` : f.request.path} headers=${JSON.stringify(f.request.headers)}${body} → ${f.response.slice(0, 300)}`;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Strings that have broken Postgres, JSON, class-validator or a regex somewhere. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDBFFy',
  '\uFFFD',
  '\uFFFF',
  '\u202E',
  '🛒',
  'Z̤̔ͧ̑̓',
  '%00',
  '%zz',
  '\\u0000',
  "'; DROP TABLE merchants; --",
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '0712345678',
  '254712345678',
  '+254712345678',
  '-1',
  '1e400',
  '99999999999999999999999999',
  'NaN',
  'null',
  'true',
  '2026-13-45T99:99:99Z',
  'sk_test_',
  'ak_test_',
  'sess_',
  'oat_',
  'https://127.0.0.1/hook',
  'http://169.254.169.254/latest/meta-data',
  'a'.repeat(300),
  'é'.repeat(2_000),
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => `x${String.fromCharCode(c)}`) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}\u0000${b}`) },
);

/** Numbers at every edge a column or a validator has: int4, int8, 2^53, floats, negative zero. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1.5, 100, 250_000, 250_001, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 1e21, 1e308, -1e308, Number.MIN_VALUE),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** JSON text of a number, including ones JSON.parse cannot keep (1e400 becomes Infinity). */
const rawNumberText = fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '0.0000000000000000000000000001', '1E+2', '-0.0');

export const nastyJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Nesting far past anything the API needs and class-transformer's recursion, inside the 64 kB limit. */
export const deepJson: fc.Arbitrary<string> = fc
  .record({
    depth: fc.integer({ min: 20, max: 15_000 }),
    kind: fc.constantFrom('array', 'object', 'mixed'),
    key: fc.constantFrom('a', 'amount', 'phone', 'label'),
  })
  .map(({ depth, kind, key }) => {
    if (kind === 'array') return `{"${key}":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    if (kind === 'object') return `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`;
    return `{"${key}":${'[{"x":'.repeat(depth / 2)}0${'}]'.repeat(depth / 2)}}`;
  });

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

export interface OpenApiDocument {
  paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; parameters?: { name: string; in: string }[] }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** `/v1/api-keys/{id}` (OpenAPI) for `/v1/api-keys/:id` (Nest). */
export function openApiPath(route: string): string {
  return route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function resolve(schema: JsonSchema | undefined, doc: OpenApiDocument, seen = new Set<string>()): JsonSchema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.split('/').pop() as string;
  if (seen.has(name)) return undefined;
  seen.add(name);
  return resolve(doc.components?.schemas?.[name], doc, seen);
}

/** The JSON body schema OpenAPI gives the route, merged from allOf, if any. */
export function bodySchema(doc: OpenApiDocument | null, route: Route): JsonSchema | undefined {
  const op = doc?.paths?.[openApiPath(route.path)]?.[route.method.toLowerCase()];
  const content = op?.requestBody?.content;
  const schema = resolve(content?.['application/json']?.schema ?? content?.['application/x-www-form-urlencoded']?.schema, doc as OpenApiDocument);
  if (!schema?.allOf) return schema;
  const properties: Record<string, JsonSchema> = { ...schema.properties };
  for (const part of schema.allOf) Object.assign(properties, resolve(part, doc as OpenApiDocument)?.properties);
  return { ...schema, properties };
}

/** Query parameter names OpenAPI documents for the route. */
export function queryNames(doc: OpenApiDocument | null, route: Route): string[] {
  const op = doc?.paths?.[openApiPath(route.path)]?.[route.method.toLowerCase()];
  return (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
}

/** A value that is sometimes right for the schema's type (to get past validation), often hostile. */
function valueFor(schema: JsonSchema | undefined, doc: OpenApiDocument): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  const type = Array.isArray(s?.type) ? s?.type[0] : s?.type;
  const hostile = nastyJsonValue;
  if (s?.enum && s.enum.length > 0) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: hostile });
  switch (type) {
    case 'string':
      return fc.oneof({ weight: 3, arbitrary: nastyString }, { weight: 1, arbitrary: hostile });
    case 'integer':
    case 'number':
      return fc.oneof(
        { weight: 3, arbitrary: nastyNumber },
        { weight: 1, arbitrary: fc.constantFrom('100', '1.5', '-1', '') },
        { weight: 1, arbitrary: hostile },
      );
    case 'boolean':
      return fc.oneof(
        { weight: 3, arbitrary: fc.boolean() },
        { weight: 1, arbitrary: fc.constantFrom('true', 'false', 0, 1) },
        { weight: 1, arbitrary: hostile },
      );
    case 'array':
      return fc.oneof({ weight: 3, arbitrary: fc.array(valueFor(s?.items, doc), { maxLength: 6 }) }, { weight: 1, arbitrary: hostile });
    case 'object':
      return s?.properties ? objectFor(s, doc) : hostile;
    case undefined:
    default:
      return hostile;
  }
}

function objectFor(schema: JsonSchema, doc: OpenApiDocument): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const known = fc.record(Object.fromEntries(properties.map(([name, s]) => [name, valueFor(s, doc)])), { requiredKeys: [] }) as fc.Arbitrary<
    Record<string, unknown>
  >;
  return fc.tuple(known, fc.option(fc.dictionary(nastyString, nastyJsonValue, { maxKeys: 2 }), { freq: 4 })).map(([k, extra]) => ({ ...k, ...(extra ?? {}) }));
}

/** A request body as text: schema-guided JSON, any JSON, deep nesting, raw number text, or not JSON at all. */
export function bodyText(doc: OpenApiDocument | null, route: Route): fc.Arbitrary<string> {
  const schema = bodySchema(doc, route);
  const guided = schema?.properties && doc ? objectFor(schema, doc).map((v) => JSON.stringify(v)) : fc.constant('{}');
  return fc.oneof(
    { weight: 5, arbitrary: guided },
    { weight: 2, arbitrary: nastyJsonValue.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: deepJson },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('amount', 'phone', 'limit', 'page', 'mode'), rawNumberText).map(([k, n]) => `{"${k}":${n}}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"a":',
        'null',
        '[]',
        '"x"',
        '{"a":1}garbage',
        '\u0000',
        '{"a":"\\ud800"}',
        '{"a":"\\u0000"}',
        '{"__proto__":{"admin":true}}',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

/** Header values a client can send: HTTP allows tab, printable ASCII and the bytes 0x80–0xFF. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, '')),
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c !== 0x7f)
      .map((c) => String.fromCharCode(c)),
    maxLength: 60,
  }),
  fc.constantFrom('', ' ', 'null', 'undefined', '0', '-1', 'x'.repeat(2_000), 'é', '\xff\xfe', '%00', 'sk_test_' + 'A'.repeat(43)),
);

export function authorizationValue(valid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...valid),
    fc.tuple(fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', 'Digest', 'Token', '', 'Bearer  '), headerValue).map(([scheme, v]) => `${scheme} ${v}`),
    fc
      .tuple(fc.constantFrom('sk_test_', 'sk_live_', 'oat_', 'sess_', 'ak_test_', 'sk_'), headerValue)
      .map(([prefix, v]) => `Bearer ${prefix}${v.replace(/\s/g, '')}`),
    fc.tuple(headerValue, headerValue).map(([a, b]) => `Basic ${Buffer.from(`${a}:${b}`, 'latin1').toString('base64')}`),
    fc.constantFrom('Basic', 'Basic !!!', 'Basic ' + Buffer.from('no-colon').toString('base64'), 'Basic ' + Buffer.from('%zz:%00').toString('base64')),
    headerValue,
  );
}

export const contentType: fc.Arbitrary<string> = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=bogus',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/plain',
  'text/html',
  'application/xml',
  '*/*',
  '',
  'garbage',
  ';;;',
);

export const contentEncoding: fc.Arbitrary<string | undefined> = fc.constantFrom(
  undefined,
  undefined,
  undefined,
  'gzip',
  'deflate',
  'br',
  'identity',
  'compress',
  'x-nonsense',
);

/** A path parameter as it appears on the wire: encoded unicode, raw escapes, numbers, traversal, length. */
export const pathParam: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nastyString.filter((s) => !/[\uD800-\uDFFF]/.test(s)).map((s) => encodeURIComponent(s)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '%00',
      'a%00b',
      '%zz',
      '%',
      '%E2%82',
      '%ED%A0%80',
      '%C0%AE%C0%AE',
      '..',
      '%2E%2E',
      '%2F',
      'a%2Fb',
      '.',
      '%20',
      '+',
      '-1',
      '0',
      '2147483648',
      '9223372036854775808',
      '99999999999999999999999999999',
      '1e400',
      '1.5',
      'NaN',
      'null',
      '%23',
      '%3F',
      '*',
      '~',
      '%F0%9F%9B%92',
      'txn_' + 'a'.repeat(200),
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 4_000 }).map((n) => 'a'.repeat(n)) },
);

/** A query string: documented names and random ones, hostile values. */
export function queryString(names: string[]): fc.Arbitrary<string> {
  const name =
    names.length > 0
      ? fc.oneof(fc.constantFrom(...names), fc.constantFrom('page', 'limit', 'status', 'from', 'to', 'format'))
      : fc.constantFrom('page', 'limit', 'status', 'from', 'to', 'format', 'x');
  const value = fc.oneof(
    pathParam,
    fc.constantFrom('1', '0', '-1', '100', '101', '2147483648', 'abc', '', '2026-01-01', 'csv', 'pending', '%00', '%zz', 'a&b', 'a=b'),
  );
  return fc.array(fc.tuple(name, value), { maxLength: 5 }).map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([n, v]) => `${n}=${v}`).join('&')}`));
}

export function fillPath(route: string, values: string[]): string {
  let i = 0;
  return route.replace(/\{?[:*]([A-Za-z0-9_]+)\}?/g, () => values[i++] ?? 'x');
}
