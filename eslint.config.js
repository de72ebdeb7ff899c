// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'migrations/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The search package and the shared helpers stand on their own: the bank passes them what they need
    // (facet declarations, a SqliteHost), so they never reach into server/.
    files: ['search/**', 'common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)server(/|$)',
              message: 'search/ and common/ do not depend on server/: take what you need as a parameter.',
            },
          ],
        },
      ],
      // no-restricted-imports does not look at import(): the boundary holds for dynamic imports too.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.value=/(^|\\/)server(\\/|$)/]',
          message: 'search/ and common/ do not depend on server/, not even through import().',
        },
      ],
    },
  },
  {
    files: ['common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(server|search)(/|$)',
              message: 'common/ is shared by search/ and server/; it imports neither.',
            },
          ],
        },
      ],
    },
  },
  {
    // Command-line tools and benchmarks talk to a person on a terminal.
    files: ['server/cli/**', 'bench/**', 'checks/*/cli.ts', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Scripts served to browsers as they are: plain ES2020 with the browser's globals.
    files: ['server/web/static/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
);
