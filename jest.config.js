// Three projects so that `npm test` runs everything and each layer can be run alone
// (`npm run test:unit`, `test:integration`, `test:e2e`). ts-jest transpiles each file on its own
// (isolatedModules) for speed; `npm run typecheck` is where types are checked.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
};

const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  setupFiles: ['reflect-metadata'],
  ...extra,
});

module.exports = {
  projects: [
    project('unit'),
    project('integration', { testTimeout: 30000 }),
    project('e2e', { testTimeout: 60000 }),
  ],
};
