// A plain search's tsqueries put together from its words' own (query.ts composeTsQueries) are exactly what
// PostgreSQL prints for the whole text (repository.ts textQueries) — stop words, accents, Danish letters, digits,
// upper case, repeated words, half-typed last words — on PGlite and on real PostgreSQL; and the public index's word
// reader answers what PostgreSQL answers for texts it must ask whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { composeTsQueries, parseQuery, plainWords } from '../../src/modules/search/query.js';
import { textQueries, wordTsQueries } from '../../src/modules/search/repository.js';
import { WordQueries } from '../../src/modules/search/public-index/word-queries.js';
import { rng } from '../fixtures/random.js';

const VOCABULARY = [
  // Danish and English words of the catalogue, stop words of both languages among them.
  'havnen',
  'Havn',
  'vinter',
  'raderinger',
  'København',
  'kobenhavn',
  'Hahnemühle',
  'hahnemuhle',
  'blæk',
  'Åen',
  'tørnål',
  'fyrtårnet',
  'og',
  'i',
  'med',
  'etchings',
  'harbour',
  'lighthouse',
  'the',
  'and',
  'of',
  'Mezzotint',
  'café',
  'naïve',
  'Œuvre',
  'straße',
  // Digits, and letters with digits.
  '2004',
  'iv',
  'no7',
  '1899b',
  // One letter, and words both languages stem.
  'a',
  'x',
  'printing',
  'prints',
];

/** Plain texts of 1–4 words, now and then with the last word half-typed. */
function typedTexts(count: number): string[] {
  const rand = rng(21);
  const texts = new Set<string>();
  while (texts.size < count) {
    const n = 1 + Math.floor(rand() * 4);
    const words = Array.from({ length: n }, () => VOCABULARY[Math.floor(rand() * VOCABULARY.length)]!);
    const last = words[n - 1]!;
    if (rand() < 0.4 && last.length > 2)
      words[n - 1] = last.slice(0, 1 + Math.floor(rand() * (last.length - 1)));
    texts.add(words.join(rand() < 0.1 ? '   ' : ' '));
  }
  return [...texts];
}

describe.each(ENGINES)('tsqueries put together from single words on %s', (engine) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(engine);
  }, 120_000);
  afterAll(() => t?.cleanup());

  it('are what PostgreSQL makes of the whole text', async () => {
    const texts = [...VOCABULARY, ...typedTexts(250)];
    const words = await wordTsQueries(t.handle.db, [
      ...new Set(texts.flatMap((text) => plainWords(parseQuery(text)) ?? [])),
    ]);
    let composed = 0;
    let stopWordsOnly = 0;
    let prefixes = 0;
    for (const typed of texts) {
      const q = parseQuery(typed);
      const plain = plainWords(q);
      expect(plain, typed).toBeDefined();
      const mine = composeTsQueries(q, plain!, (word) => words.get(word)!);
      expect(mine, typed).toBeDefined();
      expect(mine, `"${typed}"`).toEqual(await textQueries(t.handle.db, q));
      composed += 1;
      if (mine!.da === '' && mine!.en === '') stopWordsOnly += 1;
      if (q.prefix) prefixes += 1;
    }
    // Not vacuous: every text was put together, some were only stop words, most had a prefix alternative.
    expect(composed).toBe(texts.length);
    expect(stopWordsOnly).toBeGreaterThan(0);
    expect(prefixes).toBeGreaterThan(texts.length / 2);
  });

  it("learns a catalogue's words ahead: afterwards its texts' words are known without a statement", async () => {
    let statements = 0;
    const counted = t.handle.db.withPlugin({
      transformQuery: (args) => {
        statements += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const reader = new WordQueries(counted);
    const texts = [...typedTexts(40), null, 'Havnen, om morgenen (1899): "tåge" i Skagen!'];
    const learnt = await reader.prefetch(texts);
    expect(learnt).toBeGreaterThan(30);
    expect(statements).toBe(1); // fewer than PREFETCH_BATCH words: one statement
    const words = texts.flatMap((text) => (text ?? '').match(/[\p{L}0-9]+/gu) ?? []);
    const entries = await reader.entries(words);
    expect(statements).toBe(1);
    expect(entries.get('Skagen')?.da).toBe("'skag'");
    expect(await reader.prefetch(texts)).toBe(0); // nothing new to learn
  });

  it('leaves texts with websearch syntax or punctuation to PostgreSQL whole, and answers as it does', async () => {
    const reader = new WordQueries(t.handle.db);
    for (const typed of [
      '"havnen vinter"',
      'havnen -sne',
      'skibe or sne',
      'skibe OR sne',
      'etching, harbour',
      "King's garden",
      'chine-collé',
      'www.example.com',
      '1.5 mm',
      "d'arcy & | ! ( ) :* <-> \\",
    ]) {
      const q = parseQuery(typed);
      expect(plainWords(q), typed).toBeUndefined();
      expect((await reader.get(q)).printed, typed).toEqual(await textQueries(t.handle.db, q));
    }
    // And plain texts through the same reader, words asked once and reused.
    for (const typed of ['havnen vinter', 'vinter havnen', 'havnen', 'the harbour', 'Blæk og Papir']) {
      const q = parseQuery(typed);
      expect((await reader.get(q)).printed, typed).toEqual(await textQueries(t.handle.db, q));
    }
  });
});
