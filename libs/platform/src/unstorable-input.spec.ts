import { IsOptional, IsString } from 'class-validator';
import { RequestValidationError } from './errors';
import { MAX_JSON_DEPTH, findUnstorablePath, findUnstorableQuery, findUnstorableValues, refuseUnstorableInput } from './unstorable-input';
import { createValidationPipe } from './validation';

const NUL = '\u0000';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

describe('findUnstorableValues (JSON bodies)', () => {
  it.each([
    ['a NUL in a top-level string', { name: `a${NUL}b` }, 'name', 'NUL'],
    ['a NUL in a nested string', { merchant: { items: [{ note: NUL }] } }, 'merchant.items.0.note', 'NUL'],
    ['a NUL in a field name', { [`na${NUL}me`]: 'x' }, 'na\\u0000me', 'field name'],
    ['a lone high surrogate', { name: 'a\uD800' }, 'name', 'surrogate'],
    ['a lone low surrogate', { name: '\uDC00b' }, 'name', 'surrogate'],
    ['a reversed surrogate pair', { name: '\uDC00\uD800' }, 'name', 'surrogate'],
    ['a number that overflowed to Infinity', JSON.parse('{"amount": 1e400}'), 'amount', 'too large'],
    ['a number past 2^53', { amount: 2 ** 60 }, 'amount', 'exactly'],
    ['a negative number past -2^53', { amount: -(2 ** 60) }, 'amount', 'exactly'],
    ['nesting past the limit', nested(MAX_JSON_DEPTH + 5), 'a.'.repeat(MAX_JSON_DEPTH).slice(0, -1), 'nested'],
    ['a NUL string as the whole body', NUL, 'body', 'NUL'],
  ])('refuses %s, naming the field', (_label, body, field, words) => {
    const problems = findUnstorableValues(body);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].problem).toContain(field);
    expect(problems[0].problem).toContain(words);
  });

  it.each([
    ['ordinary text', { name: 'Duka la Mama', note: 'Asante sana' }],
    ['emoji and other astral characters (valid surrogate pairs)', { name: 'duka 🛒 𝄞', note: '中文 العربية' }],
    ['control characters other than NUL', { note: 'tab\there\nline\u0001' }],
    ['U+FFFD and U+FFFF', { note: '\uFFFD\uFFFF' }],
    ['the largest exact integers and ordinary floats', { a: Number.MAX_SAFE_INTEGER, b: -Number.MAX_SAFE_INTEGER, c: 0.1, d: -0 }],
    ['nesting at the limit', nested(MAX_JSON_DEPTH)],
    ['null, booleans, empty containers', { a: null, b: true, c: [], d: {} }],
  ])('accepts %s', (_label, body) => {
    expect(findUnstorableValues(body)).toEqual([]);
  });

  it('walks a body nested far past what recursion could, without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    expect(findUnstorableValues(deep)[0].problem).toContain('nested');
  });

  it('reports every problem in document order, capped at ten', () => {
    const problems = findUnstorableValues({ a: NUL, b: 'ok', c: [NUL, '\uD800'] });
    expect(problems.map((p) => p.field)).toEqual(['a', 'c.0', 'c.1']);
    expect(findUnstorableValues(Array.from({ length: 50 }, () => NUL))).toHaveLength(10);
  });
});

