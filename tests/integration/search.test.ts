// Search on both engines over a bilingual fixture: accents, stemming, cross-language, prefixes, ranking, safe
// highlights, disjunctive facets, filters, drafts, bad input, pagination, suggestions and the artist search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist } from '../helpers/catalogue.js';
import { seedSearchFixture, type SearchFixture } from '../fixtures/search.js';
import { ARTIST_SORTS, type ArtistSort } from '../../src/modules/search/repository.js';
import { SearchService, type SearchInput } from '../../src/modules/search/service.js';

interface Hit {
  id: string;
  type: 'print' | 'gallery';
  title: string;
  description: string;
  thumbnailUrl: string | null;
  highlights: Record<string, string[]>;
  status?: string;
}
interface Bucket {
  key: string;
  docCount: number;
  label: string;
}
interface Result {
  hits: Hit[];
  totalHits: number;
  facets: { name: string; buckets: Bucket[] }[];
  page: number;
  totalPages: number;
}

describe.each(ENGINES)('search on %s', (engine) => {
  let t: TestApp;
  let fx: SearchFixture;

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: 'GET', url, headers });
    return { status: res.statusCode, body: res.json() as Result & { error?: { message: string } } };
  };
  const ok = async (url: string): Promise<Result> => {
    const res = await get(url);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const ids = (r: Result) => r.hits.map((h) => h.id);
  const facet = (r: Result, name: string) => r.facets.find((f) => f.name === name)?.buckets ?? [];
  const count = (r: Result, name: string, key: string) =>
    facet(r, name).find((b) => b.key === key)?.docCount ?? 0;

  beforeAll(async () => {
    t = await openTestApp(engine);
    fx = await seedSearchFixture(t.handle);
  });
  afterAll(() => t?.cleanup());

  it('ignores accents and case: "hahnemuhle" finds "Hahnemühle", "kobenhavn" finds "København"', async () => {
    const h = await ok('/api/v1/search/prints?q=hahnemuhle&language=da');
    expect(ids(h)).toEqual(expect.arrayContaining([fx.prints.hahnemuhle, fx.prints.nyhavn]));
    const k = await ok('/api/v1/search/prints?q=KOBENHAVN&language=da');
    expect(ids(k)).toEqual(expect.arrayContaining([fx.prints.nyhavn, fx.prints.kongensHave]));
  });

  it('stems: "raderinger" finds "radering", "etchings" finds "etching"', async () => {
    const da = await ok('/api/v1/search/prints?q=raderinger&language=da');
    expect(ids(da)).toEqual(expect.arrayContaining([fx.prints.nyhavn, fx.prints.kongensHave]));
    const en = await ok('/api/v1/search/prints?q=etching&language=en');
    expect(ids(en)).toEqual(expect.arrayContaining([fx.prints.lighthouse, fx.prints.nyhavn]));
    const plural = await ok('/api/v1/search/prints?q=etchings&language=en');
    expect(ids(plural)).toEqual(expect.arrayContaining([fx.prints.nyhavn, fx.prints.kongensHave]));
  });

  it('is cross-language: a Danish search finds a print described only in English', async () => {
    const r = await ok('/api/v1/search/prints?q=Skagen&language=da');
    expect(ids(r)).toEqual([fx.prints.lighthouse]);
    // The Danish visitor still gets the (English) text rather than nothing.
    expect(r.hits[0]!.title).toBe('Lighthouse etchings');
    // An English word typed by a Danish visitor matches the English document of a bilingual print.
    const en = await ok('/api/v1/search/prints?q=morning&language=da');
    expect(ids(en)).toEqual([fx.prints.nyhavn]);
    expect(en.hits[0]!.title).toBe('Nyhavn om morgenen');
  });

  it('matches the last word as a prefix while typing: "akvat" finds akvatinte', async () => {
    const r = await ok('/api/v1/search/prints?q=akvat&language=da');
    expect(ids(r)).toEqual([fx.prints.akvatinte]);
    const two = await ok('/api/v1/search/prints?q=nyhavn%20morg&language=da');
    expect(ids(two)).toEqual([fx.prints.nyhavn]);
    // A finished phrase is not widened into unrelated words.
    const none = await ok('/api/v1/search/prints?q=akvatintexyz');
    expect(none.totalHits).toBe(0);
  });

  it('ranks an exact title match above a description match', async () => {
    const r = await ok('/api/v1/search/prints?q=Hahnem%C3%BChle&language=en');
    expect(ids(r)[0]).toBe(fx.prints.hahnemuhle);
    expect(ids(r)).toContain(fx.prints.nyhavn);
  });

  it('highlights matches in the visitor’s language as safe HTML', async () => {
    const r = await ok('/api/v1/search/prints?q=hahnemuhle&language=da');
    const nyhavn = r.hits.find((h) => h.id === fx.prints.nyhavn)!;
    expect(nyhavn.highlights.description?.join(' ')).toContain('<mark>Hahnemühle</mark>');
    expect(nyhavn.description).toBe('Radering trykt på Hahnemühle papir i København.');
    const m = await ok('/api/v1/search/prints?q=mezzotint');
    const hit = m.hits.find((h) => h.id === fx.prints.markup)!;
    const html = [...(hit.highlights.title ?? []), ...(hit.highlights.description ?? [])].join(' ');
    expect(html).toContain('<mark>Mezzotint</mark>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&amp;');
    expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('returns thumbnails of the current image and the contract shape', async () => {
    const r = await ok('/api/v1/search?q=nyhavn');
    const hit = r.hits.find((h) => h.id === fx.prints.nyhavn)!;
    expect(hit).toMatchObject({ type: 'print', title: 'Nyhavn in the morning' });
    expect(hit.thumbnailUrl).toBe(t.storage.publicUrl(fx.thumbnailKey));
    expect(r).toMatchObject({ page: 1, totalPages: 1 });
    expect(Array.isArray(r.facets)).toBe(true);
  });

  it('never returns drafts publicly (prints, galleries, facets, suggestions)', async () => {
    const r = await ok('/api/v1/search?q=hemmelig&language=da');
    expect(r.totalHits).toBe(0);
    const secret = await ok('/api/v1/search/galleries?q=secret');
    expect(secret.totalHits).toBe(0);
    const browse = await ok('/api/v1/search/prints?limit=100');
    expect(browse.totalHits).toBe(fx.publishedCount);
    expect(ids(browse)).not.toContain(fx.prints.draft);
    expect(count(browse, 'decade', '2020')).toBe(1); // the 2023 draft is not counted
    // Published galleries only, the most prints first.
    expect(facet(browse, 'gallery').map((b) => b.key)).toEqual([fx.galleries.selected, fx.galleries.harbour]);
    const s = await t.app.inject({ method: 'GET', url: '/api/v1/search/suggest?q=hemme' });
    expect(s.json()).toEqual({ suggestions: [] });
    const bad = await get(`/api/v1/search/prints?gallery=${fx.galleries.secret}`);
    expect(bad.status).toBe(400);
  });

  it('searches galleries and mixes both types in /search', async () => {
    const g = await ok('/api/v1/search/galleries?q=havnebilleder&language=da');
    expect(g.hits).toHaveLength(1);
    expect(g.hits[0]).toMatchObject({ id: fx.galleries.harbour, type: 'gallery', title: 'Havnebilleder' });
    expect(g.hits[0]!.thumbnailUrl).toBe(t.storage.publicUrl(fx.thumbnailKey));
    const all = await ok('/api/v1/search?q=kobenhavn&language=da');
    expect(new Set(all.hits.map((h) => h.type))).toEqual(new Set(['print', 'gallery']));
    expect(count(all, 'type', 'gallery')).toBe(1);
    expect(count(all, 'type', 'print')).toBe(all.totalHits - 1);
  });

  it('browses with filters and an empty query, newest year first', async () => {
    const r = await ok('/api/v1/search/prints?technique=etching');
    expect(ids(r)).toEqual(
      [fx.prints.nyhavn, fx.prints.kongensHave, fx.prints.lighthouse]
        .slice(0, 3)
        .sort((a, b) => ids(r).indexOf(a) - ids(r).indexOf(b)),
    );
    expect(r.totalHits).toBe(3);
    expect(r.hits.at(-1)!.id).toBe(fx.prints.lighthouse); // 2015, after the two from 2019
  });

  it('computes facets with every other filter applied (disjunctive) and the counts add up', async () => {
    const all = await ok('/api/v1/search/prints');
    const sum = (r: Result, name: string) => facet(r, name).reduce((n, b) => n + b.docCount, 0);
    expect(sum(all, 'technique')).toBe(all.totalHits);
    expect(sum(all, 'decade')).toBe(all.totalHits);
    expect(sum(all, 'availability')).toBe(5); // the mezzotint has neither impressions nor a term
    expect(count(all, 'technique', 'etching')).toBe(3);
    expect(facet(all, 'technique').find((b) => b.key === 'etching')!.label).toBe('Etching');
    expect(count(all, 'tags', 'kobenhavn')).toBe(2);
    expect(count(all, 'medium', 'intaglio')).toBe(4);
    expect(count(all, 'plateMaterial', 'copper')).toBe(4);

    const etching = await ok('/api/v1/search/prints?technique=etching&language=da');
    expect(etching.totalHits).toBe(3);
    // Own facet ignores its own filter: the other techniques are still offered with their counts.
    expect(count(etching, 'technique', 'aquatint')).toBe(1);
    expect(count(etching, 'technique', 'etching')).toBe(3);
    expect(facet(etching, 'technique').find((b) => b.key === 'etching')!.label).toBe('Radering');
    // Other facets count only etchings.
    expect(sum(etching, 'decade')).toBe(3);
    expect(count(etching, 'decade', '2010')).toBe(3);
    expect(facet(etching, 'decade').find((b) => b.key === '2010')!.label).toBe("2010'erne");
    expect(count(etching, 'plateMaterial', 'zinc')).toBe(0);

    const two = await ok('/api/v1/search/prints?technique=etching&technique=aquatint&yearFrom=2016');
    expect(two.totalHits).toBe(3); // nyhavn, kongensHave (2019), akvatinte (2021)
    expect(count(two, 'technique', 'drypoint')).toBe(0); // 2010: excluded by the year filter
    expect(count(two, 'decade', '2010')).toBe(3); // decade ignores the year filter: 2 etchings from 2019 + 2015
  });

  it('applies each filter', async () => {
    const total = async (qs: string) => (await ok(`/api/v1/search/prints?${qs}`)).totalHits;
    expect(await total('yearFrom=2015&yearTo=2019')).toBe(3);
    expect(await total('availability=available')).toBe(2); // ledger (nyhavn) + term (kongensHave)
    expect(await total('availability=sold')).toBe(1); // akvatinte: every impression sold
    expect(await total('availability=reserved')).toBe(1);
    expect(await total('availability=not-for-sale')).toBe(1);
    expect(await total('priceMin=1000&priceMax=3000')).toBe(3);
    expect(await total('plateHeightMin=200&plateHeightMax=300&plateWidthMin=250')).toBe(2);
    expect(await total(`gallery=${fx.galleries.harbour}`)).toBe(2);
    expect(await total('tags=natur')).toBe(2);
    expect(await total('tags=natur,havn')).toBe(3);
    expect(await total('medium=DYBTRYK')).toBe(3);
    expect(await total('plateMaterial=copper&technique=drypoint')).toBe(1);
    expect(await total('q=kobenhavn&tags=natur&language=da')).toBe(1);
    const post = await t.app.inject({
      method: 'POST',
      url: '/api/v1/search/prints',
      payload: { q: 'radering', language: 'da', filters: { technique: ['etching'], yearTo: 2019 } },
    });
    expect(post.statusCode).toBe(200);
    // nyhavn (description), kongensHave (title) and lighthouse: its Danish document has the technique label.
    expect((post.json() as Result).totalHits).toBe(3);
  });

  it('never fails on tsquery syntax characters or overlong queries', async () => {
    for (const q of [
      `'&|!():*<->\\`,
      'akvat:*',
      '!!!',
      '(',
      'a & b | !c',
      '<-> <2>',
      '"unclosed',
      '-',
      'or',
      "d'Arc:* & ",
      '½ ©',
      'x'.repeat(1000),
    ]) {
      const res = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      const post = await t.app.inject({ method: 'POST', url: '/api/v1/search/prints', payload: { q } });
      expect(post.statusCode, q).toBe(200);
      const s = await t.app.inject({
        method: 'GET',
        url: `/api/v1/search/suggest?q=${encodeURIComponent(q)}`,
      });
      expect(s.statusCode, q).toBe(200);
    }
    const long = await ok(`/api/v1/search/prints?q=${encodeURIComponent(`nyhavn ${'z'.repeat(300)}`)}`);
    expect(long.totalHits).toBe(0); // cut at 200 characters, still a valid (AND) query
  });

  it('refuses unknown filter values with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['technique=woodcut', 'technique'],
      ['plateMaterial=gold', 'plateMaterial'],
      ['availability=maybe', 'availability'],
      ['tags=no-such-tag', 'tags'],
      ['gallery=not-a-uuid', 'gallery'],
      ['gallery=00000000-0000-4000-8000-000000000000', 'gallery'],
      ['yearFrom=2020&yearTo=2010', 'yearFrom'],
      ['yearFrom=abc', 'yearFrom'],
      ['priceMin=-1', 'priceMin'],
      ['colour=red', 'colour'],
      ['limit=500', 'limit'],
    ];
    for (const [qs, field] of cases) {
      const res = await get(`/api/v1/search/prints?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(res.body.error?.message, qs).toContain(field);
    }
    const post = await t.app.inject({
      method: 'POST',
      url: '/api/v1/search',
      payload: { filters: { technique: 'etching', query: { match: {} } } },
    });
    expect(post.statusCode).toBe(400);
    expect((post.json() as { error: { message: string } }).error.message).toContain('query');
  });

  it('paginates without overlap', async () => {
    const pages: string[][] = [];
    for (const page of [1, 2, 3]) {
      const r = await ok(`/api/v1/search/prints?limit=2&page=${page}`);
      expect(r).toMatchObject({ totalHits: fx.publishedCount, totalPages: 3, page });
      pages.push(ids(r));
    }
    expect(new Set(pages.flat()).size).toBe(fx.publishedCount);
    expect((await ok('/api/v1/search/prints?limit=2&page=9')).hits).toEqual([]);
  });

  it('suggests titles, tags, techniques and galleries', async () => {
    const s = async (q: string, language = 'da') =>
      (
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/search/suggest?q=${encodeURIComponent(q)}&language=${language}`,
          })
        ).json() as {
          suggestions: { text: string; type: string; id?: string }[];
        }
      ).suggestions;
    expect(await s('nyh')).toContainEqual({
      text: 'Nyhavn om morgenen',
      type: 'print',
      id: fx.prints.nyhavn,
    });
    const akva = await s('akva');
    expect(akva).toContainEqual({ text: 'Akvatinte', type: 'technique', id: 'aquatint' });
    expect(akva).toContainEqual({ text: 'Akvatinte studie', type: 'print', id: fx.prints.akvatinte });
    expect(await s('kob')).toContainEqual({ text: 'København', type: 'tag', id: 'kobenhavn' });
    expect(await s('harbour pic', 'en')).toContainEqual({
      text: 'Harbour pictures',
      type: 'gallery',
      id: fx.galleries.harbour,
    });
    // Trigram similarity forgives a typo.
    expect((await s('lighthose', 'en')).map((x) => x.text)).toContain('Lighthouse etchings');
  });

  it('searches the artist’s whole inventory, drafts included, with inventory filters', async () => {
    const headers = await asArtist(t.config, t.handle, fx.artistId);
    const unauth = await get('/api/v1/artist/search?q=hemmelig');
    expect(unauth.status).toBe(401);
    const r = await get('/api/v1/artist/search?q=hemmelig&language=da', headers);
    expect(r.status).toBe(200);
    expect(r.body.hits.map((h) => [h.id, h.status])).toEqual(
      expect.arrayContaining([
        [fx.prints.draft, 'draft'],
        [fx.galleries.secret, 'draft'],
      ]),
    );
    const drafts = await get('/api/v1/artist/search?status=draft', headers);
    expect(drafts.body.hits.map((h) => h.id)).toEqual([fx.prints.draft]);
    expect(count(drafts.body, 'status', 'published')).toBe(fx.publishedCount);
    const sold = await get('/api/v1/artist/search?impressionStatus=reserved', headers);
    expect(sold.body.hits.map((h) => h.id)).toEqual([fx.prints.hahnemuhle]);
    const post = await t.app.inject({
      method: 'POST',
      url: '/api/v1/artist/search',
      headers,
      payload: { filters: { gallery: [fx.galleries.secret] } },
    });
    expect(post.statusCode).toBe(200);
    expect(new Set((post.json() as Result).hits.map((h) => h.id))).toEqual(
      new Set([fx.prints.draft, fx.prints.lighthouse]),
    );
    // Another artist sees none of it.
    const other = await get(
      '/api/v1/artist/search?q=hemmelig',
      await asArtist(t.config, t.handle, fx.otherArtistId),
    );
    expect(other.body.totalHits).toBe(0);
  });

  it('follows the impression ledger as impressions change (availability filter and facet)', async () => {
    const db = t.handle.db;
    const total = async (qs: string) => (await ok(`/api/v1/search/prints?${qs}`)).totalHits;
    const akvatinte = fx.prints.akvatinte;
    expect(await total('availability=sold')).toBe(1);
    // One sold impression becomes available: the print is available now.
    await db
      .updateTable('impressions')
      .set({ status: 'available' })
      .where('print_id', '=', akvatinte)
      .where('number', '=', 1)
      .execute();
    expect(await total('availability=sold')).toBe(0);
    expect(await total('availability=available')).toBe(3);
    // A new impression pulled of a print without any: it follows the ledger too.
    await db
      .insertInto('impressions')
      .values({ print_id: fx.prints.markup, kind: 'numbered', number: 1, status: 'reserved' })
      .execute();
    expect(await total('availability=reserved')).toBe(2);
    // No impressions left: the print's own availability term (none here) applies again.
    await db.deleteFrom('impressions').where('print_id', 'in', [akvatinte, fx.prints.markup]).execute();
    expect(await total('availability=available')).toBe(2);
    expect(await total('availability=reserved')).toBe(1);
    const all = await ok('/api/v1/search/prints');
    expect(facet(all, 'availability').reduce((n, b) => n + b.docCount, 0)).toBe(4);
    // Back to the fixture: two sold impressions.
    await db
      .insertInto('impressions')
      .values([1, 2].map((number) => ({ print_id: akvatinte, kind: 'numbered', number, status: 'sold' })))
      .execute();
    expect(await total('availability=sold')).toBe(1);
  });

  it('filters the artist’s inventory by image state and orders it by the inventory’s sorts', async () => {
    const service = new SearchService(t.handle.db, t.storage);
    const search = (input: Partial<SearchInput>) =>
      service.searchArtist(fx.artistId, 'prints', { limit: 100, filters: {}, ...input });
    // Only the Nyhavn print has a processed image in the fixture.
    const processed = await search({ filters: { imageStatus: 'completed' } });
    expect(processed.hits.map((h) => h.id)).toEqual([fx.prints.nyhavn]);
    const without = await search({ filters: { imageStatus: ['none', 'failed'] } });
    expect(without.totalHits).toBe((await search({})).totalHits - 1);
    await expect(search({ filters: { imageStatus: 'ready' } })).rejects.toThrow(
      /^imageStatus: unknown value "ready"/,
    );
    // Visitors' searches know no image states: the filter is left out.
    const visitors = await service.searchPublic('prints', { filters: { imageStatus: 'failed' } });
    expect(visitors.totalHits).toBe(fx.publishedCount);

    const rows = await t.handle.db
      .selectFrom('prints')
      .select(['id', 'title', 'year', 'created_at', 'updated_at'])
      .where('artist_id', '=', fx.artistId)
      .execute();
    const key = (r: (typeof rows)[number]) => (r.title.en || r.title.da || '').trim().toLowerCase();
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const time = (d: Date | string) => new Date(d).getTime();
    const expected: Record<ArtistSort, (typeof rows)[number][]> = {
      'title-asc': [...rows].sort((a, b) => key(a).localeCompare(key(b), 'en') || byId(a, b)),
      'title-desc': [...rows].sort((a, b) => key(b).localeCompare(key(a), 'en') || byId(a, b)),
      'year-desc': [...rows].sort(
        (a, b) => (b.year ?? -1) - (a.year ?? -1) || time(b.updated_at) - time(a.updated_at) || byId(a, b),
      ),
      'year-asc': [...rows].sort(
        (a, b) =>
          (a.year ?? 9999) - (b.year ?? 9999) || time(b.updated_at) - time(a.updated_at) || byId(a, b),
      ),
      'created-desc': [...rows].sort((a, b) => time(b.created_at) - time(a.created_at) || byId(a, b)),
      'created-asc': [...rows].sort((a, b) => time(a.created_at) - time(b.created_at) || byId(a, b)),
      'updated-desc': [...rows].sort((a, b) => time(b.updated_at) - time(a.updated_at) || byId(a, b)),
      'updated-asc': [...rows].sort((a, b) => time(a.updated_at) - time(b.updated_at) || byId(a, b)),
    };
    for (const sort of ARTIST_SORTS) {
      const found = await search({ sort });
      expect(
        found.hits.map((h) => h.id),
        sort,
      ).toEqual(expected[sort].map((r) => r.id));
      // Pages follow the same order.
      const second = await search({ sort, limit: 2, page: 2 });
      expect(
        second.hits.map((h) => h.id),
        sort,
      ).toEqual(expected[sort].slice(2, 4).map((r) => r.id));
    }
  });

  it('links the artist’s thumbnails through the artist media route, so a draft’s private files load', async () => {
    const db = t.handle.db;
    const draft = fx.prints.draft;
    const before = await db
      .selectFrom('prints')
      .select(['image_id', 'image_status'])
      .where('id', '=', draft)
      .executeTakeFirstOrThrow();
    const image = await db
      .insertInto('images')
      .values({
        artist_id: fx.artistId,
        print_id: draft,
        status: 'completed',
        original_key: `originals/${draft}/original`,
        width: 800,
        height: 600,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const key = `images/${image.id}/${image.id}_thumbnail.webp`;
    await db
      .insertInto('image_versions')
      .values({
        image_id: image.id,
        version: 'thumbnail',
        storage_key: key,
        width: 200,
        height: 150,
        bytes: 5,
        format: 'webp',
      })
      .execute();
    await db
      .updateTable('prints')
      .set({ image_id: image.id, image_status: 'completed' })
      .where('id', '=', draft)
      .execute();
    // A draft's versions live in the private area, which only the artist media route reads.
    await t.storage.put('originals', key, Buffer.from('thumb'), { contentType: 'image/webp' });
    try {
      const headers = await asArtist(t.config, t.handle, fx.artistId);
      const drafts = await get('/api/v1/artist/search?status=draft', headers);
      expect(drafts.body.hits.map((h) => [h.id, h.thumbnailUrl])).toEqual([
        [draft, `/api/v1/artist/media/${key}`],
      ]);
      const file = await t.app.inject({ method: 'GET', url: `/api/v1/artist/media/${key}`, headers });
      expect(file.statusCode).toBe(200);
      expect(file.body).toBe('thumb');
      // Published prints' thumbnails go the same way in the artist's answers; the public ones stay public.
      const mine = await get(`/api/v1/artist/search?q=nyhavn`, headers);
      expect(mine.body.hits.find((h) => h.id === fx.prints.nyhavn)?.thumbnailUrl).toBe(
        `/api/v1/artist/media/${fx.thumbnailKey}`,
      );
      const visitors = await ok('/api/v1/search?q=nyhavn');
      expect(visitors.hits.find((h) => h.id === fx.prints.nyhavn)?.thumbnailUrl).toBe(
        t.storage.publicUrl(fx.thumbnailKey),
      );
    } finally {
      await t.storage.delete('originals', key);
      await db.updateTable('prints').set(before).where('id', '=', draft).execute();
      await db.deleteFrom('images').where('id', '=', image.id).execute();
    }
  });
});

describe('search rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('pglite', { RATE_LIMIT_SEARCH_PER_MINUTE: '3' });
  });
  afterAll(() => t?.cleanup());

  it('answers 429 after RATE_LIMIT_SEARCH_PER_MINUTE requests per IP', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await t.app.inject({ method: 'GET', url: '/api/v1/search/suggest?q=ny' })).statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 429]);
  });
});
