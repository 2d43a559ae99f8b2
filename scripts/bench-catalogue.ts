// The benchmarks' catalogue: a seeded, realistic bilingual catalogue of copper-plate prints (places, times of day,
// techniques, papers, subjects, tags, galleries, impressions) and the searches visitors type into it. Used by
// bench:search (the JSON API, on PostgreSQL) and bench:pages (the search page, on the embedded database).
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/platform/db/types.js';
import { rng } from '../tests/fixtures/random.js';

export const PLACES: [string, string][] = [
  ['Nyhavn', 'Nyhavn'],
  ['Havnen', 'The harbour'],
  ['Skagen', 'Skagen'],
  ['Kongens Have', "The King's Garden"],
  ['Fyrtårnet', 'The lighthouse'],
  ['Stranden', 'The beach'],
  ['Skoven', 'The forest'],
  ['Møllen', 'The mill'],
  ['Domkirken', 'The cathedral'],
  ['Marken', 'The field'],
  ['Broen', 'The bridge'],
  ['Åen', 'The stream'],
  ['København', 'Copenhagen'],
  ['Aarhus', 'Aarhus'],
  ['Bornholm', 'Bornholm'],
  ['Vesterhavet', 'The North Sea'],
];
const WHEN: [string, string][] = [
  ['om morgenen', 'in the morning'],
  ['om aftenen', 'in the evening'],
  ['i tåge', 'in fog'],
  ['om vinteren', 'in winter'],
  ['i regn', 'in rain'],
  ['ved solnedgang', 'at sunset'],
  ['i måneskin', 'by moonlight'],
  ['', ''],
];
const ROMAN = ['', ' I', ' II', ' III', ' IV', ' V'];
export const TECHNIQUES = [
  'etching',
  'engraving',
  'drypoint',
  'aquatint',
  'mezzotint',
  'soft-ground',
  'photogravure',
];
export const TECH_TEXT: Record<string, [string, string]> = {
  etching: ['radering', 'etching'],
  engraving: ['kobberstik', 'engraving'],
  drypoint: ['tørnål', 'drypoint'],
  aquatint: ['akvatinte', 'aquatint'],
  mezzotint: ['mezzotinte', 'mezzotint'],
  'soft-ground': ['blødgrund', 'soft ground'],
  photogravure: ['fotogravure', 'photogravure'],
};
export const PLATES = ['copper', 'zinc', 'steel', 'brass'];
export const PAPERS = ['Hahnemühle', 'Somerset', 'Fabriano', 'Zerkall', 'Arches', 'Magnani'];
export const MEDIA: [string, string][] = [
  ['Dybtryk', 'Intaglio'],
  ['Dybtryk med chine-collé', 'Intaglio with chine-collé'],
  ['Farvedybtryk', 'Colour intaglio'],
];
export const SUBJECTS: [string, string][] = [
  ['Landskab', 'Landscape'],
  ['Arkitektur', 'Architecture'],
  ['Portræt', 'Portrait'],
  ['Havet', 'The sea'],
  ['Natur', 'Nature'],
];
export const TAGS: [string, string, string][] = [
  ['havn', 'Havn', 'Harbour'],
  ['kobenhavn', 'København', 'Copenhagen'],
  ['natur', 'Natur', 'Nature'],
  ['hav', 'Hav', 'Sea'],
  ['skov', 'Skov', 'Forest'],
  ['by', 'By', 'City'],
  ['lys', 'Lys', 'Light'],
  ['vinter', 'Vinter', 'Winter'],
  ['tage', 'Tåge', 'Fog'],
  ['bade', 'Både', 'Boats'],
  ['traer', 'Træer', 'Trees'],
  ['kirke', 'Kirke', 'Church'],
];

/**
 * Seeds `count` prints (about 90 % published) of one new artist, 16 galleries (every eighth a draft), tags and
 * impressions. Resolves with the ids of the published galleries (which public filters may name).
 */
