// SQL of search: the artist's inventory search (one statement answers hits of one page, the total and every facet,
// over the same materialized set of matching documents; everything of that artist, drafts included), and the text
// statements public search shares with it: the words' tsqueries and the highlighted snippets of a page. Public
// filtering, facets and ranking run in memory over the public index (public-index/).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, ImageStatus, Language } from '../../platform/db/schema.js';
import { SNIPPETS, START_SEL, STOP_SEL, type ParsedQuery } from './query.js';
import type { PublicationStatus } from '../../platform/db/schema.js';
import { likeLiteral } from '../../platform/db/like.js';

type Db = Kysely<Database>;
type Bool = RawBuilder<boolean>;

export type SearchTarget = 'all' | 'prints' | 'galleries';

/** Filters after validation: every list is non-empty when present, text values are as given. */
export interface SearchFilters {
  yearFrom?: number;
  yearTo?: number;
  medium?: string[];
  technique?: string[];
  plateMaterial?: string[];
  plateHeightMin?: number;
  plateHeightMax?: number;
  plateWidthMin?: number;
  plateWidthMax?: number;
  subject?: string[];
  styleMovement?: string[];
  availability?: string[];
  priceMin?: number;
  priceMax?: number;
  gallery?: string[];
  tags?: string[];
  /** Artist search only. */
  status?: PublicationStatus[];
  location?: string;
  impressionStatus?: string[];
  /** Artist search only: the print's image processing state. */
  imageStatus?: ImageStatus[];
}

/** Orders the artist search offers besides its own (best match first with words, else newest year first). */
export const ARTIST_SORTS = [
  'updated-desc',
  'updated-asc',
  'created-desc',
  'created-asc',
  'title-asc',
  'title-desc',
  'year-desc',
  'year-asc',
] as const;
export type ArtistSort = (typeof ARTIST_SORTS)[number];

export interface SearchRequest {
  artistId: string;
  target: SearchTarget;
  query: ParsedQuery;
  language: Language;
  filters: SearchFilters;
  offset: number;
  limit: number;
  /** Artist search only; without it, the search's own order. */
  sort?: ArtistSort | undefined;
}

export interface HitRow {
  id: string;
  type: 'print' | 'gallery';
  title: { da?: string; en?: string };
  description: { da?: string; en?: string };
  thumbnail_key: string | null;
  year: number | null;
  /** Artist search only. */
  status?: PublicationStatus;
  hl_title: string | null;
  hl_description: string | null;
}

export interface FacetRow {
  facet: string;
  key: string;
  count: number;
  label: string | null;
}

export interface SearchRows {
  total: number;
  hits: HitRow[];
  facets: FacetRow[];
}

/** Faceted print filters, in the order facets are returned. */
export const FACETS = [
  'technique',
  'decade',
  'availability',
  'gallery',
  'tags',
  'medium',
  'plateMaterial',
] as const;
/** Facets of public search: those and subject, style or movement (in memory only). */
export const PUBLIC_FACETS = [...FACETS, 'subject', 'styleMovement'] as const;
export type FacetName = (typeof PUBLIC_FACETS)[number] | 'status' | 'type';
/** Facets the SQL of the artist's search counts (subject and style are public search's only). */
type SqlFacet = Exclude<FacetName, 'subject' | 'styleMovement'>;

const CFG = { da: sql.raw(`'danish'::regconfig`), en: sql.raw(`'english'::regconfig`) } as const;
const HL_CFG = { da: sql.raw(`'public.copper_da'::regconfig`), en: sql.raw(`'public.copper_en'::regconfig`) };
const HL_TITLE = `HighlightAll=true, StartSel=${START_SEL}, StopSel=${STOP_SEL}`;
const HL_TEXT =
  `StartSel=${START_SEL}, StopSel=${STOP_SEL}, MaxWords=${SNIPPETS.text.maxWords}, ` +
  `MinWords=${SNIPPETS.text.minWords}, ShortWord=${SNIPPETS.text.shortWord}, ` +
  `MaxFragments=${SNIPPETS.text.maxFragments}, FragmentDelimiter="${SNIPPETS.text.delimiter}"`;

