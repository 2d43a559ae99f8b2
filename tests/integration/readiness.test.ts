// /readyz when the database and the storage fail for real (a dropped PostgreSQL database, an S3 endpoint nobody
// listens on): the public answer names the failing checks with booleans only; what went wrong is in the log.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/platform/logger.js';
import { createStorage } from '../../src/platform/storage/index.js';
import { freePort } from '../helpers/browser.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { createTestPostgres, testConfig } from '../helpers/db.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import type { DatabaseHandle } from '../../src/platform/db/types.js';

const BUCKETS = {
  S3_ORIGINALS_BUCKET: 'readiness-originals-bucket',
  S3_PUBLIC_BUCKET: 'readiness-public-bucket',
  S3_BACKUPS_BUCKET: 'readiness-backups-bucket',
};

describe('readiness answers the public with names and booleans only', () => {
  let app: FastifyInstance;
  let handle: DatabaseHandle;
  let server: Awaited<ReturnType<typeof createTestPostgres>>;
  let deadPort = 0;
  let logs = '';

  beforeAll(async () => {
    server = await createTestPostgres();
    deadPort = await freePort();
    const config = testConfig({
      DATABASE_URL: server.url,
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${deadPort}`,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'readiness-key-id',
      AWS_SECRET_ACCESS_KEY: 'readiness-secret-key',
      CDN_URL: 'https://cdn.readiness.example',
      ...BUCKETS,
    });
    handle = await openDatabase(config, {});
    await migrateToLatest(handle);
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    app = await buildApp({
      config,
      database: handle,
      storage: createStorage(config),
      loggerInstance: createLogger({ logLevel: 'info' }, stream),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close().catch(() => undefined);
    await server?.drop();
  });

  it('answers 503 naming the failing checks, and logs the reasons', async () => {
    // The database disappears under the running app (its connections are ended with it).
    await server.drop();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'unavailable',
      database: { engine: 'postgres', ok: false },
      storage: { driver: 's3', ok: false },
      failing: ['database', 'storage'],
    });
    expect(res.headers['cache-control']).toBe('no-store');
    for (const detail of [server.name, String(deadPort), ...Object.values(BUCKETS), 'ECONNREFUSED']) {
      expect(res.body).not.toContain(detail);
    }
    // The operator still learns why, with the request id.
    const line = logs.split('\n').find((l) => l.includes('readiness check failed')) ?? '';
    expect(line).toContain(BUCKETS.S3_ORIGINALS_BUCKET);
    expect(line).toContain(res.headers['x-request-id']);
    expect(line).toContain(`database \\"${server.name}\\" does not exist`);
  });
});

describe('readiness on a healthy app', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp('pglite');
  });
  afterAll(() => t?.cleanup());

  it('answers 200 with the same shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      database: { engine: 'pglite', ok: true },
      storage: { driver: 'local', ok: true },
    });
  });
});