export async function seedCatalogue(handle: DatabaseHandle, count: number): Promise<string[]> {
  const db = handle.db;
  const rand = rng(42);
  const pickOf = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const artist = await db
    .insertInto('artists')
    .values({ email: 'bench@example.test', display_name: 'Bench Artist' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const artistId = artist.id;
  const tagRows = await db
    .insertInto('tags')
    .values(TAGS.map(([slug, da, en]) => ({ artist_id: artistId, slug, label: JSON.stringify({ da, en }) })))
    .returning('id')
    .execute();
  const galleryRows = await db
    .insertInto('galleries')
    .values(
      PLACES.map(([da, en], i) => ({
        artist_id: artistId,
        status: i % 8 === 7 ? ('draft' as const) : ('published' as const),
        title: JSON.stringify({ da: `${da} — en serie`, en: `${en} — a series` }),
        description: JSON.stringify({
          da: `Raderinger og akvatinter fra ${da}.`,
          en: `Etchings and aquatints of ${en}.`,
        }),
        published_at: new Date(),
      })),
    )
    .returning('id')
    .execute();
  const galleryIds = galleryRows.map((g) => g.id);

  // Tags and galleries are attached after the prints; touching prints per tag row is skipped while seeding and the
  // search documents are rebuilt once at the end.
  await sql`alter table print_tags disable trigger print_tags_touch_print`.execute(db);
  const BATCH = 1000;
  for (let start = 0; start < count; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const [placeDa, placeEn] = pickOf(PLACES);
      const [whenDa, whenEn] = pickOf(WHEN);
      const roman = pickOf(ROMAN);
      const technique = pickOf(TECHNIQUES);
      const [techDa, techEn] = TECH_TEXT[technique]!;
      const paper = pickOf(PAPERS);
      const year = 1985 + Math.floor(rand() * 40);
      const englishOnly = rand() < 0.1;
      const title = englishOnly
        ? { en: `${placeEn} ${whenEn}${roman}`.trim() }
        : {
            da: `${placeDa} ${whenDa}${roman}`.replace(/\s+/g, ' ').trim(),
            en: `${placeEn} ${whenEn}${roman}`.trim(),
          };
      const descDa = `${techDa[0]!.toUpperCase()}${techDa.slice(1)} trykt på ${paper} papir. Motivet er ${placeDa.toLowerCase()} ${whenDa}, set fra vandet.`;
      const descEn = `${techEn[0]!.toUpperCase()}${techEn.slice(1)} printed on ${paper} paper. The motif is ${placeEn.toLowerCase()} ${whenEn}, seen from the water.`;
      const [subDa, subEn] = pickOf(SUBJECTS);
      const [medDa, medEn] = pickOf(MEDIA);
      const priced = rand() < 0.8;
      rows.push({
        artist_id: artistId,
        status: rand() < 0.9 ? ('published' as const) : ('draft' as const),
        title: JSON.stringify(title),
        description: JSON.stringify(englishOnly ? { en: descEn } : { da: descDa, en: descEn }),
        medium: JSON.stringify({ da: medDa, en: medEn }),
        subject: JSON.stringify({ da: subDa, en: subEn }),
        paper: JSON.stringify({ da: paper, en: paper }),
        technique_key: technique,
        plate_material_key: pickOf(PLATES),
        year,
        plate_height_mm: 100 + Math.floor(rand() * 500),
        plate_width_mm: 100 + Math.floor(rand() * 600),
        edition_size: 10 + Math.floor(rand() * 40),
        price_amount: priced ? 500 + Math.floor(rand() * 95) * 100 : null,
        price_currency: priced ? 'DKK' : null,
        published_at: new Date(Date.UTC(year, Math.floor(rand() * 12), 1)),
      });
    }
    const inserted = await db.insertInto('prints').values(rows).returning('id').execute();
    const tags = [];
    const members = [];
    const impressions = [];
    for (const [i, p] of inserted.entries()) {
      const n = Math.floor(rand() * 3);
      const chosen = new Set<string>();
      for (let k = 0; k < n + 1; k++) chosen.add(pickOf(tagRows).id);
      for (const tagId of chosen) tags.push({ print_id: p.id, tag_id: tagId });
      if (rand() < 0.5)
        members.push({ gallery_id: galleryIds[(start + i) % galleryIds.length]!, print_id: p.id });
      const pulled = Math.floor(rand() * 5);
      for (let k = 1; k <= pulled; k++) {
        const r = rand();
        impressions.push({
          print_id: p.id,
          kind: 'numbered' as const,
          number: k,
          status: r < 0.5 ? ('available' as const) : r < 0.85 ? ('sold' as const) : ('reserved' as const),
          location: r < 0.5 ? 'Atelier, skuffe 3' : null,
        });
      }
    }
    if (tags.length) await db.insertInto('print_tags').values(tags).execute();
    if (impressions.length) await db.insertInto('impressions').values(impressions).execute();
    if (members.length) {
      // Positions continue per gallery.
      await sql`
        insert into gallery_prints (gallery_id, print_id, position)
        select m.gallery_id::uuid, m.print_id::uuid,
          coalesce((select max(position) from gallery_prints gp where gp.gallery_id = m.gallery_id::uuid), 0)
            + row_number() over (partition by m.gallery_id order by m.print_id)
        from jsonb_to_recordset(${JSON.stringify(members)}::jsonb) as m(gallery_id text, print_id text)
      `.execute(db);
    }
  }
  await sql`alter table print_tags enable trigger print_tags_touch_print`.execute(db);
  await sql`update prints set updated_at = now()`.execute(db); // rebuild search documents with the tags
  await sql`vacuum analyze`.execute(db);
  // The published ones (every eighth is a draft), which public filters may name.
  return galleryIds.filter((_, i) => i % 8 !== 7);
}

// ---- what visitors type ----

/** Words visitors type, per language (places, times of day, techniques, papers, subjects, other description words). */
export const WORDS: Record<'da' | 'en', string[]> = {
  da: [
    ...PLACES.map(([da]) => da.toLowerCase()),
    'morgenen',
    'aftenen',
    'tåge',
    'vinteren',
    'regn',
    'solnedgang',
    'måneskin',
    ...Object.values(TECH_TEXT).map(([da]) => da),
    ...PAPERS.map((p) => p.toLowerCase()),
    ...SUBJECTS.map(([da]) => da.toLowerCase()),
    'raderinger',
    'trykt',
    'papir',
    'motivet',
    'vandet',
    'serie',
    'dybtryk',
    'havn',
    'skov',
    'lys',
  ],
  en: [
    ...PLACES.map(([, en]) => en.toLowerCase().replace(/^the /, '')),
    'morning',
    'evening',
    'fog',
    'winter',
    'rain',
    'sunset',
    'moonlight',
    ...Object.values(TECH_TEXT).map(([, en]) => en),
    ...PAPERS.map((p) => p.toLowerCase()),
    ...SUBJECTS.map(([, en]) => en.toLowerCase().replace(/^the /, '')),
    'etchings',
    'printed',
    'paper',
    'motif',
    'water',
    'series',
    'intaglio',
    'harbour',
    'forest',
    'light',
  ],
};

/** Endless distinct paths: `make` is called until it gives a path not given before. */
export function distinct(make: (rand: () => number) => string): () => string {
  const rand = rng(7);
  const seen = new Set<string>();
  return () => {
    for (let tries = 0; ; tries++) {
      const path = make(rand);
      if (!seen.has(path) || tries > 50) {
        seen.add(path);
        return path;
      }
    }
  };
}

export const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
export const lang = (rand: () => number) => (rand() < 0.5 ? 'da' : 'en') as 'da' | 'en';

/** 1–3 words of one language; the last one half-typed a third of the time. */
export function words(rand: () => number, language: 'da' | 'en'): string {
  const n = 1 + Math.floor(rand() * 3);
  const list = Array.from({ length: n }, () => pick(rand, WORDS[language]));
  const last = list[n - 1]!;
  if (rand() < 0.33 && last.length > 4)
    list[n - 1] = last.slice(0, 3 + Math.floor(rand() * (last.length - 3)));
  return list.join(' ');
}

/** A random combination of the public filters (and now and then words), as query parameters. */
export function filterParams(rand: () => number, galleryIds: string[]): URLSearchParams {
  const params = new URLSearchParams();
  const maybe = (p: number, fn: () => void) => rand() < p && fn();
  maybe(0.5, () => {
    for (const t of new Set([pick(rand, TECHNIQUES), pick(rand, TECHNIQUES)])) params.append('technique', t);
  });
  maybe(0.4, () => {
    const from = 1985 + Math.floor(rand() * 30);
    params.set('yearFrom', String(from));
    if (rand() < 0.6) params.set('yearTo', String(from + 1 + Math.floor(rand() * 10)));
  });
  maybe(0.3, () => params.set('plateMaterial', pick(rand, PLATES)));
  maybe(0.3, () => params.set('availability', pick(rand, ['available', 'reserved', 'sold'])));
  maybe(0.3, () => {
    params.set('priceMin', String(500 + Math.floor(rand() * 40) * 100));
    params.set('priceMax', String(5000 + Math.floor(rand() * 50) * 100));
  });
  maybe(0.25, () => {
    params.set('plateHeightMin', String(100 + Math.floor(rand() * 200)));
    params.set('plateHeightMax', String(300 + Math.floor(rand() * 300)));
  });
  maybe(0.3, () => params.set('tags', pick(rand, TAGS)[0]));
  maybe(0.2, () => params.set('gallery', pick(rand, galleryIds)));
  maybe(0.15, () => params.set('medium', pick(rand, MEDIA)[1]));
  maybe(0.3, () => params.set('q', pick(rand, WORDS.da)));
  if ([...params.keys()].length === 0) params.set('technique', pick(rand, TECHNIQUES));
  maybe(0.2, () => params.set('page', String(2 + Math.floor(rand() * 3))));
  return params;
}
