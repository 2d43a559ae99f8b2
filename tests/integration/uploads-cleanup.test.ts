import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTempDir, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createStorage } from '../../src/platform/storage/index.js';
import {
  cleanupExpiredUploads,
  ABANDONED_UPLOAD_GRACE_MS,
  TEMPORARY_UPLOAD_MAX_AGE_MS,
} from '../../src/modules/media/uploads-cleanup.js';
import type { Storage } from '../../src/platform/storage/types.js';

describe.each(ENGINES)('abandoned upload clean-up on %s', (engine) => {
  let t: TestDatabase;
  let storage: Storage;
  let temp: { dir: string; cleanup(): Promise<void> };
  beforeAll(async () => {
    temp = await createTempDir();
    t = await openTestDatabase(engine, { DATA_DIR: temp.dir });
    storage = createStorage(t.config);
  });
  afterAll(async () => {
    await t?.cleanup();
    await temp?.cleanup();
  });

  it('removes files of uploads abandoned past the grace period and keeps the rest', async () => {
    const artist = await t.handle.db
      .insertInto('artists')
      .values({ email: 'cleanup@example.com', display_name: 'C' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = new Date();
    const old = new Date(now.getTime() - ABANDONED_UPLOAD_GRACE_MS - 60_000);
    const recent = new Date(now.getTime() - 60_000);
    const rows = [
      { key: 'uploads/old-pending', status: 'pending' as const, expires: old },
      { key: 'uploads/recent-pending', status: 'pending' as const, expires: recent },
      { key: 'uploads/old-consumed', status: 'consumed' as const, expires: old },
    ];
    for (const row of rows) {
      await storage.put('originals', row.key, Readable.from([Buffer.from(row.key)]));
      await t.handle.db
        .insertInto('uploads')
        .values({
          artist_id: artist.id,
          storage_key: row.key,
          content_type: 'image/jpeg',
          max_bytes: 1000,
          status: row.status,
          expires_at: row.expires,
        })
        .execute();
    }

    expect(await cleanupExpiredUploads(t.handle.db, storage, now)).toBe(1);
    expect(await storage.head('originals', 'uploads/old-pending')).toBeUndefined();
    expect(await storage.head('originals', 'uploads/recent-pending')).toBeDefined();
    expect(await storage.head('originals', 'uploads/old-consumed')).toBeDefined();
    const statuses = await t.handle.db
      .selectFrom('uploads')
      .select(['storage_key', 'status'])
      .orderBy('storage_key')
      .execute();
    expect(statuses).toEqual([
      { storage_key: 'uploads/old-consumed', status: 'consumed' },
      { storage_key: 'uploads/old-pending', status: 'expired' },
      { storage_key: 'uploads/recent-pending', status: 'pending' },
    ]);
    expect(await cleanupExpiredUploads(t.handle.db, storage, now)).toBe(0);
  });

  it('expires what no upload row names once nothing waits at an upload key', async () => {
    const artist = await t.handle.db
      .insertInto('artists')
      .values({ email: 'sweep@example.com', display_name: 'S' })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A file whose upload row was never written, and half a direct upload left by a killed process.
    await storage.put('originals', 'uploads/no-row', Buffer.from('orphan'));
    if (!storage.hasLocalFolders()) throw new Error('this test runs on the local driver');
    const uploadsDir = path.join(storage.rootOf('originals'), 'uploads');
    await mkdir(uploadsDir, { recursive: true });
    const partial = path.join(uploadsDir, '.~tmp-cut-off-upload');
    await writeFile(partial, 'half');
    // An image whose original is still at an upload key and cannot be moved yet (its file is not there).
    const waiting = await t.handle.db
      .insertInto('images')
      .values({ artist_id: artist.id, status: 'processing', original_key: 'uploads/not-moved-yet' })
      .returning('id')
      .executeTakeFirstOrThrow();

    const now = new Date();
    const later = new Date(now.getTime() + TEMPORARY_UPLOAD_MAX_AGE_MS + 60_000);
    await cleanupExpiredUploads(t.handle.db, storage, now);
    expect(await storage.head('originals', 'uploads/no-row')).toBeDefined();
    // Old enough, but an image still names an upload key: nothing is swept.
    await cleanupExpiredUploads(t.handle.db, storage, later);
    expect(await storage.head('originals', 'uploads/no-row')).toBeDefined();
    expect(existsSync(partial)).toBe(true);

    await t.handle.db.deleteFrom('images').where('id', '=', waiting.id).execute();
    await cleanupExpiredUploads(t.handle.db, storage, later);
    expect(await storage.head('originals', 'uploads/no-row')).toBeUndefined();
    expect(existsSync(partial)).toBe(false);
  });
});
