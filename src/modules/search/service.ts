// Search rules: input normalization, validation of filter values against what exists (unknown values → 400
// naming the field), the one search statement, and presenting rows as the contract's response.
import { sql, type Kysely } from 'kysely';
import type { Database, ImageStatus, Language } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import { BadRequestError } from '../../platform/errors.js';
import { artistMediaUrl } from '../media/visibility.js';
import { runPublicSearch } from './engine.js';
import { clockFor, GenerationCache, type GenerationClock } from './generation.js';
import { excerpt, headlineToHtml, parseQuery, pickText, type ParsedQuery } from './query.js';
import {
  headlines,
  search,
  textQueries,
  type ArtistSort,
  type FacetName,
  type HitRow,
  type SearchFilters,
  type SearchRows,
  type SearchScope,
  type SearchTarget,
} from './repository.js';
import { snapshotAt, type Snapshot } from './snapshot.js';
import { cleanTyped, suggest } from './suggest.js';
import { matchText, parseTsQuery, type TextQuery } from './text-index.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** Filters as received (GET query or POST body): lists may be a single value. */
export interface FilterInput {
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
  medium?: string | string[] | undefined;
  technique?: string | string[] | undefined;
  plateMaterial?: string | string[] | undefined;
  plateHeightMin?: number | undefined;
  plateHeightMax?: number | undefined;
  plateWidthMin?: number | undefined;
  plateWidthMax?: number | undefined;
  subject?: string | string[] | undefined;
  styleMovement?: string | string[] | undefined;
  availability?: string | string[] | undefined;
  priceMin?: number | undefined;
  priceMax?: number | undefined;
  gallery?: string | string[] | undefined;
  tags?: string | string[] | undefined;
  status?: string | string[] | undefined;
  location?: string | undefined;
  impressionStatus?: string | string[] | undefined;
  /** Artist search only: none, processing, completed or failed. */
  imageStatus?: string | string[] | undefined;
}

/** Filters whose values are keys of something (vocabulary, tags, galleries). */
export const REVIEWED = ['technique', 'plateMaterial', 'availability', 'gallery', 'tags'] as const;
export type ReviewedField = (typeof REVIEWED)[number];

export interface FilterReview {
  /** The filters with every value that names nothing left out. */
  filters: FilterInput;
  unknown: { field: ReviewedField; value: string }[];
  /** Display labels of the values kept, per field. */
  labels: Record<ReviewedField, Map<string, string>>;
}

export interface SearchInput {
  q?: string | undefined;
  page?: number | undefined;
  limit?: number | undefined;
  language?: Language | undefined;
  filters: FilterInput;
  /** Artist search only: an inventory order instead of the search's own. */
  sort?: ArtistSort | undefined;
}

export interface SearchHit {
  id: string;
  type: 'print' | 'gallery';
  title: string;
  description: string;
  thumbnailUrl: string | null;
  highlights: Record<string, string[]>;
  year: number | null;
  /** Artist search only. */
  status?: 'draft' | 'published';
}

export interface FacetBucket {
  key: string;
  docCount: number;
  label: string;
}

export interface SearchResult {
  hits: SearchHit[];
  totalHits: number;
  facets: { name: FacetName; buckets: FacetBucket[] }[];
  page: number;
  totalPages: number;
}

export interface Suggestion {
  text: string;
  type: 'print' | 'gallery' | 'tag' | 'technique';
  id?: string;
}

