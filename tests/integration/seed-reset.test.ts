// `npm run seed -- --demo --reset` deletes the files of the rows it removes: every original and every version and
// tile, in the public and the private area, and nothing of anyone else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/seed.js';
import { processImage } from '../../src/modules/media/service.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage, StorageArea } from '../../src/platform/storage/types.js';
import { createTempDir, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createArtist } from '../helpers/catalogue.js';
import { hatchingJpeg } from '../fixtures/images.js';

async function keysIn(storage: Storage, area: StorageArea, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of storage.list(area, prefix)) keys.push(o.key);
  return keys.sort();
}

describe('seed --reset (pglite, local storage)', () => {
  let t: TestDatabase;
  let temp: { dir: string; cleanup(): Promise<void> };
  let storage: Storage;
  beforeAll(async () => {
    temp = await createTempDir();
    t = await openTestDatabase('pglite', { DATA_DIR: temp.dir });
    storage = createStorage(t.config);
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    await temp?.cleanup();
  });

  it('removes the storage objects of every image row it deletes, in both areas, and only those', async () => {
    const { db } = t.handle;
    // Four demo prints, processed and published by the seed.
    const seeded = await seedDemo(t.config, t.handle, storage, { count: 4 });
    const imageOf = async (printId: string) =>
      (await db.selectFrom('prints').select('image_id').where('id', '=', printId).executeTakeFirstOrThrow())
        .image_id!;
    const media = {
      db,
      storage,
      maxPixels: t.config.images.maxPixels,
      maxBytes: t.config.storage.uploadMaxBytes,
    };
    // One published print's versions in the public area, one draft's (processed again) in the private area.
    const published = await imageOf(seeded.prints[0]!);
    const draft = await imageOf(seeded.prints[1]!);
    await db.updateTable('prints').set({ status: 'draft' }).where('id', '=', seeded.prints[1]!).execute();
    for (const id of [published, draft]) expect((await processImage(media, id)).status).toBe('completed');
    expect((await keysIn(storage, 'public', `images/${published}/`)).length).toBeGreaterThan(3);
    // Every version is deleted below, the cards' small one (decision 021) too.
    expect(await keysIn(storage, 'public', `images/${published}/`)).toContainEqual(
      expect.stringMatching(/_small\.webp$/),
    );
    expect((await keysIn(storage, 'originals', `images/${draft}/`)).length).toBeGreaterThan(3);
    // An image on no print whose original is still at its upload key.
    const loose = await hatchingJpeg(300, 200);
    await storage.put('originals', 'uploads/loose-upload', loose, { contentType: 'image/jpeg' });
    await db
      .insertInto('images')
      .values({ artist_id: seeded.artistId, status: 'failed', original_key: 'uploads/loose-upload' })
      .execute();
    // Another artist's image: not the seed's to delete.
    const other = await createArtist(t.handle, 'Someone else');
    const otherImage = await db
      .insertInto('images')
      .values({ artist_id: other, status: 'failed', original_key: 'originals/other/original' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await storage.put('originals', 'originals/other/original', loose, { contentType: 'image/jpeg' });
    await storage.put('originals', `images/${otherImage.id}/g/thumb.webp`, Buffer.from('x'));

    const before = (
      await db.selectFrom('images').select('id').where('artist_id', '=', seeded.artistId).execute()
    ).map((r) => r.id);
    expect(before).toHaveLength(5);
    expect(await keysIn(storage, 'originals', 'originals/')).toHaveLength(5);

    await expect(seedDemo(t.config, t.handle, storage, { images: false })).rejects.toThrow(/--reset/);
    const reseeded = await seedDemo(t.config, t.handle, storage, { reset: true, images: false });
    expect(reseeded.prints).toHaveLength(30);

    for (const id of before) {
      expect(await keysIn(storage, 'public', `images/${id}/`), id).toEqual([]);
      expect(await keysIn(storage, 'originals', `images/${id}/`), id).toEqual([]);
      expect(await keysIn(storage, 'originals', `originals/${id}/`), id).toEqual([]);
    }
    expect(await storage.head('originals', 'uploads/loose-upload')).toBeUndefined();
    // Nothing of the seeded artist is left in either area; the other artist's files are all still there.
    expect(await keysIn(storage, 'public')).toEqual([]);
    expect(await keysIn(storage, 'originals')).toEqual([
      `images/${otherImage.id}/g/thumb.webp`,
      'originals/other/original',
    ]);
  }, 180_000);
});
