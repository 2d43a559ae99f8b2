// One rule for who may see a print (catalogue/policy.ts, decision 008), asked by every public surface: one print
// walks through each state — draft; published in no gallery; published only in a draft gallery; published in a
// published gallery; its gallery unpublished again — and at each step the print page, the public API, the gallery
// API, search, suggestions, the sitemap and every file of its image give the same answer. A private viewing room
// (decision 015) is one more surface: a draft in a live room is visible there, page and files, and nowhere else;
// after a revoke and after the expiry the room and its file URLs are gone. On PGlite with the local driver and on
// PostgreSQL with S3 (s3rver).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artistApi,
  attachImage,
  imageFileUrls,
  MEDIA_SETUPS,
  openMediaEnv,
  visitorStatuses,
  type MediaEnv,
} from '../helpers/media-env.js';

/** A word no other text holds, so search and suggestions answer for this print alone. */
const WORD = 'Mezzotintolinjer';

interface Surfaces {
  page: boolean;
  api: boolean;
  galleryApi: boolean;
  search: boolean;
  suggestions: boolean;
  sitemap: boolean;
  files: boolean;
}

const everywhere = (visible: boolean): Surfaces => ({
  page: visible,
  api: visible,
  galleryApi: visible,
  search: visible,
  suggestions: visible,
  sitemap: visible,
  files: visible,
});