const IMPRESSION_STATUSES = ['available', 'sold', 'reserved', 'gifted', 'destroyed'];
const IMAGE_STATUSES: readonly ImageStatus[] = ['none', 'processing', 'completed', 'failed'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FACET_ORDER: readonly FacetName[] = [
  'type',
  'status',
  'technique',
  'decade',
  'availability',
  'gallery',
  'tags',
  'medium',
  'plateMaterial',
  'subject',
  'styleMovement',
];
/** Facets only public search counts (from the in-memory snapshot). */
const PUBLIC_ONLY: ReadonlySet<FacetName> = new Set(['subject', 'styleMovement']);
/** Filter fields in a fixed order (the cache key of an answer). */
const FILTER_KEYS = [
  'yearFrom',
  'yearTo',
  'medium',
  'technique',
  'plateMaterial',
  'plateHeightMin',
  'plateHeightMax',
  'plateWidthMin',
  'plateWidthMax',
  'subject',
  'styleMovement',
  'availability',
  'priceMin',
  'priceMax',
  'gallery',
  'tags',
] as const satisfies readonly (keyof FilterInput)[];

interface Known {
  technique: Set<string>;
  plate_material: Set<string>;
  availability: Set<string>;
  tags: Set<string>;
  gallery: Set<string>;
}

/** A list filter: repeated parameters or an array; keys (not free text) may also be comma-separated. */
const list = (v: string | string[] | undefined, commas = true): string[] | undefined => {
  if (v === undefined) return undefined;
  const values = (Array.isArray(v) ? v : commas ? v.split(',') : [v])
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return values.length > 0 ? [...new Set(values)] : undefined;
};

function decadeLabel(key: string, lang: Language): string {
  return lang === 'da' ? `${key}'erne` : `${key}s`;
}

export class SearchService {
  readonly #db: Kysely<Database>;
  readonly #storage: Pick<Storage, 'publicUrl'>;
  readonly #clock: GenerationClock;
  /** Public answers by normalized request, valid while the catalogue generation is unchanged. */
  readonly #answers = new GenerationCache<SearchResult>(1000);
  /** What typed words mean to PostgreSQL (stemmed tsqueries), by the words: depends on no data, only the text. */
  readonly #queries = new Map<string, Promise<Words>>();
  readonly #suggestions = new GenerationCache<Suggestion[]>(2000);

  constructor(db: Kysely<Database>, storage: Pick<Storage, 'publicUrl'>) {
    this.#db = db;
    this.#storage = storage;
    this.#clock = clockFor(db);
  }

  /**
   * Public search: published prints and galleries only. Answers are kept per request and reused while nothing
   * public search reads has changed (the catalogue generation, checked on every request).
   */
  async searchPublic(target: SearchTarget, input: SearchInput): Promise<SearchResult> {
    const language = input.language ?? 'en';
    const limit = Math.min(Math.max(input.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    const page = Math.max(input.page ?? 1, 1);
    const query = parseQuery(input.q);
    const filters = FILTER_KEYS.map((k) => {
      const v = input.filters[k];
      return Array.isArray(v) ? [...v].sort() : (v ?? null);
    });
    const key = JSON.stringify([target, language, query.text, page, limit, filters]);
    const generation = await this.#clock.now();
    return this.#answers.get(
      key,
      generation,
      () => this.#publicAnswer(generation, target, { language, limit, page, query, filters: input.filters }),
      (answer) => current(answer, generation),
    );
  }

  /** The artist's inventory search: everything of that artist, drafts included. */
  async searchArtist(artistId: string, target: SearchTarget, input: SearchInput): Promise<SearchResult> {
    const scope: SearchScope = { kind: 'artist', artistId };
    const language = input.language ?? 'en';
    const limit = Math.min(Math.max(input.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    const page = Math.max(input.page ?? 1, 1);
    const filters = await this.#validate(scope, input.filters, (ids) => this.#known(scope, ids));
    const rows = await search(this.#db, {
      scope,
      target,
      query: parseQuery(input.q),
      language,
      filters,
      offset: (page - 1) * limit,
      limit,
      sort: input.sort,
    });
    return this.#present(scope, target, language, page, limit, rows);
  }

  /** Autocomplete from the published catalogue's titles, tags and techniques (kept like search answers). */
  async suggest(q: string | undefined, language: Language, limit = 8): Promise<Suggestion[]> {
    const typed = cleanTyped(q ?? '');
    if (typed === '') return [];
    const generation = await this.#clock.now();
    return this.#suggestions.get(
      `${language}|${limit}|${typed}`,
      generation,
      async () => {
        const snapshot = await snapshotAt(this.#db, generation);
        return from(
          snapshot,
          suggest(snapshot, typed, language, limit).map((r) =>
            r.id ? { text: r.text, type: r.type, id: r.id } : { text: r.text, type: r.type },
          ),
        );
      },
      (suggestions) => current(suggestions, generation),
    );
  }

  /**
   * For the search page: the values of key filters (technique, plate material, availability, gallery, tags) that
   * name something published, the ones that name nothing (the page says so instead of refusing the search), and
   * display labels of every value that exists. Free-text filters (medium, subject, style) are kept as they are.
   */
  async reviewPublicFilters(input: FilterInput, language: Language): Promise<FilterReview> {
    const snapshot = await snapshotAt(this.#db, await this.#clock.now());
    const known = knownIn(snapshot);
    const filters: FilterInput = { ...input };
    const unknown: { field: ReviewedField; value: string }[] = [];
    const labels: Record<ReviewedField, Map<string, string>> = {
      technique: new Map(),
      plateMaterial: new Map(),
      availability: new Map(),
      gallery: new Map(),
      tags: new Map(),
    };
    const sets: Record<ReviewedField, Set<string>> = {
      technique: known.technique,
      plateMaterial: known.plate_material,
      availability: known.availability,
      gallery: known.gallery,
      tags: known.tags,
    };
    const vocabLabel = (kind: 'technique' | 'plateMaterial' | 'availability', key: string) =>
      snapshot.vocab.labels[kind].get(key)?.[language];
    for (const field of REVIEWED) {
      const values = list(input[field]);
      if (!values) continue;
      const kept = values.filter((v) => {
        const value = field === 'gallery' ? v.toLowerCase() : v;
        if (sets[field].has(value)) return true;
        unknown.push({ field, value: v });
        return false;
      });
      filters[field] = kept.length > 0 ? kept : undefined;
      for (const v of kept) {
        const label =
          field === 'gallery'
            ? snapshot.galleryTitles[language][snapshot.galleryDict.find(v.toLowerCase()) ?? -1]
            : field === 'tags'
              ? snapshot.tagLabels.get(v)?.[language]
              : vocabLabel(field, v);
        labels[field].set(v, label || v);
      }
    }
    return { filters, unknown, labels };
  }

  async #publicAnswer(
    generation: number,
    target: SearchTarget,
    r: { language: Language; limit: number; page: number; query: ParsedQuery; filters: FilterInput },
  ): Promise<SearchResult> {
    const { language, limit, page, query } = r;
    const snapshot = await snapshotAt(this.#db, generation);
    const filters = await this.#validate({ kind: 'public' }, r.filters, async () => knownIn(snapshot));
    const words = query.text === '' ? undefined : await this.#textQuery(query);
    const matches = words && matchText(snapshot.text(), words.parsed, language, snapshot.docCount);
    const found = runPublicSearch(snapshot, {
      target,
      language,
      filters,
      matches,
      words: query.text,
      offset: (page - 1) * limit,
      limit,
    });
    const localized = (texts: Snapshot['title'], doc: number) => ({
      ...(texts.da[doc] ? { da: texts.da[doc] } : {}),
      ...(texts.en[doc] ? { en: texts.en[doc] } : {}),
    });
    const docs = found.page.map((doc) => ({
      doc,
      title: localized(snapshot.title, doc),
      description: localized(snapshot.description, doc),
    }));
    const marked = await headlines(
      this.#db,
      docs.map((d) => ({
        title: pickText(d.title, language),
        description: pickText(d.description, language),
      })),
      words?.printed,
      language,
    );
    const hits = docs.map(({ doc, title, description }, i): HitRow => ({
      id: snapshot.ids[doc]!,
      type: doc < snapshot.printCount ? 'print' : 'gallery',
      title,
      description,
      thumbnail_key: snapshot.thumbnail[doc] ?? null,
      year: Number.isNaN(snapshot.year[doc]) ? null : snapshot.year[doc]!,
      status: 'published',
      ...marked[i]!,
    }));
    return from(
      snapshot,
      this.#present({ kind: 'public' }, target, language, page, limit, {
        total: found.total,
        hits,
        facets: found.facets,
      }),
    );
  }

  /** The stemmed tsqueries of the words, asked of PostgreSQL once per distinct text (the last 2,000 kept). */
  #textQuery(query: ParsedQuery): Promise<Words> {
    const known = this.#queries.get(query.text);
    if (known) {
      // Most recently used last: the first key is the one to drop when full.
      this.#queries.delete(query.text);
      this.#queries.set(query.text, known);
      return known;
    }
    const asked = textQueries(this.#db, query).then((printed) => ({
      printed,
      parsed: { da: parseTsQuery(printed.da), en: parseTsQuery(printed.en) },
    }));
    if (this.#queries.size >= 2000) this.#queries.delete(this.#queries.keys().next().value!);
    this.#queries.set(query.text, asked);
    asked.catch(() => {
      if (this.#queries.get(query.text) === asked) this.#queries.delete(query.text);
    });
    return asked;
  }

  #present(
    scope: SearchScope,
    target: SearchTarget,
    language: Language,
    page: number,
    limit: number,
    rows: SearchRows,
  ): SearchResult {
    const hits = rows.hits.map((h): SearchHit => {
      const highlights: Record<string, string[]> = {};
      const title = headlineToHtml(h.hl_title);
      const description = headlineToHtml(h.hl_description);
      if (title) highlights.title = [title];
      if (description) highlights.description = description.split(' … ').filter(Boolean);
      return {
        id: h.id,
        type: h.type,
        title: pickText(h.title, language),
        description: excerpt(pickText(h.description, language)),
        // The artist's thumbnails come through the artist media route: a draft's files are never public.
        thumbnailUrl: h.thumbnail_key
          ? scope.kind === 'artist'
            ? artistMediaUrl(h.thumbnail_key)
            : this.#storage.publicUrl(h.thumbnail_key)
          : null,
        highlights,
        year: h.year,
        ...(scope.kind === 'artist' ? { status: h.status } : {}),
      };
    });
    const byName = new Map<FacetName, FacetBucket[]>();
    for (const f of rows.facets) {
      const name = f.facet as FacetName;
      const label = name === 'decade' ? decadeLabel(f.key, language) : (f.label ?? f.key);
      byName.set(name, [...(byName.get(name) ?? []), { key: f.key, docCount: f.count, label }]);
    }
    const withFacets = target !== 'galleries';
    const facets = FACET_ORDER.filter(
      (n) =>
        withFacets &&
        (n !== 'status' || scope.kind === 'artist') &&
        (!PUBLIC_ONLY.has(n) || scope.kind === 'public') &&
        (n !== 'type' || target === 'all') &&
        (byName.has(n) || n !== 'type'),
    ).map((name) => ({
      name,
      buckets: (byName.get(name) ?? []).sort((a, b) =>
        name === 'decade'
          ? Number(b.key) - Number(a.key)
          : b.docCount - a.docCount || a.key.localeCompare(b.key),
      ),
    }));
    return {
      hits,
      totalHits: rows.total,
      facets,
      page,
      totalPages: Math.ceil(rows.total / limit),
    };
  }

  /** Normalizes the filters and refuses values that name nothing (400 with the field). */
  async #validate(
    scope: SearchScope,
    input: FilterInput,
    known: (galleryIds: string[]) => Promise<Known>,
  ): Promise<SearchFilters> {
    const f: SearchFilters = {};
    const range = (minName: string, min: number | undefined, maxName: string, max: number | undefined) => {
      if (min !== undefined && max !== undefined && min > max)
        throw new BadRequestError(`${minName}: must not be greater than ${maxName}`);
    };
    range('yearFrom', input.yearFrom, 'yearTo', input.yearTo);
    range('plateHeightMin', input.plateHeightMin, 'plateHeightMax', input.plateHeightMax);
    range('plateWidthMin', input.plateWidthMin, 'plateWidthMax', input.plateWidthMax);
    range('priceMin', input.priceMin, 'priceMax', input.priceMax);
    for (const k of [
      'yearFrom',
      'yearTo',
      'plateHeightMin',
      'plateHeightMax',
      'plateWidthMin',
      'plateWidthMax',
      'priceMin',
      'priceMax',
    ] as const) {
      if (input[k] !== undefined) f[k] = input[k];
    }
    for (const k of ['medium', 'subject', 'styleMovement'] as const) {
      const v = list(input[k], false);
      if (v) f[k] = v.map((s) => s.slice(0, 200));
    }
    const location = input.location?.trim();
    if (scope.kind === 'artist' && location) f.location = location.slice(0, 200);

    const status = list(input.status);
    if (status) {
      const bad = status.find((s) => s !== 'draft' && s !== 'published');
      if (bad) throw new BadRequestError(`status: unknown value "${bad}" (draft or published)`);
      f.status = status as ('draft' | 'published')[];
    }
    const impressionStatus = list(input.impressionStatus);
    if (impressionStatus) {
      const bad = impressionStatus.find((s) => !IMPRESSION_STATUSES.includes(s));
      if (bad)
        throw new BadRequestError(
          `impressionStatus: unknown value "${bad}" (${IMPRESSION_STATUSES.join(', ')})`,
        );
      f.impressionStatus = impressionStatus;
    }
    const imageStatus = scope.kind === 'artist' ? list(input.imageStatus) : undefined;
    if (imageStatus) {
      const bad = imageStatus.find((s) => !(IMAGE_STATUSES as readonly string[]).includes(s));
      if (bad)
        throw new BadRequestError(`imageStatus: unknown value "${bad}" (${IMAGE_STATUSES.join(', ')})`);
      f.imageStatus = imageStatus as ImageStatus[];
    }
    const gallery = list(input.gallery);
    if (gallery) {
      const bad = gallery.find((g) => !UUID.test(g));
      if (bad) throw new BadRequestError(`gallery: "${bad}" is not a gallery id`);
      f.gallery = gallery.map((g) => g.toLowerCase());
    }

    const vocab = { technique: list(input.technique), plateMaterial: list(input.plateMaterial) };
    const availability = list(input.availability);
    const tags = list(input.tags);
    if (vocab.technique || vocab.plateMaterial || availability || tags || f.gallery) {
      const allowed = await known(f.gallery ?? []);
      const check = (field: string, values: string[] | undefined, allowed: Set<string>) => {
        const bad = values?.find((v) => !allowed.has(v));
        if (bad !== undefined) throw new BadRequestError(`${field}: unknown value "${bad}"`);
        return values;
      };
      f.technique = check('technique', vocab.technique, allowed.technique);
      f.plateMaterial = check('plateMaterial', vocab.plateMaterial, allowed.plate_material);
      f.availability = check('availability', availability, allowed.availability);
      f.tags = check('tags', tags, allowed.tags);
      f.gallery = check('gallery', f.gallery, allowed.gallery);
      for (const k of ['technique', 'plateMaterial', 'availability', 'tags', 'gallery'] as const) {
        if (f[k] === undefined) delete f[k];
      }
    }
    return f;
  }

  /** Vocabulary keys, tag slugs and (visible) gallery ids a filter may name. */
  async #known(scope: SearchScope, galleryIds: string[]): Promise<Known> {
    const artist = scope.kind === 'artist' ? scope.artistId : null;
    const { rows } = await sql<{ kind: string; key: string }>`
      select v.kind, v.key from vocabulary_terms v
        where v.kind in ('technique', 'plate_material', 'availability')
          and (v.artist_id is null or ${artist}::uuid is null or v.artist_id = ${artist}::uuid)
      union all
      select 'tags', t.slug from tags t where ${artist}::uuid is null or t.artist_id = ${artist}::uuid
      union all
      select 'gallery', g.id::text from galleries g
        where g.id::text = any(array(select jsonb_array_elements_text(${JSON.stringify(galleryIds)}::jsonb)))
          and (case when ${artist}::uuid is null then g.status = 'published' else g.artist_id = ${artist}::uuid end)
    `.execute(this.#db);
    const out: Known = {
      technique: new Set(),
      plate_material: new Set(),
      availability: new Set(),
      tags: new Set(),
      gallery: new Set(),
    };
    for (const r of rows) out[r.kind as keyof Known].add(r.key);
    return out;
  }
}

