// The image pipeline end to end: generated inputs → processImage → versions in storage and rows in the database.
import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Readable } from 'node:stream';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { parseExif, plannedVersions } from '../../src/platform/images/index.js';
import { processImage, type MediaDeps } from '../../src/modules/media/service.js';
import { createTempDir, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startS3rver, type StartedS3rver } from '../helpers/s3.js';
import * as fx from '../fixtures/images.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

interface Env {
  t: TestDatabase;
  storage: Storage;
  deps: MediaDeps;
  artistId: string;
  cleanup(): Promise<void>;
}

async function openEnv(engine: 'pglite' | 'postgres', driver: 'local' | 's3'): Promise<Env> {
  const temp = await createTempDir('copper-images-');
  const s3: StartedS3rver | undefined = driver === 's3' ? await startS3rver() : undefined;
  const t = await openTestDatabase(engine, { DATA_DIR: temp.dir, ...(s3?.env ?? {}) });
  const storage = createStorage(t.config);
  const artist = await t.handle.db
    .insertInto('artists')
    .values({ email: `a${randomUUID().slice(0, 8)}@example.test`, display_name: 'Jens Ølgaard' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.handle.db
    .insertInto('settings')
    .values({ artist_id: artist.id, copyright_line: '© 2025 Jens Ølgaard', watermark_text: '© Jens Ølgaard' })
    .execute();
  return {
    t,
    storage,
    artistId: artist.id,
    deps: {
      db: t.handle.db,
      storage,
      maxPixels: t.config.images.maxPixels,
      maxBytes: t.config.storage.uploadMaxBytes,
    },
    async cleanup() {
      await t.cleanup();
      await s3?.stop();
      await temp.cleanup();
    },
  };
}

/** What the catalogue does on upload: original in storage, images row, print in processing. */
async function ingest(
  env: Env,
  file: Buffer,
  printId?: string,
): Promise<{ imageId: string; printId: string }> {
  const db = env.t.handle.db;
  const print =
    printId ??
    (
      await db
        .insertInto('prints')
        .values({ artist_id: env.artistId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const imageId = randomUUID();
  const key = `originals/${imageId}/original`;
  await env.storage.put('originals', key, file);
  await db
    .insertInto('images')
    .values({
      id: imageId,
      artist_id: env.artistId,
      print_id: print,
      status: 'processing',
      original_key: key,
    })
    .execute();
  await db.updateTable('prints').set({ image_status: 'processing' }).where('id', '=', print).execute();
  return { imageId, printId: print };
}

/** The prints made here are drafts: their versions and tiles stay in the private area (decision 005). */
const FILES_AREA = 'originals';

async function fileKeys(env: Env, imageId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of env.storage.list(FILES_AREA, `images/${imageId}/`)) keys.push(o.key);
  expect(await publicKeys(env, imageId)).toEqual([]);
  return keys;
}

async function publicKeys(env: Env, imageId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of env.storage.list('public', `images/${imageId}/`)) keys.push(o.key);
  return keys;
}

async function expectGood(
  env: Env,
  file: Buffer,
  expected: { width: number; height: number },
): Promise<string> {
  const { imageId, printId } = await ingest(env, file);
  const outcome = await processImage(env.deps, imageId);
  expect(outcome.status).toBe('completed');
  const db = env.t.handle.db;
  const image = await db.selectFrom('images').selectAll().where('id', '=', imageId).executeTakeFirstOrThrow();
  expect(image).toMatchObject({
    status: 'completed',
    width: expected.width,
    height: expected.height,
    error: null,
  });
  expect(image.placeholder).toMatch(/^data:image\/webp;base64,/);
  expect(image.iiif_key).toMatch(new RegExp(`^images/${imageId}/[0-9a-f]{12}/iiif/info\\.json$`));
  expect(image.dzi_key).toBeNull();
  // Under the default zoom limit (6000 px long edge) the tiles are cut from the full-size picture.
  expect([image.iiif_width, image.iiif_height]).toEqual([expected.width, expected.height]);
  const print = await db.selectFrom('prints').selectAll().where('id', '=', printId).executeTakeFirstOrThrow();
  expect(print).toMatchObject({ image_status: 'completed', image_id: imageId, image_error: null });

  const versions = await db
    .selectFrom('image_versions')
    .selectAll()
    .where('image_id', '=', imageId)
    .execute();
  const { make } = plannedVersions(expected.width, expected.height);
  expect(versions.map((v) => v.version).sort()).toEqual(make.map((s) => s.name).sort());
  for (const v of versions) {
    const spec = make.find((s) => s.name === v.version)!;
    if (spec.crop) {
      const side = Math.min(spec.size, expected.width, expected.height);
      expect([v.width, v.height]).toEqual([side, side]);
    } else {
      const w = Math.min(spec.size, expected.width);
      expect(v.width).toBe(w);
      expect(Math.abs(v.height - (expected.height * w) / expected.width)).toBeLessThanOrEqual(1);
    }
    expect(v.storage_key).toBe(
      `${path.posix.dirname(image.iiif_key!).replace(/\/iiif$/, '')}/${imageId}_${v.version}.webp`,
    );
    const bytes = await readAll(await env.storage.getStream(FILES_AREA, v.storage_key));
    expect(bytes.length).toBe(Number(v.bytes));
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('webp');
    expect([meta.width, meta.height]).toEqual([v.width, v.height]);
    const exif = parseExif(meta.exif);
    expect(exif?.tags.IFD0?.Copyright).toBe('(c) 2025 Jens Olgaard');
    expect(exif?.tags.IFD0?.Artist).toBe('Jens Olgaard');
    expect(exif?.hasGps).toBe(false);
    expect(meta.xmp?.toString('utf8')).toContain('© 2025 Jens Ølgaard');
  }
  const info = JSON.parse(
    (await readAll(await env.storage.getStream(FILES_AREA, image.iiif_key!))).toString(),
  ) as Record<string, unknown>;
  // The IIIF image service names the public address of its folder (decision 023).
  expect(info).toMatchObject({
    id: env.storage.publicUrl(image.iiif_key!.replace(/\/info\.json$/, '')),
    type: 'ImageService3',
    profile: 'level0',
    width: expected.width,
    height: expected.height,
    maxWidth: expected.width,
    maxHeight: expected.height,
  });
  const keys = await fileKeys(env, imageId);
  expect(keys.some((k) => k.includes('vips-properties'))).toBe(false);
  // JPEG tiles since decision 014, named by region and size at every scale factor.
  const tiles = keys.filter((k) => /\/iiif\/(\d+,){3}\d+\/\d+,\d+\/0\/default\.jpg$/.test(k));
  expect(tiles.length).toBeGreaterThan(4);
  expect(keys).toContain(`${image.iiif_key!.replace(/info\.json$/, '')}0,0,256,256/256,256/0/default.jpg`);
  return imageId;
}

async function expectRejected(env: Env, file: Buffer, reason: RegExp): Promise<void> {
  const { imageId, printId } = await ingest(env, file);
  const outcome = await processImage(env.deps, imageId);
  expect(outcome).toMatchObject({ status: 'failed' });
  const db = env.t.handle.db;
  const image = await db.selectFrom('images').selectAll().where('id', '=', imageId).executeTakeFirstOrThrow();
  expect(image.status).toBe('failed');
  expect(image.error).toMatch(reason);
  const print = await db.selectFrom('prints').selectAll().where('id', '=', printId).executeTakeFirstOrThrow();
  expect(print.image_status).toBe('failed');
  expect(print.image_error).toBe(image.error);
  expect(await fileKeys(env, imageId)).toEqual([]);
}

describe.each([
  ['pglite', 'local'],
  ['pglite', 's3'],
] as const)('image pipeline on %s with %s storage', (engine, driver) => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv(engine, driver);
  }, 60_000);
  afterAll(() => env?.cleanup());

  it('JPEG 2000×1500 q92: every version up to large, WebP, copyright, no GPS', async () => {
    await expectGood(env, await fx.hatchingJpeg(), { width: 2000, height: 1500 });
  }, 60_000);

  it('HEIC (HEVC, as iPhones write it) decoded through heic-decode into every version', async () => {
    // Made with libheif's heif-enc (x265) from a hatching JPEG; sharp's own libheif cannot decode HEVC.
    const heic = await readFile(new URL('../fixtures/etching-hevc.heic', import.meta.url));
    await expectGood(env, heic, { width: 640, height: 480 });
  }, 60_000);

  it('EXIF-rotated JPEG with GPS: oriented dimensions, EXIF stored for the artist, GPS in no public file', async () => {
    const imageId = await expectGood(env, await fx.rotatedJpegWithGps(1800, 1200), {
      width: 1200,
      height: 1800,
    });
    const exif = await env.t.handle.db
      .selectFrom('image_exif')
      .selectAll()
      .where('image_id', '=', imageId)
      .executeTakeFirstOrThrow();
    expect(exif).toMatchObject({
      camera: 'Fujifilm X-T5',
      lens: 'XF50mmF2 R WR',
      exposure_time: '1/125',
      iso: 200,
    });
    expect(Number(exif.f_number)).toBe(8);
    expect(exif.taken_at?.toISOString()).toBe('2024-05-17T12:03:22.000Z');
    expect((exif.data as Record<string, unknown>).GPS).toBeDefined();
  }, 60_000);

  if (driver === 'local') {
    it('CMYK JPEG, 16-bit PNG with alpha, TIFF with ICC, WebP, AVIF-coded HEIF', async () => {
      await expectGood(env, await fx.cmykJpeg(), { width: 1200, height: 900 });
      await expectGood(env, await fx.png16Alpha(), { width: 1000, height: 700 });
      await expectGood(env, await fx.webpImage(), { width: 1700, height: 1100 });
      await expectGood(env, await fx.avifImage(), { width: 1000, height: 800 });
      const tiffId = await expectGood(env, await fx.tiffWithIcc(), { width: 900, height: 1200 });
      // The P3 profile was honoured: the thumbnail shows the sRGB colour, not the stored P3 numbers.
      const thumb = await env.t.handle.db
        .selectFrom('image_versions')
        .select('storage_key')
        .where('image_id', '=', tiffId)
        .where('version', '=', 'thumbnail')
        .executeTakeFirstOrThrow();
      const { channels } = await sharp(
        await readAll(await env.storage.getStream(FILES_AREA, thumb.storage_key)),
      ).stats();
      const stored = await sharp(await fx.tiffWithIcc(10, 10), { ignoreIcc: true })
        .raw()
        .toBuffer();
      expect(Math.abs((channels[0]?.mean ?? 0) - fx.ICC_FIXTURE_SRGB.r)).toBeLessThan(6);
      expect(Math.abs((channels[1]?.mean ?? 0) - fx.ICC_FIXTURE_SRGB.g)).toBeLessThan(6);
      expect(Math.abs((stored[1] ?? 0) - fx.ICC_FIXTURE_SRGB.g)).toBeGreaterThan(6);
    }, 120_000);
  }

  it('bad inputs fail with an artist-readable reason, and the next job still succeeds', async () => {
    await expectRejected(
      env,
      fx.pngBomb(),
      /20000 × 20000 pixels .* more than the limit of 50\.0 megapixels/,
    );
    await expectRejected(env, fx.truncated(await fx.hatchingJpeg(800, 600)), /incomplete|damaged/);
    await expectRejected(env, fx.TEXT_NAMED_JPG, /This file is text, not an image/);
    await expectRejected(env, Buffer.alloc(0), /empty \(0 bytes\)/);
    await expectRejected(env, fx.brokenHeic(), /HEIC file is damaged/);
    await expectGood(env, await fx.hatchingJpeg(900, 700), { width: 900, height: 700 });
  }, 60_000);

  it('replacing a print image keeps the old set until the new one is ready, then removes the old files', async () => {
    const first = await ingest(env, await fx.hatchingJpeg(900, 600));
    await processImage(env.deps, first.imageId);
    const second = await ingest(env, await fx.hatchingJpeg(1000, 800), first.printId);
    const db = env.t.handle.db;
    const before = await db
      .selectFrom('prints')
      .select(['image_id'])
      .where('id', '=', first.printId)
      .executeTakeFirstOrThrow();
    expect(before.image_id).toBe(first.imageId);
    expect((await fileKeys(env, first.imageId)).length).toBeGreaterThan(0);
    await processImage(env.deps, second.imageId);
    const after = await db
      .selectFrom('prints')
      .select(['image_id', 'image_status'])
      .where('id', '=', first.printId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ image_id: second.imageId, image_status: 'completed' });
    expect(await fileKeys(env, first.imageId)).toEqual([]);
    expect(
      await db.selectFrom('images').select('id').where('id', '=', first.imageId).executeTakeFirst(),
    ).toBeUndefined();
    // Reprocessing (e.g. a watermark change) swaps in a new generation and deletes the old one.
    const oldKeys = await fileKeys(env, second.imageId);
    await processImage(env.deps, second.imageId);
    const newKeys = await fileKeys(env, second.imageId);
    expect(newKeys.length).toBe(oldKeys.length);
    expect(newKeys.some((k) => oldKeys.includes(k))).toBe(false);
  }, 60_000);
});

