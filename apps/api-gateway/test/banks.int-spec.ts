import { BANKS } from '../src/banks/banks.data';
import { type GatewayHarness, startGateway } from './gateway-harness';

type Body = Record<string, any>;

describe('GET /v1/banks (the gateway in-process on real Postgres, RabbitMQ, Redis)', () => {
  let h: GatewayHarness;
  let call: GatewayHarness['call'];

  beforeAll(async () => {
    h = await startGateway('gwbanks', {}, { fakes: false });
    call = h.call;
  });

  afterAll(async () => h?.stop());

  it('answers without credentials, with every bank on one page in the list shape', async () => {
    const res = await call<Body>('GET', '/v1/banks');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, message: expect.any(String) });
    expect(res.body.data).toEqual(BANKS);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.body.pagination).toEqual({ current_page: 1, per_page: BANKS.length, total_items: BANKS.length, total_pages: 1 });
  });

  it('lists the paybills merchants expect (Equity, KCB, Co-op, Standard Chartered)', async () => {
    const res = await call<Body>('GET', '/v1/banks');
    const paybills = (code: string) => (res.body.data as Body[]).find((bank) => bank.code === code)?.paybills;
    expect(paybills('equity')).toEqual(['247247']);
    expect(paybills('kcb')).toEqual(expect.arrayContaining(['522522', '522533']));
    expect(paybills('co_op')).toEqual(expect.arrayContaining(['400200', '400222']));
    expect(paybills('standard_chartered')).toEqual(['329329']);
  });

  it('lets clients and shared caches keep the list for a day', async () => {
    const res = await call('GET', '/v1/banks');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('ignores credentials, even invalid ones', async () => {
    const res = await call<Body>('GET', '/v1/banks', { headers: { authorization: 'Bearer sk_test_not-a-real-secret' } });
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBe(BANKS.length);
  });
});
