// The in-memory word index against PostgreSQL itself: for many weighted documents and many typed queries (phrases,
// exclusions, OR, prefixes, accents, stop words, syntax characters), the documents it matches are exactly those
// `tsvector @@ tsquery` matches, and its ranks are ts_rank's — on PGlite and on real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { parseQuery } from '../../src/modules/search/query.js';
import { textQueries } from '../../src/modules/search/repository.js';
import {
  buildLanguageIndex,
  matchDocs,
  parseTsQuery,
  ranker,
} from '../../src/modules/search/public-index/text-index.js';

const WORDS = {
  da: [
    'havnen',
    'vinter',
    'radering',
    'raderinger',
    'akvatinte',
    'kobberplade',
    'København',
    'Nyhavn',
    'morgenlys',
    'skibe',
    'sne',
    'tryk',
    'papir',
    'Hahnemühle',
    'blæk',
    'strand',
    'fyr',
    'og',
    'i',
    'med',
  ],
  en: [
    'harbour',
    'winter',
    'etching',
    'etchings',
    'aquatint',
    'copper',
    'plate',
    'Copenhagen',
    'morning',
    'light',
    'ships',
    'snow',
    'print',
    'paper',
    'ink',
    'beach',
    'lighthouse',
    'the',
    'and',
    'of',
  ],
};

const QUERIES = [
  'havnen',
  'havnen vinter',
  'Havnen Vinter radering',
  'raderinger',
  'kobenhavn',
  'hahnemuhle',
  'blaek',
  '"havnen vinter"',
  '"vinter havnen"',
  'havnen -sne',
  '-sne',
  'skibe or sne',
  'sne or -skibe',
  'kob',
  'havnen vin',
  'mor',
  'og i med',
  'etching',
  'etchings aquatint',
  '"copper plate"',
  'harbour -snow',
  'ships or snow or ink',
  'the lighthouse',
  'lig',
  'winter morning light',
  "d'arcy & | ! ( ) :* <-> \\",
  'fyr strand tryk papir blæk sne',
];

/** A document of 1–4 fields (weights A–D) of words of one language, deterministic. */
function documents(lang: 'da' | 'en', count: number): { a: string; b: string; c: string; d: string }[] {
  let seed = lang === 'da' ? 11 : 29;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const field = (n: number) =>
    Array.from({ length: n }, () => WORDS[lang][Math.floor(rand() * WORDS[lang].length)]!).join(' ');
  return Array.from({ length: count }, () => ({
    a: field(1 + Math.floor(rand() * 3)),
    b: rand() < 0.6 ? field(1 + Math.floor(rand() * 3)) : '',
    c: rand() < 0.8 ? field(3 + Math.floor(rand() * 12)) : '',
    d: rand() < 0.4 ? field(1 + Math.floor(rand() * 4)) : '',
  }));
}