/** Typed words as PostgreSQL's tsqueries: as it printed them, and parsed. */
interface Words {
  printed: { da: string; en: string };
  parsed: TextQuery;
}

/** The generation of the snapshot each public answer was computed from (older than asked when a reload was slow). */
const answeredAt = new WeakMap<object, number>();
const from = <T extends object>(snapshot: Snapshot, answer: T): T => {
  answeredAt.set(answer, snapshot.generation);
  return answer;
};
/** Worth keeping as the answer at `generation`: computed from a snapshot at least that new. */
const current = (answer: object, generation: number) => (answeredAt.get(answer) ?? generation) >= generation;

const knownBySnapshot = new WeakMap<Snapshot, Known>();

/** What public filters may name, from the snapshot: vocabulary keys, tag slugs, published gallery ids. */
function knownIn(s: Snapshot): Known {
  let known = knownBySnapshot.get(s);
  if (!known) {
    known = knownFrom(s);
    knownBySnapshot.set(s, known);
  }
  return known;
}

function knownFrom(s: Snapshot): Known {
  return {
    technique: new Set(s.vocab.labels.technique.keys()),
    plate_material: new Set(s.vocab.labels.plateMaterial.keys()),
    availability: new Set(s.vocab.labels.availability.keys()),
    tags: new Set(s.tagLabels.keys()),
    gallery: new Set(s.galleryDict.keys),
  };
}
