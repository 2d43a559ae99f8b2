// Public search follows the visibility policy (catalogue/policy.ts): a print in each state — draft, published in no
// gallery, published only in a draft gallery, published in a published gallery — and only the last is found by
// words, filters, facet counts and suggestions; a gallery's thumbnail never comes from a print visitors may not see.
// The artist's own search still finds all four.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';

interface Result {
  hits: { id: string; type: string; thumbnailUrl: string | null }[];
  totalHits: number;
  facets: { name: string; buckets: { key: string; docCount: number }[] }[];
}

const STATES = ['draft', 'noGallery', 'draftGallery', 'publicGallery'] as const;
type State = (typeof STATES)[number];

describe.each(ENGINES)('public search follows the visibility policy on %s', (engine) => {
  let t: TestApp;
  let artistId: string;
  const prints = {} as Record<State, string>;
  const galleries = {} as Record<'published' | 'draft', string>;
  const thumbnails = {} as Record<State, string>;

  const get = async (url: string): Promise<Result> => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Result;
  };
  const ids = (r: Result) => r.hits.map((h) => h.id);
  const bucket = (r: Result, facet: string, key: string) =>
    r.facets.find((f) => f.name === facet)?.buckets.find((b) => b.key === key)?.docCount ?? 0;

  beforeAll(async () => {
    t = await openTestApp(engine);
    const db = t.handle.db;
    artistId = await createArtist(t.handle, 'Visibility Artist');
    const tag = await db
      .insertInto('tags')
      .values({ artist_id: artistId, slug: 'orn', label: JSON.stringify({ da: 'Ørn', en: 'Eagle' }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const titles: Record<State, string> = {
      draft: 'Ørnereden, en kladde',
      noGallery: 'Ørnereden uden galleri',
      draftGallery: 'Ørnereden i et kladdegalleri',
      publicGallery: 'Ørnereden i galleriet',
    };
    for (const state of STATES) {
      // Every print has a processed image with a thumbnail: only a visible print's may be shown.
      const id = await insertPrint(t.handle, artistId, {
        status: state === 'draft' ? 'draft' : 'published',
        title: { da: titles[state], en: `The eyrie (${state})` },
        technique: 'etching',
        plateMaterial: 'copper',
        year: 1777,
      });
      prints[state] = id;
      await db
        .updateTable('prints')
        .set({
          description: JSON.stringify({ da: 'Et ørnerede på klippen.', en: 'An eyrie on the cliff.' }),
          medium: JSON.stringify({ da: 'Dybtryk', en: 'Intaglio' }),
          subject: JSON.stringify({ da: 'Fugle', en: 'Birds' }),
          price_amount: 1777,
          price_currency: 'DKK',
          plate_height_mm: 177,
          plate_width_mm: 177,
        })
        .where('id', '=', id)
        .execute();
      await db.insertInto('print_tags').values({ print_id: id, tag_id: tag.id }).execute();
      const thumbnail = await db
        .selectFrom('image_versions as v')
        .innerJoin('prints as p', 'p.image_id', 'v.image_id')
        .select('v.storage_key')
        .where('p.id', '=', id)
        .where('v.version', '=', 'thumbnail')
        .executeTakeFirstOrThrow();
      thumbnails[state] = thumbnail.storage_key;
    }
    // The draft sits in the published gallery too, first: it is neither counted nor the gallery's thumbnail.
    galleries.published = await insertGallery(
      t.handle,
      artistId,
      [prints.draft, prints.publicGallery],
      'published',
      { da: 'Fuglefjelde', en: 'Bird cliffs' },
    );
    galleries.draft = await insertGallery(
      t.handle,
      artistId,
      [prints.draftGallery, prints.publicGallery],
      'draft',
      { da: 'Fuglefjelde (kladde)', en: 'Bird cliffs (draft)' },
    );
    // The published gallery's cover is a print visitors may not see (published, in no gallery).
    await db
      .updateTable('galleries')
      .set({ cover_print_id: prints.noGallery })
      .where('id', '=', galleries.published)
      .execute();
  });
  afterAll(() => t?.cleanup());

  it('finds only the print in a published gallery by its words, in both languages', async () => {
    expect(ids(await get('/api/v1/search?q=%C3%B8rnereden&language=da'))).toEqual([prints.publicGallery]);
    expect(ids(await get('/api/v1/search/prints?q=eyrie&language=en'))).toEqual([prints.publicGallery]);
    expect(ids(await get('/api/v1/search/prints?q=ornered&language=da'))).toEqual([prints.publicGallery]);
  });

  it('filters and counts only that print', async () => {
    const filtered = [
      'tags=orn',
      'yearFrom=1777&yearTo=1777',
      'priceMin=1777&priceMax=1777',
      'plateHeightMin=177&plateHeightMax=177&plateWidthMin=177&plateWidthMax=177',
      'subject=birds',
      `gallery=${galleries.published}`,
      'technique=etching&tags=orn&medium=intaglio&plateMaterial=copper',
    ];
    for (const qs of filtered) {
      const r = await get(`/api/v1/search/prints?${qs}&limit=100`);
      expect(ids(r), qs).toEqual([prints.publicGallery]);
    }
    const all = await get('/api/v1/search/prints?limit=100');
    expect(new Set(ids(all))).toEqual(new Set([prints.publicGallery]));
    expect(bucket(all, 'tags', 'orn')).toBe(1);
    expect(bucket(all, 'decade', '1770')).toBe(1);
    expect(bucket(all, 'subject', 'birds')).toBe(1);
    expect(bucket(all, 'technique', 'etching')).toBe(1);
    // The published gallery counts its one visible print; the draft gallery is no facet value.
    expect(bucket(all, 'gallery', galleries.published)).toBe(1);
    expect(bucket(all, 'gallery', galleries.draft)).toBe(0);
    expect(all.facets.find((f) => f.name === 'gallery')?.buckets.map((b) => b.key)).toEqual([
      galleries.published,
    ]);
    // A draft gallery is no filter value for visitors.
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/search/prints?gallery=${galleries.draft}`,
    });
    expect(res.statusCode).toBe(400);
  });

  it('suggests only that print’s title', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/search/suggest?q=%C3%B8rnere&language=da',
    });
    const { suggestions } = res.json() as { suggestions: { text: string; type: string; id?: string }[] };
    expect(suggestions.filter((s) => s.type === 'print')).toEqual([
      { text: 'Ørnereden i galleriet', type: 'print', id: prints.publicGallery },
    ]);
  });

  it('shows the published gallery with a visible print’s thumbnail, never the draft gallery', async () => {
    const r = await get('/api/v1/search/galleries?q=fuglefjelde&language=da');
    expect(r.hits.map((h) => [h.id, h.thumbnailUrl])).toEqual([
      [galleries.published, t.storage.publicUrl(thumbnails.publicGallery)],
    ]);
  });

  it('leaves the artist’s own search finding all four', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/artist/search?q=%C3%B8rnereden&language=da',
      headers: await asArtist(t.config, t.handle, artistId),
    });
    expect(new Set((res.json() as Result).hits.map((h) => h.id))).toEqual(new Set(Object.values(prints)));
  });
});
