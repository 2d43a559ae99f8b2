// Autocomplete: published print and gallery titles (prefix, substring and trigram word similarity on the
// trigram-indexed title_plain), tags used by published prints, and technique labels. Every branch is LIMITed.
import { sql, type Kysely } from 'kysely';
import type { Database, Language } from '../../platform/db/schema.js';
import { MAX_QUERY_LENGTH } from './query.js';

export interface SuggestionRow {
  text: string;
  type: 'print' | 'gallery' | 'tag' | 'technique';
  id: string | null;
  score: number;
}

/** Schema pg_trgm lives in (public on most hosts), looked up once per database. */
const trgmSchemas = new WeakMap<object, Promise<string>>();
function trgmSchema(db: Kysely<Database>): Promise<string> {
  let schema = trgmSchemas.get(db);
  if (!schema) {
    schema = sql<{ nspname: string }>`
      select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where e.extname = 'pg_trgm'`
      .execute(db)
      .then(({ rows }) => `"${(rows[0]?.nspname ?? 'public').replaceAll('"', '""')}"`);
    schema.catch(() => trgmSchemas.delete(db));
    trgmSchemas.set(db, schema);
  }
  return schema;
}

export async function suggest(
  db: Kysely<Database>,
  raw: string,
  lang: Language,
  limit: number,
): Promise<SuggestionRow[]> {
  const q = raw
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH);
  if (q === '') return [];
  const schema = sql.raw(await trgmSchema(db));
  const like = q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  const perType = Math.max(2, Math.ceil(limit / 2));
  // Titles: starts-with beats word-start beats substring beats trigram similarity (typos). A substring match scores
  // at least 1 + similarity and a similarity-only match at most 1, so the typo-tolerant pass (which has to compare
  // the query with every title) only runs when the substring matches did not fill the list.
  const titles = (table: 'prints' | 'galleries', type: 'print' | 'gallery', max: number) => {
    const score = sql`(case when t.title_plain like s.pfx then 3 when t.title_plain like s.wpfx then 2
             when t.title_plain like s.sub then 1 else 0 end)
         + ${schema}.word_similarity(s.qn, t.title_plain)`;
    const name = sql.raw(`${type}_hits`);
    return {
      cte: sql`${name} as materialized (
        select ${type}::text as type, t.id::text as id, public.localized_text(t.title, ${lang}) as text,
          ${score} as score
        from ${sql.table(table)} t cross join s
        where t.status = 'published'
          -- The pattern written out (not taken from s) so the planner can use the trigram index.
          and t.title_plain like ('%' || public.f_unaccent(${like}) || '%')
        order by score desc, t.id
        limit ${max})`,
      select: sql`
        (select * from ${name})
        union all
        (select ${type}::text, t.id::text, public.localized_text(t.title, ${lang}), ${score}
         from ${sql.table(table)} t cross join s
         where (select count(*) from ${name}) < ${max}
           and t.status = 'published'
           and not t.title_plain like ('%' || public.f_unaccent(${like}) || '%')
           and lower(public.f_unaccent(${q})) operator(${schema}.<%) t.title_plain
         order by 4 desc, 2
         limit ${max})`,
    };
  };
  const printTitles = titles('prints', 'print', perType);
  const galleryTitles = titles('galleries', 'gallery', Math.max(2, Math.ceil(limit / 4)));
  const { rows } = await sql<SuggestionRow>`
    with s as (
      select lower(public.f_unaccent(${q})) as qn,
        public.f_unaccent(${like}) || '%' as pfx,
        '% ' || public.f_unaccent(${like}) || '%' as wpfx,
        '%' || public.f_unaccent(${like}) || '%' as sub
    ),
    ${printTitles.cte},
    ${galleryTitles.cte}
    select * from (
      ${printTitles.select}
      union all
      ${galleryTitles.select}
      union all
      (select 'tag'::text, t.slug, public.localized_text(t.label, ${lang}),
         case when lower(public.f_unaccent(public.localized_text(t.label, ${lang}))) like s.pfx then 2.5 else 1.5 end
       from tags t cross join s
       where (lower(public.f_unaccent(coalesce(t.label ->> 'da', ''))) like s.sub
           or lower(public.f_unaccent(coalesce(t.label ->> 'en', ''))) like s.sub)
         and exists (select 1 from print_tags pt join prints p on p.id = pt.print_id
                     where pt.tag_id = t.id and p.status = 'published')
       order by 4 desc, 3
       limit 3)
      union all
      (select 'technique'::text, v.key, public.localized_text(v.label, ${lang}),
         case when lower(public.f_unaccent(public.localized_text(v.label, ${lang}))) like s.pfx then 2.8 else 1.6 end
       from vocabulary_terms v cross join s
       where v.kind = 'technique' and v.artist_id is null
         and (lower(public.f_unaccent(coalesce(v.label ->> 'da', ''))) like s.sub
           or lower(public.f_unaccent(coalesce(v.label ->> 'en', ''))) like s.sub)
       order by 4 desc, 3
       limit 3)
    ) x
    order by score desc, text
    limit ${limit}`.execute(db);
  // One suggestion per text and type (a tag and a technique may share a word; two prints may share a title).
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.type}:${r.text.toLowerCase()}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
