// A complete app on a fresh database (either engine) with local storage in a temp folder, for inject() tests —
// and, on request, a real queue (jobs wait, or a worker runs them as in production) or a listening server.
//
//   const t = await openTestApp('pglite');                         // or 'postgres'
//   const res = await t.app.inject({ method: 'GET', url: '/readyz' });
//   const w = await openTestApp('postgres', {}, { jobs: 'worker' });  // uploads are processed
//   await t.cleanup();
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { DatabaseEngine, DatabaseHandle } from '../../src/platform/db/types.js';
import { createQueue, type Queue } from '../../src/platform/queue/index.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { startWorker } from '../../src/worker.js';
import { createTempDir, openTestDatabase } from './db.js';

export interface TestAppOptions {
  /**
   * No queue (the embedded default: the web process does jobs in-process), a started queue whose jobs wait
   * ('queued': nothing runs them, so a test can see what was asked), or a queue with a worker ('worker').
   */
  jobs?: 'none' | 'queued' | 'worker';
  /** The app's logger; the production logger options at the test config's level (silent) unless given. */
  logger?: FastifyServerOptions['loggerInstance'];
  /** Routes or hooks to add before the app is ready (e.g. probes a test needs). */
  extend?(app: FastifyInstance): void;
  /** Listen on 127.0.0.1 at this port (PUBLIC_URL should name it) instead of only answering inject(). */
  listenPort?: number;
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  handle: DatabaseHandle;
  storage: Storage;
  /** Present when the options asked for jobs. */
  queue: Queue | undefined;
  cleanup(): Promise<void>;
}

export async function openTestApp(
  engine: DatabaseEngine,
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const temp = await createTempDir();
  const database = await openTestDatabase(engine, { DATA_DIR: temp.dir, ...env });
  const { config, handle } = database;
  const storage = createStorage(config);
  const jobs = options.jobs ?? 'none';
  let queue: Queue | undefined;
  if (jobs !== 'none') {
    queue =
      jobs === 'worker'
        ? createQueue(handle, { pollingIntervalSeconds: 0.5 })
        : createQueue(handle, { supervise: false });
    await queue.start();
    if (jobs === 'worker')
      await startWorker({ config, database: handle, storage, queue, log: pino({ level: 'silent' }) });
  }
  const app = await buildApp({
    config,
    database: handle,
    storage,
    ...(queue ? { queue } : {}),
    ...(options.logger ? { loggerInstance: options.logger } : {}),
  });
  options.extend?.(app);
  if (options.listenPort === undefined) await app.ready();
  else await app.listen({ port: options.listenPort, host: '127.0.0.1' });
  return {
    app,
    config,
    handle,
    storage,
    queue,
    async cleanup() {
      await app.close();
      // Graceful with a worker: the job under way finishes and is recorded before the database closes.
      await queue?.stop(
        jobs === 'worker' ? { graceful: true, timeoutMs: 20_000 } : { graceful: false, timeoutMs: 1000 },
      );
      await database.cleanup();
      await temp.cleanup();
    },
  };
}
