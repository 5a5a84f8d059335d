// Three projects so that `npm test` runs everything and each layer can be run alone
// (`npm run test:unit`, `test:integration`, `test:e2e`). ts-jest transpiles each file on its own
// (`isolatedModules` in tsconfig.json) for speed; `npm run typecheck` is where types are checked.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
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
  projects: [project('unit'), project('integration'), project('e2e')],
  // testTimeout is a global option (jest ignores it inside a project entry). Integration and e2e
  // tests start real servers and real RSA keys on a 2-core machine: 60 s is a ceiling, not a pace.
  testTimeout: 60000,
};
