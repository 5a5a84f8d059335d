// Flat config, type-checked. Two kinds of boundary keep the one direction of dependencies
// (DESIGN.md §1): `local/allowed-imports` allow-lists, per folder, which folders of ours it may
// import (the floors below, lowest first), and `no-restricted-imports` keeps GraphQL packages out
// of the layers that know no GraphQL and axios out of the resolvers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { allowedImports } from './scripts/lint/allowed-imports.mjs';

// Each folder and what of ours it may import. The wire contract is the ground floor: the KSeF
// client, domain/ and the simulator stand on it, and it stands on nothing of ours.
const FLOORS = {
  'src/ksef/wire': ['src/ksef/wire'],
  'src/logging': ['src/logging'],
  'src/domain': ['src/domain', 'src/ksef/wire'],
  'src/ksef': ['src/ksef'],
  'src/errors': ['src/errors', 'src/ksef'],
  'src/loaders': ['src/loaders', 'src/ksef', 'src/domain'],
  // Live status: feeds over the KSeF upstream, knowing no GraphQL.
  'src/live': ['src/live', 'src/ksef'],
  'src/replicas': ['src/replicas', 'src/ksef', 'src/live', 'src/logging'],
  'src/observability': ['src/observability', 'src/ksef', 'src/logging'],
  'src/http': ['src/http', 'src/observability', 'src/logging'],
  'src/graphql': [
    'src/graphql',
    'src/errors',
    'src/loaders',
    'src/live',
    'src/ksef',
    'src/domain',
    'src/http',
  ],
  'src/federation': ['src/federation', 'src/graphql'],
  // The simulator is a separate product that speaks the wire contract and nothing else of ours.
  'src/simulator': ['src/simulator', 'src/ksef/wire'],
  // The readers of environment variables stand on nothing of ours.
  'src/config/env-readers': ['src/config/env-readers'],
  // Its process entry reads the environment with the readers every configuration uses.
  'src/simulator/main.ts': ['src/simulator', 'src/ksef/wire', 'src/config/env-readers'],
  'src/simulator/simulator-config.ts': ['src/simulator', 'src/ksef/wire', 'src/config/env-readers'],
};

// Package names only: a relative `../graphql/…` import is the floors' business (FLOORS above).
const graphqlPackages = '^(graphql|type-graphql|graphql-scalars)(/.*)?$|^@apollo/';

const noGraphql = {
  patterns: [
    { regex: graphqlPackages, message: 'This layer knows no GraphQL (see DESIGN.md §1).' },
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
    plugins: { local: { rules: { 'allowed-imports': allowedImports } } },
    rules: {
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true } }],
      'local/allowed-imports': ['error', FLOORS],
    },
  },
  {
    files: [
      'src/ksef/**',
      'src/loaders/**',
      'src/live/**',
      'src/domain/**',
      'src/config/**',
      'src/simulator/**',
    ],
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
