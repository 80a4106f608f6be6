import { DataSource } from 'typeorm';
import { DEFAULT_FEE_SCHEDULES, feeScheduleToJson } from '@lipa/money';
import { createAdmin } from '../src/admin/create-admin';
import { ApiGatewayConfig } from '../src/config';
import { type Body, type GatewayHarness, startGateway } from './gateway-harness';

jest.setTimeout(30_000);

/** Admins reading and setting fee schedules through HTTP; ledger-service is the suite's fake (test/fakes.ts), reached by real RPC. */
describe('admin fee schedules (gateway over HTTP, fake ledger over RabbitMQ)', () => {
  let h: GatewayHarness;
  let seq = 0;
  const unique = (label: string) => `${label}${Date.now().toString(36)}${(seq += 1)}`;
  const ip = () => `10.1.${Math.floor(seq / 250)}.${(seq += 1) % 250}`;
  let admin: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const shipped = (type: keyof typeof DEFAULT_FEE_SCHEDULES) => feeScheduleToJson(DEFAULT_FEE_SCHEDULES[type]);

  async function login(user: string, password: string) {
    const res = await h.call<Body>('POST', '/v1/auth/login', { json: { user, password }, headers: { 'x-forwarded-for': ip() } });
    expect(res.status).toBe(200);
    return res.body.token as string;
  }

  async function merchant() {
    const username = unique('fm');
    const res = await h.call<Body>('POST', '/v1/auth/register', {
      json: { username, email: `${username}@example.com`, password: 'correct horse battery' },
      headers: { 'x-forwarded-for': ip() },
    });
    expect(res.status).toBe(201);
    return { merchantId: res.body.merchant_id as string, session: await login(username, 'correct horse battery') };
  }

  const auditOf = async (query: string) => (await h.call<Body>('GET', `/v1/admin/audit-log?${query}`, { headers: bearer(admin) })).body.data as Body[];

  beforeAll(async () => {
    h = await startGateway('fees', { TRUST_PROXY_HOPS: '1' });
    const username = unique('fadmin');
    await createAdmin(h.gateway.get(DataSource), h.gateway.get(ApiGatewayConfig), {
      username,
      email: `${username}@example.com`,
      password: 'a long admin password',
    });
    admin = await login(username, 'a long admin password');
  });

  afterAll(async () => h?.stop());

  it('answers the platform defaults, sets one with before and after in the audit log', async () => {
    const before = await h.call<Body>('GET', '/v1/admin/fee-schedules', { headers: bearer(admin) });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ success: true, platform_defaults: { stk: shipped('stk'), b2c: shipped('b2c') } });

    const schedule = { kind: 'percentage', basis_points: 150, min_minor: '1000', max_minor: '50000' };
    const set = await h.call<Body>('PUT', '/v1/admin/fee-schedules/c2b', { json: schedule, headers: bearer(admin) });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ success: true, scope: 'platform', transaction_type: 'c2b', before: shipped('c2b'), after: schedule, changed: true });
    expect((await h.call<Body>('GET', '/v1/admin/fee-schedules', { headers: bearer(admin) })).body.platform_defaults.c2b).toEqual(schedule);

    const [entry] = await auditOf('action=fee_schedule.set_default');
    expect(entry).toMatchObject({
      action: 'fee_schedule.set_default',
      target_type: 'fee_schedule',
      target_id: 'c2b',
      before: { transaction_type: 'c2b', schedule: shipped('c2b') },
      after: { transaction_type: 'c2b', schedule },
      request_id: set.headers.get('x-request-id'),
    });
  });

  it("sets, reads and removes a merchant's override, each audited against the merchant", async () => {
    const m = await merchant();
    const other = await merchant();
    const flat = { kind: 'flat', amount_minor: '500' };
    const set = await h.call<Body>('PUT', `/v1/admin/merchants/${m.merchantId}/fee-schedules/stk`, { json: flat, headers: bearer(admin) });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ scope: 'merchant', merchant_id: m.merchantId, before: null, after: flat, changed: true });

    const own = await h.call<Body>('GET', `/v1/admin/merchants/${m.merchantId}/fee-schedules`, { headers: bearer(admin) });
    expect(own.body).toMatchObject({ merchant_id: m.merchantId, overrides: { stk: flat }, effective: { stk: flat, b2c: shipped('b2c') } });
    const theirs = await h.call<Body>('GET', `/v1/admin/merchants/${other.merchantId}/fee-schedules`, { headers: bearer(admin) });
    expect(theirs.body).toMatchObject({ overrides: {}, effective: { stk: shipped('stk') } });

    const removed = await h.call<Body>('DELETE', `/v1/admin/merchants/${m.merchantId}/fee-schedules/stk`, { headers: bearer(admin) });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ message: 'Fee schedule removed', before: flat, after: null, changed: true });
    expect((await h.call<Body>('GET', `/v1/admin/merchants/${m.merchantId}/fee-schedules`, { headers: bearer(admin) })).body.overrides).toEqual({});

    const log = await auditOf(`merchant_id=${m.merchantId}`);
    expect(log.map((e) => e.action).slice(0, 2)).toEqual(['fee_schedule.remove_override', 'fee_schedule.set_override']);
    expect(log[0]).toMatchObject({
      target_type: 'merchant',
      before: { transaction_type: 'stk', schedule: flat },
      after: { transaction_type: 'stk', schedule: null },
    });
    expect(await auditOf(`merchant_id=${other.merchantId}`)).toEqual([]);
  });

  it('refuses a malformed schedule with 400 invalid_fee_schedule listing every problem, and asks the ledger nothing', async () => {
    const m = await merchant();
    const sets = h.ledger.feeScheduleSets.length;
    const res = await h.call<Body>('PUT', `/v1/admin/merchants/${m.merchantId}/fee-schedules/b2c`, {
      json: { kind: 'percentage', basis_points: 20000, min_minor: '500', max_minor: '100' },
      headers: bearer(admin),
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, error_code: 'invalid_fee_schedule' });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'basis_points', code: 'basis_points_out_of_range' }),
        expect.objectContaining({ code: 'min_above_max' }),
      ]),
    );
    const typo = await h.call<Body>('PUT', '/v1/admin/fee-schedules/stk', { json: { kind: 'flat', amount_minnor: '5' }, headers: bearer(admin) });
    expect(typo.status).toBe(400);
    expect(typo.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'amount_minnor', code: 'unknown_field' })]));
    expect(h.ledger.feeScheduleSets.length).toBe(sets);
    expect(await auditOf(`merchant_id=${m.merchantId}`)).toEqual([]);
  });

  it('answers an unknown type with 400 and an unknown merchant with 404 merchant_not_found', async () => {
    const type = await h.call<Body>('PUT', '/v1/admin/fee-schedules/mpesa', { json: { kind: 'flat', amount_minor: '1' }, headers: bearer(admin) });
    expect(type.status).toBe(400);
    expect(type.body).toMatchObject({ error_code: 'validation_error', message: 'type must be one of stk, c2b, b2c, b2b' });
    for (const [method, path] of [
      ['GET', '/v1/admin/merchants/mch_nobody/fee-schedules'],
      ['PUT', '/v1/admin/merchants/mch_nobody/fee-schedules/stk'],
      ['DELETE', '/v1/admin/merchants/mch_nobody/fee-schedules/stk'],
    ] as const) {
      const res = await h.call<Body>(method, path, { json: method === 'PUT' ? { kind: 'flat', amount_minor: '1' } : undefined, headers: bearer(admin) });
      expect(res.status).toBe(404);
      expect(res.body.error_code).toBe('merchant_not_found');
    }
  });

  it('refuses a merchant on every fee-schedule route with 403', async () => {
    const m = await merchant();
    for (const [method, path] of [
      ['GET', '/v1/admin/fee-schedules'],
      ['PUT', '/v1/admin/fee-schedules/stk'],
      ['GET', `/v1/admin/merchants/${m.merchantId}/fee-schedules`],
      ['PUT', `/v1/admin/merchants/${m.merchantId}/fee-schedules/stk`],
      ['DELETE', `/v1/admin/merchants/${m.merchantId}/fee-schedules/stk`],
    ] as const) {
      const res = await h.call<Body>(method, path, { json: method === 'PUT' ? { kind: 'flat', amount_minor: '0' } : undefined, headers: bearer(m.session) });
      expect(res.status).toBe(403);
    }
  });
});
