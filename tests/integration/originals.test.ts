// An attached direct upload's original leaves uploads/ (which the originals bucket's lifecycle rule expires) for its
// permanent key originals/<imageId>/original: byte for byte, crash-safe, ignored by the stale-upload clean-up, kept by
// backup and restore, and found again by EXIF reading and regeneration. PGlite + local files, PostgreSQL + s3rver.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../src/modules/backups/service.js';
import { restoreArchive } from '../../src/modules/backups/restore.js';
import { processImage, type MediaDeps } from '../../src/modules/media/service.js';
import {
  permanentOriginalKey,
  settleOriginal,
  settleUploadedOriginals,
} from '../../src/modules/media/originals.js';
import { ABANDONED_UPLOAD_GRACE_MS, cleanupExpiredUploads } from '../../src/modules/media/uploads-cleanup.js';
import type { DatabaseEngine } from '../../src/platform/db/types.js';
import type { Storage, UploadTarget } from '../../src/platform/storage/types.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist } from '../helpers/catalogue.js';
import { startS3rver, type StartedS3rver } from '../helpers/s3.js';
import { hatchingJpeg, rotatedJpegWithGps } from '../fixtures/images.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function read(storage: Storage, key: string): Promise<Buffer> {
  return Buffer.concat(await (await storage.getStream('originals', key)).toArray());
}

/** Storage whose named methods die after (or instead of) doing their work, as a killed process would. */
function crashing(storage: Storage, crash: { afterCopy?: boolean; onDelete?: boolean }): Storage {
  return new Proxy(storage, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (name === 'copy' && crash.afterCopy)
        return async (...args: unknown[]) => {
          await method.apply(target, args);
          throw new Error('process killed after the copy');
        };
      if (name === 'delete' && crash.onDelete)
        return () => Promise.reject(new Error('process killed before the delete'));
      return method.bind(target);
    },
  });
}

const SETUPS = [
  ['pglite', 'local'],
  ['postgres', 's3'],
] as const satisfies readonly (readonly [DatabaseEngine, 'local' | 's3'])[];

