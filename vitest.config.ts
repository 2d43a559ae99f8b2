import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/**/*.test.ts'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    globalSetup: ['./tests/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one PostgreSQL server; files run in parallel, each with its own database.
    pool: 'forks',
    maxWorkers: 2,
    // Each worker process runs its files one after another without re-importing the app's modules for each: the
    // imports were 198 s of a 25-minute CI run. Files share no state: each opens its own database, storage folder
    // and app, and none changes process.env or mocks modules.
    isolate: false,
  },
});
