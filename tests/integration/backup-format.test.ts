// Archives stay readable across versions of the writer. tests/fixtures/backup-v1-tar-writer.tar.gz was written by
// the hand-written tar writer this app used before tar-stream (commit 600d59f, createBackup with versions on
// PGlite: one artist with a password hash, settings, a published print with a tag in a gallery, its original and a
// version whose 120-byte name needed a pax 'path' record). It must still verify and restore, on both engines, with
// the archived password hash ignored. Damage to it is refused with a clear reason.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupVerificationError, scanArchive } from '../../src/modules/backups/archive.js';
import { restoreArchive } from '../../src/modules/backups/restore.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { createTempDir, ENGINES, openTestDatabase, type TestDatabase } from '../helpers/db.js';

const FIXTURE = new URL('../fixtures/backup-v1-tar-writer.tar.gz', import.meta.url);
const IDS = {
  artist: '11111111-1111-4111-8111-111111111111',
  print: '22222222-2222-4222-8222-222222222222',
  gallery: '33333333-3333-4333-8333-333333333333',
  image: '44444444-4444-4444-8444-444444444444',
};
const ORIGINAL = `originals/${IDS.artist}/${IDS.image}/original.jpg`;
const VERSION = `images/${IDS.image}/0123456789ab/${IDS.image}_thumbnail_2x.webp`;

let fixture: Buffer;
beforeAll(async () => {
  fixture = await readFile(FIXTURE);
});

describe('an archive written by the old tar writer', () => {
  it('verifies: every entry, the long pax name included, matches its manifest', async () => {
    const names: string[] = [];
    const scan = await scanArchive(Readable.from([fixture]), async (entry) => void names.push(entry.name));
    expect(scan.manifest.formatVersion).toBe(1);
    expect(scan.manifest.schemaVersion).toBe('0009_search_speed');
    expect(names).toContain(`public/${VERSION}`);
    expect(`public/${VERSION}`.length).toBeGreaterThan(100);
    expect(names).toContain(`originals/${ORIGINAL}`);
    expect(scan.entries.map((e) => e.name)).toEqual(scan.manifest.entries.map((e) => e.name));
  });

  it('is refused, with the reason, when truncated or when a header is damaged', async () => {
    await expect(scanArchive(Readable.from([fixture.subarray(0, 2000)]))).rejects.toThrow(
      /compressed data is damaged/,
    );
    const tar = gunzipSync(fixture);
    const cut = gzipSync(tar.subarray(0, 3 * 512 + 100));
    await expect(scanArchive(Readable.from([cut]))).rejects.toThrow(/not a valid backup archive/);
    const header = Buffer.from(tar);
    header[512 * 3 + 10] = header[512 * 3 + 10]! ^ 0x20; // a name byte of the third header: checksum no longer fits
    const damaged = scanArchive(Readable.from([gzipSync(header)]));
    await expect(damaged).rejects.toBeInstanceOf(BackupVerificationError);
    await expect(damaged).rejects.toThrow(/not a valid backup archive/);
  });
});

describe.each(ENGINES)('restoring the old writer’s archive on %s', (engine) => {
  let t: TestDatabase;
  let temp: { dir: string; cleanup(): Promise<void> };
  let storage: Storage;

  beforeAll(async () => {
    temp = await createTempDir('copper-format-');
    t = await openTestDatabase(engine, { DATA_DIR: temp.dir });
    storage = createStorage(t.config);
  });

  afterAll(async () => {
    await t?.cleanup();
    await temp?.cleanup();
  });

  it('restores rows and files as archived, without the archived password hash', async () => {
    const result = await restoreArchive(
      { database: t.handle, storage },
      async () => Readable.from([fixture]),
      { actor: 'test' },
    );
    expect(result.tables.prints?.insert).toBe(1);
    expect(result.requeued).toEqual([]);
    expect(result.files.write).toBe(2);

    const db = t.handle.db;
    const artist = await db.selectFrom('artists').selectAll().executeTakeFirstOrThrow();
    expect(artist).toMatchObject({ id: IDS.artist, email: 'old-writer@example.test', password_hash: null });
    // Archived before site owners existed: its only artist operates the site.
    expect(artist.role).toBe('owner');
    const print = await db.selectFrom('prints').selectAll().executeTakeFirstOrThrow();
    expect(print).toMatchObject({ id: IDS.print, status: 'published', image_id: IDS.image });
    expect(print.title).toEqual({ da: 'Gammel havn', en: 'Old harbour' });
    // Archived before inventory numbers existed: the column is simply empty.
    expect(print.inventory_number).toBeNull();
    const archived = JSON.parse(
      gunzipSync(fixture)
        .toString('latin1')
        .match(/\{"id": "22222222[^\n]*\}/)![0],
    ) as { updated_at: string };
    expect(print.updated_at.getTime()).toBe(new Date(archived.updated_at).getTime());
    const placed = await db
      .selectFrom('gallery_prints')
      .select(['gallery_id', 'print_id', 'position'])
      .execute();
    expect(placed).toEqual([{ gallery_id: IDS.gallery, print_id: IDS.print, position: 1 }]);
    const tags = await db.selectFrom('print_tags').select('print_id').execute();
    expect(tags).toEqual([{ print_id: IDS.print }]);

    const read = async (area: 'originals' | 'public', key: string) =>
      Buffer.concat(await (await storage.getStream(area, key)).toArray()).toString();
    expect(await read('originals', ORIGINAL)).toBe('original bytes of the old writer fixture\n');
    // Published: the version is in the public area.
    expect(await read('public', VERSION)).toBe('version bytes of the old writer fixture\n');
  });
});
