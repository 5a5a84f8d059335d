// Flat config, type-checked. The `no-restricted-imports` blocks enforce the one direction of
// dependencies: ksef/, loaders/, domain/ and config/ know nothing of GraphQL; resolvers never
// talk HTTP themselves; only main.ts and the simulator's own entry may import the simulator.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const graphqlPackages = ['graphql', 'graphql/*', 'type-graphql', '@apollo/*', 'graphql-scalars'];

const noGraphql = {
  patterns: [
    { group: graphqlPackages, message: 'This layer knows no GraphQL (see DESIGN.md §1).' },
    {
      group: ['**/graphql/**', '**/federation/**', '**/gateway'],
      message: 'Lower layers never import higher ones.',
    },
    {
      group: ['**/simulator/**'],
      message: 'Only main.ts and the simulator entry import the simulator.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test/operations/__generated__/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**'],
    rules: { 'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true } }] },
  },
  {
    files: ['src/ksef/**', 'src/loaders/**', 'src/domain/**', 'src/config/**'],
    rules: { 'no-restricted-imports': ['error', noGraphql] },
  },
  {
    files: ['src/graphql/**', 'src/federation/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'axios', message: 'Resolvers call loaders or the KSeF client, never HTTP.' },
          ],
          patterns: [
            { group: ['**/simulator/**'], message: 'The gateway never depends on the simulator.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/simulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: graphqlPackages, message: 'The simulator is a REST server: no GraphQL.' },
            {
              group: ['**/graphql/**', '**/loaders/**', '**/federation/**', '**/gateway'],
              message: 'The simulator imports only wire DTOs and domain rules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
);
