// Search rules: input normalization, validation of filter values against what exists (unknown values → 400
// naming the field), and presenting answers as the contract's response. Visitors' searches are answered by the
// public index (public-index/: the catalogue visitors may see, in memory), the artist's by one SQL statement.
import type { Kysely } from 'kysely';
import type { Database, ImageStatus, Language } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import { BadRequestError } from '../../platform/errors.js';
import { artistMediaUrl } from '../media/visibility.js';
import { clockFor, GenerationCache, type GenerationClock } from '../catalogue/generation.js';
import { publicIndexFor, type KeyField, type PublicIndex, type PublicView } from './public-index/index.js';
import { cleanTyped } from './public-index/suggest.js';
import { excerpt, headlineToHtml, parseQuery, pickText } from './query.js';
import {
  artistFilterValues,
  search,
  type ArtistSort,
  PUBLIC_FACETS,
  type FacetName,
  type SearchFilters,
  type SearchRows,
  type SearchTarget,
} from './repository.js';
import { isUuid } from '../../platform/ids.js';
import type { PublicationStatus } from '../../platform/db/schema.js';
import { isPublishedStatus } from '../catalogue/policy.js';

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
export const REVIEWED = [
  'technique',
  'plateMaterial',
  'availability',
  'gallery',
  'tags',
] as const satisfies readonly KeyField[];
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
  status?: PublicationStatus;
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
const FACET_ORDER: readonly FacetName[] = ['type', 'status', ...PUBLIC_FACETS];
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

/** Whether a key filter's value names something the search may filter by. */
type Allowed = (field: KeyField, value: string) => boolean;

