// Backup and recovery on the production shape: PostgreSQL and S3 (s3rver), the archive in its own backups bucket.
// The artist starts a backup through the API (the worker writes it), downloads it in two parts (Range, as a
// resumed download does),
// and the operator restores the download onto new infrastructure (another database and another S3 server)
// with the restore command, from the new backups bucket: every row, every original and every archived version
// comes back, each version in the bucket its print's status calls for.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { plateImage, seedDemo } from '../../src/cli/seed.js';
import { BACKUP_TABLES } from '../../src/modules/backups/format.js';
import { registerBackupJobs } from '../../src/modules/backups/jobs.js';
import { rowJsonSql } from '../../src/modules/backups/repository.js';
import type { DatabaseHandle } from '../../src/platform/db/types.js';
import { createQueue, type Queue } from '../../src/platform/queue/index.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage, StorageArea } from '../../src/platform/storage/types.js';
import { asArtist } from '../helpers/catalogue.js';
import { createTempDir, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startSource } from '../helpers/process.js';
import { S3RVER_BUCKETS, startS3rver, type StartedS3rver } from '../helpers/s3.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Site {
  s3: StartedS3rver;
  temp: { dir: string; cleanup(): Promise<void> };
  t: TestDatabase;
  storage: Storage;
}

async function openSite(): Promise<Site> {
  const s3 = await startS3rver();
  const temp = await createTempDir('copper-backup-s3-');
  const t = await openTestDatabase('postgres', { DATA_DIR: temp.dir, ...s3.env });
  return { s3, temp, t, storage: createStorage(t.config) };
}

async function closeSite(site: Site | undefined): Promise<void> {
  await site?.t.cleanup();
  await site?.s3.stop();
  await site?.temp.cleanup();
}

async function read(storage: Storage, area: StorageArea, key: string): Promise<Buffer> {
  return Buffer.concat(await (await storage.getStream(area, key)).toArray());
}

async function keysIn(storage: Storage, area: StorageArea, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of storage.list(area, prefix)) keys.push(o.key);
  return keys.sort();
}

/** Every backed-up table as ordered JSON text, the backup's and the restore's own audit events left out. */
async function dumpAll(handle: DatabaseHandle): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  await handle.db.transaction().execute(async (trx) => {
    await sql`set local time zone 'UTC'`.execute(trx);
    for (const spec of BACKUP_TABLES) {
      const where = spec.name === 'audit_events' ? sql`where t.action not like 'backup.%'` : sql``;
      const { rows } = await sql<{ j: string }>`
        select ${rowJsonSql(spec)} as j from ${sql.table(spec.name)} t ${where}
        order by ${sql.raw(spec.key.map((k) => `t.${k}`).join(', '))}
      `.execute(trx);
      out[spec.name] = rows.map((r) => r.j);
    }
  });
  return out;
}

/** Demo prints the seed processes and publishes, and prints uploaded after it whose images no worker processed. */
const SEEDED = 6;
const WAITING = 2;

