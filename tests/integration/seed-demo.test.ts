// `npm run seed -- --demo` on a fresh embedded install (PGlite and local files in a new DATA_DIR), run as the real
// command: right after it, before any worker has run, every published print has its processed image, the files
// in the public area, and a visitor gets both the print and its image.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase } from '../../src/platform/db/index.js';
import type { DatabaseHandle } from '../../src/platform/db/types.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { createTempDir } from '../helpers/db.js';
import { startSource } from '../helpers/process.js';

const COUNT = 3;

describe('seed --demo on a fresh embedded install', () => {
  let temp: { dir: string; cleanup(): Promise<void> };
  let config: Config;
  let database: DatabaseHandle;
  let storage: Storage;
  let app: FastifyInstance;
  let seed: { code: number | string; stdout: string; stderr: string };

  const env = (dir = temp.dir) => ({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir });
  const runSeed = async (args: string[], dir = temp.dir) => {
    const p = startSource(['src/cli/seed.ts', '--demo', ...args], env(dir));
    const code = await p.exited;
    return { code, stdout: p.stdout(), stderr: p.stderr() };
  };

  beforeAll(async () => {
    temp = await createTempDir('copper-seed-');
    // Few prints keep it quick; the images are the demo's own, through the whole pipeline.
    seed = await runSeed(['--count', String(COUNT)]);
    config = loadConfig(env());
    database = await openDatabase(config);
    storage = createStorage(config);
    // The web role only: no worker, no queue.
    app = await buildApp({ config, database, storage });
    await app.ready();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await temp?.cleanup();
  });

  it('processes every image itself, then publishes through the gate', () => {
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toContain(`${COUNT} images processed; ${COUNT} prints and 3 galleries published`);
  });

  it('records a few contacts, sales and consignments, and the ledger follows them', async () => {
    expect(seed.stdout).toContain('3 contacts, 2 sales, 2 consignments');
    const { db } = database;
    const lines = await db
      .selectFrom('sale_lines')
      .innerJoin('impressions', 'impressions.id', 'sale_lines.impression_id')
      .select(['impressions.status', 'impressions.location', 'sale_lines.previous_status'])
      .execute();
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatchObject({ status: 'sold', previous_status: 'available' });
    const out = await db
      .selectFrom('consignment_lines')
      .innerJoin('impressions', 'impressions.id', 'consignment_lines.impression_id')
      .select(['impressions.status', 'impressions.location'])
      .where('consignment_lines.open', '=', true)
      .execute();
    expect(out).toEqual([
      { status: 'available', location: 'Galleri Møllen' },
      { status: 'available', location: 'Galleri Møllen' },
    ]);
  });

  it('leaves no published print without processed versions whose files are in the public area', async () => {
    const { db } = database;
    const prints = await db
      .selectFrom('prints')
      .select(['id', 'status', 'image_id', 'image_status'])
      .execute();
    expect(prints).toHaveLength(COUNT);
    for (const print of prints) {
      expect(print, print.id).toMatchObject({ status: 'published', image_status: 'completed' });
      const image = await db
        .selectFrom('images')
        .select(['status', 'iiif_key'])
        .where('id', '=', print.image_id!)
        .executeTakeFirstOrThrow();
      expect(image.status).toBe('completed');
      const versions = await db
        .selectFrom('image_versions')
        .select(['version', 'storage_key'])
        .where('image_id', '=', print.image_id!)
        .execute();
      expect(versions.map((v) => v.version)).toEqual(
        // small: the cards' version (decision 021), so the demo's cards are light.
        expect.arrayContaining(['thumbnail', 'small', 'medium', 'large']),
      );
      for (const key of [...versions.map((v) => v.storage_key), image.iiif_key!]) {
        expect(await storage.head('public', key), key).toBeDefined();
        expect(await storage.head('originals', key), key).toBeUndefined();
      }
    }
    // Nothing was left for a worker to do.
    const waiting = await db.selectFrom('images').select('id').where('status', '!=', 'completed').execute();
    expect(waiting).toEqual([]);
  });

  it('shows visitors each published print with an image that loads', async () => {
    const galleries = await app.inject({ method: 'GET', url: '/api/v1/galleries?language=en' });
    expect(galleries.statusCode).toBe(200);
    const list = galleries.json<{ galleries: { id: string; printCount: number }[] }>().galleries;
    expect(list).toHaveLength(3);
    expect(list.reduce((n, g) => n + g.printCount, 0)).toBe(COUNT);

    const prints = await database.db.selectFrom('prints').select('id').execute();
    for (const { id } of prints) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/prints/${id}?language=en` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ thumbnailUrl: string | null; images: { url: string }[] }>();
      expect(body.thumbnailUrl).toBeTruthy();
      expect(body.images.length).toBeGreaterThan(0);
      for (const url of [body.thumbnailUrl!, ...body.images.map((i) => i.url)]) {
        const file = await app.inject({ method: 'GET', url: new URL(url).pathname });
        expect(file.statusCode, url).toBe(200);
        expect(file.headers['content-type']).toBe('image/webp');
      }
      const page = await app.inject({ method: 'GET', url: `/en/prints/${id}` });
      expect(page.statusCode).toBe(200);
    }
  });

  it('refuses a count outside the demo', async () => {
    // Another folder: PGlite allows one process at a time, and this one holds the seeded database.
    const other = await createTempDir('copper-seed-');
    try {
      for (const count of ['31', '0', 'many']) {
        const bad = await runSeed(['--count', count], other.dir);
        expect(bad.code, count).toBe(2);
        expect(bad.stderr, count).toMatch(/from 1 to 30/);
      }
    } finally {
      await other.cleanup();
    }
  }, 60_000);
});
