// The artist backup API with real authentication (studio session): start, list, resumable download.
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authPlugin } from '../../src/modules/auth/plugin.js';
import { backupRoutes } from '../../src/modules/backups/routes.js';
import { AppError, errorBody } from '../../src/platform/errors.js';
import { createStorage } from '../../src/platform/storage/index.js';
import { asArtist, createArtist, insertPrint } from '../helpers/catalogue.js';
import { createTempDir, openTestDatabase, type TestDatabase } from '../helpers/db.js';

describe.each(['pglite', 'postgres'] as const)('backup routes on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let temp: { dir: string; cleanup(): Promise<void> };
  let headers: Record<string, string>;

  beforeAll(async () => {
    temp = await createTempDir();
    t = await openTestDatabase(engine, { DATA_DIR: temp.dir });
    const storage = createStorage(t.config);
    app = Fastify();
    app.setErrorHandler((error, _req, reply) => {
      if (error instanceof AppError)
        return reply.code(error.status).send(errorBody(error.code, error.message));
      return reply.code(500).send(errorBody('INTERNAL_SERVER_ERROR', String(error)));
    });
    await app.register(authPlugin, { config: t.config, database: t.handle });
    await app.register(backupRoutes, { config: t.config, database: t.handle, storage });
    await app.ready();
    const artistId = await createArtist(t.handle);
    await insertPrint(t.handle, artistId, { withImage: false });
    headers = await asArtist(t.config, t.handle, artistId);
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await t.cleanup();
    await temp.cleanup();
  });

  it('requires a signed-in artist', async () => {
    for (const [method, url] of [
      ['POST', '/api/v1/artist/backups'],
      ['GET', '/api/v1/artist/backups'],
      ['GET', '/api/v1/artist/backups/00000000-0000-0000-0000-000000000000/download'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('starts a backup, lists its report and serves the archive with Range support', async () => {
    const started = await app.inject({ method: 'POST', url: '/api/v1/artist/backups', headers, payload: {} });
    expect(started.statusCode).toBe(202);
    const { id, status } = started.json<{ id: string; status: string }>();
    expect(status).toBe('running');
    let backup:
      | {
          id: string;
          status: string;
          sha256: string;
          bytes: number;
          report: { counts: Record<string, number> };
        }
      | undefined;
    for (let i = 0; i < 100; i++) {
      const list = await app.inject({ method: 'GET', url: '/api/v1/artist/backups', headers });
      backup = list.json<{ backups: NonNullable<typeof backup>[] }>().backups.find((b) => b.id === id);
      if (backup?.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(backup?.status).toBe('verified');
    expect(backup?.report.counts.prints).toBe(1);

    const url = `/api/v1/artist/backups/${id}/download`;
    const full = await app.inject({ method: 'GET', url, headers });
    expect(full.statusCode).toBe(200);
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(full.headers['content-disposition']).toMatch(/^attachment; filename="copper-\d{8}T\d{6}Z-/);
    expect(full.rawPayload.length).toBe(backup!.bytes);
    expect(createHash('sha256').update(full.rawPayload).digest('hex')).toBe(backup!.sha256);

    const part = await app.inject({ method: 'GET', url, headers: { ...headers, range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${backup!.bytes}`);
    expect(part.rawPayload).toEqual(full.rawPayload.subarray(100, 200));
    const rest = await app.inject({ method: 'GET', url, headers: { ...headers, range: 'bytes=200-' } });
    expect(rest.statusCode).toBe(206);
    expect(Buffer.concat([full.rawPayload.subarray(0, 200), rest.rawPayload])).toEqual(full.rawPayload);
    const bad = await app.inject({
      method: 'GET',
      url,
      headers: { ...headers, range: `bytes=${backup!.bytes}-` },
    });
    expect(bad.statusCode).toBe(416);
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/artist/backups/00000000-0000-0000-0000-000000000000/download',
      headers,
    });
    expect(missing.statusCode).toBe(404);
  }, 60_000);
});
