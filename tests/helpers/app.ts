// A complete app on a fresh database (either engine) with local storage in a temp folder, for inject() tests.
//
//   const t = await openTestApp('pglite');       // or 'postgres'
//   const res = await t.app.inject({ method: 'GET', url: '/readyz' });
//   await t.cleanup();
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { DatabaseEngine, DatabaseHandle } from '../../src/platform/db/types.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { createTempDir, openTestDatabase } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  handle: DatabaseHandle;
  storage: Storage;
  cleanup(): Promise<void>;
}

export async function openTestApp(
  engine: DatabaseEngine,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const temp = await createTempDir();
  const database = await openTestDatabase(engine, { DATA_DIR: temp.dir, ...env });
  const storage = createStorage(database.config);
  const app = await buildApp({ config: database.config, database: database.handle, storage });
  await app.ready();
  return {
    app,
    config: database.config,
    handle: database.handle,
    storage,
    async cleanup() {
      await app.close();
      await database.cleanup();
      await temp.cleanup();
    },
  };
}
