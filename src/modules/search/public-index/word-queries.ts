// What typed words mean to PostgreSQL: the stemmed tsqueries of a search's text (websearch syntax, unaccent, stop
// words, the prefix alternative), which depend on the text alone. A plain text — words of letters and digits — is put
// together from its words' own tsqueries, each asked of PostgreSQL once, so a never-seen search of known words costs
// no database round; any other text is asked whole (repository.ts textQueries). See docs/decisions/007.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { composeTsQueries, plainWords, type ParsedQuery } from '../query.js';
import { textQueries, wordTsQueries, type WordTsQueries } from '../repository.js';
import { parseTsQuery, type TextQuery } from './text-index.js';

/** Typed words as PostgreSQL's tsqueries: as it printed them, and parsed. */
export interface Words {
  printed: { da: string; en: string };
  parsed: TextQuery;
}

/** Texts kept (the most recently asked). */
const TEXTS_KEPT = 2_000;
/** Single words kept: a catalogue's and its visitors' vocabulary, a few MB at most. */
const WORDS_KEPT = 20_000;

/** Words asked of PostgreSQL in one statement when learning a catalogue's words. */
const PREFETCH_BATCH = 500;
/** A word as snippets see one (headline.ts plainTokens). */
const WORD = /[\p{L}0-9]+/gu;

/** A map that forgets its least recently used key beyond `limit`. */
class Recent<V> {
  readonly #map = new Map<string, V>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: string): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.#map.delete(key);
    if (this.#map.size >= this.#limit) this.#map.delete(this.#map.keys().next().value!);
    this.#map.set(key, value);
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  deleteIf(key: string, value: V): void {
    if (this.#map.get(key) === value) this.#map.delete(key);
  }
}

export class WordQueries {
  readonly #db: Kysely<Database>;
  readonly #texts = new Recent<Promise<Words>>(TEXTS_KEPT);
  readonly #words = new Recent<WordTsQueries>(WORDS_KEPT);

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  get(query: ParsedQuery): Promise<Words> {
    const known = this.#texts.get(query.text);
    if (known) return known;
    const asked = this.#printed(query).then((printed) => ({
      printed,
      parsed: { da: parseTsQuery(printed.da), en: parseTsQuery(printed.en) },
    }));
    this.#texts.set(query.text, asked);
    asked.catch(() => this.#texts.deleteIf(query.text, asked));
    return asked;
  }

  /** Each word's tsqueries: the ones not known yet asked of PostgreSQL in one statement, then kept. */
  async entries(words: Iterable<string>): Promise<Map<string, WordTsQueries>> {
    const entries = new Map<string, WordTsQueries>();
    const missing: string[] = [];
    for (const word of new Set(words)) {
      const entry = this.#words.get(word);
      if (entry) entries.set(word, entry);
      else missing.push(word);
    }
    for (const [word, entry] of await wordTsQueries(this.#db, missing)) {
      entries.set(word, entry);
      this.#words.set(word, entry);
    }
    return entries;
  }

  /**
   * Learns the words of these texts ahead of the searches that will show them (the hits' snippets need each word's
   * lexeme): in statements of PREFETCH_BATCH words, at most half of WORDS_KEPT, yielding to other work between texts
   * and statements. A failure only leaves words to be asked when a page shows them.
   */
  async prefetch(texts: Iterable<string | null>): Promise<number> {
    const wanted = new Set<string>();
    let seen = 0;
    for (const text of texts) {
      if (++seen % 2_000 === 0) await new Promise((resolve) => setImmediate(resolve));
      for (const [word] of (text ?? '').matchAll(WORD)) {
        if (wanted.size >= WORDS_KEPT / 2) break;
        if (!this.#words.has(word)) wanted.add(word);
      }
    }
    const words = [...wanted];
    for (let i = 0; i < words.length; i += PREFETCH_BATCH)
      await this.entries(words.slice(i, i + PREFETCH_BATCH));
    return words.length;
  }

  async #printed(query: ParsedQuery): Promise<{ da: string; en: string }> {
    const words = plainWords(query);
    if (!words) return textQueries(this.#db, query);
    const entries = await this.entries(words);
    return (
      composeTsQueries(query, words, (word) => entries.get(word)!) ?? (await textQueries(this.#db, query))
    );
  }
}

/**
 * A word's lexeme in one language's configuration, from its tsquery as PostgreSQL printed it: '' for a stop word,
 * undefined when PostgreSQL read more than one lexeme into it.
 */
export function wordLexeme(entry: WordTsQueries | undefined, lang: 'da' | 'en'): string | undefined {
  const printed = entry?.[lang];
  if (printed === undefined) return undefined;
  const node = parseTsQuery(printed);
  if (node === null) return '';
  return node.kind === 'word' && !node.prefix && node.weights === 0 ? node.lexeme : undefined;
}
