import { canonicalJson, requestHash } from './request-hash';

const body = { phone: '254712345678', amount: 100, reference: 'INV-1', description: 'Order' };

describe('idempotency request hashing', () => {
  it('is the same for the same body whatever the key order', () => {
    const reordered = { reference: 'INV-1', description: 'Order', amount: 100, phone: '254712345678' };
    expect(requestHash('POST', '/v1/stk-push', reordered)).toBe(requestHash('POST', '/v1/stk-push', body));
  });

  it('ignores absent (undefined) fields, as JSON does', () => {
    expect(requestHash('POST', '/v1/stk-push', { ...body, callback_url: undefined })).toBe(requestHash('POST', '/v1/stk-push', body));
  });

  it.each([
    ['another amount', { ...body, amount: 101 }],
    ['another phone', { ...body, phone: '254712345679' }],
    ['an extra field', { ...body, callback_url: 'https://example.com/cb' }],
    ['a number sent as a string', { ...body, amount: '100' }],
  ])('differs for %s', (_, other) => {
    expect(requestHash('POST', '/v1/stk-push', other)).not.toBe(requestHash('POST', '/v1/stk-push', body));
  });

  it('differs for another route or method with the same body', () => {
    const base = requestHash('POST', '/v1/stk-push', body);
    expect(requestHash('POST', '/v1/payouts', body)).not.toBe(base);
    expect(requestHash('PUT', '/v1/stk-push', body)).not.toBe(base);
  });

  it('sorts nested objects and keeps array order', () => {
    expect(canonicalJson({ b: [2, 1], a: { d: 1, c: null } })).toBe('{"a":{"c":null,"d":1},"b":[2,1]}');
  });
});
