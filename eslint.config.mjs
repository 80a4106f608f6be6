// Lint rules from STYLE.md: module boundaries by tag, one way to import a lib, no floating promises,
// exhaustive switches, no focused or skipped tests, process.env read only where config is loaded.
import nx from '@nx/eslint-plugin';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.solo-spec.ts', '**/test/**/*.ts', 'apps/e2e/**/*.ts', 'libs/testing/**/*.ts'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'tmp/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:domain', 'type:testing'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:domain'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:domain'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: ['@nestjs/*', 'typeorm', 'amqplib', 'ioredis'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:testing'] },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@lipa/*/src', '@lipa/*/src/*'], message: 'Import a lib by its name only (@lipa/messaging).' },
            { group: ['amqplib', 'amqp-connection-manager'], message: 'Only libs/messaging talks to RabbitMQ.' },
            { group: ['@lipa/testing'], message: '@lipa/testing is for test files only.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through a config class (loadConfig), not process.env.',
        },
      ],
    },
  },
  {
    // The one place that reads the environment, and the lib that owns the broker.
    files: ['libs/platform/src/config.ts', 'libs/platform/src/bootstrap.ts', 'scripts/**/*.ts', ...TEST_FILES],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['libs/messaging/**/*.ts', 'libs/testing/src/broker-cleanup.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@lipa/*/src', '@lipa/*/src/*'], message: 'Import a lib by its name only.' }] }] },
  },
  {
    files: TEST_FILES,
    plugins: { jest },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'no-restricted-imports': ['error', { patterns: [{ group: ['@lipa/*/src', '@lipa/*/src/*'], message: 'Import a lib by its name only.' }] }],
      // Tests may start the simulator in-process: it is the world beyond Lipa, not a service under test.
      '@nx/enforce-module-boundaries': 'off',
    },
  },
  prettier,
);