/** A JSON-encoded string array as a SQL text[] (the same on pg and PGlite). */
const textArray = (values: readonly string[]) =>
  sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
const normArray = (values: readonly string[]) =>
  sql`array(select lower(public.f_unaccent(x)) from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb) x)`;
const and = (parts: readonly Bool[]): Bool =>
  parts.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(parts, sql` and `)})`;

/** The tsquery of one configuration: websearch syntax, or'ed with "earlier words and the last word as prefix". */
function tsquery(cfg: 'da' | 'en', q: ParsedQuery) {
  const c = CFG[cfg];
  const full = sql`websearch_to_tsquery(${c}, public.f_unaccent(lower(${q.text})))`;
  if (!q.prefix) return full;
  // Letters and digits only (checked again here after unaccent), so to_tsquery never sees user syntax.
  const word = sql`regexp_replace(public.f_unaccent(lower(${q.prefix})), '[^[:alnum:]]+', '', 'g')`;
  const prefix = (config: RawBuilder<unknown>) =>
    sql`(case when ${word} = '' then ''::tsquery else to_tsquery(${config}, ${word} || ':*') end)`;
  const head = sql`websearch_to_tsquery(${c}, public.f_unaccent(lower(${q.head})))`;
  return sql`(${full} || (${head} && (${prefix(c)} || ${prefix(sql.raw(`'simple'::regconfig`))})))`;
}

const textIn = (column: string, values: readonly string[]): Bool =>
  sql<boolean>`(lower(public.f_unaccent(public.localized_text(p.${sql.ref(column)}, 'en'))) = any(${normArray(values)})
    or lower(public.f_unaccent(public.localized_text(p.${sql.ref(column)}, 'da'))) = any(${normArray(values)}))`;

/**
 * Availability of a print: the impression ledger's verdict when it has impressions (print_ledger, kept by triggers
 * on impressions: available if any impression is available, else reserved if any is reserved, else sold), otherwise
 * the print's own availability term.
 */
export const AVAILABILITY = sql`coalesce(pl.availability, p.availability_key)`;

/** Filters applied straight in WHERE (not faceted). */
function plainFilters(f: SearchFilters): Bool[] {
  const w: Bool[] = [];
  if (f.plateHeightMin !== undefined) w.push(sql<boolean>`p.plate_height_mm >= ${f.plateHeightMin}`);
  if (f.plateHeightMax !== undefined) w.push(sql<boolean>`p.plate_height_mm <= ${f.plateHeightMax}`);
  if (f.plateWidthMin !== undefined) w.push(sql<boolean>`p.plate_width_mm >= ${f.plateWidthMin}`);
  if (f.plateWidthMax !== undefined) w.push(sql<boolean>`p.plate_width_mm <= ${f.plateWidthMax}`);
  if (f.priceMin !== undefined) w.push(sql<boolean>`p.price_amount >= ${f.priceMin}`);
  if (f.priceMax !== undefined) w.push(sql<boolean>`p.price_amount <= ${f.priceMax}`);
  if (f.subject) w.push(textIn('subject', f.subject));
  if (f.styleMovement) w.push(textIn('style_movement', f.styleMovement));
  if (f.location) {
    const like = `%${likeLiteral(f.location.toLowerCase())}%`;
    w.push(sql<boolean>`(lower(public.f_unaccent(public.localized_plain(p.location))) like public.f_unaccent(${like})
      or exists (select 1 from impressions il where il.print_id = p.id
        and lower(public.f_unaccent(coalesce(il.location, ''))) like public.f_unaccent(${like})))`);
  }
  if (f.impressionStatus) {
    w.push(sql<boolean>`exists (select 1 from impressions ist where ist.print_id = p.id
      and ist.status = any(${textArray(f.impressionStatus)}))`);
  }
  if (f.imageStatus) w.push(sql<boolean>`p.image_status::text = any(${textArray(f.imageStatus)})`);
  return w;
}

/** The title a title sort compares: English, else Danish, case-folded; null when untitled (sorted last). */
const sortTitle = (alias: string) => {
  const a = sql.raw(alias);
  return sql`lower(coalesce(nullif(btrim(${a}.title ->> 'en'), ''), nullif(btrim(${a}.title ->> 'da'), '')))`;
};

/** An artist sort over the matching set's columns (`alias`.updated_at, .sort_title…); ties broken by id. */
function artistOrder(sort: ArtistSort, alias: string) {
  const a = sql.raw(alias);
  switch (sort) {
    case 'updated-asc':
      return sql`${a}.updated_at asc, ${a}.id`;
    case 'created-desc':
      return sql`${a}.created_at desc, ${a}.id`;
    case 'created-asc':
      return sql`${a}.created_at asc, ${a}.id`;
    case 'title-asc':
      return sql`${a}.sort_title asc nulls last, ${a}.id`;
    case 'title-desc':
      return sql`${a}.sort_title desc nulls last, ${a}.id`;
    case 'year-desc':
      return sql`${a}.year desc nulls last, ${a}.updated_at desc, ${a}.id`;
    case 'year-asc':
      return sql`${a}.year asc nulls last, ${a}.updated_at desc, ${a}.id`;
    case 'updated-desc':
      return sql`${a}.updated_at desc, ${a}.id`;
  }
}

/** Faceted filters: each facet counts with every filter but its own. */
function facetFlags(f: SearchFilters): Record<SqlFacet, Bool> {
  const t = sql<boolean>`true`;
  const flags: Record<SqlFacet, Bool> = {
    technique: f.technique ? sql<boolean>`p.technique_key = any(${textArray(f.technique)})` : t,
    decade:
      f.yearFrom !== undefined || f.yearTo !== undefined
        ? sql<boolean>`(p.year between ${f.yearFrom ?? 1400} and ${f.yearTo ?? 2200})`
        : t,
    availability: f.availability ? sql<boolean>`${AVAILABILITY} = any(${textArray(f.availability)})` : t,
    gallery: f.gallery
      ? sql<boolean>`exists (select 1 from gallery_prints fg where fg.print_id = p.id
          and fg.gallery_id::text = any(${textArray(f.gallery)}))`
      : t,
    tags: f.tags
      ? sql<boolean>`exists (select 1 from print_tags ft join tags tt on tt.id = ft.tag_id
          where ft.print_id = p.id and tt.slug = any(${textArray(f.tags)}))`
      : t,
    medium: f.medium ? textIn('medium', f.medium) : t,
    plateMaterial: f.plateMaterial
      ? sql<boolean>`p.plate_material_key = any(${textArray(f.plateMaterial)})`
      : t,
    status: f.status ? sql<boolean>`p.status = any(${textArray(f.status)})` : t,
    type: t,
  };
  return flags;
}

const FLAG_COLUMNS: readonly SqlFacet[] = [...FACETS, 'status'];
const flagCol = (name: SqlFacet) => sql.raw(`f_${name}`);
/**
 * Every filter but one facet's own ("ok_<facet>"), or every filter ("ok_all"): computed once per matching document
 * in the materialized set, so each facet count tests one column (and the planner sees a plain boolean filter).
 */
const okCol = (except?: SqlFacet) => sql.raw(except ? `ok_${except.toLowerCase()}` : 'ok_all');
const okColumns = () =>
  sql.join(
    [...FLAG_COLUMNS, undefined].map((except) => {
      const flags = FLAG_COLUMNS.filter((n) => n !== except).map((n) => sql`x.${flagCol(n)}`);
      return sql`(${sql.join(flags, sql` and `)}) as ${okCol(except)}`;
    }),
    sql`, `,
  );
const allFlags = (except?: SqlFacet) => sql`m.${okCol(except)}`;

/** True when any print-only filter is set: galleries then do not match. */
function hasPrintFilters(f: SearchFilters): boolean {
  return Object.values(f).some((v) => v !== undefined);
}

type Statement = RawBuilder<{ total: number; hits: HitRow[] | null; facets: FacetRow[] | null }>;

export async function search(db: Db, r: SearchRequest): Promise<SearchRows> {
  // JIT compilation (PostgreSQL's default above a plan cost the facet counting easily reaches) costs far more than
  // it saves on a statement that runs in milliseconds: off for this statement only.
  const { rows } = await db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return searchStatement(r).execute(trx);
  });
  const row = rows[0];
  return {
    total: Number(row?.total ?? 0),
    hits: row?.hits ?? [],
    facets: (row?.facets ?? []).map((fr) => ({ ...fr, count: Number(fr.count) })),
  };
}

/** The one statement of a search (exported for EXPLAIN in the benchmark). */
export function searchStatement(r: SearchRequest): Statement {
  const { query: q, language: lang, filters: f, artistId } = r;
  const other: Language = lang === 'da' ? 'en' : 'da';
  const hasText = q.text !== '';
  const vec = (l: Language) => sql.raw(`search_${l}`);
  const tq = (l: Language) => sql.raw(`tq_${l}`);
  const match = (alias: string) =>
    hasText
      ? sql<boolean>`(${sql.raw(alias)}.search_da @@ qry.tq_da or ${sql.raw(alias)}.search_en @@ qry.tq_en)`
      : sql<boolean>`true`;
  const rank = (alias: string) =>
    hasText
      ? sql`ts_rank(${sql.raw(alias)}.${vec(lang)}, qry.${tq(lang)})
          + case when ${sql.raw(alias)}.${vec(other)} @@ qry.${tq(other)} then 0.05 else 0 end`
      : sql`0`;
  const exact = (alias: string) =>
    hasText
      ? // title_plain (both titles, unaccented, lower case) contains an exact title: a cheap test first.
        sql`(strpos(${sql.raw(alias)}.title_plain, qry.qn) > 0
          and (lower(public.f_unaccent(coalesce(${sql.raw(alias)}.title ->> 'da', ''))) = qry.qn
            or lower(public.f_unaccent(coalesce(${sql.raw(alias)}.title ->> 'en', ''))) = qry.qn))`
      : sql`false`;
  const flags = facetFlags(f);
  // The title a sort compares is computed only when a title sort asks for it.
  const titleKey = (alias: string) =>
    r.sort === 'title-asc' || r.sort === 'title-desc' ? sortTitle(alias) : sql`null::text`;

  const printsBranch = sql`
    select 'print'::text as type, p.id, p.image_id, p.year, p.status,
      p.published_at, p.created_at, p.updated_at, ${titleKey('p')} as sort_title,
      p.technique_key, p.plate_material_key,
      (p.year / 10) * 10 as decade, ${AVAILABILITY} as availability, p.medium,
      ${rank('p')} as rank, ${exact('p')} as exact,
      ${sql.join(
        FLAG_COLUMNS.map((n) => sql`${flags[n]} as ${flagCol(n)}`),
        sql`, `,
      )}
    from prints p
      cross join qry
      left join print_ledger pl on pl.print_id = p.id
    where p.artist_id = ${artistId} and ${match('p')} and ${and(plainFilters(f))}`;

  const galleriesBranch = sql`
    select 'gallery'::text as type, g.id,
      coalesce(
        (select cp.image_id from prints cp where cp.id = g.cover_print_id and cp.image_id is not null),
        (select fp.image_id from gallery_prints gp join prints fp on fp.id = gp.print_id
          where gp.gallery_id = g.id and fp.image_id is not null
          order by gp.position limit 1)) as image_id,
      null::smallint as year, g.status, g.published_at, g.created_at, g.updated_at, ${titleKey('g')} as sort_title,
      null::text as technique_key,
      null::text as plate_material_key, null::integer as decade, null::text as availability,
      null::jsonb as medium,
      ${rank('g')} as rank, ${exact('g')} as exact,
      ${sql.join(
        FLAG_COLUMNS.map((n) => sql`true as ${flagCol(n)}`),
        sql`, `,
      )}
    from galleries g cross join qry
    where g.artist_id = ${artistId} and ${match('g')}`;

  const includePrints = r.target !== 'galleries';
  const includeGalleries = r.target !== 'prints' && !hasPrintFilters(f);
  const branches = [...(includePrints ? [printsBranch] : []), ...(includeGalleries ? [galleriesBranch] : [])];
  const body = branches.length > 0 ? sql.join(branches, sql` union all `) : printsBranch;
  const noRows = branches.length === 0 ? sql`limit 0` : sql``;

  const order = (alias: string) => {
    if (r.sort) return artistOrder(r.sort, alias);
    const a = sql.raw(alias);
    return hasText
      ? sql`${a}.exact desc, ${a}.rank desc, ${a}.published_at desc nulls last, ${a}.id`
      : sql`${a}.year desc nulls last, ${a}.published_at desc nulls last, ${a}.created_at desc, ${a}.id`;
  };

  const vocabLabel = (kind: string) =>
    sql`(select public.localized_text(v.label, ${lang}) from vocabulary_terms v
          where v.kind = ${kind} and v.key = b.key
            and (v.artist_id is null or v.artist_id = ${artistId})
          order by v.artist_id nulls last limit 1)`;
  // The single-valued facets are counted in one pass over the matching set: every document contributes one
  // (facet, key) pair per facet whose other filters it passes, and one hash aggregate counts them all.
  const simpleKeys: [SqlFacet, RawBuilder<unknown>][] = [
    ['technique', sql`m.technique_key`],
    ['decade', sql`m.decade::text`],
    ['availability', sql`m.availability`],
    ['plateMaterial', sql`m.plate_material_key`],
    ['medium', sql`m.medium::text`],
    ['status', sql`m.status::text`],
  ];
  const simpleCounts = sql`
    select v.facet, v.key, count(*) as count
    from m cross join lateral (values ${sql.join(
      simpleKeys.map(([name, key]) => sql`(${name}::text, case when ${allFlags(name)} then ${key} end)`),
      sql`, `,
    )}) v (facet, key)
    where m.type = 'print' and v.key is not null
    group by v.facet, v.key`;
  const simpleFacet = (name: SqlFacet, kind: string | null) => sql`
    select b.facet, b.key, b.count, ${kind ? vocabLabel(kind) : sql`null::text`} as label
    from sf b where b.facet = ${name}`;

  const facetQueries = [
    simpleFacet('technique', 'technique'),
    simpleFacet('decade', null),
    simpleFacet('availability', 'availability'),
    sql`select 'gallery'::text as facet, gp.gallery_id::text as key, count(*) as count,
          min(public.localized_text(g.title, ${lang})) as label
        from m join gallery_prints gp on gp.print_id = m.id join galleries g on g.id = gp.gallery_id
        where m.type = 'print' and g.artist_id = ${artistId} and ${allFlags('gallery')}
        group by gp.gallery_id`,
    sql`select 'tags'::text as facet, t.slug as key, count(distinct m.id) as count,
          min(public.localized_text(t.label, ${lang})) as label
        from m join print_tags pt on pt.print_id = m.id join tags t on t.id = pt.tag_id
        where m.type = 'print' and ${allFlags('tags')}
        group by t.slug`,
    // Counted by the stored value (few distinct values), normalized into the stable key afterwards.
    sql`select 'medium'::text as facet, x.key, sum(x.count)::bigint as count, min(x.label) as label
        from (select nullif(lower(public.f_unaccent(public.localized_text(b.key::jsonb, 'en'))), '') as key,
                public.localized_text(b.key::jsonb, ${lang}) as label, b.count
              from sf b where b.facet = 'medium') x
        where x.key is not null
        group by x.key`,
    simpleFacet('plateMaterial', 'plate_material'),
    simpleFacet('status', null),
    ...(r.target === 'all'
      ? [
          sql`select 'type'::text as facet, m.type as key, count(*) as count, null::text as label
              from m where ${allFlags()} group by m.type`,
        ]
      : []),
  ];

  const thumb = sql`(select iv.storage_key from image_versions iv
      where iv.image_id = pg.image_id and iv.version = 'thumbnail')`;
  const hlQuery = hasText ? sql`(qry.tq_da || qry.tq_en)` : sql`''::tsquery`;
  const headline = (field: 'title' | 'description', options: string) =>
    hasText
      ? sql`ts_headline(${HL_CFG[lang]},
          translate(public.localized_text(pg.${sql.ref(field)}, ${lang}), ${'\uE000\uE001'}, ''),
          ${hlQuery}, ${options})`
      : sql`null::text`;

  return sql<{ total: number; hits: HitRow[] | null; facets: FacetRow[] | null }>`
    with qry as (
      select ${hasText ? tsquery('da', q) : sql`''::tsquery`} as tq_da,
        ${hasText ? tsquery('en', q) : sql`''::tsquery`} as tq_en,
        lower(public.f_unaccent(${q.text})) as qn
    ),
    m as materialized (
      -- offset 0 keeps the flag expressions from being copied into every ok_ column.
      select x.*, ${okColumns()} from (select * from (${body} ${noRows}) u offset 0) x
    ),
    page as (
      select m.*, coalesce(pp.title, gg.title) as title, coalesce(pp.description, gg.description) as description
      from (select * from m where ${allFlags()} order by ${order('m')} limit ${r.limit} offset ${r.offset}) m
        left join prints pp on m.type = 'print' and pp.id = m.id
        left join galleries gg on m.type = 'gallery' and gg.id = m.id
    ),
    sf as materialized (${simpleCounts})
    select
      (select count(*) from m where ${allFlags()}) as total,
      (select jsonb_agg(h order by h.ord) from (
        select row_number() over (order by ${order('pg')}) as ord, pg.id, pg.type, pg.title, pg.description, pg.year, pg.status,
          ${thumb} as thumbnail_key,
          ${headline('title', HL_TITLE)} as hl_title,
          ${headline('description', HL_TEXT)} as hl_description
        from page pg cross join qry
      ) h) as hits,
      (select jsonb_agg(fc) from (${sql.join(facetQueries, sql` union all `)}) fc) as facets`;
}

// ---------- text statements public search shares: the words' tsqueries and highlighted snippets ----------

/**
 * The tsqueries of what the visitor typed, as text (`'havn' & 'vint':*`), in the danish and the english
 * configuration: websearch syntax, or'ed with "earlier words and the last word as a prefix". PostgreSQL does the
 * language work (unaccent, stemming, stop words); text-index.ts evaluates the result over the published documents.
 */
export async function textQueries(db: Db, q: ParsedQuery): Promise<{ da: string; en: string }> {
  const { rows } = await sql<{ da: string; en: string }>`
    select (${tsquery('da', q)})::text as da, (${tsquery('en', q)})::text as en`.execute(db);
  return rows[0]!;
}

/** One typed word's tsqueries, as PostgreSQL prints them ('' where it is a stop word): what query.ts composes. */
export interface WordTsQueries {
  /** websearch_to_tsquery of the word alone, in the danish and the english configuration. */
  da: string;
  en: string;
  /** The word as a prefix (`to_tsquery(cfg, word || ':*')`): danish, english and simple. */
  daPrefix: string;
  enPrefix: string;
  simplePrefix: string;
}

/**
 * The tsqueries of single words (letters and digits), each as the whole-text statement above would make it for the
 * word alone: the same unaccent, lower-casing and clean-up, one statement for all of them.
 */
export async function wordTsQueries(db: Db, words: readonly string[]): Promise<Map<string, WordTsQueries>> {
  if (words.length === 0) return new Map();
  const { rows } = await sql<WordTsQueries & { word: string }>`
    with w as (
      select x.word, public.f_unaccent(lower(x.word)) as plain
      from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) as x (word)
    ), c as (select w.*, regexp_replace(w.plain, '[^[:alnum:]]+', '', 'g') as clean from w)
    select c.word,
      websearch_to_tsquery(${CFG.da}, c.plain)::text as da,
      websearch_to_tsquery(${CFG.en}, c.plain)::text as en,
      (case when c.clean = '' then ''::tsquery else to_tsquery(${CFG.da}, c.clean || ':*') end)::text as "daPrefix",
      (case when c.clean = '' then ''::tsquery else to_tsquery(${CFG.en}, c.clean || ':*') end)::text as "enPrefix",
      (case when c.clean = '' then ''::tsquery else to_tsquery('simple', c.clean || ':*') end)::text as "simplePrefix"
    from c`.execute(db);
  return new Map(rows.map(({ word, ...queries }) => [word, queries]));
}

/**
 * Highlighted snippets of one page of hits: per hit the title (every match marked) and up to two fragments of the
 * description, matches between START_SEL and STOP_SEL; null where nothing matched.
 */
export async function headlines(
  db: Db,
  items: readonly { title: string; description: string }[],
  printed: { da: string; en: string } | undefined,
  lang: Language,
): Promise<{ hl_title: string | null; hl_description: string | null }[]> {
  // Browsing, or only stop words: nothing to mark.
  if (items.length === 0 || !printed || (printed.da === '' && printed.en === ''))
    return items.map(() => ({ hl_title: null, hl_description: null }));
  const strip = (text: string) => text.replace(/[\uE000\uE001]/g, '');
  // The tsqueries as textQueries printed them: no stemming again, and a statement cheap to plan.
  const { rows } = await sql<{ ord: number; hl_title: string | null; hl_description: string | null }>`
    with qry as (select ${printed.da}::tsquery || ${printed.en}::tsquery as tq)
    select x.ord, ts_headline(${HL_CFG[lang]}, x.title, qry.tq, ${HL_TITLE}) as hl_title,
      case when x.description = '' then null
        else ts_headline(${HL_CFG[lang]}, x.description, qry.tq, ${HL_TEXT}) end as hl_description
    from jsonb_to_recordset(${JSON.stringify(
      items.map((it, ord) => ({ ord, title: strip(it.title), description: strip(it.description) })),
    )}::jsonb) as x (ord int, title text, description text)
      cross join qry`.execute(db);
  const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
  return items.map((_, ord) => ({
    hl_title: byOrd.get(ord)?.hl_title ?? null,
    hl_description: byOrd.get(ord)?.hl_description ?? null,
  }));
}

/** The PostgreSQL major version the database runs (PGlite's is the PostgreSQL it was built from). */
export async function serverMajorVersion(db: Db): Promise<number> {
  const { rows } = await sql<{ v: number }>`select current_setting('server_version_num')::int as v`.execute(
    db,
  );
  return Math.floor(rows[0]!.v / 10_000);
}

// ---------- small reads of the search service ----------

/** What the artist's filters may name: vocabulary keys (shared or the artist's), tag slugs, the artist's galleries. */
export async function artistFilterValues(
  db: Db,
  artistId: string,
  galleryIds: readonly string[],
): Promise<{ kind: string; key: string }[]> {
  const { rows } = await sql<{ kind: string; key: string }>`
    select v.kind, v.key from vocabulary_terms v
      where v.kind in ('technique', 'plate_material', 'availability')
        and (v.artist_id is null or v.artist_id = ${artistId}::uuid)
    union all
    select 'tags', t.slug from tags t where t.artist_id = ${artistId}::uuid
    union all
    select 'gallery', g.id::text from galleries g
      where g.id::text = any(${textArray(galleryIds)}) and g.artist_id = ${artistId}::uuid
  `.execute(db);
  return rows;
}
