// A zoom limit per print (issue 19, decision 023, migration 0027), on both engines, over images the real media
// pipeline cut: a print's own limit (above or below the site-wide setting) bounds the IIIF tiles and info.json of
// every image of that print, while another print keeps the site-wide setting; setting, changing or clearing it
// queues processing of exactly that print's images, saving the same value queues nothing; values outside
// 1000–20000 are refused with the API's error shape; the studio's print editor offers it, naming the default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { addPrintImage, asArtist } from '../helpers/catalogue.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';
import { processImage } from '../../src/modules/media/service.js';
import { hatchingJpeg } from '../fixtures/images.js';

interface Canvas {
  width: number;
  height: number;
  items: Array<{ items: Array<{ body: { service?: Array<{ id: string }> } }> }>;
}

describe.each(ENGINES)('a print’s own zoom limit on %s', (engine) => {
  let t: TestApp;
  let f: SiteFixture;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await openTestApp(engine, {}, { jobs: 'queued' });
    f = await seedSite(t.handle, { process: { storage: t.storage } });
    headers = await asArtist(t.config, t.handle, f.artistId);
  }, 180_000);
  afterAll(() => t?.cleanup());

  const deps = () => ({ db: t.handle.db, storage: t.storage, maxPixels: 50_000_000, maxBytes: 50_000_000 });

  /** GET through the app; an absolute URL must be on PUBLIC_URL. */
  function get(url: string, extra: Record<string, string> = {}) {
    const path = url.startsWith('http') ? url.slice(t.config.publicUrl.length) : url;
    return t.app.inject({ method: 'GET', url: path, headers: extra });
  }

  const api = (method: 'GET' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1/artist${url}`, headers, ...(payload ? { payload } : {}) });
  const setLimit = (printId: string, zoomMaxPixels: unknown) =>
    api('PUT', `/prints/${printId}`, { zoomMaxPixels });

  /** The image ids of waiting 'image.process' jobs, in the order they were sent. */
  async function queuedImages(): Promise<string[]> {
    const { rows } = await t.handle.executor.executeSql(
      `select data from pgboss.job where name = 'image.process' and state = 'created' order by created_on`,
      [],
    );
    return rows.map((r) => {
      const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as { imageId: string };
      return data.imageId;
    });
  }

  async function clearJobs(): Promise<void> {
    await t.handle.executor.executeSql(`delete from pgboss.job where name = 'image.process'`, []);
  }

  async function canvases(printId: string): Promise<Canvas[]> {
    const res = await get(`/iiif/prints/${printId}/manifest`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Canvas[] }>().items;
  }

  const serviceOf = (canvas: Canvas) => canvas.items[0]!.items[0]!.body.service![0]!.id;

  /** An additional image of the print, through the artist API (direct upload), processed by the pipeline. */
  async function addImage(printId: string, width: number, height: number): Promise<string> {
    const imageId = await addPrintImage(
      t.app,
      t.storage,
      headers,
      printId,
      await hatchingJpeg(width, height),
      {
        role: 'detail',
        altText: { da: 'Udsnit af pladen', en: 'A detail of the plate' },
      },
    );
    expect((await processImage(deps(), imageId)).status).toBe('completed');
    return imageId;
  }

  it('refuses a limit outside 1000–20000 pixels with the API’s error shape, and keeps the print as it was', async () => {
    for (const zoomMaxPixels of [999, 20_001, 1.5, '4000', 0]) {
      const res = await setLimit(f.prints.a, zoomMaxPixels);
      expect(res.statusCode, String(zoomMaxPixels)).toBe(400);
      expect(res.json(), String(zoomMaxPixels)).toMatchObject({
        error: { code: 'BAD_REQUEST', details: { field: 'zoomMaxPixels' } },
      });
    }
    const current = await api('GET', `/prints/${f.prints.a}`);
    expect(current.json()).toMatchObject({ zoomMaxPixels: null });
    expect(await queuedImages()).toEqual([]);
  });

  it('cuts every image of a print with its own limit, while another print keeps the site-wide one', async () => {
    // The site-wide limit goes down to 1000 pixels; print A's own limit is 1600 (above it), print B has none.
    const settings = await api('PUT', '/settings', { zoomMaxPixels: 1000 });
    expect(settings.statusCode, settings.body).toBe(200);
    const detailId = await addImage(f.prints.a, 2000, 1500);
    await clearJobs();

    const saved = await setLimit(f.prints.a, 1600);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ zoomMaxPixels: 1600 });
    // Both of A's images are queued to be cut again; nothing of B's.
    expect((await queuedImages()).sort()).toEqual([f.images[f.prints.a]!, detailId].sort());

    // What the worker does for the jobs (this app runs none), and B's regeneration after the settings change.
    for (const imageId of [f.images[f.prints.a]!, detailId, f.images[f.prints.b]!])
      expect((await processImage(deps(), imageId)).status).toBe('completed');

    const [primary, detail] = (await canvases(f.prints.a)) as [Canvas, Canvas];
    expect([primary.width, primary.height]).toEqual([1600, 1200]);
    expect([detail.width, detail.height]).toEqual([1600, 1200]);
    for (const canvas of [primary, detail]) {
      const info = (await get(`${serviceOf(canvas)}/info.json`)).json<Record<string, unknown>>();
      expect(info).toMatchObject({ width: 1600, height: 1200, maxWidth: 1600, maxHeight: 1200 });
      expect((await get(`${serviceOf(canvas)}/1536,1024,64,176/64,176/0/default.jpg`)).statusCode).toBe(200);
      // Nothing beyond 1600 pixels was written.
      expect((await get(`${serviceOf(canvas)}/1792,1280,208,220/208,220/0/default.jpg`)).statusCode).toBe(
        404,
      );
    }

    // B (a 1200 × 900 picture) follows the site-wide limit of 1000 pixels.
    const [b] = (await canvases(f.prints.b)) as [Canvas];
    expect([b.width, b.height]).toEqual([1000, 750]);
    expect((await get(`${serviceOf(b)}/info.json`)).json()).toMatchObject({ maxWidth: 1000, maxHeight: 750 });
  });

  it('queues nothing when the limit stays the same, and the print’s images again when it is cleared', async () => {
    await clearJobs();
    const same = await setLimit(f.prints.a, 1600);
    expect(same.statusCode, same.body).toBe(200);
    expect(await queuedImages()).toEqual([]);
    // Another change of the print queues nothing either.
    const titled = await api('PUT', `/prints/${f.prints.a}`, {
      title: { da: 'Ny titel', en: 'A new title' },
    });
    expect(titled.statusCode, titled.body).toBe(200);
    expect(await queuedImages()).toEqual([]);

    const cleared = await setLimit(f.prints.a, null);
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ zoomMaxPixels: null });
    const queued = await queuedImages();
    expect(queued).toHaveLength(2);
    expect(queued).toContain(f.images[f.prints.a]);
    for (const imageId of queued) expect((await processImage(deps(), imageId)).status).toBe('completed');
    // Back to the site-wide 1000 pixels.
    for (const canvas of await canvases(f.prints.a))
      expect([canvas.width, canvas.height]).toEqual([1000, 750]);
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('details')
      .where('entity_id', '=', f.prints.a)
      .where('action', '=', 'print.updated')
      .execute();
    expect(audit.some((a) => JSON.stringify(a.details).includes('zoomMaxPixels'))).toBe(true);
  });

  it('offers the limit in the studio’s print editor, naming the site-wide default', async () => {
    const page = await get(`/studio/prints/${f.prints.b}`, { cookie: headers.cookie ?? '' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /<label[^>]*for="f-zoomMaxPixels"[^>]*>Largest zoom size \(pixels, long edge\)/,
    );
    expect(page.body).toContain('Leave empty to use the default in Settings, now 1000 pixels.');
    expect(page.body).toMatch(/<input[^>]*name="zoomMaxPixels"[^>]*min="1000"[^>]*max="20000"/);
  });
});
