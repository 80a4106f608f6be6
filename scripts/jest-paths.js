// Maps the tsconfig.base.json path aliases (@lipa/*) to files for Jest.
const path = require('path');
const { compilerOptions } = require('../tsconfig.base.json');

exports.pathsToModuleNameMapper = () =>
  Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias.replace('/', '\\/')}$`, path.join(__dirname, '..', target)]));
