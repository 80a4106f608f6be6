import { createSimulator, RunningSimulator } from '../src/simulator';

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

async function generate(sim: RunningSimulator, authorization?: string, grantType = 'client_credentials') {
  const res = await fetch(`${sim.url}/oauth/v1/generate?grant_type=${grantType}`, {
    headers: authorization ? { Authorization: authorization } : {},
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('daraja-sim OAuth', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await createSimulator({ callbackDelayMs: 0 });
  });
  afterAll(() => sim.close());

  it('issues a 28-character token with expires_in as the string "3599" for any key pair', async () => {
    const { status, body } = await generate(sim, basic('any-key', 'any-secret'));
    expect(status).toBe(200);
    expect(body.access_token).toMatch(/^[A-Za-z0-9]{28}$/);
    expect(body.expires_in).toBe('3599');
  });

  it('answers 400.008.01 without Basic authentication', async () => {
    for (const authorization of [undefined, 'Bearer abc', 'Basic !!!', basic('', 'secret')]) {
      const { status, body } = await generate(sim, authorization);
      expect(status).toBe(400);
      expect(body).toEqual({ requestId: expect.any(String), errorCode: '400.008.01', errorMessage: 'Invalid Authentication passed' });
    }
  });

  it('answers 400.008.02 for a wrong grant type', async () => {
    const { status, body } = await generate(sim, basic('k', 's'), 'password');
    expect(status).toBe(400);
    expect(body.errorCode).toBe('400.008.02');
    expect(body.errorMessage).toBe('Invalid grant type passed');
  });

  it('counts OAuth calls on /__sim/requests and resets them', async () => {
    const before = (await (await fetch(`${sim.url}/__sim/requests`)).json()) as { oauth: number };
    await generate(sim, basic('k', 's'));
    const after = (await (await fetch(`${sim.url}/__sim/requests`)).json()) as { oauth: number };
    expect(after.oauth).toBe(before.oauth + 1);
    expect((await fetch(`${sim.url}/__sim/reset`, { method: 'POST' })).status).toBe(204);
    expect(sim.requestCounts().oauth).toBe(0);
  });
});

describe('daraja-sim OAuth with a configured consumer pair', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await createSimulator({ callbackDelayMs: 0, consumerKey: 'the-key', consumerSecret: 'the-secret' });
  });
  afterAll(() => sim.close());

  it('accepts only that pair', async () => {
    expect((await generate(sim, basic('the-key', 'the-secret'))).status).toBe(200);
    const wrong = await generate(sim, basic('the-key', 'other-secret'));
    expect(wrong.status).toBe(400);
    expect(wrong.body.errorCode).toBe('400.008.01');
  });
});

describe('daraja-sim OAuth with rejected consumer keys', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await createSimulator({ callbackDelayMs: 0, rejectedConsumerKeys: ['wrong-key'] });
  });
  afterAll(() => sim.close());

  it('refuses those keys whatever the secret, and still accepts every other pair', async () => {
    for (const secret of ['any-secret', 'another-secret']) {
      const refused = await generate(sim, basic('wrong-key', secret));
      expect(refused.status).toBe(400);
      expect(refused.body.errorCode).toBe('400.008.01');
    }
    expect((await generate(sim, basic('good-key', 'good-secret'))).status).toBe(200);
  });
});
