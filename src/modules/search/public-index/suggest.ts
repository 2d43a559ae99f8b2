// Autocomplete from the in-memory term table of the published catalogue (snapshot.terms()): print and gallery
// titles, tags used by published prints, and technique labels. Titles that start with what was typed come first,
// then titles with a word starting with it, then titles containing it; when those do not fill the list, titles
// similar to it (trigram word similarity, as pg_trgm's <% operator: forgives a typo) follow.
import type { Language } from '../../../platform/db/schema.js';
import { MAX_QUERY_LENGTH } from '../query.js';
import type { LabelTerm, Snapshot, TitleTerm } from './snapshot.js';

export interface SuggestionRow {
  text: string;
  type: 'print' | 'gallery' | 'tag' | 'technique';
  id: string | null;
  score: number;
}

/** pg_trgm's default word_similarity_threshold. */
export const SIMILARITY_THRESHOLD = 0.6;

const WORD = /[\p{L}\p{N}]+/gu;

/** pg_trgm's trigrams of each word (two spaces before, one after), in order, repeats kept. */
export function trigrams(text: string): string[] {
  const out: string[] = [];
  for (const word of text.match(WORD) ?? []) {
    const padded = [...`  ${word} `];
    for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3).join(''));
  }
  return out;
}

interface QueryTrigrams {
  /** Ids of the query's distinct trigrams that some title has. */
  known: number[];
  /** How many distinct trigrams the query has in all. */
  size: number;
  /** marks[id] = 1 for the query's trigrams. */
  marks: Uint8Array;
}

/**
 * The trigrams of a list of titles as small integers, with postings (trigram → titles having it), so similarity is
 * computed without allocating and the typo pass only looks at titles sharing enough trigrams with the query.
 */
export class TrigramIndex {
  readonly #ids = new Map<string, number>();
  readonly #sequences: Int32Array[];
  readonly #postings: number[][] = [];
  /** Scratch marks for similarity(): one stamp per extent start. */
  readonly #stamps: Int32Array;
  #stamp = 0;

  constructor(texts: readonly string[]) {
    this.#sequences = texts.map((text, t) => {
      const seq = Int32Array.from(trigrams(text), (g) => {
        let id = this.#ids.get(g);
        if (id === undefined) {
          id = this.#ids.size;
          this.#ids.set(g, id);
          this.#postings.push([]);
        }
        return id;
      });
      for (const id of new Set(seq)) this.#postings[id]!.push(t);
      return seq;
    });
    this.#stamps = new Int32Array(this.#ids.size);
  }

  query(text: string): QueryTrigrams {
    const distinct = new Set(trigrams(text));
    const marks = new Uint8Array(this.#ids.size);
    const known: number[] = [];
    for (const g of distinct) {
      const id = this.#ids.get(g);
      if (id !== undefined) {
        known.push(id);
        marks[id] = 1;
      }
    }
    return { known, size: distinct.size, marks };
  }

  /**
   * Word similarity of the query to title t, as pg_trgm defines it: the best, over every continuous extent of the
   * title's trigrams, of shared / (query trigrams + distinct extent trigrams − shared). 0..1.
   */
  similarity(q: QueryTrigrams, t: number): number {
    if (q.size === 0) return 0;
    const seq = this.#sequences[t]!;
    let best = 0;
    for (let start = 0; start < seq.length; start++) {
      // An extent starting on a trigram the query lacks is never the best one.
      if (q.marks[seq[start]!] !== 1) continue;
      const stamp = ++this.#stamp;
      let distinct = 0;
      let shared = 0;
      for (let end = start; end < seq.length; end++) {
        const g = seq[end]!;
        if (this.#stamps[g] !== stamp) {
          this.#stamps[g] = stamp;
          distinct += 1;
          if (q.marks[g] === 1) shared += 1;
        }
        const sim = shared / (q.size + distinct - shared);
        if (sim > best) best = sim;
      }
      if (best === 1) return 1;
    }
    return best;
  }

  /** Titles that could reach `threshold`: those having at least that share of the query's trigrams. */
  candidates(q: QueryTrigrams, threshold: number): number[] {
    const needed = threshold * q.size - 1e-9;
    const shared = new Map<number, number>();
    for (const g of q.known) for (const t of this.#postings[g]!) shared.set(t, (shared.get(t) ?? 0) + 1);
    return [...shared].filter(([, n]) => n >= needed).map(([t]) => t);
  }
}

const indexes = new WeakMap<readonly TitleTerm[], TrigramIndex>();
function trigramIndex(list: readonly TitleTerm[]): TrigramIndex {
  let index = indexes.get(list);
  if (!index) {
    index = new TrigramIndex(list.map((t) => t.plain));
    indexes.set(list, index);
  }
  return index;
}

/** What was typed, cleaned: control characters out, whitespace collapsed, cut to MAX_QUERY_LENGTH. */
export function cleanTyped(raw: string): string {
  return raw
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH);
}

