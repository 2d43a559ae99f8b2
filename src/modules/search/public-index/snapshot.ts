// The public catalogue (what visitors may see) as public search needs it, held in memory: per print the values every
// filter and facet looks at (as small integer codes), the browse order, the labels of facet values, and the
// autocomplete terms.
// Loaded in one consistent read together with the catalogue generation and replaced when the generation moves, so
// filtering and facet counting cost microseconds per print instead of a database round of joins and aggregates.
// Words are matched and ranked over the documents' tsvectors (PostgreSQL builds them; text-index.ts inverts them).
import type { Kysely } from 'kysely';
import type { Database, Language } from '../../../platform/db/schema.js';
import { MAX_AGE_MS } from '../../catalogue/generation.js';
import { foldFor, type Fold } from './normalize.js';
import { publicCatalogue, type CatalogueRows, type DocRow, type PrintDocRow } from './repository.js';
import { languageIndexSteps, runSteps, runStepsAsync, type TextIndex } from './text-index.js';

/** A dictionary of distinct string values; codes index `keys`. */
export class Dictionary {
  readonly keys: string[] = [];
  readonly #codes = new Map<string, number>();

  code(key: string): number {
    let c = this.#codes.get(key);
    if (c === undefined) {
      c = this.keys.length;
      this.keys.push(key);
      this.#codes.set(key, c);
    }
    return c;
  }

  find(key: string): number | undefined {
    return this.#codes.get(key);
  }

  get size(): number {
    return this.keys.length;
  }
}

/** A localized free-text field (medium, subject, style): folded values in both languages, labels per key. */
export interface TextField {
  dict: Dictionary;
  /** Facet key of each print: the folded English text (Danish when there is none); -1 when empty. */
  key: Int32Array;
  /** The folded Danish text (Danish falling back to English), also matched by a filter; -1 when empty. */
  alt: Int32Array;
  /** Display label of each key code per language: the most common text among prints with that key. */
  labels: Record<Language, string[]>;
}

/** Rows of a many-to-many relation per print (compressed sparse rows): codes of print i are values[start[i]..start[i+1]). */
export interface Lists {
  start: Int32Array;
  values: Int32Array;
}

export interface TitleTerm {
  /** Folded Danish and English title, for matching. */
  plain: string;
  da: string;
  en: string;
  /** Smallest id among documents with this title (suggestions name one). */
  id: string;
}

export interface LabelTerm {
  key: string;
  da: string;
  en: string;
  /** Folded labels. */
  plainDa: string;
  plainEn: string;
}

export interface SuggestTerms {
  prints: TitleTerm[];
  galleries: TitleTerm[];
  /** Tags used by at least one public print. */
  tags: LabelTerm[];
  /** Techniques of the shared vocabulary. */
  techniques: LabelTerm[];
}

export interface Snapshot {
  readonly generation: number;
  readonly loadedAt: number;
  readonly fold: Fold;
  /** Documents 0..printCount-1 are prints, printCount.. are galleries. */
  readonly printCount: number;
  readonly docCount: number;
  readonly ids: string[];
  readonly index: Map<string, number>;
  /** Texts of each document as stored (null when empty), the thumbnail's storage key. */
  readonly title: Record<Language, (string | null)[]>;
  readonly description: Record<Language, (string | null)[]>;
  readonly thumbnail: (string | null)[];
  /** A document's title folded (an exact title match ranks first); computed when first asked for. */
  titleFolded(doc: number, lang: Language): string;
  readonly year: Float64Array;
  readonly pub: Float64Array;
  readonly created: Float64Array;
  readonly price: Float64Array;
  readonly height: Float64Array;
  readonly width: Float64Array;
  readonly technique: Int32Array;
  readonly plate: Int32Array;
  readonly availability: Int32Array;
  /** Vocabulary keys (technique, plate_material, availability) and their labels. */
  readonly vocab: {
    technique: Dictionary;
    plateMaterial: Dictionary;
    availability: Dictionary;
    labels: Record<'technique' | 'plateMaterial' | 'availability', Map<string, Record<Language, string>>>;
  };
  readonly medium: TextField;
  readonly subject: TextField;
  readonly styleMovement: TextField;
  readonly tags: Lists;
  readonly tagDict: Dictionary;
  readonly tagLabels: Map<string, Record<Language, string>>;
  readonly galleries: Lists;
  /** Published galleries by id: code in `galleries` lists, title. */
  readonly galleryDict: Dictionary;
  readonly galleryTitles: Record<Language, string[]>;
  /** Every document in browse order (newest year first). */
  readonly browseOrder: Int32Array;
  /** Position of each document in "published most recently first, then id" (the tie-break of ranked results). */
  readonly recency: Int32Array;
  /** Autocomplete terms, built on first use. */
  terms(): SuggestTerms;
  /** The documents' words, inverted. */
  text(): TextIndex;
}

