// Once per test run: a migrated embedded database, kept as PGlite's data-folder tarball, that every in-memory test
// database starts from (db.ts openTestDatabase). PGlite's initdb is most of the time an open takes (2–5 s on
// these machines, against ~0.3 s to load a copy), and the suite opens well over a hundred of them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/index.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { testConfig } from './db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated PGlite data folder as a tarball (dumpDataDir), or '' when it could not be made. */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'copper-pglite-template-'));
  const dataDir = path.join(dir, 'db');
  const handle = await openDatabase(testConfig({ DATA_DIR: dir }), {
    pgliteDataDir: dataDir,
    pgliteFlush: false,
  });
  try {
    await migrateToLatest(handle);
  } finally {
    await handle.close();
  }
  const pglite = await PGlite.create({ dataDir, extensions: { pg_trgm, unaccent } });
  try {
    const tarball = await pglite.dumpDataDir('none');
    const file = path.join(dir, 'template.tar');
    await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
    project.provide('pgliteTemplate', file);
  } finally {
    await pglite.close();
  }
  return () => rm(dir, { recursive: true, force: true });
}
