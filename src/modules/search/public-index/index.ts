// The public index: the one thing the search service asks for visitors' searches, filters and suggestions. Per
// database it keeps a snapshot of the catalogue visitors may see (snapshot.ts, read by the visibility policy) at
// the catalogue generation, and answers from it: the words matched and ranked over the documents' tsvectors
// (text-index.ts; PostgreSQL stems what was typed), filters, facet counts and order (engine.ts), suggestions
// (suggest.ts). The page's snippets are made as ts_headline makes them: in memory on the embedded database for plain
// text (headline.ts), by ts_headline otherwise. See docs/decisions/007.
import type { Kysely } from 'kysely';
import type { Database, Language } from '../../../platform/db/schema.js';
import { pickText, SNIPPETS, type ParsedQuery } from '../query.js';
import {
  headlines,
  serverMajorVersion,
  type HitRow,
  type SearchFilters,
  type SearchRows,
  type SearchTarget,
} from '../repository.js';
import { runPublicSearch } from './engine.js';
import { loadSnapshot, SnapshotKeeper, type Snapshot } from './snapshot.js';
import { suggest, type SuggestionRow } from './suggest.js';
import { matchText } from './text-index.js';
import { WordQueries, wordLexeme, type Words } from './word-queries.js';
import { headline, headlineQuery, plainTokens, type HeadlineOptions, type PlainToken } from './headline.js';

/** Filter fields whose values are keys of something (vocabulary, tags, galleries). */
export type KeyField = 'technique' | 'plateMaterial' | 'availability' | 'gallery' | 'tags';

export interface PublicRequest {
  target: SearchTarget;
  language: Language;
  /** Validated: every key names something (PublicView.label). */
  filters: SearchFilters;
  query: ParsedQuery;
  offset: number;
  limit: number;
}

/** The public catalogue at one generation. */
export interface PublicView {
  readonly generation: number;
  /** Display label of a key filter's value; undefined when the value names nothing visitors may filter by. */
  label(field: KeyField, key: string, language: Language): string | undefined;
  /** One page of hits with their highlighted snippets, the total and the facet counts. */
  search(request: PublicRequest): Promise<SearchRows>;
  /** Titles, tags and techniques matching what was typed. */
  suggest(typed: string, language: Language, limit: number): SuggestionRow[];
}

/** A hit's highlighted title and description (ts_headline's output), null where there is nothing to mark. */
type Snippet = { hl_title: string | null; hl_description: string | null };

export interface PublicIndex {
  /**
   * The view at (at least) `generation` — or, when one is held and the newer one takes longer than STALE_AFTER_MS to
   * load, the one held (its `generation` says which).
   */
  at(generation: number): Promise<PublicView>;
}

class SnapshotView implements PublicView {
  readonly #db: Kysely<Database>;
  readonly #s: Snapshot;
  readonly #words: WordQueries;
  readonly #inMemorySnippets: () => Promise<boolean>;

  constructor(
    db: Kysely<Database>,
    snapshot: Snapshot,
    words: WordQueries,
    inMemorySnippets: () => Promise<boolean>,
  ) {
    this.#db = db;
    this.#s = snapshot;
    this.#words = words;
    this.#inMemorySnippets = inMemorySnippets;
  }

  get generation(): number {
    return this.#s.generation;
  }

  get loadedAt(): number {
    return this.#s.loadedAt;
  }

  label(field: KeyField, key: string, language: Language): string | undefined {
    const s = this.#s;
    if (field === 'gallery') {
      const code = s.galleryDict.find(key.toLowerCase());
      return code === undefined ? undefined : (s.galleryTitles[language][code] ?? '');
    }
    return (field === 'tags' ? s.tagLabels : s.vocab.labels[field]).get(key)?.[language];
  }

