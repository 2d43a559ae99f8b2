// Search support: text search configurations that unaccent before stemming, used by ts_headline so snippets
// highlight "Hahnemühle" for the query "hahnemuhle" (the stored documents are built from f_unaccent(text) with the
// plain danish / english configurations, which yields the same lexemes), and an index for public browsing.
import { extensionSchema, runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  const unaccent = await extensionSchema(db, 'unaccent');
  await runSql(
    db,
    `
    create text search configuration public.copper_da (copy = pg_catalog.danish);
    alter text search configuration public.copper_da
      alter mapping for hword, hword_part, word with ${unaccent}.unaccent, pg_catalog.danish_stem;
    create text search configuration public.copper_en (copy = pg_catalog.english);
    alter text search configuration public.copper_en
      alter mapping for hword, hword_part, word with ${unaccent}.unaccent, pg_catalog.english_stem;
    create index prints_published_browse_idx on prints (year desc nulls last, published_at desc nulls last)
      where status = 'published';
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop index if exists prints_published_browse_idx;
    drop text search configuration if exists public.copper_en;
    drop text search configuration if exists public.copper_da;
    `,
  );
}