describe.each(ENGINES)('the in-memory word index on %s', (engine) => {
  let t: TestDatabase;
  const vectors: Record<'da' | 'en', string[]> = { da: [], en: [] };
  const COUNT = 60;

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    for (const lang of ['da', 'en'] as const) {
      const cfg = lang === 'da' ? 'danish' : 'english';
      const { rows } = await sql<{ v: string }>`
        select (setweight(to_tsvector(${cfg}::regconfig, public.f_unaccent(lower(x.j ->> 'a'))), 'A')
          || setweight(to_tsvector(${cfg}::regconfig, public.f_unaccent(lower(x.j ->> 'b'))), 'B')
          || setweight(to_tsvector(${cfg}::regconfig, public.f_unaccent(lower(x.j ->> 'c'))), 'C')
          || setweight(to_tsvector(${cfg}::regconfig, public.f_unaccent(lower(x.j ->> 'd'))), 'D'))::text as v
        from jsonb_array_elements(${JSON.stringify(documents(lang, COUNT))}::jsonb) with ordinality as x (j, n)
        order by x.n`.execute(t.handle.db);
      vectors[lang] = rows.map((r) => r.v);
    }
  }, 120_000);
  afterAll(() => t?.cleanup());

  it('reads tsvector output, positions and weights included', () => {
    const index = buildLanguageIndex(vectors.da);
    expect(index.lexemes.length).toBeGreaterThan(10);
    // Every lexeme's postings are in document order and every posting has positions.
    for (let l = 0; l < index.lexemes.length; l++) {
      for (let p = index.start[l]!; p < index.start[l + 1]! - 1; p++)
        expect(index.docs[p]!).toBeLessThan(index.docs[p + 1]!);
    }
    for (let p = 0; p < index.docs.length; p++)
      expect(index.posStart[p + 1]!).toBeGreaterThan(index.posStart[p]!);
  });

  it('matches exactly the documents PostgreSQL matches and ranks them as ts_rank does', async () => {
    let compared = 0;
    let matched = 0;
    for (const lang of ['da', 'en'] as const) {
      const index = buildLanguageIndex(vectors[lang]);
      for (const typed of QUERIES) {
        const texts = await textQueries(t.handle.db, parseQuery(typed));
        const tsquery = texts[lang];
        const { rows } = await sql<{ n: number; hit: boolean; rank: number }>`
          select (x.n - 1)::int as n, x.v::tsvector @@ ${tsquery}::tsquery as hit,
            ts_rank(x.v::tsvector, ${tsquery}::tsquery)::float8 as rank
          from unnest(${sql.raw(`array[${vectors[lang].map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`)}::text[])
            with ordinality as x (v, n)
          order by x.n`.execute(t.handle.db);
        const query = parseTsQuery(tsquery);
        const expected = rows.filter((r) => r.hit).map((r) => Number(r.n));
        expect([...matchDocs(index, query, COUNT)], `${lang} "${typed}" → ${tsquery}`).toEqual(expected);
        const rank = ranker(index, query);
        for (const r of rows) {
          expect(rank.rank(Number(r.n)), `${lang} "${typed}" doc ${r.n}`).toBeCloseTo(Number(r.rank), 6);
          compared += 1;
        }
        matched += expected.length;
      }
    }
    // The queries are not trivial: many documents match, none of the comparisons were empty.
    expect(compared).toBe(2 * QUERIES.length * COUNT);
    expect(matched).toBeGreaterThan(QUERIES.length * 10);
  });

  it('parses what PostgreSQL prints for phrases, distances, prefixes, weights and quotes', async () => {
    const { rows } = await sql<{ q: string }>`
      select unnest(array[
        to_tsquery('simple', '(a | b) & !c <-> d')::text,
        to_tsquery('simple', 'a <3> (b | c:*)')::text,
        to_tsquery('simple', 'a:AB & b:*C')::text,
        phraseto_tsquery('english', 'the copper of the plate')::text,
        ${"'d''arcy' & 'back\\\\slash'"}::tsquery::text,
        ''::tsquery::text
      ]) as q`.execute(t.handle.db);
    const printed = rows.map((r) => r.q);
    expect(parseTsQuery(printed[0]!)).toEqual({
      kind: 'and',
      left: {
        kind: 'or',
        left: { kind: 'word', lexeme: 'a', prefix: false, weights: 0 },
        right: { kind: 'word', lexeme: 'b', prefix: false, weights: 0 },
      },
      right: {
        kind: 'phrase',
        distance: 1,
        left: { kind: 'not', arg: { kind: 'word', lexeme: 'c', prefix: false, weights: 0 } },
        right: { kind: 'word', lexeme: 'd', prefix: false, weights: 0 },
      },
    });
    expect(parseTsQuery(printed[1]!)).toMatchObject({ kind: 'phrase', distance: 3 });
    expect(parseTsQuery(printed[2]!)).toMatchObject({
      left: { lexeme: 'a', weights: 8 | 4 },
      right: { lexeme: 'b', prefix: true, weights: 2 },
    });
    // Stop words become distances: copper <3> plate.
    expect(parseTsQuery(printed[3]!)).toMatchObject({ kind: 'phrase', distance: 3 });
    expect(parseTsQuery(printed[4]!)).toMatchObject({
      left: { lexeme: "d'arcy" },
      right: { lexeme: 'back\\slash' },
    });
    expect(parseTsQuery(printed[5]!)).toBeNull();
  });
});
