// Settings through the artist API follow the studio form's rules, which live in CatalogueService once: blank text
// is "not set" (null: the watermark falls back to the copyright line, then to © and the name), and the displayed
// images are regenerated exactly when the watermark drawn on them changes — also when it changes through the
// copyright line or the profile name it is derived from — or when the zoom limit changes (decision 023). The queue and the worker are real: regeneration shows as
// new version keys; "not regenerated" as no new regeneration job. On PGlite and real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/db.js';
import { asArtist, createArtist } from '../helpers/catalogue.js';
import { hatchingJpeg } from '../fixtures/images.js';

describe.each(ENGINES)('settings through the API regenerate the watermark when it changes (%s)', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let printId = '';

  beforeAll(async () => {
    t = await openTestApp(engine, {}, { jobs: 'worker' });
    headers = await asArtist(t.config, t.handle, await createArtist(t.handle, 'Jens Ølgaard'));
  }, 60_000);

  // Graceful: the worker finishes (and records) the jobs under way before the database closes.
  afterAll(async () => await t?.cleanup());

  async function versionKeys(): Promise<string[]> {
    const rows = await t.handle.db
      .selectFrom('prints')
      .innerJoin('image_versions', 'image_versions.image_id', 'prints.image_id')
      .select('image_versions.storage_key')
      .where('prints.id', '=', printId)
      .where('prints.image_status', '=', 'completed')
      .orderBy('image_versions.version')
      .execute();
    return rows.map((r) => r.storage_key);
  }

  async function regenerationJobs(): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = 'image.regenerate-all'`.execute(t.handle.db);
    return rows[0]?.n ?? 0;
  }

  async function put(payload: object) {
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/artist/settings', headers, payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Record<string, unknown>>();
  }

  /** Saves, then waits until every version of the print is under a new key (the worker redrew them). */
  async function regenerated(payload: object): Promise<void> {
    const before = await versionKeys();
    await put(payload);
    await expect
      .poll(async () => (await versionKeys()).some((k) => before.includes(k)), {
        timeout: 60_000,
        interval: 250,
      })
      .toBe(false);
    expect(await versionKeys()).toHaveLength(before.length);
  }

  /** Saves; no regeneration is queued and the versions stay. */
  async function unchanged(payload: object): Promise<Record<string, unknown>> {
    const [jobs, keys] = [await regenerationJobs(), await versionKeys()];
    const saved = await put(payload);
    expect(await regenerationJobs()).toBe(jobs);
    expect(await versionKeys()).toEqual(keys);
    return saved;
  }

  it('processes a print’s image to start from', async () => {
    const file = await hatchingJpeg(1000, 800);
    const target = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/artist/uploads',
        headers,
        payload: { filename: 'plate.jpg', contentType: 'image/jpeg', size: file.length },
      })
    ).json<{ uploadId: string; url: string; headers: Record<string, string> }>();
    const url = new URL(target.url);
    const put = await t.app.inject({
      method: 'PUT',
      url: url.pathname + url.search,
      headers: target.headers,
      payload: file,
    });
    expect(put.statusCode, put.body).toBeLessThan(300);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/artist/prints',
      headers,
      payload: { title: { da: 'Pladen', en: 'The plate' }, uploadId: target.uploadId },
    });
    expect(created.statusCode, created.body).toBe(201);
    printId = created.json<{ id: string }>().id;
    await expect
      .poll(async () => (await versionKeys()).length, { timeout: 60_000, interval: 250 })
      .toBeGreaterThan(0);
  }, 90_000);

  it('stores an empty watermark text as null, like the studio form; unchanged watermark, no regeneration', async () => {
    const saved = await unchanged({ watermarkText: '' });
    expect(saved.watermarkText).toBeNull();
    expect(
      (await unchanged({ watermarkText: '   ', profileName: '', copyrightLine: '' })).watermarkText,
    ).toBeNull();
    const row = await t.handle.db
      .selectFrom('settings')
      .select(['watermark_text', 'profile_name', 'copyright_line'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ watermark_text: null, profile_name: null, copyright_line: null });
  });

  it('regenerates when the copyright line the watermark falls back to changes', async () => {
    await regenerated({ copyrightLine: '© 2026 Jens Ølgaard' });
  }, 90_000);

  it('does not regenerate for a new name while the copyright line is the watermark', async () => {
    await unchanged({ profileName: 'J. Ølgaard', bio: { da: 'Grafiker', en: 'Printmaker' } });
  });

  it('regenerates when the copyright line is cleared and the watermark becomes © and the profile name', async () => {
    await regenerated({ copyrightLine: '' });
    expect((await put({})).copyrightLine).toBeNull();
  }, 90_000);

  it('regenerates when the profile name the watermark falls back to changes', async () => {
    await regenerated({ profileName: 'Jens Ø.' });
  }, 90_000);

  it('does not regenerate when the text is set and only its sources change, nor for the same text again', async () => {
    await regenerated({ watermarkText: 'Kobbertryk' });
    await unchanged({ copyrightLine: '© Jens', profileName: 'Jens' });
    await unchanged({ watermarkText: 'Kobbertryk' });
  }, 90_000);

  it('regenerates when the zoom limit changes, not for the same limit or the licence alone', async () => {
    await unchanged({ zoomMaxPixels: 6000 });
    await unchanged({ licenceUrl: 'http://rightsstatements.org/vocab/InC/1.0/' });
    await regenerated({ zoomMaxPixels: 1000 });
    await unchanged({ zoomMaxPixels: 1000, licenceUrl: null });
  }, 90_000);
});