describe('findUnstorablePath and findUnstorableQuery', () => {
  it.each([
    ['/v1/api-keys/%00', 'path segment 3 ("%00") contains a NUL'],
    ['/v1/api-keys/ab%00cd', 'NUL'],
    ['/v1/api-keys/%zz', 'not valid percent-encoded UTF-8'],
    ['/v1/api-keys/%E2%82', 'not valid percent-encoded UTF-8'],
    // A lone surrogate written as CESU-8 bytes is not UTF-8 either.
    ['/v1/api-keys/%ED%A0%80', 'not valid percent-encoded UTF-8'],
    ['/v1/%', 'not valid percent-encoded UTF-8'],
  ])('refuses the path %s', (path, words) => {
    const [problem] = findUnstorablePath(path);
    expect(problem.field).toBe('path');
    expect(problem.problem).toContain(words);
  });

  it.each(['/v1/api-keys/key_123', '/v1/transactions/%F0%9F%9B%92', '/v1/a%2Fb', '/', '/v1//x'])('accepts the path %s', (path) => {
    expect(findUnstorablePath(path)).toEqual([]);
  });

  it.each([
    ['page=%00', 'page', 'NUL'],
    ['status=ok&note=a%00b', 'note', 'NUL'],
    ['page=%zz', 'page', 'not valid percent-encoded'],
    ['x%00=1', 'x\\u0000', 'name'],
    ['%zz=1', 'query', 'not valid percent-encoded'],
  ])('refuses the query %s, naming %s', (query, field, words) => {
    const [problem] = findUnstorableQuery(query);
    expect(problem.field).toBe(field);
    expect(problem.problem).toContain(words);
  });

  it.each(['', 'page=1&limit=10', 'q=duka+la+mama', 'flag', 'a=&b', 'q=%F0%9F%9B%92', 'from=2026-01-01T00%3A00%3A00Z'])('accepts the query "%s"', (query) => {
    expect(findUnstorableQuery(query)).toEqual([]);
  });
});

describe('refuseUnstorableInput (the middleware createServiceApp installs)', () => {
  function run(url: string, body: unknown, checkBody = true): unknown {
    let passed: unknown = 'not called';
    refuseUnstorableInput({ checkBody })({ url, body } as never, {} as never, (error) => (passed = error));
    return passed;
  }

  it('passes a clean request on', () => {
    expect(run('/v1/me?page=1', { name: 'duka' })).toBeUndefined();
  });

  it('refuses a NUL in the path, the query or a JSON body with one validation_error naming each', () => {
    const error = run('/v1/x/%00?note=%00', { name: NUL }) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.code).toBe('validation_error');
    expect((error.details?.errors as { field: string }[]).map((e) => e.field)).toEqual(['path', 'note', 'name']);
    expect(error.message).toContain('name contains a NUL');
  });

  it("leaves a raw text body alone (callback-ingest's bodyParser 'text') but still checks its path", () => {
    expect(run('/callbacks/stk/t', { name: NUL }, false)).toBeUndefined();
    expect(run('/callbacks/stk/t%00', `raw${NUL}`, false)).toBeInstanceOf(RequestValidationError);
  });
});

class NoteDto {
  @IsOptional() @IsString() note?: string;
}

describe('createValidationPipe refuses unstorable values parsed after the middleware (form bodies, path parameters)', () => {
  const pipe = createValidationPipe();

  it.each([
    ['a form body field', { note: NUL }, { type: 'body' as const, metatype: NoteDto }, 'note'],
    ['a path parameter', `id${NUL}`, { type: 'param' as const, metatype: String, data: 'id' }, 'id'],
    ['a query object', { note: '\uDBFF' }, { type: 'query' as const, metatype: NoteDto }, 'note'],
  ])('%s', async (_label, value, metadata, field) => {
    const error = await pipe.transform(value, metadata).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).details?.errors).toEqual([{ field, problem: expect.stringContaining(field) }]);
  });

  it('leaves a whole raw string body as it came', async () => {
    await expect(pipe.transform(`raw${NUL}`, { type: 'body', metatype: String })).resolves.toBe(`raw${NUL}`);
  });

  it('still validates clean values as before', async () => {
    await expect(pipe.transform({ note: 'ok' }, { type: 'body', metatype: NoteDto })).resolves.toEqual({ note: 'ok' });
    await expect(pipe.transform({ note: 5 }, { type: 'body', metatype: NoteDto })).rejects.toThrow('note must be a string');
  });
});
