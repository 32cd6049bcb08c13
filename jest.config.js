// Jest 30 in ESM mode (run with --experimental-vm-modules, see package.json "test").
// Sources are transformed by @swc/jest; @dt/* imports resolve to each package's src/ so unit tests
// never need a build. End-to-end tests run the built binaries in packages/cli/dist (npm test builds first).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/packages/*/test/**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'es6' } }],
  },
  moduleNameMapper: {
    '^@dt/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  setupFiles: ['<rootDir>/jest.setup.js'],
  globalSetup: '<rootDir>/jest.global-setup.js',
  globalTeardown: '<rootDir>/jest.global-teardown.js',
  maxWorkers: 2,
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/.ci/jest-summary.cjs'],
};
