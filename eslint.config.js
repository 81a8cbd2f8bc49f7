// One lint setup for the whole tree: type-aware rules, type-only imports, exhaustive switches,
// and the import boundaries of STYLE.md (schema and rules do no I/O; the console takes only types
// from the server; process.env is read in config.ts alone).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noIoModules = ['pg', 'node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'kysely', '@electric-sql/*'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**', 'bench/results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'No eval: a bank security review rejects it.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function: compose closures instead.' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**', '**/*.bench.ts', '**/vitest.config.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['packages/schema/src/**', 'packages/rules/src/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: noIoModules, message: 'schema and rules are pure: no I/O.' }] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'schema and rules are pure: no process.' },
        { name: 'fetch', message: 'schema and rules are pure: no fetch.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'schema and rules take the as-of date as an input.' },
        { object: 'Math', property: 'random', message: 'rules are deterministic.' },
      ],
    },
  },
  {
    files: ['apps/console/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@precept/server', '@precept/server/*'],
              allowTypeImports: true,
              message: 'The console takes only types from the server.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/src/**'],
    ignores: ['apps/server/src/config.ts', '**/*.test.ts', '**/test/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment in config.ts only.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
