import { createValidationPipe, LipaError, RequestValidationError } from '@lipa/platform';
import { LoginDto, RegisterDto } from '../auth/auth.dto';
import { StkPushDto } from '../stk/stk.dto';
import { specificValidationError } from './validation-codes';

const STK_CODES = { phone: 'invalid_phone', amount: 'invalid_amount' };
const valid = { phone: '0712345678', amount: 100, reference: 'INV-001', description: 'Order 1' };

/** Runs the platform's global pipe as Nest does, then this app's field → code mapping. */
async function validate(metatype: new () => object, body: unknown, codes: Record<string, string>): Promise<{ code: string; value?: unknown }> {
  try {
    const value = await createValidationPipe().transform(body, { type: 'body', metatype });
    return { code: 'ok', value };
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    const mapped = specificValidationError(error, codes) as LipaError;
    expect(mapped.status).toBe(400);
    return { code: mapped.code };
  }
}

describe('POST /v1/stk-push body', () => {
  it.each([
    ['missing phone', { ...valid, phone: undefined }, 'invalid_phone'],
    ['an empty phone', { ...valid, phone: '' }, 'invalid_phone'],
    ['a US number', { ...valid, phone: '+15551234567' }, 'invalid_phone'],
    ['a landline', { ...valid, phone: '0202345678' }, 'invalid_phone'],
    ['a phone too short', { ...valid, phone: '071234567' }, 'invalid_phone'],
    ['a phone as a number', { ...valid, phone: 712345678 }, 'invalid_phone'],
    ['amount 0', { ...valid, amount: 0 }, 'invalid_amount'],
    ['amount 1.5', { ...valid, amount: 1.5 }, 'invalid_amount'],
    ['amount 250001', { ...valid, amount: 250_001 }, 'invalid_amount'],
    ['amount -5', { ...valid, amount: -5 }, 'invalid_amount'],
    ['amount "abc"', { ...valid, amount: 'abc' }, 'invalid_amount'],
    ['amount "1.5"', { ...valid, amount: '1.5' }, 'invalid_amount'],
    ['missing amount', { ...valid, amount: undefined }, 'invalid_amount'],
    ['bad phone and bad amount (phone first)', { ...valid, phone: 'x', amount: 0 }, 'invalid_phone'],
    ['an empty reference', { ...valid, reference: '' }, 'validation_error'],
    ['a 65-character reference', { ...valid, reference: 'r'.repeat(65) }, 'validation_error'],
    ['a 129-character description', { ...valid, description: 'd'.repeat(129) }, 'validation_error'],
    ['a callback_url longer than 2048 characters', { ...valid, callback_url: 'https://a.example/' + 'p'.repeat(2048) }, 'validation_error'],
    ['a callback_url that is not a string', { ...valid, callback_url: 42 }, 'validation_error'],
    ['an unknown field', { ...valid, amuont: 5 }, 'validation_error'],
  ])('refuses %s with %s', async (_, body, code) => {
    expect((await validate(StkPushDto, body, STK_CODES)).code).toBe(code);
  });

  it.each([
    ['07…', '0712345678'],
    ['01…', '0112345678'],
    ['7…', '712345678'],
    ['+254…', '+254712345678'],
    ['254…', '254712345678'],
  ])('accepts a phone written %s', async (_, phone) => {
    expect((await validate(StkPushDto, { ...valid, phone }, STK_CODES)).code).toBe('ok');
  });

  it.each([
    ['the smallest amount', 1],
    ['the largest amount', 250_000],
    ['a digit string', '100'],
  ])('accepts %s', async (_, amount) => {
    const result = await validate(StkPushDto, { ...valid, amount }, STK_CODES);
    expect(result.code).toBe('ok');
    expect(typeof (result.value as StkPushDto).amount).toBe('number');
  });

  it('accepts a push without a reference (the payment account gives one) and a payment_id', async () => {
    expect((await validate(StkPushDto, { phone: '0712345678', amount: 10, payment_id: '#00002' }, STK_CODES)).code).toBe('ok');
    expect((await validate(StkPushDto, { ...valid, payment_id: '00002' }, STK_CODES)).code).toBe('validation_error');
  });

  it('accepts a 64-character reference and a 128-character description', async () => {
    expect((await validate(StkPushDto, { ...valid, reference: 'r'.repeat(64), description: 'd'.repeat(128) }, STK_CODES)).code).toBe('ok');
  });
});

describe('POST /v1/auth/login body', () => {
  it.each([
    ['user', { user: 'duka', password: 'x' }, 'ok'],
    ['username', { username: 'duka', password: 'x' }, 'ok'],
    ['email', { email: 'a@b.co', password: 'x' }, 'ok'],
    ['no name at all', { password: 'x' }, 'validation_error'],
    ['a null username', { username: null, password: 'x' }, 'validation_error'],
    ['a null email', { email: null, password: 'x' }, 'validation_error'],
    ['a null user', { user: null, password: 'x' }, 'validation_error'],
  ])('%s → %s', async (_, body, code) => {
    expect((await validate(LoginDto, body, {})).code).toBe(code);
  });
});

describe('POST /v1/auth/register body', () => {
  const merchant = { username: 'acme_ltd', email: 'Ops@Acme.co.ke', password: 'correct horse', phone: '0712345678' };
  it.each([
    ['a valid merchant', merchant, 'ok'],
    ['a foreign phone', { ...merchant, phone: '+15551234567' }, 'invalid_phone'],
    ['no phone (optional, as in the Merchant Portal)', { ...merchant, phone: undefined }, 'ok'],
    ['a missing username', { ...merchant, username: undefined }, 'validation_error'],
    ['a 7-character password', { ...merchant, password: '1234567' }, 'validation_error'],
    ['a bad email', { ...merchant, email: 'not-an-email' }, 'validation_error'],
    ['a username with spaces', { ...merchant, username: 'acme ltd' }, 'validation_error'],
  ])('%s → %s', async (_, body, code) => {
    expect((await validate(RegisterDto, body, { phone: 'invalid_phone' })).code).toBe(code);
  });
});
