// The app with real image processing and either storage driver, as the visibility tests need it: PGlite with the
// local driver (the app's /media route) or PostgreSQL with S3 (s3rver: the public bucket a CDN would serve), one
// artist signed in, and helpers that attach images the way the studio does and ask what a visitor can fetch.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/platform/db/types.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { processImage, type MediaDeps } from '../../src/modules/media/service.js';
import { hatchingJpeg } from '../fixtures/images.js';
import { asArtist, createArtist } from './catalogue.js';
import { createTempDir, openTestDatabase } from './db.js';
import { startS3rver, type StartedS3rver } from './s3.js';

export interface MediaEnv {
  app: FastifyInstance;
  config: Config;
  handle: DatabaseHandle;
  storage: Storage;
  deps: MediaDeps;
  /** Headers that sign the artist in (session cookie and CSRF token). */
  artist: Record<string, string>;
  cleanup(): Promise<void>;
}

export const MEDIA_SETUPS = [
  ['pglite', 'local'],
  ['postgres', 's3'],
] as const;

export async function openMediaEnv(engine: 'pglite' | 'postgres', driver: 'local' | 's3'): Promise<MediaEnv> {
  const temp = await createTempDir('copper-media-');
  const s3: StartedS3rver | undefined = driver === 's3' ? await startS3rver() : undefined;
  const t = await openTestDatabase(engine, { DATA_DIR: temp.dir, ...(s3?.env ?? {}) });
  const storage = createStorage(t.config);
  expect(storage.driver).toBe(driver);
  const app = await buildApp({ config: t.config, database: t.handle, storage });
  await app.ready();
  const artistId = await createArtist(t.handle, 'Jens Ølgaard');
  return {
    app,
    config: t.config,
    handle: t.handle,
    storage,
    deps: {
      db: t.handle.db,
      storage,
      maxPixels: t.config.images.maxPixels,
      maxBytes: t.config.storage.uploadMaxBytes,
    },
    artist: await asArtist(t.config, t.handle, artistId),
    async cleanup() {
      await app.close();
      await t.cleanup();
      await s3?.stop();
      await temp.cleanup();
    },
  };
}

/** A request to the artist API as the signed-in artist. */
export function artistApi(
  env: MediaEnv,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  return env.app.inject({ method, url, headers: env.artist, ...(payload ? { payload } : {}) });
}

/** What a visitor gets for a URL: the app (local driver, /media) or the public bucket over HTTP (S3). */
export async function visitorStatus(env: MediaEnv, url: string): Promise<number> {
  if (url.startsWith(env.config.publicUrl)) {
    const { pathname } = new URL(url);
    return (await env.app.inject({ method: 'GET', url: pathname })).statusCode;
  }
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.status;
}

export async function visitorStatuses(env: MediaEnv, urls: readonly string[]): Promise<number[]> {
  const out: number[] = [];
  for (const url of urls) out.push(await visitorStatus(env, url));
  return out;
}

/** Attaches a new image the way the studio does (signed upload, then uploadId) and runs the worker's job. */
export async function attachImage(
  env: MediaEnv,
  printId: string,
  width: number,
  height: number,
): Promise<string> {
  const file = await hatchingJpeg(width, height);
  const upload = await artistApi(env, 'POST', '/api/v1/artist/uploads', {
    filename: 'plate.jpg',
    contentType: 'image/jpeg',
    size: file.length,
  });
  expect(upload.statusCode, upload.body).toBe(201);
  const { uploadId } = upload.json<{ uploadId: string }>();
  // The browser's direct upload lands here (the signed-URL route itself is tested in images-uploads).
  await env.storage.put('originals', `uploads/${uploadId}`, file, { contentType: 'image/jpeg' });
  const attached = await artistApi(env, 'PUT', `/api/v1/artist/prints/${printId}`, { uploadId });
  expect(attached.statusCode, attached.body).toBe(200);
  const image = await env.handle.db
    .selectFrom('images')
    .select('id')
    .where('print_id', '=', printId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  expect((await processImage(env.deps, image.id)).status).toBe('completed');
  return image.id;
}

/** Every file of the print's current image (versions, info.json, first and last tile) as a visitor would address it. */
export async function imageFileUrls(
  env: MediaEnv,
  printId: string,
): Promise<{ urls: string[]; originalUrl: string; keys: string[] }> {
  const db = env.handle.db;
  const print = await db
    .selectFrom('prints')
    .select('image_id')
    .where('id', '=', printId)
    .executeTakeFirstOrThrow();
  const image = await db
    .selectFrom('images')
    .select(['id', 'iiif_key', 'original_key'])
    .where('id', '=', print.image_id!)
    .executeTakeFirstOrThrow();
  const versions = await db
    .selectFrom('image_versions')
    .select('storage_key')
    .where('image_id', '=', image.id)
    .execute();
  const keys = versions.map((v) => v.storage_key);
  expect(image.iiif_key).toBeTruthy();
  keys.push(image.iiif_key!);
  const tilePrefix = image.iiif_key!.replace(/info\.json$/, '');
  const tiles: string[] = [];
  for (const area of ['public', 'originals'] as const)
    for await (const o of env.storage.list(area, tilePrefix)) if (o.key !== image.iiif_key) tiles.push(o.key);
  expect(tiles.length).toBeGreaterThan(1);
  keys.push(tiles[0]!, tiles.at(-1)!);
  return {
    keys,
    urls: keys.map((k) => env.storage.publicUrl(k)),
    originalUrl: env.storage.publicUrl(image.original_key),
  };
}