  async search(r: PublicRequest): Promise<SearchRows> {
    const s = this.#s;
    const words = r.query.text === '' ? undefined : await this.#words.get(r.query);
    const found = runPublicSearch(s, {
      target: r.target,
      language: r.language,
      filters: r.filters,
      matches: words && matchText(s.text(), words.parsed, r.language, s.docCount),
      words: r.query.text,
      offset: r.offset,
      limit: r.limit,
    });
    const localized = (texts: Snapshot['title'], doc: number) => ({
      ...(texts.da[doc] ? { da: texts.da[doc] } : {}),
      ...(texts.en[doc] ? { en: texts.en[doc] } : {}),
    });
    const docs = found.page.map((doc) => ({
      doc,
      title: localized(s.title, doc),
      description: localized(s.description, doc),
    }));
    const marked = await this.#snippets(
      docs.map((d) => ({
        title: pickText(d.title, r.language),
        description: pickText(d.description, r.language),
      })),
      words,
      r.language,
    );
    const hits = docs.map(({ doc, title, description }, i): HitRow => ({
      id: s.ids[doc]!,
      type: doc < s.printCount ? 'print' : 'gallery',
      title,
      description,
      thumbnail_key: s.thumbnail[doc] ?? null,
      year: Number.isNaN(s.year[doc]) ? null : s.year[doc]!,
      ...marked[i]!,
    }));
    return { total: found.total, hits, facets: found.facets };
  }

  /**
   * The page's snippets: plain text highlighted in memory exactly as ts_headline would (headline.ts), with the words'
   * lexemes from the kept word tsqueries, where the database's ts_headline is the one headline.ts follows; the rest
   * (every snippet on other PostgreSQL versions, or when the query has phrases or exclusions) by ts_headline in one
   * statement.
   */
  async #snippets(
    items: readonly { title: string; description: string }[],
    words: Words | undefined,
    language: Language,
  ): Promise<Snippet[]> {
    if (!words || (words.printed.da === '' && words.printed.en === ''))
      return items.map(() => ({ hl_title: null, hl_description: null }));
    const query = (await this.#inMemorySnippets())
      ? headlineQuery(words.parsed.da, words.parsed.en)
      : undefined;
    const tokens = items.map((item) => ({
      title: query && plainTokens(item.title),
      description: query && plainTokens(item.description),
    }));
    const known = await this.#words.entries(
      tokens.flatMap((t) =>
        [...(t.title ?? []), ...(t.description ?? [])].filter((w) => w.word).map((w) => w.text),
      ),
    );
    const inMemory = (text: PlainToken[] | undefined, options: HeadlineOptions): string | undefined => {
      if (!query || !text) return undefined;
      const lexemes = new Map<string, string>();
      for (const token of text) {
        if (!token.word) continue;
        const lexeme = wordLexeme(known.get(token.text), language);
        if (lexeme === undefined) return undefined;
        lexemes.set(token.text, lexeme);
      }
      return headline(text, (word) => lexemes.get(word)!, query, options);
    };
    const out: Array<Snippet | undefined> = items.map((item, i) => {
      const title = inMemory(tokens[i]!.title, SNIPPETS.title);
      const description = item.description === '' ? null : inMemory(tokens[i]!.description, SNIPPETS.text);
      return title === undefined || description === undefined
        ? undefined
        : { hl_title: title, hl_description: description };
    });
    const asked = out.flatMap((snippet, i) => (snippet ? [] : [i]));
    if (asked.length > 0) {
      const sql = await headlines(
        this.#db,
        asked.map((i) => items[i]!),
        words.printed,
        language,
      );
      asked.forEach((i, k) => (out[i] = sql[k]));
    }
    return out as Snippet[];
  }

  suggest(typed: string, language: Language, limit: number): SuggestionRow[] {
    return suggest(this.#s, typed, language, limit);
  }
}

/**
 * The PostgreSQL whose ts_headline headline.ts follows: 18, PGlite's, which tests/integration/search-headline.test.ts
 * holds it to. PostgreSQL 15 cuts fragments differently, and a server does the work in its own process anyway.
 */
export const SNIPPETS_IN_MEMORY_MAJOR = 18;

/** Whether this database's snippets are made in memory (its PostgreSQL is SNIPPETS_IN_MEMORY_MAJOR). */
export async function snippetsInMemory(db: Kysely<Database>): Promise<boolean> {
  return (await serverMajorVersion(db)) === SNIPPETS_IN_MEMORY_MAJOR;
}

const indexes = new WeakMap<object, PublicIndex>();

/** The public index of one database, shared by every search service on it. */
export function publicIndexFor(db: Kysely<Database>): PublicIndex {
  let index = indexes.get(db);
  if (!index) {
    const words = new WordQueries(db);
    // Read once it has been read successfully.
    let known: boolean | undefined;
    const inMemory = async () => (known ??= await snippetsInMemory(db));
    // The first snapshot's words are learnt in the background, so the first searches after a start ask none.
    let learnt = false;
    const keeper = new SnapshotKeeper(async () => {
      const snapshot = await loadSnapshot(db);
      if (!learnt) {
        learnt = true;
        const texts = [snapshot.title, snapshot.description].flatMap((t) => [...t.da, ...t.en]);
        // Only where snippets are made in memory: elsewhere only the typed words are needed.
        void inMemory()
          .then((yes) => (yes ? words.prefetch(texts) : 0))
          .catch(() => undefined);
      }
      return new SnapshotView(db, snapshot, words, inMemory);
    });
    index = { at: (generation) => keeper.at(generation) };
    indexes.set(db, index);
  }
  return index;
}