describe.each(SETUPS)('originals of direct uploads (%s, %s storage)', (engine, driver) => {
  const servers: StartedS3rver[] = [];
  const apps: TestApp[] = [];
  let t: TestApp;
  let artistId: string;
  let headers: Record<string, string>;
  let media: MediaDeps;

  async function site(): Promise<TestApp> {
    const env: Record<string, string> = {};
    if (driver === 's3') {
      const s3 = await startS3rver();
      servers.push(s3);
      Object.assign(env, s3.env);
    }
    const app = await openTestApp(engine, env);
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    t = await site();
    artistId = await createArtist(t.handle, 'Jens Ølgaard');
    headers = await asArtist(t.config, t.handle, artistId);
    media = {
      db: t.handle.db,
      storage: t.storage,
      maxPixels: t.config.images.maxPixels,
      maxBytes: t.config.storage.uploadMaxBytes,
    };
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.cleanup();
    for (const s3 of servers) await s3.stop();
  });

  /** Signs an upload, sends the file the way the browser does (PUT to the app or S3, or POST form to S3). */
  async function uploadFile(file: Buffer, filename = 'plate.jpg'): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/artist/uploads',
      headers,
      payload: { filename, contentType: 'image/jpeg', size: file.length },
    });
    expect(res.statusCode, res.body).toBe(201);
    const target = res.json<UploadTarget & { uploadId: string }>();
    if (target.method === 'PUT' && driver === 's3') {
      const put = await fetch(target.url, {
        method: 'PUT',
        headers: target.headers,
        body: new Uint8Array(file),
      });
      expect(put.status, await put.text()).toBeLessThan(300);
    } else if (target.method === 'PUT') {
      const put = await t.app.inject({
        method: 'PUT',
        url: new URL(target.url).pathname,
        headers: target.headers,
        payload: file,
      });
      expect(put.statusCode).toBe(204);
    } else {
      const form = new FormData();
      for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
      form.append('file', new Blob([new Uint8Array(file)], { type: 'image/jpeg' }), filename);
      const post = await fetch(target.url, { method: 'POST', body: form });
      expect(post.status, await post.text()).toBeLessThan(300);
    }
    return target.uploadId;
  }

  /** A print created through the API from a finished upload; returns the image id. */
  async function printFromUpload(uploadId: string): Promise<string> {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/artist/prints',
      headers,
      payload: { title: { da: 'Pladen', en: 'The plate' }, uploadId },
    });
    expect(created.statusCode, created.body).toBe(201);
    const image = await t.handle.db
      .selectFrom('images')
      .select(['id', 'original_key'])
      .where('print_id', '=', created.json<{ id: string }>().id)
      .executeTakeFirstOrThrow();
    // Attaching copies nothing: the row names the upload until the worker runs.
    expect(image.original_key).toBe(`uploads/${uploadId}`);
    return image.id;
  }

  const originalKeyOf = async (imageId: string) =>
    (
      await t.handle.db
        .selectFrom('images')
        .select('original_key')
        .where('id', '=', imageId)
        .executeTakeFirstOrThrow()
    ).original_key;

  let processedImage: string;
  let processedSha: string;

  it('moves the original to originals/<imageId>/original on processing, byte for byte, uploads/<id> gone', async () => {
    const file = await rotatedJpegWithGps(900, 600);
    const uploadId = await uploadFile(file);
    const imageId = await printFromUpload(uploadId);

    expect((await processImage(media, imageId)).status).toBe('completed');
    const key = await originalKeyOf(imageId);
    expect(key).toBe(permanentOriginalKey(imageId));
    expect(key).toBe(`originals/${imageId}/original`);
    expect(sha(await read(t.storage, key))).toBe(sha(file));
    expect((await t.storage.head('originals', key))?.contentType).toBe('image/jpeg');
    expect(await t.storage.head('originals', `uploads/${uploadId}`)).toBeUndefined();
    // EXIF was read from the moved original.
    const exif = await t.handle.db
      .selectFrom('image_exif')
      .select(['camera', 'iso'])
      .where('image_id', '=', imageId)
      .executeTakeFirstOrThrow();
    expect(exif.camera).toMatch(/X-T5/);
    expect(exif.iso).toBe(200);

    // Regeneration (a watermark change re-runs the job) reads the original from its permanent key.
    const again = await processImage(media, imageId);
    expect(again.status).toBe('completed');
    expect(await originalKeyOf(imageId)).toBe(key);
    expect(sha(await read(t.storage, key))).toBe(sha(file));
    processedImage = imageId;
    processedSha = sha(file);
  }, 120_000);

  it('is crash-safe: a run killed after the copy or before the delete loses nothing and converges', async () => {
    const file = await hatchingJpeg(700, 500);
    const uploadId = await uploadFile(file);
    const imageId = await printFromUpload(uploadId);
    const uploadKey = `uploads/${uploadId}`;
    const target = permanentOriginalKey(imageId);

    // Killed after the copy, before the row switched: the row still names the upload, which is still there.
    await expect(
      settleOriginal(t.handle.db, crashing(t.storage, { afterCopy: true }), imageId),
    ).rejects.toThrow(/killed after the copy/);
    expect(await originalKeyOf(imageId)).toBe(uploadKey);
    expect(sha(await read(t.storage, uploadKey))).toBe(sha(file));

    // Killed after the row switched, before the upload was deleted: the row names a complete copy.
    await expect(
      settleOriginal(t.handle.db, crashing(t.storage, { onDelete: true }), imageId),
    ).rejects.toThrow(/killed before the delete/);
    expect(await originalKeyOf(imageId)).toBe(target);
    expect(sha(await read(t.storage, target))).toBe(sha(file));

    // The next run processes from the permanent key.
    expect((await processImage(media, imageId)).status).toBe('completed');
    expect(await originalKeyOf(imageId)).toBe(target);
    expect(sha(await read(t.storage, target))).toBe(sha(file));
  }, 120_000);

  it('never lets the stale-upload clean-up take an original, and moves originals still under uploads/', async () => {
    // A row still naming its upload (made before this release, or its job has not run) whose upload row looks
    // abandoned: pending and long expired.
    const file = await hatchingJpeg(640, 480);
    const uploadKey = `uploads/${randomUUID()}`;
    await t.storage.put('originals', uploadKey, file, {
      contentType: 'image/jpeg',
      contentLength: file.length,
    });
    const expired = new Date(Date.now() - ABANDONED_UPLOAD_GRACE_MS - 3_600_000);
    await t.handle.db
      .insertInto('uploads')
      .values({
        artist_id: artistId,
        storage_key: uploadKey,
        content_type: 'image/jpeg',
        max_bytes: file.length,
        status: 'pending',
        expires_at: expired,
      })
      .execute();
    const legacy = await t.handle.db
      .insertInto('images')
      .values({
        artist_id: artistId,
        status: 'completed',
        original_key: uploadKey,
        original_content_type: 'image/jpeg',
        original_bytes: file.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A truly abandoned upload next to it.
    const abandonedKey = `uploads/${randomUUID()}`;
    await t.storage.put('originals', abandonedKey, Buffer.from('never attached'));
    await t.handle.db
      .insertInto('uploads')
      .values({
        artist_id: artistId,
        storage_key: abandonedKey,
        content_type: 'image/jpeg',
        max_bytes: 100,
        status: 'pending',
        expires_at: expired,
      })
      .execute();

    expect(await cleanupExpiredUploads(t.handle.db, t.storage)).toBe(1);
    expect(await t.storage.head('originals', abandonedKey)).toBeUndefined();
    // The referenced one was not deleted but moved to its permanent key.
    expect(await originalKeyOf(legacy.id)).toBe(permanentOriginalKey(legacy.id));
    expect(sha(await read(t.storage, permanentOriginalKey(legacy.id)))).toBe(sha(file));
    expect(await t.storage.head('originals', uploadKey)).toBeUndefined();

    // The processed image's original is untouched by the clean-up, even long after every upload expired.
    const later = new Date(Date.now() + 30 * 24 * 3_600_000);
    await cleanupExpiredUploads(t.handle.db, t.storage, later);
    expect(sha(await read(t.storage, permanentOriginalKey(processedImage)))).toBe(processedSha);
    expect(await settleUploadedOriginals(t.handle.db, t.storage)).toBe(0);
  }, 120_000);

  it('backs up and restores the originals at their permanent keys; older archives are settled after restore', async () => {
    // A row of an older release, still naming its upload key, goes into the archive as it is.
    const file = await hatchingJpeg(500, 400);
    const oldKey = `uploads/${randomUUID()}`;
    await t.storage.put('originals', oldKey, file, { contentType: 'image/jpeg', contentLength: file.length });
    const old = await t.handle.db
      .insertInto('images')
      .values({
        artist_id: artistId,
        status: 'failed',
        original_key: oldKey,
        original_content_type: 'image/jpeg',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    // Moved by the worker after the backup's snapshot of the rows: the archived row still names the upload key.
    const racedKey = `uploads/${randomUUID()}`;
    const raced = await t.handle.db
      .insertInto('images')
      .values({
        artist_id: artistId,
        status: 'failed',
        original_key: racedKey,
        original_content_type: 'image/jpeg',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.storage.put('originals', permanentOriginalKey(raced.id), file, { contentType: 'image/jpeg' });

    const deps = (s: TestApp) => ({ config: s.config, database: s.handle, storage: s.storage });
    const backup = await createBackup(deps(t), artistId, { includeVersions: true });
    expect(backup.status).toBe('verified');

    const target = await site();
    const result = await restoreArchive(
      deps(target),
      () => t.storage.getStream('backups', backup.storageKey!),
      {
        actor: 'test',
      },
    );
    expect(result.tables.images?.insert).toBeGreaterThanOrEqual(5);
    expect(backup.report).toMatchObject({ warnings: [] });
    const restoredKey = await target.handle.db
      .selectFrom('images')
      .select('original_key')
      .where('id', '=', processedImage)
      .executeTakeFirstOrThrow();
    expect(restoredKey.original_key).toBe(permanentOriginalKey(processedImage));
    expect(sha(await read(target.storage, permanentOriginalKey(processedImage)))).toBe(processedSha);

    // The archived upload-key original comes back where the row says, then moves to its permanent key.
    expect(sha(await read(target.storage, oldKey))).toBe(sha(file));
    expect(sha(await read(target.storage, racedKey))).toBe(sha(file));
    expect(await settleUploadedOriginals(target.handle.db, target.storage)).toBe(2);
    const settled = await target.handle.db
      .selectFrom('images')
      .select('original_key')
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow();
    expect(settled.original_key).toBe(permanentOriginalKey(old.id));
    expect(sha(await read(target.storage, permanentOriginalKey(old.id)))).toBe(sha(file));
    expect(await target.storage.head('originals', oldKey)).toBeUndefined();
  }, 180_000);
});
