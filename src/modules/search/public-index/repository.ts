// SQL of the public index: the public catalogue read in one consistent snapshot (what visitors may see, by the
// visibility policy), and the database's accent table for folding text in memory the way it folds it.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { publicGallery, publicPrint, publicPrintInGallery } from '../../catalogue/policy.js';
import { AVAILABILITY } from '../repository.js';

type Db = Kysely<Database>;

export interface CatalogueRows {
  generation: number;
  prints: PrintDocRow[];
  galleries: GalleryDocRow[];
  vocabulary: VocabularyRow[];
  tags: TagRow[];
}

/** What every public document has: texts for hits and suggestions, the thumbnail, times for ordering. */
export interface DocRow {
  id: string;
  /** published_at / created_at in microseconds since 1970 (exact, so ties order as in SQL). */
  pub: number | null;
  created: number;
  title_da: string | null;
  title_en: string | null;
  description_da: string | null;
  description_en: string | null;
  /** The document's tsvectors as PostgreSQL prints them (text-index.ts matches and ranks over them). */
  tsv_da: string | null;
  tsv_en: string | null;
  thumbnail_key: string | null;
}

export interface PrintDocRow extends DocRow {
  year: number | null;
  technique: string | null;
  plate: string | null;
  availability: string | null;
  medium_da: string | null;
  medium_en: string | null;
  subject_da: string | null;
  subject_en: string | null;
  style_da: string | null;
  style_en: string | null;
  price: number | null;
  height: number | null;
  width: number | null;
  /** Slugs of the print's tags, comma-separated. */
  tags: string | null;
  /** Ids of the public galleries the print is in, comma-separated. */
  galleries: string | null;
}

export type GalleryDocRow = DocRow;

export interface VocabularyRow {
  kind: string;
  key: string;
  global: boolean;
  label_da: string | null;
  label_en: string | null;
}

export interface TagRow {
  slug: string;
  label_da: string | null;
  label_en: string | null;
}

const micros = (column: RawBuilder<unknown>) => sql`(extract(epoch from ${column}) * 1000000)::float8`;
const texts = (alias: string) => {
  const a = sql.raw(alias);
  return sql`${a}.title ->> 'da' as title_da, ${a}.title ->> 'en' as title_en,
    ${a}.description ->> 'da' as description_da, ${a}.description ->> 'en' as description_en,
    ${a}.search_da::text as tsv_da, ${a}.search_en::text as tsv_en`;
};

/**
 * Everything public search filters, counts, shows and suggests — the prints and galleries visitors may see
 * (catalogue/policy.ts) — read in one consistent snapshot with its generation.
 */
export async function publicCatalogue(db: Db): Promise<CatalogueRows> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const generation = await sql<{ generation: number | string }>`
        select generation from search_generation where id`.execute(trx);
      const prints = await sql<PrintDocRow>`
        select p.id::text as id, p.year, ${micros(sql`p.published_at`)} as pub, ${micros(sql`p.created_at`)} as created,
          p.technique_key as technique, p.plate_material_key as plate, ${AVAILABILITY} as availability,
          p.medium ->> 'da' as medium_da, p.medium ->> 'en' as medium_en,
          p.subject ->> 'da' as subject_da, p.subject ->> 'en' as subject_en,
          p.style_movement ->> 'da' as style_da, p.style_movement ->> 'en' as style_en,
          p.price_amount::float8 as price, p.plate_height_mm as height, p.plate_width_mm as width,
          ${texts('p')}, iv.storage_key as thumbnail_key, pt.tags, gp.galleries
        from prints p
          left join print_ledger pl on pl.print_id = p.id
          left join image_versions iv on iv.image_id = p.image_id and iv.version = 'thumbnail'
          left join (select pt.print_id, string_agg(t.slug, ',') as tags
                     from print_tags pt join tags t on t.id = pt.tag_id group by pt.print_id) pt on pt.print_id = p.id
          left join (select gp.print_id, string_agg(gp.gallery_id::text, ',') as galleries
                     from gallery_prints gp join galleries g on g.id = gp.gallery_id and ${publicGallery('g')}
                     group by gp.print_id) gp on gp.print_id = p.id
        where ${publicPrint('p')}`.execute(trx);
      // A gallery's thumbnail: its cover print's when visitors may see that print, else the first of its prints
      // they may see that has an image.
      const galleries = await sql<GalleryDocRow>`
        select g.id::text as id, ${micros(sql`g.published_at`)} as pub, ${micros(sql`g.created_at`)} as created,
          ${texts('g')},
          (select iv.storage_key from image_versions iv where iv.version = 'thumbnail' and iv.image_id = coalesce(
            (select cp.image_id from prints cp
              where cp.id = g.cover_print_id and cp.image_id is not null and ${publicPrint('cp')}),
            (select fp.image_id from gallery_prints gp join prints fp on fp.id = gp.print_id
              where gp.gallery_id = g.id and fp.image_id is not null and ${publicPrintInGallery('fp', 'g')}
              order by gp.position limit 1))) as thumbnail_key
        from galleries g where ${publicGallery('g')}`.execute(trx);
      const vocabulary = await sql<VocabularyRow>`
        select v.kind, v.key, v.artist_id is null as global, v.label ->> 'da' as label_da, v.label ->> 'en' as label_en
        from vocabulary_terms v where v.kind in ('technique', 'plate_material', 'availability')`.execute(trx);
      const tags = await sql<TagRow>`
        select t.slug, t.label ->> 'da' as label_da, t.label ->> 'en' as label_en from tags t`.execute(trx);
      return {
        generation: Number(generation.rows[0]?.generation ?? 0),
        prints: prints.rows,
        galleries: galleries.rows,
        vocabulary: vocabulary.rows,
        tags: tags.rows,
      };
    });
}

/** Code point ranges the unaccent rules cover (Latin, Greek, Cyrillic, letter-like symbols, ligatures, full width). */
const RANGES: readonly (readonly [number, number])[] = [
  [0xa1, 0x4ff],
  [0x1d00, 0x24ff],
  [0x2900, 0x2aff],
  [0x2c00, 0x2cff],
  [0x3000, 0x30ff],
  [0x3300, 0x33ff],
  [0xa700, 0xa7ff],
  [0xfb00, 0xfb4f],
  [0xfe00, 0xffef],
  [0x1f100, 0x1f1ff],
];

/** The database's unaccent table over RANGES: each character it changes, and what into. */
export async function accentTable(db: Db): Promise<Map<string, string>> {
  const ranges = sql.join(
    RANGES.map(([from, to]) => sql`select generate_series(${from}::int, ${to}::int) as i`),
    sql` union all `,
  );
  const { rows } = await sql<{ c: string; u: string }>`
    select chr(r.i) as c, public.f_unaccent(chr(r.i)) as u from (${ranges}) r
    where public.f_unaccent(chr(r.i)) <> chr(r.i)`.execute(db);
  return new Map(rows.map((r) => [r.c, r.u]));
}
