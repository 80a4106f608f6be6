/**
 * Jest global setup. With LIPA_TESTCONTAINERS=1 (a machine with Docker), start Postgres, RabbitMQ and Redis
 * in containers and point the tests at them through the usual env URLs; otherwise use the running services.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.LIPA_TESTCONTAINERS !== '1') return;
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
  const { GenericContainer } = await import('testcontainers');
  const [postgres, rabbit, redis] = await Promise.all([
    new PostgreSqlContainer('postgres:15').withUsername('postgres').withPassword('postgres').start(),
    new RabbitMQContainer('rabbitmq:3.10-management').start(),
    new GenericContainer('redis:7').withExposedPorts(6379).start(),
  ]);
  process.env.DATABASE_URL = postgres.getConnectionUri();
  process.env.AMQP_URL = rabbit.getAmqpUrl();
  process.env.REDIS_URL = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
  (globalThis as { __LIPA_CONTAINERS__?: unknown }).__LIPA_CONTAINERS__ = [postgres, rabbit, redis];
}
