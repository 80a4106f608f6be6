import { createTestDatabase, deleteQueuesWithPrefix, infra, RecordingServer, startRecordingServer, TestDatabase, testPrefix } from '@lipa/testing';
import { RunningStack, ServiceName, startStack } from '../../../../scripts/stack';

export interface E2eStack {
  stack: RunningStack;
  database: TestDatabase;
  receiver: RecordingServer;
  api: ApiClient;
  logs: string[];
  stop(): Promise<void>;
}

export interface E2eStackOptions {
  label: string;
  simCallbackDelayMs: number;
  env?: Partial<Record<ServiceName | 'all', Record<string, string>>>;
}

/**
 * Every service as its own process on free ports, with this suite's own database, queue prefix and
 * Redis key prefix, and a recording HTTP server as the merchant's webhook receiver.
 */
export async function startE2eStack(options: E2eStackOptions): Promise<E2eStack> {
  const database = await createTestDatabase(options.label);
  const receiver = await startRecordingServer();
  const prefix = testPrefix('e2e');
  const logs: string[] = [];
  const stack = await startStack({
    databaseUrl: database.url,
    amqpUrl: infra.amqpUrl,
    redisUrl: infra.redisUrl,
    amqpPrefix: prefix,
    redisKeyPrefix: `lipa:${prefix}`,
    ports: 'free',
    logLevel: process.env.E2E_LOG_LEVEL ?? 'warn',
    onOutput: (service, line) => {
      logs.push(`${service} | ${line}`);
      if (process.env.E2E_LOGS === '1') process.stdout.write(`${service.padEnd(18)} | ${line}\n`);
    },
    env: {
      ...options.env,
      'daraja-sim': { SIM_CALLBACK_DELAY_MS: String(options.simCallbackDelayMs), ...options.env?.['daraja-sim'] },
      'webhook-dispatcher': {
        WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.1,localhost',
        WEBHOOK_RETRY_DELAYS_MS: '200,400,800,1600,3200',
        ...options.env?.['webhook-dispatcher'],
      },
    },
  });
  return {
    stack,
    database,
    receiver,
    logs,
    api: new ApiClient(stack.urls['api-gateway']),
    stop: async () => {
      await stack.stop();
      await receiver.close();
      await database.drop();
      // Quorum queues outlive the processes; a broker carrying hundreds of stale ones restarts slowly.
      await deleteQueuesWithPrefix(prefix);
    },
  };
}

export interface ApiResponse<T = Record<string, any>> {
  status: number;
  body: T;
  headers: Headers;
}

/** The merchant's view: plain HTTP against api-gateway. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async call<T = Record<string, any>>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
  }

  /** Sign-up, log-in, a test key and a webhook endpoint: what a new merchant does first. */
  async onboardMerchant(webhookUrl: string, label = 'shop'): Promise<Merchant> {
    const suffix = Math.random().toString(36).slice(2, 8);
    const username = `${label}_${suffix}`;
    const password = 'correct horse battery staple';
    const registered = await this.call('POST', '/v1/auth/register', {
      body: { username, email: `${username}@example.com`, password, phone: '0712345678', business_name: `${label} ${suffix}` },
    });
    expectStatus(registered, 201);
    const login = await this.call('POST', '/v1/auth/login', { body: { username, password } });
    expectStatus(login, 200);
    const session = { authorization: `Bearer ${login.body.token}` };
    const key = await this.call('POST', '/v1/api-keys', { headers: session, body: { label: 'e2e', mode: 'test' } });
    expectStatus(key, 201);
    const auth = { authorization: `Bearer ${key.body.api_secret}` };
    const endpoint = await this.call('POST', '/v1/webhook-endpoints', { headers: auth, body: { url: webhookUrl } });
    expectStatus(endpoint, 201);
    return {
      merchantId: registered.body.merchant_id,
      apiKey: key.body.api_key,
      apiSecret: key.body.api_secret,
      auth,
      endpointId: endpoint.body.id,
      webhookSecret: endpoint.body.secret,
    };
  }
}

export interface Merchant {
  merchantId: string;
  apiKey: string;
  apiSecret: string;
  auth: Record<string, string>;
  endpointId: string;
  webhookSecret: string;
}

export function expectStatus(response: ApiResponse, status: number): void {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
}
