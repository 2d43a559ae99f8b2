// Search rules: input normalization, validation of filter values against what exists (unknown values → 400
// naming the field), the one search statement, and presenting rows as the contract's response.
import { sql, type Kysely } from 'kysely';
import type { Database, Language } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import { BadRequestError } from '../../platform/errors.js';
import { excerpt, headlineToHtml, parseQuery, pickText } from './query.js';
import {
  search,
  type FacetName,
  type SearchFilters,
  type SearchScope,
  type SearchTarget,
} from './repository.js';
import { suggest, type SuggestionRow } from './suggest.js';

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
}

export interface SearchInput {
  q?: string | undefined;
  page?: number | undefined;
  limit?: number | undefined;
  language?: Language | undefined;
  filters: FilterInput;
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
];

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
  readonly #storage: Storage;

  constructor(db: Kysely<Database>, storage: Storage) {
    this.#db = db;
    this.#storage = storage;
  }

  /** Public search: published prints and galleries only. */
  searchPublic(target: SearchTarget, input: SearchInput): Promise<SearchResult> {
    return this.#run({ kind: 'public' }, target, input);
  }

  /** The artist's inventory search: everything of that artist, drafts included. */
  searchArtist(artistId: string, target: SearchTarget, input: SearchInput): Promise<SearchResult> {
    return this.#run({ kind: 'artist', artistId }, target, input);
  }

  async suggest(q: string | undefined, language: Language, limit = 8): Promise<Suggestion[]> {
    const rows: SuggestionRow[] = await suggest(this.#db, q ?? '', language, limit);
    return rows.map((r) =>
      r.id ? { text: r.text, type: r.type, id: r.id } : { text: r.text, type: r.type },
    );
  }

  async #run(scope: SearchScope, target: SearchTarget, input: SearchInput): Promise<SearchResult> {
    const language = input.language ?? 'en';
    const limit = Math.min(Math.max(input.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    const page = Math.max(input.page ?? 1, 1);
    const filters = await this.#validate(scope, input.filters);
    const rows = await search(this.#db, {
      scope,
      target,
      query: parseQuery(input.q),
      language,
      filters,
      offset: (page - 1) * limit,
      limit,
    });
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
        thumbnailUrl: h.thumbnail_key ? this.#storage.publicUrl(h.thumbnail_key) : null,
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
  async #validate(scope: SearchScope, input: FilterInput): Promise<SearchFilters> {
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
      const known = await this.#known(scope, f.gallery ?? []);
      const check = (field: string, values: string[] | undefined, allowed: Set<string>) => {
        const bad = values?.find((v) => !allowed.has(v));
        if (bad !== undefined) throw new BadRequestError(`${field}: unknown value "${bad}"`);
        return values;
      };
      f.technique = check('technique', vocab.technique, known.technique);
      f.plateMaterial = check('plateMaterial', vocab.plateMaterial, known.plate_material);
      f.availability = check('availability', availability, known.availability);
      f.tags = check('tags', tags, known.tags);
      f.gallery = check('gallery', f.gallery, known.gallery);
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
