// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Modules that do I/O: core must stay pure (DESIGN.md, CONVENTIONS.md). */
const ioModules = [
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
  'worker_threads',
  'cluster',
  'process',
  'readline',
  'stream',
  'async_hooks',
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'test-artifacts/**', 'data/**', 'coverage/**'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@dawn/server', '@dawn/server/*', '@dawn/web', '@dawn/web/*'],
              message: 'core imports nothing from server or web.',
            },
            {
              group: ['**/server/**', '**/web/**'],
              message: 'core imports nothing from server or web.',
            },
            { group: ['node:*', ...ioModules], message: 'core is pure: no I/O modules.' },
            {
              group: ['pg', 'kysely', '@electric-sql/*', 'fastify', 'fastify-*', '@fastify/*'],
              message: 'core is pure: no database or HTTP.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'core is pure: no I/O.' },
        { name: 'process', message: 'core is pure: no process access.' },
      ],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