const localized = (a: string | null, b: string | null): string => a?.trim() || b?.trim() || '';
const num = (v: number | string | null): number => (v === null ? NaN : Number(v));
const SPLIT = /,/;

function textField(
  prints: readonly PrintDocRow[],
  fold: Fold,
  pick: (p: PrintDocRow) => [string | null, string | null],
): TextField {
  const dict = new Dictionary();
  const key = new Int32Array(prints.length).fill(-1);
  const alt = new Int32Array(prints.length).fill(-1);
  const counts: Record<Language, Map<number, Map<string, number>>> = { da: new Map(), en: new Map() };
  prints.forEach((p, i) => {
    const [da, en] = pick(p);
    const textEn = localized(en, da);
    if (textEn === '') return;
    key[i] = dict.code(fold(textEn));
    alt[i] = dict.code(fold(localized(da, en)));
    for (const lang of ['da', 'en'] as const) {
      const label = lang === 'da' ? localized(da, en) : textEn;
      const perKey = counts[lang].get(key[i]!) ?? new Map<string, number>();
      perKey.set(label, (perKey.get(label) ?? 0) + 1);
      counts[lang].set(key[i]!, perKey);
    }
  });
  const labels: Record<Language, string[]> = { da: [], en: [] };
  for (const lang of ['da', 'en'] as const) {
    for (let c = 0; c < dict.size; c++) {
      let best = dict.keys[c]!;
      let bestCount = 0;
      for (const [label, n] of counts[lang].get(c) ?? []) {
        if (n > bestCount || (n === bestCount && label < best)) [best, bestCount] = [label, n];
      }
      labels[lang][c] = best;
    }
  }
  return { dict, key, alt, labels };
}

function lists(
  prints: readonly PrintDocRow[],
  pick: (p: PrintDocRow) => string | null,
  dict: Dictionary,
): Lists {
  const start = new Int32Array(prints.length + 1);
  const values: number[] = [];
  prints.forEach((p, i) => {
    start[i] = values.length;
    const raw = pick(p);
    if (raw) for (const v of new Set(raw.split(SPLIT))) values.push(dict.code(v));
  });
  start[prints.length] = values.length;
  return { start, values: Int32Array.from(values) };
}

/** Builds the in-memory snapshot from the catalogue rows at once. */
export function buildSnapshot(rows: CatalogueRows, fold: Fold): Snapshot {
  return runSteps(snapshotSteps(rows, fold));
}

/**
 * The build in steps (each at most a few hundred milliseconds at 100,000 prints): a reload lets searches answer
 * from the snapshot held meanwhile instead of blocking the process for the whole build.
 */
