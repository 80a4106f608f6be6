// The platform's error filter and logger (libs/platform), tested here because libs/platform may not depend on @lipa/testing.
import { Body, Controller, Module, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Writable } from 'node:stream';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@lipa/testing';
import { PlatformModule, ServiceConfig, createServiceApp, loadConfig, migrationSchema } from '@lipa/platform';

// What argon2id writes for a password: the value that must never reach a log line.
const PASSWORD_HASH = '$argon2id$v=19$m=4096,t=3,p=4$yujQxYBpof0xCg1yzbclqg$P2n4hVQCFdbEd5XJRBRxlSh1frrlDGP/SBocZMm8OeM';

class CreateAccounts1700000000000 implements MigrationInterface {
  name = 'CreateAccounts1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`CREATE TABLE "${schema}".accounts (email text PRIMARY KEY, password_hash text NOT NULL, pin smallint NOT NULL)`);
  }
  async down(): Promise<void> {}
}

/** Writes as a repository would, with the hash among the parameters, whatever the body says. */
@Controller('accounts')
class AccountsController {
  constructor(private readonly dataSource: DataSource) {}

  @Post()
  async create(@Body() body: { email: string; pin: number }) {
    await this.dataSource.query(`INSERT INTO accounts (email, password_hash, pin) VALUES ($1, $2, $3)`, [body.email, PASSWORD_HASH, body.pin]);
    return { success: true, message: 'created' };
  }
}

describe('HttpErrorFilter and the logger with a real failing query (real Postgres)', () => {
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  const logged: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });

  beforeAll(async () => {
    database = await createTestDatabase('platform_filter');
    const config = loadConfig(ServiceConfig, { DATABASE_URL: database.url, LOG_LEVEL: 'info' });
    @Module({
      imports: [
        PlatformModule.forService({
          service: 'filter-test',
          config,
          configClass: ServiceConfig,
          database: { schema: 'filtertest', entities: [], migrations: [CreateAccounts1700000000000] },
          logDestination: destination,
        }),
      ],
      controllers: [AccountsController],
    })
    class TestModule {}
    app = await createServiceApp({ service: 'filter-test', configClass: ServiceConfig, appModule: () => TestModule }, config);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  async function post(body: unknown): Promise<{ status: number; body: Record<string, any>; requestId: string }> {
    const response = await fetch(`${url}/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any>, requestId: response.headers.get('x-request-id') ?? '' };
  }

  function linesOf(requestId: string): string[] {
    return logged.filter((line) => line.includes(requestId));
  }

  it('logs a failed query (a unique violation, a bug: 500) with its SQLSTATE but without its parameters or the hash', async () => {
    expect((await post({ email: 'ops@acme.co.ke', pin: 1 })).status).toBe(201);
    const failed = await post({ email: 'ops@acme.co.ke', pin: 2 });
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ success: false, message: 'Internal error', error_code: 'internal_error', request_id: failed.requestId });

    const lines = linesOf(failed.requestId);
    const unhandled = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'http.unhandled_error');
    // The log still says what broke, so the bug can be found...
    expect(unhandled.err).toMatchObject({ type: 'QueryFailedError', code: '23505', parameters: '[not logged]' });
    expect(unhandled.err.query).toContain('INSERT INTO accounts');
    // ...and no line of the request carries the values the query ran with.
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain('$argon2id$');
      expect(line).not.toContain('yujQxYBpof0xCg1yzbclqg');
      expect(line).not.toContain('ops@acme.co.ke');
    }
  });

  it('answers a value its column cannot store (smallint overflow) 400 validation_error, logged without parameters', async () => {
    const failed = await post({ email: 'pin@acme.co.ke', pin: 70_000 });
    expect(failed.status).toBe(400);
    expect(failed.body).toMatchObject({
      success: false,
      error_code: 'validation_error',
      request_id: failed.requestId,
      errors: [{ field: 'request', problem: 'a number is out of range' }],
    });
    const lines = linesOf(failed.requestId);
    const entry = lines.map((line) => JSON.parse(line)).find((e) => e.msg === 'http.unstorable_value');
    expect(entry).toMatchObject({ sqlstate: '22003', err: { type: 'QueryFailedError', parameters: '[not logged]' } });
    for (const line of lines) {
      expect(line).not.toContain('$argon2id$');
      expect(line).not.toContain('pin@acme.co.ke');
    }
  });

  it('refuses a NUL in the body before the query runs: 400 naming the field, nothing logged as an error', async () => {
    const refused = await post({ email: 'nul\u0000@acme.co.ke', pin: 3 });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      success: false,
      message: 'email contains a NUL character (\\u0000), which cannot be stored',
      error_code: 'validation_error',
      request_id: refused.requestId,
      errors: [{ field: 'email', problem: 'email contains a NUL character (\\u0000), which cannot be stored' }],
    });
    expect(linesOf(refused.requestId).some((line) => line.includes('QueryFailedError'))).toBe(false);
  });
});