const byScoreThenText = (a: SuggestionRow, b: SuggestionRow) =>
  b.score - a.score || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
const byScoreThenId = (a: SuggestionRow, b: SuggestionRow) =>
  b.score - a.score || (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0);

export function suggest(s: Snapshot, raw: string, lang: Language, limit: number): SuggestionRow[] {
  const q = cleanTyped(raw);
  if (q === '') return [];
  const qn = s.fold(q);
  const terms = s.terms();

  const titles = (list: readonly TitleTerm[], type: 'print' | 'gallery', max: number): SuggestionRow[] => {
    const index = trigramIndex(list);
    const qt = index.query(qn);
    const found: SuggestionRow[] = [];
    list.forEach((t, i) => {
      const at = t.plain.indexOf(qn);
      if (at < 0) return;
      const kind = at === 0 ? 3 : t.plain.includes(` ${qn}`) ? 2 : 1;
      found.push({ text: t[lang], type, id: t.id, score: kind + index.similarity(qt, i) });
    });
    const ordered = found.sort(byScoreThenId).slice(0, max);
    if (ordered.length >= max || qt.size === 0) return ordered;
    // Not enough titles contain it: titles similar to it (a typo), below every containing one.
    const similar: SuggestionRow[] = [];
    for (const i of index.candidates(qt, SIMILARITY_THRESHOLD)) {
      const t = list[i]!;
      if (t.plain.includes(qn)) continue;
      const sim = index.similarity(qt, i);
      if (sim >= SIMILARITY_THRESHOLD) similar.push({ text: t[lang], type, id: t.id, score: sim });
    }
    return [...ordered, ...similar.sort(byScoreThenId).slice(0, max - ordered.length)];
  };

  const labels = (
    list: readonly LabelTerm[],
    type: 'tag' | 'technique',
    starts: number,
    contains: number,
  ) => {
    const found: SuggestionRow[] = [];
    for (const t of list) {
      if (!t.plainDa.includes(qn) && !t.plainEn.includes(qn)) continue;
      const own = lang === 'da' ? t.plainDa || t.plainEn : t.plainEn || t.plainDa;
      found.push({ text: t[lang], type, id: t.key, score: own.startsWith(qn) ? starts : contains });
    }
    return found.sort(byScoreThenText).slice(0, 3);
  };

  const rows = [
    ...titles(terms.prints, 'print', Math.max(2, Math.ceil(limit / 2))),
    ...titles(terms.galleries, 'gallery', Math.max(2, Math.ceil(limit / 4))),
    ...labels(terms.tags, 'tag', 2.5, 1.5),
    ...labels(terms.techniques, 'technique', 2.8, 1.6),
  ].sort(byScoreThenText);
  // One suggestion per text and type (a tag and a technique may share a word; two prints may share a title).
  const seen = new Set<string>();
  return rows
    .filter((r) => {
      const k = `${r.type}:${r.text.toLowerCase()}`;
      if (r.text === '' || seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, limit);
}
