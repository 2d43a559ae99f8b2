// The whole image path through the app, the queue and the worker: a direct upload becomes a print with versions,
// and changing the watermark in the settings regenerates every version under new keys; an image with DZI tiles from
// before decision 023 is processed again into IIIF tiles. The worker keeps retired files for its grace period
// (decision 027), shortened here to seconds, then its `media.retire` job deletes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist } from '../helpers/catalogue.js';
import pino from 'pino';
import { hatchingJpeg } from '../fixtures/images.js';
import { queueImagesWithDziTiles } from '../../src/modules/media/jobs.js';

describe('upload → worker → watermark change → regenerated versions (pglite, local storage)', () => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await openTestApp('pglite', { IMAGE_RETIRE_GRACE_SECONDS: '5' }, { jobs: 'worker' });
    const artistId = await createArtist(t.handle, 'Jens Ølgaard');
    headers = await asArtist(t.config, t.handle, artistId);
  }, 60_000);

  // Graceful: the last image job may still be finishing (its old files go before it completes), and its
  // completion must be stored before the database closes.
  afterAll(async () => await t?.cleanup());

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
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/artist/uploads',
        headers,
        payload: { filename: 'plate.jpg', contentType: 'image/jpeg', size: file.length },
      })
    ).json<{ uploadId: string; url: string; headers: Record<string, string> }>();
    const put = await t.app.inject({
      method: 'PUT',
      url: new URL(target.url).pathname,
      headers: target.headers,
      payload: file,
    });
    expect(put.statusCode).toBe(204);
    const created = await t.app.inject({
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

    const settings = await t.app.inject({
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
    // New generation under a new key (immutable caching stays correct); the old files are kept for the grace
    // period (pages cached meanwhile still name them), then the worker's delayed job deletes them.
    expect(secondMedium).not.toBe(firstMedium);
    expect(await t.storage.head('originals', firstMedium!)).toBeDefined();
    // A draft print: its files are in the private area only (decision 005).
    expect(await t.storage.head('originals', secondMedium!)).toBeDefined();
    expect(await t.storage.head('public', secondMedium!)).toBeUndefined();
    expect(await t.storage.head('public', firstMedium!)).toBeUndefined();
    await expect.poll(() => t.storage.head('originals', firstMedium!), { timeout: 15_000 }).toBeUndefined();
  }, 120_000);

  it('processes an image that still has DZI tiles again into IIIF tiles, and removes the DZI ones', async () => {
    const image = await t.handle.db
      .selectFrom('images')
      .select(['id', 'iiif_key'])
      .where('status', '=', 'completed')
      .executeTakeFirstOrThrow();
    // An image as a release before decision 023 left it: DZI tiles in a generation of their own, no IIIF tiles.
    const old = `images/${image.id}/0123456789ab/tiles/`;
    await t.storage.put('originals', `${old}image.dzi`, Buffer.from('<Image TileSize="256"/>'));
    await t.storage.put('originals', `${old}image_files/0/0_0.jpeg`, Buffer.from('tile'));
    await t.handle.db
      .updateTable('images')
      .set({ dzi_key: `${old}image.dzi`, iiif_key: null, iiif_width: null, iiif_height: null })
      .where('id', '=', image.id)
      .execute();

    const log = pino({ level: 'silent' });
    expect(await queueImagesWithDziTiles({ database: t.handle, queue: t.queue!, log })).toBe(1);
    await expect
      .poll(
        async () =>
          (
            await t.handle.db
              .selectFrom('images')
              .select(['dzi_key', 'iiif_key'])
              .where('id', '=', image.id)
              .executeTakeFirstOrThrow()
          ).iiif_key,
        { timeout: 45_000, interval: 250 },
      )
      .toMatch(new RegExp(`^images/${image.id}/[0-9a-f]{12}/iiif/info\\.json$`));
    const row = await t.handle.db
      .selectFrom('images')
      .select(['dzi_key', 'iiif_width'])
      .where('id', '=', image.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ dzi_key: null, iiif_width: 1700 });
    await expect
      .poll(() => t.storage.head('originals', `${old}image.dzi`), { timeout: 15_000 })
      .toBeUndefined();
    expect(await t.storage.head('originals', `${old}image_files/0/0_0.jpeg`)).toBeUndefined();
    // Nothing is left to do: a later start queues nothing.
    expect(await queueImagesWithDziTiles({ database: t.handle, queue: t.queue!, log })).toBe(0);
  }, 120_000);
});