function* snapshotSteps(rows: CatalogueRows, fold: Fold): Generator<void, Snapshot> {
  const { prints, galleries } = rows;
  const printCount = prints.length;
  const docCount = printCount + galleries.length;
  const docs: DocRow[] = [...prints, ...galleries];
  const ids = docs.map((d) => d.id);
  const texts = (pick: (d: DocRow) => string | null) => docs.map((d) => pick(d) || null);
  const index = new Map(ids.map((id, i) => [id, i]));
  const f64 = (fill: (i: number) => number) => Float64Array.from({ length: docCount }, (_, i) => fill(i));
  const printValue = (i: number, pick: (p: PrintDocRow) => number | string | null) =>
    i < printCount ? num(pick(prints[i]!)) : NaN;
  const docTime = (i: number, which: 'pub' | 'created') =>
    num(i < printCount ? prints[i]![which] : galleries[i - printCount]![which]);

  const vocab = {
    technique: new Dictionary(),
    plateMaterial: new Dictionary(),
    availability: new Dictionary(),
    labels: {
      technique: new Map(),
      plateMaterial: new Map(),
      availability: new Map(),
    } as Snapshot['vocab']['labels'],
  };
  const KIND = {
    technique: 'technique',
    plate_material: 'plateMaterial',
    availability: 'availability',
  } as const;
  // An artist's own label wins over the shared vocabulary's.
  for (const v of [...rows.vocabulary].sort((a, b) => Number(b.global) - Number(a.global))) {
    const kind = KIND[v.kind as keyof typeof KIND];
    if (!kind) continue;
    vocab[kind].code(v.key);
    vocab.labels[kind].set(v.key, {
      da: localized(v.label_da, v.label_en) || v.key,
      en: localized(v.label_en, v.label_da) || v.key,
    });
  }
  const vocabCodes = (dict: Dictionary, pick: (p: PrintDocRow) => string | null) =>
    Int32Array.from({ length: docCount }, (_, i) => {
      const value = i < printCount ? pick(prints[i]!) : null;
      return value === null ? -1 : dict.code(value);
    });

  const tagDict = new Dictionary();
  const tagLabels = new Map<string, Record<Language, string>>();
  for (const t of [...rows.tags].sort((a, b) =>
    localized(a.label_da, a.label_en).localeCompare(localized(b.label_da, b.label_en)),
  )) {
    tagDict.code(t.slug);
    if (!tagLabels.has(t.slug))
      tagLabels.set(t.slug, {
        da: localized(t.label_da, t.label_en) || t.slug,
        en: localized(t.label_en, t.label_da) || t.slug,
      });
  }
  const galleryDict = new Dictionary();
  const galleryTitles: Record<Language, string[]> = { da: [], en: [] };
  for (const g of galleries) {
    const c = galleryDict.code(g.id);
    galleryTitles.da[c] = localized(g.title_da, g.title_en);
    galleryTitles.en[c] = localized(g.title_en, g.title_da);
  }

  yield;
  const year = f64((i) => printValue(i, (p) => p.year));
  const pub = f64((i) => docTime(i, 'pub'));
  const created = f64((i) => docTime(i, 'created'));

  // Browse: year desc nulls last, published_at desc nulls last, created_at desc, id.
  const desc = (a: number, b: number) =>
    Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : b - a;
  const byId = (a: number, b: number) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);
  const all = Int32Array.from({ length: docCount }, (_, i) => i);
  const browseOrder = all
    .slice()
    .sort(
      (a, b) => desc(year[a]!, year[b]!) || desc(pub[a]!, pub[b]!) || created[b]! - created[a]! || byId(a, b),
    );
  yield;
  const recencyOrder = all.slice().sort((a, b) => desc(pub[a]!, pub[b]!) || byId(a, b));
  const recency = new Int32Array(docCount);
  recencyOrder.forEach((doc, position) => (recency[doc] = position));

  // Only what the autocomplete terms need beyond the snapshot is kept for them (the rows themselves are not).
  const tagRows = rows.tags;
  const vocabularyRows = rows.vocabulary;
  let terms: SuggestTerms | undefined;
  yield;
  const medium = textField(prints, fold, (p) => [p.medium_da, p.medium_en]);
  const subject = textField(prints, fold, (p) => [p.subject_da, p.subject_en]);
  const styleMovement = textField(prints, fold, (p) => [p.style_da, p.style_en]);
  yield;
  const tags = lists(prints, (p) => p.tags, tagDict);
  const inGalleries = lists(prints, (p) => p.galleries, galleryDict);
  yield;
  const text: TextIndex = {
    da: yield* languageIndexSteps(docs.map((d) => d.tsv_da)),
    en: yield* languageIndexSteps(docs.map((d) => d.tsv_en)),
  };
  const titleFolded: Record<Language, (string | undefined)[]> = { da: [], en: [] };
  const snapshot: Snapshot = {
    generation: rows.generation,
    loadedAt: Date.now(),
    fold,
    printCount,
    docCount,
    ids,
    index,
    title: { da: texts((d) => d.title_da), en: texts((d) => d.title_en) },
    description: { da: texts((d) => d.description_da), en: texts((d) => d.description_en) },
    thumbnail: docs.map((d) => d.thumbnail_key),
    titleFolded: (doc, lang) => (titleFolded[lang][doc] ??= fold(snapshot.title[lang][doc] ?? '')),
    year,
    pub,
    created,
    price: f64((i) => printValue(i, (p) => p.price)),
    height: f64((i) => printValue(i, (p) => p.height)),
    width: f64((i) => printValue(i, (p) => p.width)),
    technique: vocabCodes(vocab.technique, (p) => p.technique),
    plate: vocabCodes(vocab.plateMaterial, (p) => p.plate),
    availability: vocabCodes(vocab.availability, (p) => p.availability),
    vocab,
    medium,
    subject,
    styleMovement,
    tags,
    tagDict,
    tagLabels,
    galleries: inGalleries,
    galleryDict,
    galleryTitles,
    browseOrder,
    recency,
    terms: () => (terms ??= suggestTerms(snapshot, tagRows, vocabularyRows)),
    text: () => text,
  };
  return snapshot;
}

function titleTerms(s: Snapshot, from: number, to: number): TitleTerm[] {
  const byPlain = new Map<string, TitleTerm>();
  for (let doc = from; doc < to; doc++) {
    const da = s.title.da[doc] ?? '';
    const en = s.title.en[doc] ?? '';
    const id = s.ids[doc]!;
    const plain = s.fold(`${da} ${en}`);
    const seen = byPlain.get(plain);
    if (!seen || id < seen.id)
      byPlain.set(plain, { plain, da: localized(da, en), en: localized(en, da), id });
  }
  return [...byPlain.values()];
}

