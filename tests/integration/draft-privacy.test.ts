// No draft content is reachable (decision 005): a print is published, unpublished and published again through the
// artist API while a visitor checks its page, the sitemap, the public API and EVERY image file URL (versions, the
// deep-zoom descriptor and tiles); the artist keeps seeing the images through the artist API throughout; a print
// that was never published never exposes a file; the original is never public. On PGlite with the local driver
// (the app's /media route) and on PostgreSQL with S3 (s3rver: the public bucket a CDN would serve).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveImageFiles, reconcileImagePlacement } from '../../src/modules/media/visibility.js';
import { asArtist, createArtist } from '../helpers/catalogue.js';
import {
  artistApi,
  attachImage as attach,
  imageFileUrls,
  MEDIA_SETUPS,
  openMediaEnv,
  visitorStatus,
  visitorStatuses as statuses,
  type MediaEnv,
} from '../helpers/media-env.js';

const TEXTS = {
  title: { da: 'Havnen ved nat', en: 'The harbour at night' },
  altText: { da: 'Radering af en havn om natten', en: 'Etching of a harbour at night' },
  technique: 'etching',
  year: 2024,
};

describe.each(MEDIA_SETUPS)('draft privacy on %s with %s storage', (engine, driver) => {
  let env: MediaEnv;
  beforeAll(async () => {
    env = await openMediaEnv(engine, driver);
  }, 60_000);
  afterAll(() => env?.cleanup());

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    artistApi(env, method, url, payload);
  const attachImage = (printId: string, width: number, height: number) => attach(env, printId, width, height);
  const fileUrls = (printId: string) => imageFileUrls(env, printId);

  async function visitorSees(printId: string, galleryId: string) {
    const page = await env.app.inject({ method: 'GET', url: `/en/prints/${printId}` });
    const sitemap = await env.app.inject({ method: 'GET', url: '/sitemap.xml' });
    const apiPrint = await env.app.inject({ method: 'GET', url: `/api/v1/prints/${printId}` });
    const apiGallery = await env.app.inject({ method: 'GET', url: `/api/v1/galleries/${galleryId}` });
    expect(sitemap.statusCode).toBe(200);
    expect(apiGallery.statusCode).toBe(200);
    return {
      page: page.statusCode,
      inSitemap: sitemap.body.includes(`/prints/${printId}`),
      api: apiPrint.statusCode,
      inGallery: apiGallery.body.includes(printId),
      imageUrls:
        apiPrint.statusCode === 200
          ? apiPrint.json<{ images: Array<{ url: string }> }>().images.map((i) => i.url)
          : [],
    };
  }

  /** The artist API's image URLs for the print, each fetched with the artist's credentials. */
  async function artistSees(printId: string): Promise<{ urls: string[]; statuses: number[] }> {
    const res = await api('GET', `/api/v1/artist/prints/${printId}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ thumbnailUrl: string | null; images: Array<{ url: string }> }>();
    const urls = [body.thumbnailUrl!, ...body.images.map((i) => i.url)];
    const out: number[] = [];
    for (const url of urls) {
      const file = await env.app.inject({ method: 'GET', url, headers: { cookie: env.artist.cookie! } });
      if (file.statusCode === 200) expect(file.headers['content-type']).toBe('image/webp');
      out.push(file.statusCode);
    }
    return { urls, statuses: out };
  }

  it('publish → reachable; unpublish → page, sitemap, API and every file URL gone for visitors, kept for the artist; publish again → back', async () => {
    const created = await api('POST', '/api/v1/artist/prints', TEXTS);
    expect(created.statusCode, created.body).toBe(201);
    const printId = created.json<{ id: string }>().id;
    await attachImage(printId, 2400, 1800);
    const gallery = await api('POST', '/api/v1/artist/galleries', {
      title: { da: 'Havne', en: 'Harbours' },
      status: 'published',
    });
    expect(gallery.statusCode, gallery.body).toBe(201);
    const galleryId = gallery.json<{ id: string }>().id;
    expect(
      (await api('POST', `/api/v1/artist/galleries/${galleryId}/prints/${printId}`, {})).statusCode,
    ).toBe(201);
    const files = await fileUrls(printId);
    // Every version is covered, the cards' small one (decision 021) too.
    expect(files.keys.some((k) => k.endsWith('_small.webp'))).toBe(true);
    const hidden = { page: 404, inSitemap: false, api: 404, inGallery: false, imageUrls: [] };

    // A draft: nothing public, not even by the file URLs; the artist sees every image.
    expect(await visitorSees(printId, galleryId)).toEqual(hidden);
    expect(await statuses(env, files.urls)).toEqual(files.urls.map(() => 404));
    const draftView = await artistSees(printId);
    expect(draftView.urls.every((u) => u.startsWith('/api/v1/artist/media/images/'))).toBe(true);
    expect(draftView.statuses).toEqual(draftView.urls.map(() => 200));

    // Published: page, sitemap, API and every file.
    const published = await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'published' });
    expect(published.statusCode, published.body).toBe(200);
    const shown = await visitorSees(printId, galleryId);
    expect(shown).toMatchObject({ page: 200, inSitemap: true, api: 200, inGallery: true });
    expect(shown.imageUrls.length).toBeGreaterThan(0);
    expect(shown.imageUrls.every((u) => files.urls.includes(u))).toBe(true);
    expect(await statuses(env, files.urls)).toEqual(files.urls.map(() => 200));
    expect(await visitorStatus(env, files.originalUrl)).toBe(404);
    expect((await artistSees(printId)).statuses).toEqual(draftView.urls.map(() => 200));

    // Unpublished: gone for visitors at once — including the file URLs they may have kept.
    const unpublished = await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'draft' });
    expect(unpublished.statusCode, unpublished.body).toBe(200);
    expect(await visitorSees(printId, galleryId)).toEqual(hidden);
    expect(await statuses(env, files.urls)).toEqual(files.urls.map(() => 404));
    expect(await visitorStatus(env, files.originalUrl)).toBe(404);
    const afterView = await artistSees(printId);
    expect(afterView.urls).toEqual(draftView.urls);
    expect(afterView.statuses).toEqual(draftView.urls.map(() => 200));

    // Published again: back, under the same URLs.
    expect((await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'published' })).statusCode).toBe(
      200,
    );
    expect(await visitorSees(printId, galleryId)).toMatchObject({ page: 200, inSitemap: true, api: 200 });
    expect(await statuses(env, files.urls)).toEqual(files.urls.map(() => 200));

    // A new image for the published print (it stays published meanwhile): the new files are public once
    // processed, the old ones are gone.
    await attachImage(printId, 1600, 1200);
    const next = await fileUrls(printId);
    expect(next.urls.some((u) => files.urls.includes(u))).toBe(false);
    expect(await statuses(env, next.urls)).toEqual(next.urls.map(() => 200));
    expect(await statuses(env, files.urls)).toEqual(files.urls.map(() => 404));
    expect(await visitorStatus(env, next.originalUrl)).toBe(404);
  }, 180_000);

  it('a print that was never published never exposes a file; the artist media route is the owner’s only', async () => {
    const created = await api('POST', '/api/v1/artist/prints', {
      ...TEXTS,
      title: { da: 'Skitse', en: 'Sketch' },
    });
    const printId = created.json<{ id: string }>().id;
    const imageId = await attachImage(printId, 1200, 900);
    const files = await fileUrls(printId);
    expect(await statuses(env, files.urls)).toEqual(files.urls.map(() => 404));
    expect(await visitorStatus(env, files.originalUrl)).toBe(404);
    // The app's own /media route never serves private files, whichever driver is in use.
    for (const key of files.keys) {
      expect((await env.app.inject({ method: 'GET', url: `/media/${key}` })).statusCode).toBe(404);
    }

    const { urls } = await artistSees(printId);
    const url = urls[0]!;
    // Without credentials: refused; another artist: as if it did not exist; never a non-image key.
    expect((await env.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const other = await asArtist(env.config, env.handle, await createArtist(env.handle, 'Other'));
    expect(
      (await env.app.inject({ method: 'GET', url, headers: { cookie: other.cookie! } })).statusCode,
    ).toBe(404);
    const original = await env.handle.db
      .selectFrom('images')
      .select('original_key')
      .where('id', '=', imageId)
      .executeTakeFirstOrThrow();
    const originalViaArtistRoute = await env.app.inject({
      method: 'GET',
      url: `/api/v1/artist/media/${original.original_key}`,
      headers: { cookie: env.artist.cookie! },
    });
    expect(originalViaArtistRoute.statusCode).toBe(404);
    // Conditional requests revalidate cheaply.
    const first = await env.app.inject({ method: 'GET', url, headers: { cookie: env.artist.cookie! } });
    const again = await env.app.inject({
      method: 'GET',
      url,
      headers: { cookie: env.artist.cookie!, 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(first.headers['cache-control']).toMatch(/^private/);
  }, 120_000);

  it('reconciliation puts misplaced files where the visibility policy says (interrupted publish, older installs)', async () => {
    const gallery = await api('POST', '/api/v1/artist/galleries', {
      title: { da: 'Udstilling', en: 'Exhibition' },
      status: 'published',
    });
    const galleryId = gallery.json<{ id: string }>().id;
    const make = async (title: string, publish: boolean) => {
      const res = await api('POST', '/api/v1/artist/prints', {
        ...TEXTS,
        title: { da: title, en: title },
      });
      const printId = res.json<{ id: string }>().id;
      const imageId = await attachImage(printId, 1000, 800);
      if (publish) {
        expect(
          (await api('POST', `/api/v1/artist/galleries/${galleryId}/prints/${printId}`, {})).statusCode,
        ).toBe(201);
        expect(
          (await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'published' })).statusCode,
        ).toBe(200);
      }
      return { printId, imageId, files: await fileUrls(printId) };
    };
    const shown = await make(`Shown ${randomUUID().slice(0, 6)}`, true);
    const hidden = await make(`Hidden ${randomUUID().slice(0, 6)}`, false);
    // Break both: the published print's files private, the draft's public (as before this rule existed).
    await moveImageFiles(env.storage, `images/${shown.imageId}/`, 'originals');
    await moveImageFiles(env.storage, `images/${hidden.imageId}/`, 'public');
    expect(await statuses(env, shown.files.urls)).toEqual(shown.files.urls.map(() => 404));
    expect(await statuses(env, hidden.files.urls)).toEqual(hidden.files.urls.map(() => 200));

    const result = await reconcileImagePlacement(env.handle.db, env.storage);
    expect(result.moved).toBeGreaterThanOrEqual(2 * shown.files.keys.length);
    expect(await statuses(env, shown.files.urls)).toEqual(shown.files.urls.map(() => 200));
    expect(await statuses(env, hidden.files.urls)).toEqual(hidden.files.urls.map(() => 404));
    // Idempotent.
    expect((await reconcileImagePlacement(env.handle.db, env.storage)).moved).toBe(0);
  }, 120_000);
});
