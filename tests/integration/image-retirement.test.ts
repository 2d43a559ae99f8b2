// Retired image files (decision 027): a redraw or a replacement keeps the files cached pages may still name for the
// grace period, through a delayed `media.retire` job, which then deletes exactly those files (once; a second run
// finds nothing). Privacy wins over the grace period: a print that stops being public takes its kept files to the
// private area, and a draft's retired files are never public. PGlite with the local driver (the app's /media) and
// PostgreSQL with S3 (s3rver: the public bucket a CDN would serve).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, type Queue } from '../../src/platform/queue/index.js';
import { processImage } from '../../src/modules/media/service.js';
import {
  RETIRED_FILES_GRACE_SECONDS,
  retireFiles,
  retirementScheduler,
  type Retirement,
} from '../../src/modules/media/retirement.js';
import {
  artistApi,
  attachImage,
  imageFileUrls,
  MEDIA_SETUPS,
  openMediaEnv,
  visitorStatuses,
  type MediaEnv,
} from '../helpers/media-env.js';

describe.each(MEDIA_SETUPS)('retired image files on %s with %s storage', (engine, driver) => {
  let env: MediaEnv;
  let queue: Queue;

  beforeAll(async () => {
    env = await openMediaEnv(engine, driver);
    // Jobs wait in the queue (no worker): the test sees what was asked and runs the handler itself.
    queue = createQueue(env.handle, { supervise: false });
    await queue.start();
    env.deps.retire = retirementScheduler(env.handle.db, env.storage, queue);
  }, 60_000);
  afterAll(async () => {
    await queue?.stop({ graceful: false, timeoutMs: 1000 });
    await env?.cleanup();
  });

  /** The waiting retirement jobs, oldest first, with the delay they were sent with. */
  async function retireJobs(): Promise<Array<{ data: Retirement; delaySeconds: number }>> {
    const { rows } = await sql<{ data: Retirement; start_after: Date; created_on: Date }>`
      select data, start_after, created_on from pgboss.job
      where name = 'media.retire' and state = 'created' order by created_on, id`.execute(env.handle.db);
    return rows.map((r) => ({
      data: r.data,
      delaySeconds: (new Date(r.start_after).getTime() - new Date(r.created_on).getTime()) / 1000,
    }));
  }
  const clearJobs = () => sql`delete from pgboss.job where name = 'media.retire'`.execute(env.handle.db);

  async function filesUnder(prefix: string): Promise<{ public: string[]; private: string[] }> {
    const list = async (area: 'public' | 'originals') => {
      const keys: string[] = [];
      for await (const o of env.storage.list(area, prefix)) keys.push(o.key);
      return keys.sort();
    };
    return { public: await list('public'), private: await list('originals') };
  }

  const generationPrefix = (key: string) => key.split('/').slice(0, 3).join('/') + '/';

  it('keeps redrawn and replaced files for the grace period, then deletes exactly them; privacy first', async () => {
    expect(RETIRED_FILES_GRACE_SECONDS).toBe(15 * 60);
    const created = await artistApi(env, 'POST', '/api/v1/artist/prints', {
      title: { da: 'Havnen', en: 'The harbour' },
      altText: { da: 'Radering af en havn', en: 'Etching of a harbour' },
      technique: 'etching',
      year: 2025,
    });
    expect(created.statusCode, created.body).toBe(201);
    const printId = created.json<{ id: string }>().id;
    const imageId = await attachImage(env, printId, 1200, 900);
    const published = await artistApi(env, 'PUT', `/api/v1/artist/prints/${printId}`, {
      status: 'published',
    });
    expect(published.statusCode, published.body).toBe(200);
    const gallery = await artistApi(env, 'POST', '/api/v1/artist/galleries', {
      title: { da: 'Plader', en: 'Plates' },
    });
    const galleryId = gallery.json<{ id: string }>().id;
    await artistApi(env, 'POST', `/api/v1/artist/galleries/${galleryId}/prints/${printId}`, {});
    await artistApi(env, 'PUT', `/api/v1/artist/galleries/${galleryId}`, { status: 'published' });
    const first = await imageFileUrls(env, printId);
    expect(await visitorStatuses(env, first.urls)).toEqual(first.urls.map(() => 200));
    expect(await retireJobs()).toEqual([]);

    // 1. A redraw (as after a watermark change): the previous generation still answers, its job waits 15 minutes.
    expect((await processImage(env.deps, imageId)).status).toBe('completed');
    const second = await imageFileUrls(env, printId);
    const oldPrefix = generationPrefix(first.keys[0]!);
    expect(generationPrefix(second.keys[0]!)).not.toBe(oldPrefix);
    expect(await visitorStatuses(env, first.urls)).toEqual(first.urls.map(() => 200));
    const oldGeneration = oldPrefix.split('/')[2]!;
    const jobs = await retireJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toEqual({ imageId, generations: [oldGeneration] });
    expect(jobs[0]!.delaySeconds).toBeGreaterThanOrEqual(RETIRED_FILES_GRACE_SECONDS - 1);
    expect(jobs[0]!.delaySeconds).toBeLessThanOrEqual(RETIRED_FILES_GRACE_SECONDS + 1);

    // 2. The job deletes exactly the old generation, once.
    const oldFiles = await filesUnder(oldPrefix);
    const keptBefore = await filesUnder(`images/${imageId}/`);
    expect(await retireFiles(env.handle.db, env.storage, jobs[0]!.data)).toBe(
      oldFiles.public.length + oldFiles.private.length,
    );
    expect(await filesUnder(oldPrefix)).toEqual({ public: [], private: [] });
    const keptAfter = await filesUnder(`images/${imageId}/`);
    expect(keptAfter.public).toEqual(keptBefore.public.filter((k) => !k.startsWith(oldPrefix)));
    expect(await visitorStatuses(env, first.urls)).toEqual(first.urls.map(() => 404));
    expect(await visitorStatuses(env, second.urls)).toEqual(second.urls.map(() => 200));
    expect(await retireFiles(env.handle.db, env.storage, jobs[0]!.data)).toBe(0);
    await clearJobs();

    // 3. A replaced primary image: its files stay for the grace period (its original goes now).
    const { original_key: oldOriginal } = await env.handle.db
      .selectFrom('images')
      .select('original_key')
      .where('id', '=', imageId)
      .executeTakeFirstOrThrow();
    const replacement = await attachImage(env, printId, 1000, 800);
    expect(replacement).not.toBe(imageId);
    expect(await visitorStatuses(env, second.urls)).toEqual(second.urls.map(() => 200));
    expect(await env.storage.head('originals', oldOriginal)).toBeUndefined();
    const replacedJobs = await retireJobs();
    expect(replacedJobs.map((j) => j.data)).toEqual([{ imageId, printId }]);
    expect(replacedJobs[0]!.delaySeconds).toBeGreaterThanOrEqual(RETIRED_FILES_GRACE_SECONDS - 1);

    // 4. Privacy wins: the print back to draft takes the replaced image's kept files out of the public area.
    const draft = await artistApi(env, 'PUT', `/api/v1/artist/prints/${printId}`, { status: 'draft' });
    expect(draft.statusCode, draft.body).toBe(200);
    const replacedFiles = await filesUnder(`images/${imageId}/`);
    expect(replacedFiles.public).toEqual([]);
    expect(replacedFiles.private.length).toBeGreaterThan(0);
    expect(await visitorStatuses(env, second.urls)).toEqual(second.urls.map(() => 404));
    expect(await retireFiles(env.handle.db, env.storage, replacedJobs[0]!.data)).toBe(
      replacedFiles.private.length,
    );
    expect(await filesUnder(`images/${imageId}/`)).toEqual({ public: [], private: [] });
    expect(await filesUnder(`retired/prints/${printId}/`)).toEqual({ public: [], private: [] });
    expect(await retireFiles(env.handle.db, env.storage, replacedJobs[0]!.data)).toBe(0);
    await clearJobs();

    // 5. A draft's redraw: the retired generation is private, never public — and the next run keeps it for its
    // grace period (it is not taken for an interrupted run's leftovers).
    const third = await imageFileUrls(env, printId);
    expect((await processImage(env.deps, replacement)).status).toBe('completed');
    const draftOld = generationPrefix(third.keys[0]!);
    const draftFiles = await filesUnder(draftOld);
    expect(draftFiles.public).toEqual([]);
    expect(draftFiles.private.length).toBeGreaterThan(0);
    expect(await visitorStatuses(env, third.urls)).toEqual(third.urls.map(() => 404));
    expect((await processImage(env.deps, replacement)).status).toBe('completed');
    expect(await filesUnder(draftOld)).toEqual(draftFiles);
    // One job per retired generation: the second run's try to retire the first one again kept the first's time.
    const draftJobs = await retireJobs();
    expect(draftJobs).toHaveLength(2);
    expect(draftJobs[0]!.data).toEqual({ imageId: replacement, generations: [draftOld.split('/')[2]!] });
    expect(draftJobs[1]!.data.generations).not.toEqual([draftOld.split('/')[2]!]);
    await clearJobs();

    // 6. A deleted print: every file goes at once, a replaced image's kept files included.
    const last = await attachImage(env, printId, 800, 600);
    expect((await retireJobs()).map((j) => j.data)).toEqual([{ imageId: replacement, printId }]);
    expect((await filesUnder(`images/${replacement}/`)).private.length).toBeGreaterThan(0);
    const deleted = await artistApi(env, 'DELETE', `/api/v1/artist/prints/${printId}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    for (const id of [replacement, last])
      expect(await filesUnder(`images/${id}/`)).toEqual({ public: [], private: [] });
    expect(await filesUnder(`retired/prints/${printId}/`)).toEqual({ public: [], private: [] });
  }, 120_000);
});
