// The job queue (pg-boss through the app's own database handle) on real PostgreSQL and on PGlite.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import PgBoss from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createQueue,
  type CreateQueueOptions,
  type Job,
  type Queue,
} from '../../src/platform/queue/index.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../helpers/db.js';

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A promise and its resolver, for handlers the test releases by hand. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe.each(ENGINES)('job queue on %s', (engine) => {
  let database: TestDatabase;
  const started: Queue[] = [];

  /** Each test gets its own pg-boss schema: independent queues in one database. */
  function newQueue(schema: string, options: Omit<CreateQueueOptions, 'schema'> = {}): Queue {
    const queue = createQueue(database.handle, {
      schema,
      pollingIntervalSeconds: 0.5,
      maintenanceIntervalSeconds: 1,
      ...options,
    });
    started.push(queue);
    return queue;
  }

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });

  afterEach(async () => {
    for (const queue of started.splice(0)) await queue.stop({ graceful: false, timeoutMs: 1000 });
  });

  afterAll(async () => {
    await database?.cleanup();
  });

  it('delivers the typed payload to a worker and completes the job', async () => {
    const queue = newQueue('q_deliver');
    await queue.start();
    await queue.ping();
    const received: Job<'image.process'>[] = [];
    await queue.work('image.process', async (job) => {
      received.push(job);
    });

    const imageId = randomUUID();
    const id = await queue.send('image.process', { imageId, attempt: 1 });
    expect(id).toEqual(expect.any(String));

    const done = await waitFor('completion', async () => {
      const job = await queue.getJob('image.process', id!);
      return job?.state === 'completed' ? job : undefined;
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      id,
      name: 'image.process',
      data: { imageId, attempt: 1 },
      retryCount: 0,
    });
    expect(received[0]!.signal.aborted).toBe(false);
    expect(done).toMatchObject({
      data: { imageId, attempt: 1 },
      retryCount: 0,
      error: null,
      singletonKey: imageId,
    });
    expect(done.completedOn).toBeInstanceOf(Date);
  });

  it('retries a failing job per its options, then ends failed with the error recorded', async () => {
    const queue = newQueue('q_retry', {
      jobOptions: { 'image.regenerate-all': { retryLimit: 2, retryDelay: 1 } },
    });
    await queue.start();
    const attempts: { retryCount: number; at: number }[] = [];
    await queue.work('image.regenerate-all', async (job) => {
      attempts.push({ retryCount: job.retryCount, at: Date.now() });
      throw new Error(`storage unavailable (attempt ${attempts.length})`);
    });

    const id = await queue.send('image.regenerate-all', { artistId: 'artist-1' });
    const failed = await waitFor(
      'the job to fail for good',
      async () => {
        const job = await queue.getJob('image.regenerate-all', id!);
        return job?.state === 'failed' ? job : undefined;
      },
      25_000,
    );

    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
    expect(failed.retryCount).toBe(2);
    expect(failed.retryLimit).toBe(2);
    expect(failed.error?.message).toBe('storage unavailable (attempt 3)');
    expect(failed.error?.stack).toContain('storage unavailable');
    // Backoff: each retry waits at least retryDelay · 2^(n-1) seconds.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(1900);
  }, 30_000);

  it('deduplicates waiting jobs by singleton key', async () => {
    const queue = newQueue('q_singleton');
    await queue.start();

    const first = await queue.send('image.process', { imageId: 'img-a' });
    expect(first).toEqual(expect.any(String));
    expect(await queue.send('image.process', { imageId: 'img-a', attempt: 2 })).toBeNull();
    expect(await queue.send('image.process', { imageId: 'img-b' })).toEqual(expect.any(String));
    // An explicit key overrides the one derived from the payload.
    expect(await queue.send('image.process', { imageId: 'img-c' }, { singletonKey: 'img-a' })).toBeNull();
    expect(await queue.send('image.regenerate-all', { artistId: 'artist-1' })).toEqual(expect.any(String));
    expect(await queue.send('image.regenerate-all', { artistId: 'artist-1' })).toBeNull();

    const seen: string[] = [];
    await queue.work('image.process', async (job) => {
      seen.push(job.data.imageId);
    });
    await waitFor('both images', async () => seen.length === 2);
    expect(seen.sort()).toEqual(['img-a', 'img-b']);
    expect((await queue.getJob('image.process', first!))?.state).toBe('completed');
    // Once the first job is done the key is free again.
    expect(await queue.send('image.process', { imageId: 'img-a' })).toEqual(expect.any(String));
  });

  it('stop() waits for a running job to finish', async () => {
    const queue = newQueue('q_drain');
    await queue.start();
    const running = gate();
    let finished = false;
    let signal: AbortSignal | undefined;
    await queue.work('backup.create', async (job) => {
      signal = job.signal;
      running.open();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      finished = true;
    });
    const id = await queue.send('backup.create', { backupId: 'b-1' });
    await running.promise;

    const stopping = Date.now();
    await queue.stop({ graceful: true, timeoutMs: 10_000 });
    expect(finished).toBe(true);
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(500);
    expect(signal?.aborted).toBe(false);

    const job = await createQueue(database.handle, { schema: 'q_drain' }).getJob('backup.create', id!);
    expect(job?.state).toBe('completed');
  });

  it('a job cut off by a non-graceful stop is retried by the next instance', async () => {
    const jobOptions = { 'image.process': { retryLimit: 2, retryDelay: 1 } };
    const first = newQueue('q_cutoff', { jobOptions });
    await first.start();
    const running = gate();
    const release = gate();
    let firstSignal: AbortSignal | undefined;
    await first.work('image.process', async (job) => {
      firstSignal = job.signal;
      running.open();
      await release.promise;
    });
    const id = await first.send('image.process', { imageId: 'img-cut' });
    await running.promise;

    await first.stop({ graceful: false, timeoutMs: 1000 });
    expect(firstSignal?.aborted).toBe(true);
    const interrupted = await first.getJob('image.process', id!);
    expect(interrupted?.state).toBe('retry');
    expect(interrupted?.error?.message).toBe('pg-boss shut down while active');
    // The abandoned handler returns late; its completion must not count (the job is no longer active).
    release.open();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await first.getJob('image.process', id!))?.state).toBe('retry');

    const second = newQueue('q_cutoff', { jobOptions });
    await second.start();
    const retried: Job<'image.process'>[] = [];
    await second.work('image.process', async (job) => {
      retried.push(job);
    });
    const done = await waitFor('the retried job', async () => {
      const job = await second.getJob('image.process', id!);
      return job?.state === 'completed' ? job : undefined;
    });
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ id, data: { imageId: 'img-cut' }, retryCount: 1 });
    expect(done.retryCount).toBe(1);
  });

  it('a job whose worker crashed is picked up again after it expires', async () => {
    const jobOptions = { 'image.process': { expireInSeconds: 2, retryDelay: 1 } };
    const sender = newQueue('q_crash', { jobOptions, supervise: false });
    await sender.start();
    const id = await sender.send('image.process', { imageId: 'img-crash' });
    await sender.stop({ graceful: true, timeoutMs: 1000 });

    // The crashed worker: it claimed the job (state active) and then vanished without a word, as a process
    // killed mid-job does. No stop, no fail — only the row in the database remains.
    const crashed = new PgBoss({
      db: database.handle.executor as PgBoss.Db,
      schema: 'q_crash',
      supervise: false,
    });
    const claimed = await crashed.fetch<{ imageId: string }>('image.process');
    expect(claimed.map((j) => j.id)).toEqual([id]);
    const orphan = createQueue(database.handle, { schema: 'q_crash' });
    expect((await orphan.getJob('image.process', id!))?.state).toBe('active');

    const survivor = newQueue('q_crash', { jobOptions });
    await survivor.start();
    const pickedUp: Job<'image.process'>[] = [];
    await survivor.work('image.process', async (job) => {
      pickedUp.push(job);
    });
    const done = await waitFor('the crashed job to be redone', async () => {
      const job = await survivor.getJob('image.process', id!);
      return job?.state === 'completed' ? job : undefined;
    });
    expect(pickedUp).toHaveLength(1);
    expect(pickedUp[0]).toMatchObject({ id, data: { imageId: 'img-crash' }, retryCount: 1 });
    expect(done.retryCount).toBe(1);
  });

  it('lets the process exit on its own after stop()', async () => {
    // A separate Node process runs a job, stops the queue and closes the database, then simply ends its
    // script: it must exit by itself (no timers or sockets left behind by the queue).
    const script = `
      import { loadConfig } from ${JSON.stringify(new URL('../../src/config.ts', import.meta.url).href)};
      import { openDatabase } from ${JSON.stringify(new URL('../../src/platform/db/index.ts', import.meta.url).href)};
      import { createQueue } from ${JSON.stringify(new URL('../../src/platform/queue/index.ts', import.meta.url).href)};
      const url = process.env.QUEUE_TEST_DATABASE_URL;
      const config = loadConfig(url ? { NODE_ENV: 'test', DATABASE_URL: url } : { NODE_ENV: 'test' });
      const handle = await openDatabase(config, { pgliteDataDir: 'memory' });
      const queue = createQueue(handle, { schema: 'q_exit', pollingIntervalSeconds: 0.5 });
      await queue.start();
      let done;
      const finished = new Promise((resolve) => { done = resolve; });
      await queue.work('uploads.cleanup', async () => { done(); });
      await queue.schedule('uploads.cleanup', '0 3 * * *', {});
      await queue.send('uploads.cleanup', {});
      await finished;
      await queue.stop({ graceful: true, timeoutMs: 5000 });
      // The app always uses Kysely before closing (migrations, health). Without it, closing a PostgreSQL handle
      // leaves its pool open (Kysely ends the pool only once it has used it) — a db adapter issue, not the queue's.
      await handle.ping();
      await handle.close();
      console.log('stopped cleanly');
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      {
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...process.env, QUEUE_TEST_DATABASE_URL: database.config.database.url ?? '' },
        // A hang is what this catches; starting PGlite and pg-boss's schema in a fresh process takes 5–19 s on a
        // busy 2-core machine, so the bound leaves room for that.
        timeout: 60_000,
      },
    );
    expect(stdout).toContain('stopped cleanly');
  }, 90_000);
});
