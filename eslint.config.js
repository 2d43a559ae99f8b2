import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'test-artifacts', 'infra'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings from the validated config (src/config.ts).',
        },
      ],
    },
  },
  {
    files: ['src/config.ts', 'scripts/**', 'tests/**', '**/*.test.ts', 'vitest.config.ts', 'src/cli/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
