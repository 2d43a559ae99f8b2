// The public index: the one thing the search service asks for visitors' searches, filters and suggestions. Per
// database it keeps a snapshot of the catalogue visitors may see (snapshot.ts, read by the visibility policy) at
// the catalogue generation, and answers from it: the words matched and ranked over the documents' tsvectors
// (text-index.ts; PostgreSQL stems what was typed), filters, facet counts and order (engine.ts), suggestions
// (suggest.ts). PostgreSQL highlights the snippets of the page. See docs/decisions/007.
import type { Kysely } from 'kysely';
import type { Database, Language } from '../../../platform/db/schema.js';
import { pickText, type ParsedQuery } from '../query.js';
import {
  headlines,
  type HitRow,
  type SearchFilters,
  type SearchRows,
  type SearchTarget,
} from '../repository.js';
import { runPublicSearch } from './engine.js';
import { loadSnapshot, SnapshotKeeper, type Snapshot } from './snapshot.js';
import { suggest, type SuggestionRow } from './suggest.js';
import { matchText } from './text-index.js';
import { WordQueries } from './word-queries.js';

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

  constructor(db: Kysely<Database>, snapshot: Snapshot, words: WordQueries) {
    this.#db = db;
    this.#s = snapshot;
    this.#words = words;
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
    const marked = await headlines(
      this.#db,
      docs.map((d) => ({
        title: pickText(d.title, r.language),
        description: pickText(d.description, r.language),
      })),
      words?.printed,
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

  suggest(typed: string, language: Language, limit: number): SuggestionRow[] {
    return suggest(this.#s, typed, language, limit);
  }
}

const indexes = new WeakMap<object, PublicIndex>();

/** The public index of one database, shared by every search service on it. */
export function publicIndexFor(db: Kysely<Database>): PublicIndex {
  let index = indexes.get(db);
  if (!index) {
    const words = new WordQueries(db);
    const keeper = new SnapshotKeeper(async () => new SnapshotView(db, await loadSnapshot(db), words));
    index = { at: (generation) => keeper.at(generation) };
    indexes.set(db, index);
  }
  return index;
}
