// The whole image path through the app, the queue and the worker: a direct upload becomes a print with versions,
// and changing the watermark in the settings regenerates every version under new keys.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createQueue, type Queue } from '../../src/platform/queue/index.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { startWorker } from '../../src/worker.js';
import { createTempDir, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { asArtist, createArtist } from '../helpers/catalogue.js';
import { hatchingJpeg } from '../fixtures/images.js';

describe('upload → worker → watermark change → regenerated versions (pglite, local storage)', () => {
  let t: TestDatabase;
  let temp: { dir: string; cleanup(): Promise<void> };
  let storage: Storage;
  let queue: Queue;
  let app: FastifyInstance;
  let headers: Record<string, string>;

  beforeAll(async () => {
    temp = await createTempDir();
    t = await openTestDatabase('pglite', { DATA_DIR: temp.dir });
    storage = createStorage(t.config);
    queue = createQueue(t.handle, { pollingIntervalSeconds: 0.5 });
    await queue.start();
    const log = pino({ level: 'silent' });
    await startWorker({ config: t.config, database: t.handle, storage, queue, log });
    app = await buildApp({ config: t.config, database: t.handle, storage, queue, loggerInstance: log });
    await app.ready();
    const artistId = await createArtist(t.handle, 'Jens Ølgaard');
    headers = await asArtist(t.config, t.handle, artistId);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await queue?.stop({ graceful: false, timeoutMs: 1000 });
    await t?.cleanup();
    await temp?.cleanup();
  });

  async function versionKeys(printId: string): Promise<string[]> {
    const rows = await t.handle.db
      .selectFrom('prints')
      .innerJoin('image_versions', 'image_versions.image_id', 'prints.image_id')
      .select('image_versions.storage_key')
      .where('prints.id', '=', printId)
      .where('prints.image_status', '=', 'completed')
      .orderBy('image_versions.version')
      .execute();
    return rows.map((r) => r.storage_key);
  }

  it('processes an uploaded image in the worker and regenerates it when the watermark changes', async () => {
    const file = await hatchingJpeg(1700, 1100);
    const target = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/artist/uploads',
        headers,
        payload: { filename: 'plate.jpg', contentType: 'image/jpeg', size: file.length },
      })
    ).json<{ uploadId: string; url: string; headers: Record<string, string> }>();
    const put = await app.inject({
      method: 'PUT',
      url: new URL(target.url).pathname,
      headers: target.headers,
      payload: file,
    });
    expect(put.statusCode).toBe(204);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/artist/prints',
      headers,
      payload: { title: { da: 'Pladen', en: 'The plate' }, uploadId: target.uploadId },
    });
    expect(created.statusCode, created.body).toBe(201);
    const printId = created.json<{ id: string }>().id;

    await expect
      .poll(async () => (await versionKeys(printId)).length, { timeout: 45_000, interval: 250 })
      .toBeGreaterThan(0);
    const first = await versionKeys(printId);
    const firstMedium = first.find((k) => k.endsWith('_medium.webp'));
    expect(firstMedium).toBeDefined();

    const settings = await app.inject({
      method: 'PUT',
      url: '/api/v1/artist/settings',
      headers,
      payload: { watermarkText: '© Jens Ølgaard — kobbertryk' },
    });
    expect(settings.statusCode, settings.body).toBe(200);

    await expect
      .poll(async () => (await versionKeys(printId)).some((k) => first.includes(k)), {
        timeout: 45_000,
        interval: 250,
      })
      .toBe(false);
    const second = await versionKeys(printId);
    expect(second).toHaveLength(first.length);
    const secondMedium = second.find((k) => k.endsWith('_medium.webp'));
    // New generation under a new key (immutable caching stays correct), the old files are gone.
    expect(secondMedium).not.toBe(firstMedium);
    // A draft print: its files are in the private area only (decision 005).
    expect(await storage.head('originals', secondMedium!)).toBeDefined();
    expect(await storage.head('public', secondMedium!)).toBeUndefined();
    await expect.poll(() => storage.head('originals', firstMedium!), { timeout: 10_000 }).toBeUndefined();
  }, 120_000);
});
