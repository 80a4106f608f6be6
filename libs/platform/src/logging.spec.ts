import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { ServiceConfig } from './config';
import { createLogger, sanitizeLogValue, scrubSecrets } from './logging';

const ARGON2 = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g';
const SECRET = 'sk_test_Qm9vYm9vYm9vYm9vYm9vYm9vYm9vYm9vYm9vYm9vYm9v';

/** What a failed INSERT of a new merchant looks like: TypeORM's wrapper around pg's DatabaseError. */
function failedInsert(): QueryFailedError {
  const driverError = Object.assign(new Error('duplicate key value violates unique constraint "merchants_email_key"'), {
    code: '23505',
    severity: 'ERROR',
    detail: 'Key (email)=(ops@acme.co.ke) already exists.',
    constraint: 'merchants_email_key',
  });
  return new QueryFailedError('INSERT INTO merchants (id, email, password_hash) VALUES ($1, $2, $3)', ['mch_1', 'ops@acme.co.ke', ARGON2], driverError);
}

function capture(): { lines: () => string[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('logging never writes query parameters, password hashes or secrets', () => {
  const config = Object.assign(new ServiceConfig(), { LOG_LEVEL: 'info', LOG_PRETTY: false });

  it.each([
    ['as err', (e: Error) => ({ msg: 'x', err: e })],
    ['under another key', (e: Error) => ({ msg: 'x', error: e })],
    ['nested in an object', (e: Error) => ({ msg: 'x', context: { attempt: 1, failure: e } })],
    ['in an array', (e: Error) => ({ msg: 'x', failures: [e] })],
    ['as the cause of another error', (e: Error) => ({ msg: 'x', err: new Error('register failed', { cause: e }) })],
  ])('drops the parameters of a failed query logged %s, and keeps what finds the bug', (_label, shape) => {
    const { stream, lines } = capture();
    createLogger('test', config, stream).error(shape(failedInsert()));
    const [line] = lines();
    expect(line).not.toContain('$argon2id$');
    expect(line).not.toContain('c2FsdHNhbHRzYWx0');
    expect(line).not.toContain('ops@acme.co.ke');
    expect(line).not.toContain('mch_1');
    expect(line).toContain('duplicate key value violates unique constraint');
  });

  it('keeps the error type, SQL text, SQLSTATE and constraint of a failed query', () => {
    const { stream, lines } = capture();
    createLogger('test', config, stream).error({ msg: 'x', err: failedInsert() });
    const { err } = JSON.parse(lines()[0]) as { err: Record<string, unknown> };
    expect(err).toMatchObject({ type: 'QueryFailedError', code: '23505', constraint: 'merchants_email_key', parameters: '[not logged]' });
    expect(err.query).toContain('INSERT INTO merchants');
    expect((err.driverError as Record<string, unknown>).detail).toBe('[not logged]');
    expect(String(err.stack)).toContain('QueryFailedError');
  });

  it.each([
    ['password', { password: 'correct horse' }],
    ['Password (Daraja)', { Password: 'MTc0Mzc5YmZi' }],
    ['api_secret', { api_secret: SECRET.replace('sk_test_', 'x') }],
    ['client_secret', { client_secret: 'abc123' }],
    ['token', { token: 'opaque' }],
    ['access_token', { access_token: 'opaque' }],
    ['consumer_secret', { consumer_secret: 'daraja' }],
    ['passkey', { passkey: 'bfb279f9aa9bdbcf158e97dd71a467cd' }],
    ['initiator_password', { initiator_password: 'Safaricom999!' }],
    ['security_credential', { security_credential: 'base64cipher' }],
    ['SecurityCredential', { SecurityCredential: 'base64cipher' }],
    ['x-api-secret', { headers: { 'x-api-secret': 'abc123' } }],
    ['authorization', { headers: { authorization: 'Basic abc123' } }],
    ['cookie', { headers: { cookie: 'lipa_session=abc123' } }],
    ['set-cookie', { headers: { 'set-cookie': ['lipa_session=abc123'] } }],
    ['a deeply nested password', { a: { b: { c: { password: 'correct horse' } } } }],
  ])('censors %s at any depth', (_label, fields) => {
    const { stream, lines } = capture();
    createLogger('test', config, stream).info({ msg: 'x', fields });
    const line = lines()[0];
    for (const value of JSON.stringify(fields).match(
      /"(correct horse|MTc0Mzc5YmZi|x[A-Za-z0-9]{40,}|abc123|opaque|daraja|bfb279f9[a-f0-9]+|Safaricom999!|base64cipher)"/g,
    ) ?? []) {
      expect(line).not.toContain(value.slice(1, -1));
    }
    expect(line).toContain('***');
  });

  it('does not censor the API key id, which is not secret', () => {
    expect(sanitizeLogValue({ headers: { 'x-api-key': 'ak_test_abc' }, api_key: 'ak_test_abc' })).toEqual({
      headers: { 'x-api-key': 'ak_test_abc' },
      api_key: 'ak_test_abc',
    });
  });

  it.each([
    ['an argon2 hash in a message', `could not verify ${ARGON2} for user`, 'could not verify $argon2…*** for user'],
    ['an API secret in a stack', `Error: bad ${SECRET}\n    at x`, 'Error: bad sk_test_***\n    at x'],
    ['a session token', 'Bearer sess_abcdefghijklmnopqrstuvwxyz0123456789', 'Bearer sess_***'],
    ['an OAuth token', 'oat_abcdefghijklmnop', 'oat_***'],
    ['a webhook signing secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_***'],
    ['the MAC of a callback URL token', '/callbacks/stk/txn_abc.ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', '/callbacks/stk/txn_abc.***'],
    ['a masked secret, left alone', 'sk_test_****abcd', 'sk_test_****abcd'],
    ['words that only look alike', 'session_token processed', 'session_token processed'],
  ])('scrubs %s from any string', (_label, text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });

  it('copes with cycles and very deep objects', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(sanitizeLogValue(cyclic)).toEqual({ name: 'a', self: '[Circular]' });
    let deep: unknown = { password: 'p' };
    for (let i = 0; i < 50; i += 1) deep = { next: deep };
    expect(JSON.stringify(sanitizeLogValue(deep))).not.toContain('"p"');
  });

  it('leaves the message and ordinary fields as they were', () => {
    const { stream, lines } = capture();
    createLogger('test', config, stream).info({ msg: 'stk.push.sent', transaction_id: 'txn_1', amount_minor: '100' });
    expect(JSON.parse(lines()[0])).toMatchObject({ msg: 'stk.push.sent', transaction_id: 'txn_1', amount_minor: '100', service: 'test' });
  });
});
