// One Jest run, three kinds of test (STYLE.md "Tests"): unit beside the code, integration per service
// against real Postgres/RabbitMQ/Redis, end-to-end across all running services (run in band).
const preset = require('./jest.preset');

module.exports = {
  passWithNoTests: true,
  // testTimeout is a global option in Jest 30 (ignored per project); the e2e suites set longer ones themselves.
  testTimeout: 60_000,
  // LIPA_TESTCONTAINERS=1 starts Postgres, RabbitMQ and Redis in Docker; otherwise the env URLs / local services are used.
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  transform: preset.transform,
  projects: [
    { ...preset, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...preset,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
    },
    {
      ...preset,
      displayName: 'e2e',
      // Run in band: *.solo-spec.ts suites stop and restart the shared RabbitMQ, so nothing may run beside them.
      testMatch: ['<rootDir>/apps/e2e/src/**/*.e2e-spec.ts', '<rootDir>/{apps,libs}/**/*.solo-spec.ts'],
    },
  ],
};
