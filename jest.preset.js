// Shared Jest settings. NestJS 12 ships ESM only and Jest 30 on Node 20 cannot require() ESM,
// so @swc/jest transforms our TypeScript *and* the ESM packages below into CommonJS (STACK.md trap 3).
const { pathsToModuleNameMapper } = require('./scripts/jest-paths');

const esmPackages = ['@nestjs', 'file-type', 'load-esm', 'uid', '@standard-schema', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(),
};