describe('crash safety (postgres, local storage)', () => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv('postgres', 'local');
  }, 60_000);
  afterAll(() => env?.cleanup());

  it('a worker SIGKILLed mid-job leaves no visible half set; the next run completes with exactly one set', async () => {
    const { imageId } = await ingest(env, await fx.hatchingJpeg(6000, 4000, 92));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./images-crash-child.ts', import.meta.url)), imageId],
      {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATA_DIR: env.t.config.dataDir,
          DATABASE_URL: env.t.config.database.url ?? '',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
    // Kill it once the first output files of its generation appear in storage (upload in progress).
    const prefixDir = path.join(env.t.config.storage.localDir, FILES_AREA, 'images', imageId);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (
        existsSync(prefixDir) &&
        (await fs.readdir(prefixDir, { recursive: true })).some((f) => String(f).endsWith('.webp'))
      )
        break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const db = env.t.handle.db;
    // Nothing committed: the half-written generation is not referenced.
    expect(
      await db.selectFrom('image_versions').select('version').where('image_id', '=', imageId).execute(),
    ).toEqual([]);
    const orphaned = await fileKeys(env, imageId);
    expect(orphaned.length).toBeGreaterThan(0);

    const outcome = await processImage(env.deps, imageId);
    expect(outcome.status).toBe('completed');
    const versions = await db
      .selectFrom('image_versions')
      .selectAll()
      .where('image_id', '=', imageId)
      .execute();
    expect(versions.map((v) => v.version).sort()).toEqual([
      'large',
      'large_2x',
      'medium',
      'medium_2x',
      'small',
      'thumbnail',
      'thumbnail_2x',
      'xlarge',
    ]);
    const generations = new Set((await fileKeys(env, imageId)).map((k) => k.split('/')[2]));
    expect(generations.size).toBe(1);
    // The interrupted run's generation is gone.
    expect(orphaned.some((k) => generations.has(k.split('/')[2]))).toBe(false);
  }, 120_000);
});
