/**
 * Where the real Postgres, RabbitMQ and Redis are. By default: the URLs in the environment, falling back to
 * the local services. With LIPA_TESTCONTAINERS=1 the Jest global setup starts them in Docker first and
 * sets these variables (see global-setup.ts), so tests never know the difference.
 */
export const infra = {
  get databaseUrl(): string {
    return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  },
  get amqpUrl(): string {
    return process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  },
  get redisUrl(): string {
    return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  },
};
