// One lint config for the repository. The rule that matters most: the core stays pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdk.out/',
      'site/dist/',
      'site/.astro/',
      '.datarun/',
      '.datarun-*/',
      'test-output/',
      'bench-output/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['functions/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'The core is pure: storage goes through adapters.' },
            {
              group: [
                'node:fs',
                'node:fs/*',
                'fs',
                'fs/*',
                'node:net',
                'node:http',
                'node:https',
                'node:child_process',
                'node:process',
                'node:os',
              ],
              message: 'The core does no I/O.',
            },
            {
              group: [
                '../adapters/*',
                '../local/*',
                '../handlers/*',
                '../api/*',
                '**/adapters/**',
                '**/local/**',
              ],
              message: 'The core depends on nothing outside it.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The core reads no environment.' },
        { name: 'fetch', message: 'The core does no I/O.' },
      ],
    },
  },
);
