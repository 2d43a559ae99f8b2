// Filters and facet counts are written twice: in SQL for the artist's inventory search and in TypeScript over the
// in-memory public index. Over the same documents — an artist whose whole catalogue is public, next to another
// artist's drafts and prints visitors may not see — both must answer every filter combination (alone, combined,
// with words, both targets, both languages) with the same hits and the same facet buckets and counts, on PGlite and
// PostgreSQL. Subject and style facets exist only in public search: their reference is SQL grouping the documents
// that pass every other filter.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { rng } from '../fixtures/random.js';
import { addToGallery } from '../fixtures/search.js';
import { SearchService, type FilterInput, type SearchResult } from '../../src/modules/search/service.js';
import type { Language } from '../../src/platform/db/schema.js';

const PLACES: [string, string][] = [
  ['Havnen', 'The harbour'],
  ['Skoven', 'The forest'],
  ['København', 'Copenhagen'],
  ['Møllen', 'The mill'],
  ['Stranden', 'The beach'],
];
const WHEN: [string, string][] = [
  ['om morgenen', 'in the morning'],
  ['om vinteren', 'in winter'],
  ['i tåge', 'in fog'],
];
const TECHNIQUES = ['etching', 'aquatint', 'drypoint', 'mezzotint', 'engraving'];
const PLATES = ['copper', 'zinc', 'steel', null];
// Spellings differing in case and accents, one language missing: the same facet key.
const MEDIA: ({ da?: string; en?: string } | null)[] = [
  { da: 'Dybtryk', en: 'Intaglio' },
  { da: 'dybtryk', en: 'INTAGLIO' },
  { da: 'Farvedybtryk', en: 'Colour intaglio' },
  { en: 'Intaglio' },
  { da: 'Tørnål' },
  null,
];
const SUBJECTS: ({ da?: string; en?: string } | null)[] = [
  { da: 'Landskab', en: 'Landscape' },
  { da: 'Havet', en: 'The sea' },
  { da: 'Fugle' },
  { en: 'Birds' },
  null,
];
const STYLES: ({ da?: string; en?: string } | null)[] = [
  { da: 'Realisme', en: 'Realism' },
  { da: 'Impressionisme', en: 'Impressionism' },
  null,
];
const TAGS: [string, string, string][] = [
  ['havn', 'Havn', 'Harbour'],
  ['skov', 'Skov', 'Forest'],
  ['lys', 'Lys', 'Light'],
  ['vinter', 'Vinter', 'Winter'],
];
const IMPRESSIONS = ['available', 'sold', 'reserved'] as const;
const TERMS = ['available', 'not-for-sale', 'on-loan', null];

interface Catalogue {
  artistId: string;
  galleries: string[];
}

