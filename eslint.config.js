import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layering of DESIGN.md, kept by the linter (README "Map of the code"):
// - SQL only in repositories (files named *repository.ts), the database adapter and migrations, and the visibility
//   policy (catalogue/policy.ts, whose predicates are SQL). Services and pages call repository functions.
// - No fastify in services: *-service.ts, service.ts, repositories and the platform adapters never see a request.
// - The image pipeline (sharp, heic-decode, platform/images, media/service, media/jobs) only on the worker side
//   (decision 001: the web process never loads sharp; tests/integration/web-role-modules.test.ts checks it).
const SQL_FILES = [
  'src/**/*repository.ts',
  'src/platform/db/**',
  'src/modules/catalogue/policy.ts',
  'tests/**',
  'scripts/**',
];
const SERVICE_FILES = [
  'src/**/*-service.ts',
  'src/**/service.ts',
  'src/**/*repository.ts',
  'src/modules/*/kit.ts',
];
const WORKER_SIDE = [
  'src/worker.ts',
  'src/platform/images/**',
  'src/modules/media/service.ts',
  'src/modules/media/jobs.ts',
  'src/modules/media/pipeline-*.ts',
  'src/modules/backups/jobs.ts',
  'src/modules/enquiries/jobs.ts',
  'src/cli/seed.ts',
  'tests/**',
  'scripts/**',
];

const QUERY_BUILDER = '^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|selectNoFrom)$';

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
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: [...SQL_FILES, ...WORKER_SIDE.filter((f) => f.startsWith('src/'))],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              importNames: ['sql'],
              message: 'SQL lives in repositories (*repository.ts); call a repository function.',
              allowTypeImports: true,
            },
          ],
          patterns: [
            {
              group: [
                'sharp',
                'heic-decode',
                '**/platform/images/**',
                // Plain byte-level code the web process and the browser share with the worker.
                '!**/platform/images/sniff.js',
                '!**/platform/images/errors.js',
                '**/media/service.js',
                '**/media/jobs.js',
                '**/media/index.js',
                // The worker role's entry: main.ts loads it with a dynamic import for the worker role only.
                '**/worker.js',
              ],
              message:
                'The image pipeline runs in the worker only (decision 001); the web process never loads sharp.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.property.name=/${QUERY_BUILDER}/]`,
          message: 'Queries live in repositories (*repository.ts); call a repository function.',
        },
      ],
    },
  },
  {
    // The worker side may load the pipeline, but its SQL still belongs in repositories.
    files: WORKER_SIDE.filter((f) => f.startsWith('src/')),
    ignores: SQL_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              importNames: ['sql'],
              message: 'SQL lives in repositories (*repository.ts); call a repository function.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.property.name=/${QUERY_BUILDER}/]`,
          message: 'Queries live in repositories (*repository.ts); call a repository function.',
        },
      ],
    },
  },
  {
    files: SERVICE_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['fastify', '@fastify/*', 'fastify-plugin'],
              message:
                'Services and repositories never see a request: routes parse and present, services decide.',
            },
          ],
        },
      ],
    },
  },
);
