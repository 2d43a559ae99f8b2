// The artist backup API of the assembled app with real authentication (studio sessions) and a real pg-boss queue
// with the worker's backup job: start (queued for the worker, one at a time), list, resumable download. Who may
// (the site owner only) is in site-owner.test.ts.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { registerBackupJobs } from '../../src/modules/backups/jobs.js';
import { createBackup } from '../../src/modules/backups/service.js';
import { createQueue, type Queue } from '../../src/platform/queue/index.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { asArtist, createArtist, insertPrint } from '../helpers/catalogue.js';
import { createTempDir, openTestDatabase, type TestDatabase } from '../helpers/db.js';

interface Listed {
  id: string;
  status: string;
  sha256: string;
  bytes: number;
  report: { counts: Record<string, number> };
}

describe.each(['pglite', 'postgres'] as const)('backup routes on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let temp: { dir: string; cleanup(): Promise<void> };
  let storage: Storage;
  let queue: Queue;
  let headers: Record<string, string>;
  const log = pino({ level: 'silent' });

  const start = async (q: Queue) => {
    const built = await buildApp({
      config: t.config,
      database: t.handle,
      storage,
      queue: q,
      loggerInstance: log,
    });
    await built.ready();
    return built;
  };

  beforeAll(async () => {
    temp = await createTempDir();
    t = await openTestDatabase(engine, { DATA_DIR: temp.dir });
    storage = createStorage(t.config);
    queue = createQueue(t.handle, { pollingIntervalSeconds: 0.5 });
    await queue.start();
    await registerBackupJobs({ config: t.config, database: t.handle, storage, queue, log });
    app = await start(queue);
    // The site owner (the first artist) and another artist's draft: a backup holds the whole site.
    const artistId = await createArtist(t.handle);
    const otherId = await createArtist(t.handle, 'Second artist');
    await insertPrint(t.handle, artistId, { withImage: false });
    await insertPrint(t.handle, otherId, { withImage: false, status: 'draft' });
    headers = await asArtist(t.config, t.handle, artistId);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await queue?.stop({ graceful: false, timeoutMs: 1000 });
    await t?.cleanup();
    await temp?.cleanup();
  });

  const list = async (h = headers) => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/artist/backups', headers: h });
    return res.json<{ backups: Listed[] }>().backups;
  };

  const settled = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const backup = (await list()).find((b) => b.id === id);
      if (backup?.status !== 'running') return backup;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`backup ${id} still running`);
  };

  it('requires a signed-in artist', async () => {
    for (const [method, url] of [
      ['POST', '/api/v1/artist/backups'],
      ['GET', '/api/v1/artist/backups'],
      ['GET', '/api/v1/artist/backups/00000000-0000-0000-0000-000000000000/download'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('starts a backup through the worker, lists its report and serves the archive with Range support', async () => {
    const started = await app.inject({ method: 'POST', url: '/api/v1/artist/backups', headers, payload: {} });
    expect(started.statusCode).toBe(202);
    const { id, status } = started.json<{ id: string; status: string }>();
    expect(status).toBe('running');
    // Queued for the worker, not run by the web request.
    const { rows } = await t.handle.executor.executeSql(
      "select data from pgboss.job where name = 'backup.create'",
    );
    expect(rows.map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data))).toEqual([
      { backupId: id },
    ]);
    const backup = await settled(id);
    expect(backup?.status).toBe('verified');
    // The whole site: the owner's print and the other artist's draft.
    expect(backup?.report.counts.prints).toBe(2);

    const url = `/api/v1/artist/backups/${id}/download`;
    const full = await app.inject({ method: 'GET', url, headers });
    expect(full.statusCode).toBe(200);
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(full.headers['content-disposition']).toMatch(/^attachment; filename="copper-\d{8}T\d{6}Z-/);
    expect(full.rawPayload.length).toBe(backup!.bytes);
    expect(createHash('sha256').update(full.rawPayload).digest('hex')).toBe(backup!.sha256);

    const part = await app.inject({ method: 'GET', url, headers: { ...headers, range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${backup!.bytes}`);
    expect(part.rawPayload).toEqual(full.rawPayload.subarray(100, 200));
    const rest = await app.inject({ method: 'GET', url, headers: { ...headers, range: 'bytes=200-' } });
    expect(rest.statusCode).toBe(206);
    expect(Buffer.concat([full.rawPayload.subarray(0, 200), rest.rawPayload])).toEqual(full.rawPayload);
    const bad = await app.inject({
      method: 'GET',
      url,
      headers: { ...headers, range: `bytes=${backup!.bytes}-` },
    });
    expect(bad.statusCode).toBe(416);
    for (const missing of ['00000000-0000-0000-0000-000000000000', '------------------------------------']) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/artist/backups/${missing}/download`,
        headers,
      });
      expect(res.statusCode, missing).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'RESOURCE_NOT_FOUND' } });
    }
  }, 60_000);

  it('refuses a second backup while one runs (409), from the API and from the command line', async () => {
    await queue.stop({ graceful: true, timeoutMs: 5000 });
    // No worker now: the requested backup waits in the queue, and counts as running.
    queue = createQueue(t.handle, { supervise: false });
    await queue.start();
    const second = await start(queue);
    try {
      const requests = await Promise.all(
        [0, 1, 2].map(() =>
          second.inject({ method: 'POST', url: '/api/v1/artist/backups', headers, payload: {} }),
        ),
      );
      expect(requests.map((r) => r.statusCode).sort()).toEqual([202, 409, 409]);
      const refused = requests.find((r) => r.statusCode === 409)!;
      expect(refused.json()).toEqual({
        error: { code: 'CONFLICT', message: 'A backup is already running; wait for it to finish' },
      });
      await expect(
        createBackup({ config: t.config, database: t.handle, storage }, null),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      const running = (await list()).filter((b) => b.status === 'running');
      expect(running).toHaveLength(1);
    } finally {
      await second.close();
    }
  }, 60_000);
});
