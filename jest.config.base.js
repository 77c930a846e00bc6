// One Jest setup for every package: ESM mode (NestJS 12 is ESM-only), ts-jest transpiling per file.
// Packages run it with `--rootDir .` so each package tests only its own files.

// ESM-only packages that CommonJS dependencies `require()` (Node 20.19+ allows it; Jest 30 only on
// Node 24.9+): @fastify/static 10 requires content-disposition 3. Jest is given them as CommonJS.
const REQUIRED_ESM_PACKAGES = ['content-disposition'];
const requiredEsm = `node_modules/(?:\\.pnpm/(?:${REQUIRED_ESM_PACKAGES.join('|')})@[^/]+/node_modules/)?(?:${REQUIRED_ESM_PACKAGES.join('|')})/`;

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
    [`${requiredEsm}.+\\.js$`]: ['ts-jest', { useESM: false, tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, diagnostics: false }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(?:\\.pnpm/)?(?:${REQUIRED_ESM_PACKAGES.join('|')})[@/])`],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // Generous: the end-to-end tests start real processes and servers, and a busy 2-core machine slows them several times over.
  testTimeout: 90000,
};
