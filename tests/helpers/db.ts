// Test helpers for the database: throw-away PostgreSQL databases, test configs, and migrated handles on
// either engine.
//
//   import { ENGINES, openTestDatabase } from '../helpers/db.js';
//   describe.each(ENGINES)('on %s', (engine) => {
//     let t: TestDatabase;
//     beforeAll(async () => { t = await openTestDatabase(engine); });
//     afterAll(() => t.cleanup());
//     it('...', async () => { await t.handle.db.selectFrom('prints').selectAll().execute(); });
//   });
//
// PostgreSQL: a uniquely named database on 127.0.0.1:5432 (user postgres, trust auth; override the server with
// TEST_PG_ADMIN_URL), dropped by cleanup(). PGlite: in memory, gone on cleanup().
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import type { DatabaseEngine, DatabaseHandle } from '../../src/platform/db/types.js';

export const ENGINES = ['pglite', 'postgres'] as const satisfies readonly DatabaseEngine[];

/** Maintenance connection used to create and drop test databases. */
export const TEST_PG_ADMIN_URL =
  process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty, uniquely named database; drop() removes it (closing any connection still open to it). */
export async function createTestPostgres(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `copper_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`create database ${quoteIdent(name)}`));
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin((c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`));
    },
  };
}

/**
 * A validated Config for tests: NODE_ENV=test, LOG_LEVEL=silent, DATA_DIR in the OS temp folder (pass your own
 * DATA_DIR, e.g. from createTempDir(), when a test writes files), then the overrides.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: path.join(os.tmpdir(), 'copper-print-gallery-test'),
    ...overrides,
  });
}

/** A fresh temporary folder and a function removing it. */
export async function createTempDir(
  prefix = 'copper-test-',
): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

export interface TestDatabase {
  engine: DatabaseEngine;
  handle: DatabaseHandle;
  /** The config the handle was opened with (DATABASE_URL set for postgres, unset for pglite). */
  config: Config;
  /** Names of the migrations applied when the database was opened (none when PGlite started from the template). */
  applied: string[];
  /** Milliseconds the migrations took. */
  migrationMs: number;
  /** Closes the handle and drops the database. Safe to call twice. */
  cleanup(): Promise<void>;
}

let pgliteTemplate: Promise<Blob | undefined> | undefined;

/**
 * The migrated PGlite data folder global-setup.ts made for this run; undefined outside Vitest (the benchmarks open
 * test databases too) or when run without it.
 */
function migratedPgliteTemplate(): Promise<Blob | undefined> {
  pgliteTemplate ??= (async () => {
    const file = process.env.VITEST ? inject('pgliteTemplate') : undefined;
    return file ? new Blob([await fs.readFile(file)]) : undefined;
  })();
  return pgliteTemplate;
}

/**
 * A new, fully migrated database on the given engine. PGlite starts from the run's migrated copy (the migrations
 * then find nothing to do) unless `fromEmpty` asks for an empty database migrated here.
 */
export async function openTestDatabase(
  engine: DatabaseEngine,
  overrides: Record<string, string> = {},
  { fromEmpty = false }: { fromEmpty?: boolean } = {},
): Promise<TestDatabase> {
  const server = engine === 'postgres' ? await createTestPostgres() : undefined;
  const config = testConfig(server ? { ...overrides, DATABASE_URL: server.url } : overrides);
  const template = engine === 'pglite' && !fromEmpty ? await migratedPgliteTemplate() : undefined;
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase(config, {
      pgliteDataDir: 'memory',
      ...(template ? { pgliteLoadDataDir: template } : {}),
    });
    const started = performance.now();
    const { applied } = await migrateToLatest(handle);
    const migrationMs = performance.now() - started;
    const opened = handle;
    let done: Promise<void> | undefined;
    return {
      engine,
      handle: opened,
      config,
      applied,
      migrationMs,
      cleanup() {
        done ??= (async () => {
          try {
            await opened.close();
          } finally {
            await server?.drop();
          }
        })();
        return done;
      },
    };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await server?.drop().catch(() => undefined);
    throw error;
  }
}