/** Who is searching: facets, thumbnails and statuses differ. */
type Searcher = 'public' | 'artist';

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
  readonly #index: PublicIndex;
  /** Public answers by normalized request, valid while the catalogue generation is unchanged. */
  readonly #answers = new GenerationCache<SearchResult>(1000);
  readonly #suggestions = new GenerationCache<Suggestion[]>(2000);

  constructor(db: Kysely<Database>, storage: Pick<Storage, 'publicUrl'>) {
    this.#db = db;
    this.#storage = storage;
    this.#clock = clockFor(db);
    this.#index = publicIndexFor(db);
  }

  /**
   * Public search: the prints and galleries visitors may see (catalogue/policy.ts). Answers are kept per request
   * and reused while nothing public search reads has changed (the catalogue generation, checked on every request;
   * `known`: a generation the caller read after the request arrived, read again otherwise).
   */
  async searchPublic(target: SearchTarget, input: SearchInput, known?: number): Promise<SearchResult> {
    const language = input.language ?? 'en';
    const limit = Math.min(Math.max(input.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    const page = Math.max(input.page ?? 1, 1);
    const query = parseQuery(input.q);
    const filters = FILTER_KEYS.map((k) => {
      const v = input.filters[k];
      return Array.isArray(v) ? [...v].sort() : (v ?? null);
    });
    const key = JSON.stringify([target, language, query.text, page, limit, filters]);
    const generation = known ?? (await this.#clock.now());
    return this.#answers.get(
      key,
      generation,
      async () => {
        const view = await this.#index.at(generation);
        const filters = await this.#validate('public', input.filters, async () => allowedIn(view));
        const rows = await view.search({
          target,
          language,
          filters,
          query,
          offset: (page - 1) * limit,
          limit,
        });
        return from(view, this.#present('public', target, language, page, limit, rows));
      },
      (answer) => current(answer, generation),
    );
  }

  /** The artist's inventory search: everything of that artist, drafts included. */
  async searchArtist(artistId: string, target: SearchTarget, input: SearchInput): Promise<SearchResult> {
    const language = input.language ?? 'en';
    const limit = Math.min(Math.max(input.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    const page = Math.max(input.page ?? 1, 1);
    const filters = await this.#validate('artist', input.filters, (ids) => this.#artistAllows(artistId, ids));
    const rows = await search(this.#db, {
      artistId,
      target,
      query: parseQuery(input.q),
      language,
      filters,
      offset: (page - 1) * limit,
      limit,
      sort: input.sort,
    });
    return this.#present('artist', target, language, page, limit, rows);
  }

  /** Autocomplete from the public catalogue's titles, tags and techniques (kept like search answers). */
  async suggest(q: string | undefined, language: Language, limit = 8): Promise<Suggestion[]> {
    const typed = cleanTyped(q ?? '');
    if (typed === '') return [];
    const generation = await this.#clock.now();
    return this.#suggestions.get(
      `${language}|${limit}|${typed}`,
      generation,
      async () => {
        const view = await this.#index.at(generation);
        return from(
          view,
          view
            .suggest(typed, language, limit)
            .map((r) => (r.id ? { text: r.text, type: r.type, id: r.id } : { text: r.text, type: r.type })),
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
  async reviewPublicFilters(input: FilterInput, language: Language, known?: number): Promise<FilterReview> {
    const view = await this.#index.at(known ?? (await this.#clock.now()));
    const filters: FilterInput = { ...input };
    const unknown: { field: ReviewedField; value: string }[] = [];
    const labels: Record<ReviewedField, Map<string, string>> = {
      technique: new Map(),
      plateMaterial: new Map(),
      availability: new Map(),
      gallery: new Map(),
      tags: new Map(),
    };
    for (const field of REVIEWED) {
      const values = list(input[field]);
      if (!values) continue;
      const kept: string[] = [];
      for (const v of values) {
        const label = view.label(field, v, language);
        if (label === undefined) unknown.push({ field, value: v });
        else {
          kept.push(v);
          labels[field].set(v, label || v);
        }
      }
      filters[field] = kept.length > 0 ? kept : undefined;
    }
    return from(view, { filters, unknown, labels });
  }

  #present(
    searcher: Searcher,
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
          ? searcher === 'artist'
            ? artistMediaUrl(h.thumbnail_key)
            : this.#storage.publicUrl(h.thumbnail_key)
          : null,
        highlights,
        year: h.year,
        ...(searcher === 'artist' && h.status ? { status: h.status } : {}),
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
        (n !== 'status' || searcher === 'artist') &&
        (!PUBLIC_ONLY.has(n) || searcher === 'public') &&
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
    searcher: Searcher,
    input: FilterInput,
    allowed: (galleryIds: string[]) => Promise<Allowed>,
  ): Promise<SearchFilters> {
    const f: SearchFilters = {};
    const range = (minName: string, min: number | undefined, maxName: string, max: number | undefined) => {
      if (min !== undefined && max !== undefined && min > max)
        throw new BadRequestError(`${minName}: must not be greater than ${maxName}`, { field: minName });
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
    if (searcher === 'artist' && location) f.location = location.slice(0, 200);

    const status = list(input.status);
    if (status) {
      const bad = status.find((s) => s !== 'draft' && !isPublishedStatus(s));
      if (bad)
        throw new BadRequestError(`status: unknown value "${bad}" (draft or published)`, { field: 'status' });
      f.status = status as PublicationStatus[];
    }
    const impressionStatus = list(input.impressionStatus);
    if (impressionStatus) {
      const bad = impressionStatus.find((s) => !IMPRESSION_STATUSES.includes(s));
      if (bad)
        throw new BadRequestError(
          `impressionStatus: unknown value "${bad}" (${IMPRESSION_STATUSES.join(', ')})`,
          { field: 'impressionStatus' },
        );
      f.impressionStatus = impressionStatus;
    }
    const imageStatus = searcher === 'artist' ? list(input.imageStatus) : undefined;
    if (imageStatus) {
      const bad = imageStatus.find((s) => !(IMAGE_STATUSES as readonly string[]).includes(s));
      if (bad)
        throw new BadRequestError(`imageStatus: unknown value "${bad}" (${IMAGE_STATUSES.join(', ')})`, {
          field: 'imageStatus',
        });
      f.imageStatus = imageStatus as ImageStatus[];
    }
    const gallery = list(input.gallery);
    if (gallery) {
      const bad = gallery.find((g) => !isUuid(g));
      if (bad) throw new BadRequestError(`gallery: "${bad}" is not a gallery id`, { field: 'gallery' });
      f.gallery = gallery.map((g) => g.toLowerCase());
    }

    const vocab = { technique: list(input.technique), plateMaterial: list(input.plateMaterial) };
    const availability = list(input.availability);
    const tags = list(input.tags);
    if (vocab.technique || vocab.plateMaterial || availability || tags || f.gallery) {
      const allows = await allowed(f.gallery ?? []);
      const check = (field: KeyField, values: string[] | undefined) => {
        const bad = values?.find((v) => !allows(field, v));
        if (bad !== undefined) throw new BadRequestError(`${field}: unknown value "${bad}"`, { field });
        return values;
      };
      f.technique = check('technique', vocab.technique);
      f.plateMaterial = check('plateMaterial', vocab.plateMaterial);
      f.availability = check('availability', availability);
      f.tags = check('tags', tags);
      f.gallery = check('gallery', f.gallery);
      for (const k of ['technique', 'plateMaterial', 'availability', 'tags', 'gallery'] as const) {
        if (f[k] === undefined) delete f[k];
      }
    }
    return f;
  }

  /** Vocabulary keys (shared or the artist's), the artist's tag slugs and gallery ids. */
  async #artistAllows(artistId: string, galleryIds: string[]): Promise<Allowed> {
    const FIELD: Record<string, KeyField> = { plate_material: 'plateMaterial' };
    const known = new Set(
      (await artistFilterValues(this.#db, artistId, galleryIds)).map(
        (r) => `${FIELD[r.kind] ?? r.kind}:${r.key}`,
      ),
    );
    return (field, value) => known.has(`${field}:${value}`);
  }
}

/** The generation of the view each public answer was computed from (older than asked when a reload was slow). */
const answeredAt = new WeakMap<object, number>();
const from = <T extends object>(view: PublicView, answer: T): T => {
  answeredAt.set(answer, view.generation);
  return answer;
};
/** Worth keeping as the answer at `generation`: computed from a view at least that new. */
const current = (answer: object, generation: number) => (answeredAt.get(answer) ?? generation) >= generation;

/**
 * Whether a public answer (searchPublic, reviewPublicFilters, suggest) was computed from the catalogue at
 * `generation` or newer — false for one answered from the snapshot held while a slow reload ran.
 */
export function answeredAtLeast(answer: object, generation: number): boolean {
  return current(answer, generation);
}

/** Public filters may name vocabulary keys, tag slugs and the ids of galleries visitors may see. */
const allowedIn =
  (view: PublicView): Allowed =>
  (field, value) =>
    view.label(field, value, 'en') !== undefined;