function suggestTerms(
  s: Snapshot,
  tagRows: CatalogueRows['tags'],
  vocabularyRows: CatalogueRows['vocabulary'],
): SuggestTerms {
  const usedTags = new Set<number>(s.tags.values);
  const label = (key: string, da: string | null, en: string | null): LabelTerm => ({
    key,
    da: localized(da, en),
    en: localized(en, da),
    plainDa: s.fold(da ?? ''),
    plainEn: s.fold(en ?? ''),
  });
  const tags = new Map<string, LabelTerm>();
  for (const t of tagRows) {
    const code = s.tagDict.find(t.slug);
    if (code !== undefined && usedTags.has(code) && !tags.has(t.slug))
      tags.set(t.slug, label(t.slug, t.label_da, t.label_en));
  }
  return {
    prints: titleTerms(s, 0, s.printCount),
    galleries: titleTerms(s, s.printCount, s.docCount),
    tags: [...tags.values()],
    techniques: vocabularyRows
      .filter((v) => v.kind === 'technique' && v.global)
      .map((v) => label(v.key, v.label_da, v.label_en)),
  };
}

interface Loading<S> {
  /** The largest generation asked for before the load started: the load sees at least that. */
  atLeast: number;
  /** When the load started (Date.now()). */
  startedAt: number;
  promise: Promise<S>;
}

/**
 * How long a reload may keep searches waiting when a snapshot is held. Past this they answer from the one held
 * (a change shows a moment later instead of every search stalling behind a big catalogue's reload); answers from
 * an older snapshot are never cached as current (SearchService).
 */
export const STALE_AFTER_MS = 1000;

/**
 * Keeps the snapshot of one database current: reloaded when the generation moved past it, one load at a time
 * (a change during a load queues one more load, shared by every search that asked meanwhile).
 */
export class SnapshotKeeper<S extends Pick<Snapshot, 'generation' | 'loadedAt'> = Snapshot> {
  readonly #load: () => Promise<S>;
  #current: S | undefined;
  #loading: Loading<S> | undefined;
  #next: Loading<S> | undefined;

  constructor(load: () => Promise<S>) {
    this.#load = load;
  }

  at(generation: number): Promise<S> {
    const s = this.#current;
    const fresh = s !== undefined && Date.now() - s.loadedAt < MAX_AGE_MS;
    if (s && fresh && s.generation >= generation) return Promise.resolve(s);
    const pending = this.#request(generation);
    if (!s) return pending;
    // Counted from the start of the running load: once a reload has taken that long, nobody waits for it.
    const wait = (this.#loading?.startedAt ?? Date.now()) + STALE_AFTER_MS - Date.now();
    if (wait <= 0) {
      // Nobody may wait for this load: its failure must not go unhandled (that ends the process); the next search
      // asks again.
      pending.catch(() => undefined);
      return Promise.resolve(s);
    }
    return new Promise<S>((resolve, reject) => {
      const timer = setTimeout(() => resolve(s), wait);
      timer.unref?.();
      pending.then(
        (loaded) => {
          clearTimeout(timer);
          resolve(loaded);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  #request(generation: number): Promise<S> {
    const running = this.#loading;
    if (!running) return this.#start(generation).promise;
    if (running.atLeast >= generation) return running.promise;
    if (this.#next) {
      this.#next.atLeast = Math.max(this.#next.atLeast, generation);
      return this.#next.promise;
    }
    // The callbacks run after `next` exists (a promise never settles synchronously).
    const promise = running.promise
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        if (this.#next === next) this.#next = undefined;
        return this.#start(next.atLeast).promise;
      });
    const next: Loading<S> = { atLeast: generation, startedAt: Number.POSITIVE_INFINITY, promise };
    this.#next = next;
    return next.promise;
  }

  #start(atLeast: number): Loading<S> {
    const promise = this.#load().then(
      (loaded) => {
        if (!this.#current || loaded.generation >= this.#current.generation) this.#current = loaded;
        if (this.#loading === entry) this.#loading = undefined;
        return loaded;
      },
      (error: unknown) => {
        if (this.#loading === entry) this.#loading = undefined;
        throw error;
      },
    );
    const entry: Loading<S> = { atLeast, startedAt: Date.now(), promise };
    this.#loading = entry;
    return entry;
  }
}

/** Reads the public catalogue and builds its snapshot in steps, letting other work run between them. */
export async function loadSnapshot(db: Kysely<Database>): Promise<Snapshot> {
  const [rows, fold] = await Promise.all([publicCatalogue(db), foldFor(db)]);
  return runStepsAsync(snapshotSteps(rows, fold));
}