describe('backup to the S3 backups bucket, resumable download, restore onto new infrastructure', () => {
  let source: Site;
  let target: Site | undefined;
  let app: FastifyInstance;
  let queue: Queue;
  let headers: Record<string, string>;
  let publishedImage: string;
  let draftImage: string;
  let backup: { id: string; status: string; bytes: number; sha256: string; report: Record<string, unknown> };
  let downloaded: string;

  beforeAll(async () => {
    source = await openSite();
    const { config, handle } = source.t;
    const log = pino({ level: 'silent' });
    queue = createQueue(handle, { pollingIntervalSeconds: 0.5 });
    await queue.start();
    await registerBackupJobs({ config, database: handle, storage: source.storage, queue, log });
    app = await buildApp({ config, database: handle, storage: source.storage, queue, loggerInstance: log });
    await app.ready();
    const seeded = await seedDemo(config, handle, source.storage, { count: SEEDED });
    headers = await asArtist(config, handle, seeded.artistId);
    // The seed processed every demo image; these uploads are still waiting for the worker (none runs here).
    for (let n = 1; n <= WAITING; n++) {
      const form = new FormData();
      form.append('title', `Waiting ${n}`);
      form.append(
        'image',
        new Blob([new Uint8Array(await plateImage(40 + n, 400, 300))]),
        `waiting-${n}.jpg`,
      );
      const res = await app.inject({ method: 'POST', url: '/api/v1/artist/prints', headers, payload: form });
      expect(res.statusCode, res.body).toBe(202);
    }
    // Then the second demo print unpublished, which moves its files to the private bucket.
    const imageOf = async (printId: string) =>
      (
        await handle.db
          .selectFrom('prints')
          .select('image_id')
          .where('id', '=', printId)
          .executeTakeFirstOrThrow()
      ).image_id!;
    publishedImage = await imageOf(seeded.prints[0]!);
    draftImage = await imageOf(seeded.prints[1]!);
    const unpublished = await app.inject({
      method: 'PUT',
      url: `/api/v1/artist/prints/${seeded.prints[1]!}`,
      headers,
      payload: { status: 'draft' },
    });
    expect(unpublished.statusCode, unpublished.body).toBe(200);
    expect(await keysIn(source.storage, 'public', `images/${draftImage}/`)).toEqual([]);
    expect((await keysIn(source.storage, 'originals', `images/${draftImage}/`)).length).toBeGreaterThan(0);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await queue?.stop({ graceful: false, timeoutMs: 1000 });
    await closeSite(source);
    await closeSite(target);
  });

  it('keeps the archive in the backups bucket, apart from the images', async () => {
    expect(new Set(Object.values(S3RVER_BUCKETS)).size).toBe(3);
    const started = await app.inject({
      method: 'POST',
      url: '/api/v1/artist/backups',
      headers,
      payload: { includeVersions: true },
    });
    expect(started.statusCode).toBe(202);
    const { id } = started.json<{ id: string }>();
    for (let i = 0; i < 600; i++) {
      const list = await app.inject({ method: 'GET', url: '/api/v1/artist/backups', headers });
      backup = list.json<{ backups: (typeof backup)[] }>().backups.find((b) => b.id === id)!;
      if (backup.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(backup.status).toBe('verified');
    const archives = await keysIn(source.storage, 'backups', 'backups/');
    expect(archives).toEqual([
      expect.stringMatching(new RegExp(`^backups/\\d{8}T\\d{6}Z-${id}\\.tar\\.gz$`)),
    ]);
    expect((await source.storage.head('backups', archives[0]!))?.size).toBe(backup.bytes);
    expect(await source.storage.head('originals', archives[0]!)).toBeUndefined();
    expect(await source.storage.head('public', archives[0]!)).toBeUndefined();
    const report = backup.report as { counts: Record<string, number>; sizes: Record<string, number> };
    expect(report.counts).toMatchObject({
      prints: SEEDED + WAITING,
      images: SEEDED + WAITING,
      galleries: 3,
    });
    expect(report.sizes.versionsBytes).toBeGreaterThan(0);
  }, 300_000);

  it('downloads the archive in two parts, as a resumed download does', async () => {
    const url = `/api/v1/artist/backups/${backup.id}/download`;
    const cut = Math.floor(backup.bytes / 3);
    const first = await app.inject({
      method: 'GET',
      url,
      headers: { ...headers, range: `bytes=0-${cut - 1}` },
    });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-${cut - 1}/${backup.bytes}`);
    expect(first.rawPayload.length).toBe(cut);
    const etag = String(first.headers.etag);
    expect(etag).toBe(`"${backup.sha256}"`);
    // Resuming: the rest, only if the archive is still the same one (If-Range).
    const rest = await app.inject({
      method: 'GET',
      url,
      headers: { ...headers, range: `bytes=${cut}-`, 'if-range': etag },
    });
    expect(rest.statusCode).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes ${cut}-${backup.bytes - 1}/${backup.bytes}`);
    const whole = Buffer.concat([first.rawPayload, rest.rawPayload]);
    expect(whole.length).toBe(backup.bytes);
    expect(sha(whole)).toBe(backup.sha256);
    // A different archive behind the same URL: the whole file, never a part of the wrong one.
    const stale = await app.inject({
      method: 'GET',
      url,
      headers: { ...headers, range: `bytes=${cut}-`, 'if-range': '"0000"' },
    });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.length).toBe(backup.bytes);
    downloaded = path.join(source.temp.dir, 'copper-download.tar.gz');
    await fs.writeFile(downloaded, whole);
  }, 300_000);

  it('restores the download onto a new database and S3 with the restore command', async () => {
    target = await openSite();
    // The operator's step: the downloaded copy into the new installation's backups bucket.
    const key = 'backups/copper-restore.tar.gz';
    await target.storage.put('backups', key, await fs.readFile(downloaded), {
      contentType: 'application/gzip',
    });
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: target.temp.dir,
      DATABASE_URL: target.t.config.database.url!,
      ...target.s3.env,
    };
    const restore = async (args: string[]) => {
      const p = startSource(['src/cli/restore.ts', key, ...args], env);
      const code = await p.exited;
      return { code, stdout: p.stdout(), stderr: p.stderr() };
    };
    const dry = await restore(['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`prints\\s+\\+${SEEDED + WAITING} insert`));
    // The images that were still waiting for the worker when the backup was made.
    expect(dry.stdout).toMatch(new RegExp(`${WAITING} images would be queued for processing`));
    expect(await target.t.handle.db.selectFrom('prints').select('id').execute()).toEqual([]);

    const done = await restore([]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^Restored from a backup of /);
    expect(done.stdout).toMatch(new RegExp(`${WAITING} images queued for processing`));

    const before = await dumpAll(source.t.handle);
    const after = await dumpAll(target.t.handle);
    const waiting = new Set(
      (
        await source.t.handle.db
          .selectFrom('images')
          .select('id')
          .where('status', '=', 'processing')
          .execute()
      ).map((r) => r.id),
    );
    expect(waiting.size).toBe(WAITING);
    for (const spec of BACKUP_TABLES) expect(after[spec.name], spec.name).toEqual(before[spec.name]);

    // Every original, byte for byte, in the new originals bucket.
    const originals = await source.t.handle.db.selectFrom('images').select('original_key').execute();
    expect(originals).toHaveLength(SEEDED + WAITING);
    for (const { original_key } of originals) {
      expect(sha(await read(target.storage, 'originals', original_key)), original_key).toBe(
        sha(await read(source.storage, 'originals', original_key)),
      );
    }
    // The versions and tiles of both processed images, each in the bucket its print's status calls for.
    for (const [image, area, other] of [
      [publishedImage, 'public', 'originals'],
      [draftImage, 'originals', 'public'],
    ] as const) {
      const keys = await keysIn(source.storage, area, `images/${image}/`);
      expect(keys.length).toBeGreaterThan(5);
      expect(await keysIn(target.storage, area, `images/${image}/`)).toEqual(keys);
      expect(await keysIn(target.storage, other, `images/${image}/`)).toEqual([]);
      for (const k of keys.filter((k) => k.endsWith('.webp') && !k.includes('/iiif/'))) {
        expect(sha(await read(target.storage, area, k)), k).toBe(sha(await read(source.storage, area, k)));
      }
    }
    const audit = await target.t.handle.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'backup.restored')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ archive: key, archiveSha256: backup.sha256, requeued: WAITING });
  }, 300_000);
});