describe.each(MEDIA_SETUPS)('the visibility policy on %s with %s storage', (engine, driver) => {
  let env: MediaEnv;
  beforeAll(async () => {
    env = await openMediaEnv(engine, driver);
  }, 60_000);
  afterAll(() => env?.cleanup());

  const get = (url: string) => env.app.inject({ method: 'GET', url });

  async function surfaces(
    printId: string,
    galleryId: string,
    fileUrls: readonly string[],
  ): Promise<Surfaces> {
    const page = await get(`/en/prints/${printId}`);
    const api = await get(`/api/v1/prints/${printId}`);
    const gallery = await get(`/api/v1/galleries/${galleryId}`);
    const search = await get(`/api/v1/search?q=${WORD}`);
    const suggest = await get(`/api/v1/search/suggest?q=${WORD.slice(0, 6)}&language=en`);
    const sitemap = await get('/sitemap.xml');
    expect(search.statusCode, search.body).toBe(200);
    expect(suggest.statusCode, suggest.body).toBe(200);
    expect(sitemap.statusCode).toBe(200);
    const files = await visitorStatuses(env, fileUrls);
    expect(new Set(files).size, `files answer alike: ${files.join(', ')}`).toBe(1);
    return {
      page: page.statusCode === 200,
      api: api.statusCode === 200,
      galleryApi: gallery.statusCode === 200 && gallery.body.includes(printId),
      search: search.json<{ hits: Array<{ id: string }> }>().hits.some((h) => h.id === printId),
      suggestions: suggest
        .json<{ suggestions: Array<{ text: string; id?: string }> }>()
        .suggestions.some((s) => s.id === printId || s.text.includes(WORD)),
      sitemap: sitemap.body.includes(`/prints/${printId}`),
      files: files[0] === 200,
    };
  }

  /** Search reloads its snapshot when the catalogue changes (decision 007): the answer settles within seconds. */
  async function settled(printId: string, galleryId: string, urls: readonly string[], expected: Surfaces) {
    let seen = await surfaces(printId, galleryId, urls);
    for (let i = 0; i < 40 && JSON.stringify(seen) !== JSON.stringify(expected); i++) {
      await new Promise((r) => setTimeout(r, 250));
      seen = await surfaces(printId, galleryId, urls);
    }
    return seen;
  }

  it('every surface gives the same answer for a print in each state', async () => {
    const created = await artistApi(env, 'POST', '/api/v1/artist/prints', {
      title: { da: `${WORD} ved havnen`, en: `${WORD} by the harbour` },
      altText: { da: 'Radering af en havn', en: 'Etching of a harbour' },
      technique: 'etching',
      year: 2025,
    });
    expect(created.statusCode, created.body).toBe(201);
    const printId = created.json<{ id: string }>().id;
    await attachImage(env, printId, 1400, 1000);
    const { urls } = await imageFileUrls(env, printId);
    const gallery = await artistApi(env, 'POST', '/api/v1/artist/galleries', {
      title: { da: 'Nye plader', en: 'New plates' },
    });
    expect(gallery.statusCode, gallery.body).toBe(201);
    const galleryId = gallery.json<{ id: string }>().id;
    const hidden = everywhere(false);

    // 1. A draft.
    expect(await settled(printId, galleryId, urls, hidden)).toEqual(hidden);

    // 2. Published, in no gallery.
    const published = await artistApi(env, 'PUT', `/api/v1/artist/prints/${printId}`, {
      status: 'published',
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(await settled(printId, galleryId, urls, hidden)).toEqual(hidden);

    // 3. Published, only in a draft gallery.
    const added = await artistApi(env, 'POST', `/api/v1/artist/galleries/${galleryId}/prints/${printId}`, {});
    expect(added.statusCode, added.body).toBe(201);
    expect(await settled(printId, galleryId, urls, hidden)).toEqual(hidden);

    // 4. Published, in a published gallery: shown everywhere, files included.
    const shownGallery = await artistApi(env, 'PUT', `/api/v1/artist/galleries/${galleryId}`, {
      status: 'published',
    });
    expect(shownGallery.statusCode, shownGallery.body).toBe(200);
    const shown = everywhere(true);
    expect(await settled(printId, galleryId, urls, shown)).toEqual(shown);

    // 5. The gallery back to draft: hidden everywhere again, the file URLs visitors kept included.
    const unpublished = await artistApi(env, 'PUT', `/api/v1/artist/galleries/${galleryId}`, {
      status: 'draft',
    });
    expect(unpublished.statusCode, unpublished.body).toBe(200);
    expect(await settled(printId, galleryId, urls, hidden)).toEqual(hidden);

    // 6. Published gallery again, then the print taken out of it: hidden.
    await artistApi(env, 'PUT', `/api/v1/artist/galleries/${galleryId}`, { status: 'published' });
    expect(await settled(printId, galleryId, urls, shown)).toEqual(shown);
    const removed = await artistApi(env, 'DELETE', `/api/v1/artist/galleries/${galleryId}/prints/${printId}`);
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    expect(await settled(printId, galleryId, urls, hidden)).toEqual(hidden);
  }, 180_000);

  it('a draft in a live viewing room is visible in the room only, until the room is revoked or expires', async () => {
    const word = 'Akvatintrum';
    const created = await artistApi(env, 'POST', '/api/v1/artist/prints', {
      title: { da: `${word} i tåge`, en: `${word} in fog` },
      altText: { da: 'Akvatinte af tåge', en: 'Aquatint of fog' },
      technique: 'aquatint',
      year: 2026,
    });
    expect(created.statusCode, created.body).toBe(201);
    const printId = created.json<{ id: string }>().id;
    await attachImage(env, printId, 1400, 1000);
    const { keys, urls } = await imageFileUrls(env, printId);
    const gallery = await artistApi(env, 'POST', '/api/v1/artist/galleries', {
      title: { da: 'Kommende', en: 'Coming' },
    });
    const galleryId = gallery.json<{ id: string }>().id;

    const makeRoom = async () => {
      const res = await artistApi(env, 'POST', '/api/v1/artist/viewing-rooms', {
        title: { da: 'Til kuratoren', en: 'For the curator' },
        printIds: [printId],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        deepZoom: true,
        maxVersion: 'xlarge',
        downloadVersion: 'medium',
      });
      expect(res.statusCode, res.body).toBe(201);
      const { id, url } = res.json<{ id: string; url: string }>();
      return { id, path: new URL(url).pathname };
    };
    const room = await makeRoom();
    const roomPage = await get(`/en${room.path}`);
    expect(roomPage.statusCode).toBe(200);
    expect(roomPage.body).toContain(`${word} in fog`);
    const printPage = await get(`/en${room.path}/prints/${printId}`);
    expect(printPage.statusCode).toBe(200);
    // Every image the room's pages show, the deep-zoom descriptor and tiles and the download come through the room.
    const shown = [
      ...new Set(
        [...`${roomPage.body}${printPage.body}`.matchAll(/\/rooms\/[^"\s,?]+\/media\/[^"\s,?]+/g)].map(
          (m) => m[0],
        ),
      ),
    ];
    expect(shown.length, shown.join(' ')).toBeGreaterThanOrEqual(2);
    expect(printPage.body).toContain('data-tiles="/rooms/');
    expect(printPage.body).toContain('?download=1');
    const viaRoom = keys.map((key) => `${room.path}/media/${key}`);
    const statuses = async (list: readonly string[]) =>
      Promise.all(list.map(async (url) => (await get(url)).statusCode));
    expect(await statuses([...shown, ...viaRoom])).toEqual([...shown, ...viaRoom].map(() => 200));
    const file = await get(viaRoom[0]!);
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(file.headers['referrer-policy']).toBe('same-origin');
    // Never the original, and nothing of an image not in the room.
    const original = await env.handle.db
      .selectFrom('images')
      .select('original_key')
      .where('print_id', '=', printId)
      .executeTakeFirstOrThrow();
    expect((await get(`${room.path}/media/${original.original_key}`)).statusCode).toBe(404);

    // Everywhere else the draft stays hidden: page, API, gallery API, search, suggestions, sitemap, files.
    const hidden = everywhere(false);
    expect(await settled(printId, galleryId, urls, hidden)).toEqual(hidden);

    // Revoked: the room and every file URL it gave out answer 410 at once.
    const revoked = await artistApi(env, 'DELETE', `/api/v1/artist/viewing-rooms/${room.id}`);
    expect(revoked.statusCode).toBe(204);
    expect((await get(`/en${room.path}`)).statusCode).toBe(410);
    expect(await statuses([...shown, ...viaRoom])).toEqual([...shown, ...viaRoom].map(() => 410));

    // Expired: the same.
    const second = await makeRoom();
    const secondFiles = keys.map((key) => `${second.path}/media/${key}`);
    expect(await statuses(secondFiles)).toEqual(secondFiles.map(() => 200));
    await env.handle.db
      .updateTable('viewing_rooms')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', second.id)
      .execute();
    expect((await get(`/da${second.path}`)).statusCode).toBe(410);
    expect(await statuses(secondFiles)).toEqual(secondFiles.map(() => 410));
    expect(await settled(printId, galleryId, urls, hidden)).toEqual(hidden);
  });
});