/** The public artist's prints (all published, each in a published gallery), then the other artist's hidden ones. */
async function seed(t: TestDatabase): Promise<Catalogue> {
  const db = t.handle.db;
  const rand = rng(2024);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const artists: string[] = [];
  for (const name of ['public', 'hidden']) {
    const row = await db
      .insertInto('artists')
      .values({ email: `parity-${name}-${Date.now()}@example.test`, display_name: name })
      .returning('id')
      .executeTakeFirstOrThrow();
    artists.push(row.id);
  }
  const [artistId, hiddenId] = artists as [string, string];
  const tagIds = new Map<string, string>();
  for (const owner of artists) {
    for (const [slug, da, en] of TAGS) {
      const row = await db
        .insertInto('tags')
        .values({ artist_id: owner, slug, label: JSON.stringify({ da, en }) })
        .returning('id')
        .executeTakeFirstOrThrow();
      tagIds.set(`${owner}:${slug}`, row.id);
    }
  }
  const gallery = async (owner: string, status: 'draft' | 'published', i: number) =>
    (
      await db
        .insertInto('galleries')
        .values({
          artist_id: owner,
          status,
          title: JSON.stringify({ da: `${PLACES[i]![0]} — en serie`, en: `${PLACES[i]![1]} — a series` }),
          description: JSON.stringify({ da: 'Raderinger.', en: 'Etchings.' }),
          published_at: status === 'published' ? new Date(Date.UTC(2020, i, 1)) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const galleries = [
    await gallery(artistId, 'published', 0),
    await gallery(artistId, 'published', 1),
    await gallery(artistId, 'published', 2),
  ];
  // (A published gallery is public whatever it holds: the other artist has drafts only.)
  const hiddenGallery = await gallery(hiddenId, 'draft', 3);

  const print = async (owner: string, status: 'draft' | 'published', n: number) => {
    const [placeDa, placeEn] = pick(PLACES);
    const [whenDa, whenEn] = pick(WHEN);
    const localized = (v: { da?: string; en?: string } | null) => JSON.stringify(v ?? {});
    const englishOnly = rand() < 0.15;
    const year = rand() < 0.1 ? null : 1980 + Math.floor(rand() * 45);
    const row = await db
      .insertInto('prints')
      .values({
        artist_id: owner,
        status,
        title: JSON.stringify(
          englishOnly
            ? { en: `${placeEn} ${whenEn} ${n}` }
            : { da: `${placeDa} ${whenDa} ${n}`, en: `${placeEn} ${whenEn} ${n}` },
        ),
        description: JSON.stringify({
          da: `Motivet er ${placeDa.toLowerCase()}.`,
          en: `The motif is ${placeEn}.`,
        }),
        medium: localized(pick(MEDIA)),
        subject: localized(pick(SUBJECTS)),
        style_movement: localized(pick(STYLES)),
        technique_key: pick(TECHNIQUES),
        plate_material_key: pick(PLATES),
        availability_key: pick(TERMS),
        year,
        plate_height_mm: rand() < 0.1 ? null : 100 + Math.floor(rand() * 400),
        plate_width_mm: rand() < 0.1 ? null : 100 + Math.floor(rand() * 500),
        price_amount: rand() < 0.2 ? null : 500 + Math.floor(rand() * 60) * 100,
        price_currency: 'DKK',
        published_at:
          status === 'published' ? new Date(Date.UTC(year ?? 2000, Math.floor(rand() * 12), 1)) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [slug] of TAGS) {
      if (rand() < 0.35)
        await db
          .insertInto('print_tags')
          .values({ print_id: row.id, tag_id: tagIds.get(`${owner}:${slug}`)! })
          .execute();
    }
    const pulled = rand() < 0.4 ? 1 + Math.floor(rand() * 3) : 0;
    for (let k = 1; k <= pulled; k++)
      await db
        .insertInto('impressions')
        .values({ print_id: row.id, kind: 'numbered', number: k, status: pick(IMPRESSIONS) })
        .execute();
    return row.id;
  };
  for (let n = 0; n < 70; n++) {
    const id = await print(artistId, 'published', n);
    // Each in one or two of the published galleries.
    const first = Math.floor(rand() * galleries.length);
    const members = rand() < 0.3 ? [first, (first + 1) % galleries.length] : [first];
    for (const g of members) await addToGallery(t.handle, galleries[g]!, [id]);
  }
  // The other artist's prints no visitor may see: a draft, published in no gallery, published only in a draft
  // gallery.
  await print(hiddenId, 'draft', 100);
  await print(hiddenId, 'published', 101);
  await addToGallery(t.handle, hiddenGallery, [await print(hiddenId, 'published', 102)]);
  return { artistId, galleries };
}

describe.each(ENGINES)('public index and artist SQL agree on filters and facets on %s', (engine) => {
  let t: TestDatabase;
  let c: Catalogue;
  let service: SearchService;

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    c = await seed(t);
    service = new SearchService(t.handle.db, { publicUrl: (key) => `/media/${key}` });
  }, 120_000);
  afterAll(() => t?.cleanup());

  const combinations = (): [string, { q?: string; filters: FilterInput }][] => {
    const [g1, g2] = c.galleries as [string, string];
    return [
      ['browse', { filters: {} }],
      ['year range', { filters: { yearFrom: 1990, yearTo: 2009 } }],
      ['year from', { filters: { yearFrom: 2015 } }],
      ['medium (key)', { filters: { medium: 'intaglio' } }],
      ['medium (Danish, other case)', { filters: { medium: 'DYBTRYK' } }],
      ['medium (two)', { filters: { medium: ['Colour intaglio', 'tørnål'] } }],
      ['technique', { filters: { technique: 'etching' } }],
      ['techniques', { filters: { technique: ['aquatint', 'drypoint'] } }],
      ['plate height', { filters: { plateHeightMin: 200, plateHeightMax: 350 } }],
      ['plate width', { filters: { plateWidthMin: 300 } }],
      ['plate material', { filters: { plateMaterial: 'copper' } }],
      ['subject', { filters: { subject: 'landscape' } }],
      ['subject (Danish only)', { filters: { subject: ['fugle', 'Havet'] } }],
      ['style', { filters: { styleMovement: 'REALISM' } }],
      ['availability', { filters: { availability: 'available' } }],
      [
        'availability (ledger and terms)',
        { filters: { availability: ['sold', 'reserved', 'not-for-sale'] } },
      ],
      ['price range', { filters: { priceMin: 1500, priceMax: 4000 } }],
      ['price max', { filters: { priceMax: 2000 } }],
      ['gallery', { filters: { gallery: g1 } }],
      ['galleries', { filters: { gallery: [g1, g2] } }],
      ['tag', { filters: { tags: 'havn' } }],
      ['tags', { filters: { tags: ['skov', 'vinter'] } }],
      [
        'combined: technique, years, availability, tags',
        {
          filters: {
            technique: ['etching', 'aquatint', 'mezzotint'],
            yearFrom: 1985,
            yearTo: 2020,
            availability: ['available', 'on-loan'],
            tags: ['havn', 'lys'],
          },
        },
      ],
      [
        'combined: medium, subject, price, style',
        {
          filters: {
            medium: 'intaglio',
            subject: ['landscape', 'birds'],
            priceMin: 800,
            styleMovement: ['realism', 'impressionism'],
          },
        },
      ],
      [
        'combined: gallery, plate size, material',
        {
          filters: {
            gallery: [g2],
            plateHeightMin: 150,
            plateWidthMax: 450,
            plateMaterial: ['copper', 'zinc'],
          },
        },
      ],
      ['words', { q: 'havnen', filters: {} }],
      ['words (English)', { q: 'harbour morning', filters: {} }],
      [
        'words and filters',
        { q: 'kobenhavn', filters: { technique: ['etching', 'drypoint'], yearFrom: 1995 } },
      ],
      ['phrase', { q: '"om vinteren"', filters: { tags: 'vinter' } }],
      ['exclusion and prefix', { q: 'skoven -tåge', filters: { priceMax: 5000 } }],
      ['prefix while typing', { q: 'mø', filters: { availability: 'available' } }],
    ];
  };

  /** Facets as comparable rows (the label too, except for free text whose display spelling each side picks). */
  const buckets = (r: SearchResult, name: string) =>
    (r.facets.find((f) => f.name === name)?.buckets ?? []).map((b) =>
      ['medium', 'subject', 'styleMovement'].includes(name)
        ? [b.key, b.docCount]
        : [b.key, b.docCount, b.label],
    );

  /** Reference counts of a free-text facet: SQL grouping the prints that pass every other filter. */
  const referenceTextFacet = async (
    column: 'subject' | 'style_movement',
    input: { q?: string; filters: FilterInput },
    language: Language,
  ) => {
    const field = column === 'subject' ? 'subject' : 'styleMovement';
    const { [field]: _own, ...others } = input.filters;
    const passing = await service.searchArtist(c.artistId, 'prints', {
      q: input.q,
      language,
      limit: 100,
      filters: others,
    });
    expect(passing.totalHits).toBeLessThanOrEqual(100);
    const ids = passing.hits.map((h) => h.id);
    const { rows } = await sql<{ key: string; count: number }>`
      select x.key, count(*)::int as count from (
        select lower(public.f_unaccent(public.localized_text(p.${sql.ref(column)}, 'en'))) as key
        from prints p where p.id::text = any(array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)))
      ) x where x.key <> '' group by x.key`.execute(t.handle.db);
    return rows.map((r) => [r.key, Number(r.count)]);
  };

  it('answers every combination with the same hits and facet counts', async () => {
    let compared = 0;
    let nonEmpty = 0;
    for (const [name, input] of combinations()) {
      for (const target of ['prints', 'all'] as const) {
        for (const language of ['da', 'en'] as const) {
          const label = `${name} (${target}, ${language})`;
          const request = { ...input, language, limit: 100 };
          const visitor = await service.searchPublic(target, request);
          const artist = await service.searchArtist(c.artistId, target, request);
          expect(artist.totalHits, label).toBeLessThanOrEqual(100);
          expect(visitor.totalHits, label).toBe(artist.totalHits);
          const ids = (r: SearchResult) => r.hits.map((h) => `${h.type}:${h.id}`);
          expect(new Set(ids(visitor)), label).toEqual(new Set(ids(artist)));
          // Browsing has one order on both sides: newest year first, then the most recently published.
          if (!input.q) expect(ids(visitor), label).toEqual(ids(artist));
          const names = (r: SearchResult) => r.facets.map((f) => f.name);
          expect(
            names(visitor).filter((n) => n !== 'subject' && n !== 'styleMovement'),
            label,
          ).toEqual(names(artist).filter((n) => n !== 'status'));
          for (const facet of names(artist).filter((n) => n !== 'status'))
            expect(buckets(visitor, facet), `${label}: ${facet}`).toEqual(buckets(artist, facet));
          if (target === 'prints') {
            for (const [facet, column] of [
              ['subject', 'subject'],
              ['styleMovement', 'style_movement'],
            ] as const) {
              const expected = await referenceTextFacet(column, input, language);
              const sortRows = (rows: (string | number)[][]) =>
                [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
              expect(sortRows(buckets(visitor, facet)), `${label}: ${facet}`).toEqual(sortRows(expected));
            }
          }
          compared += 1;
          if (visitor.totalHits > 0) nonEmpty += 1;
        }
      }
    }
    // The combinations are not trivial: nearly all of them find something.
    expect(compared).toBe(combinations().length * 4);
    expect(nonEmpty).toBeGreaterThan(compared * 0.8);
  });

  it('sees none of the documents visitors may not see', async () => {
    const visitor = await service.searchPublic('all', { limit: 100, filters: {} });
    const artist = await service.searchArtist(c.artistId, 'all', { limit: 100, filters: {} });
    expect(new Set(visitor.hits.map((h) => h.id))).toEqual(new Set(artist.hits.map((h) => h.id)));
    expect(visitor.totalHits).toBe(70 + c.galleries.length);
  });
});
