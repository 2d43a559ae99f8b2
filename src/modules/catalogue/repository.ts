// SQL of the catalogue. Every artist query takes the artist id; public queries filter on publication status.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, GalleryRow, ImageVersionRow, PrintRow } from '../../platform/db/schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface Page {
  offset: number;
  limit: number;
}

export interface PrintFilters {
  technique?: string | undefined;
  year?: number | undefined;
  plateType?: string | undefined;
  paperType?: string | undefined;
  status?: 'draft' | 'published' | undefined;
  galleryId?: string | undefined;
}

const THUMB = 'thumbnail';

// ---- vocabulary ----

export interface VocabRow {
  kind: string;
  key: string;
  label: { da?: string; en?: string };
  artist_id: string | null;
  sort: number;
}

export async function vocabulary(db: Db, artistId: string | null, kind?: string): Promise<VocabRow[]> {
  let q = db
    .selectFrom('vocabulary_terms')
    .select(['kind', 'key', 'label', 'artist_id', 'sort'])
    .orderBy('kind')
    .orderBy('sort')
    .orderBy('key');
  if (artistId) q = q.where((eb) => eb.or([eb('artist_id', 'is', null), eb('artist_id', '=', artistId)]));
  if (kind) q = q.where('kind', '=', kind as VocabRow['kind'] & Database['vocabulary_terms']['kind']);
  return q.execute();
}

/** Matches a vocabulary key or label (either language, case-insensitive) on a prints column. */
function vocabMatch(column: 'technique_key' | 'plate_material_key', kind: string, value: string) {
  const v = value.trim().toLowerCase();
  return sql<boolean>`(p.${sql.ref(column)} = ${v} or exists (
    select 1 from vocabulary_terms vt
    where vt.kind = ${kind} and vt.key = p.${sql.ref(column)} and (vt.artist_id is null or vt.artist_id = p.artist_id)
      and (lower(vt.label ->> 'en') = ${v} or lower(vt.label ->> 'da') = ${v})))`;
}

function likeEscape(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function printFilterSql(f: PrintFilters) {
  const parts = [sql<boolean>`true`];
  if (f.technique) parts.push(vocabMatch('technique_key', 'technique', f.technique));
  if (f.plateType) parts.push(vocabMatch('plate_material_key', 'plate_material', f.plateType));
  if (f.year !== undefined) parts.push(sql<boolean>`p.year = ${f.year}`);
  if (f.paperType) {
    const like = likeEscape(f.paperType.trim());
    parts.push(sql<boolean>`(p.paper ->> 'en' ilike ${like} or p.paper ->> 'da' ilike ${like})`);
  }
  if (f.status) parts.push(sql<boolean>`p.status = ${f.status}`);
  return sql.join(parts, sql` and `);
}

// ---- galleries ----

export interface GalleryListRow extends GalleryRow {
  print_count: number;
  cover_thumbnail_key: string | null;
}

/** Galleries with their print count; publicOnly counts only published prints and lists only published galleries. */
export async function listGalleries(
  db: Db,
  scope: { artistId?: string; publicOnly: boolean },
  page: Page,
): Promise<{ rows: GalleryListRow[]; total: number }> {
  const where = scope.artistId ? sql`g.artist_id = ${scope.artistId}` : sql`g.status = 'published'`;
  const printVisible = scope.publicOnly ? sql`and p.status = 'published'` : sql``;
  const [rows, count] = await Promise.all([
    sql<GalleryListRow>`
      select g.*,
        (select count(*)::int from gallery_prints gp join prints p on p.id = gp.print_id
          where gp.gallery_id = g.id ${printVisible}) as print_count,
        (select iv.storage_key from prints p join image_versions iv on iv.image_id = p.image_id and iv.version = ${THUMB}
          where p.id = g.cover_print_id ${printVisible}) as cover_thumbnail_key
      from galleries g where ${where}
      order by ${scope.publicOnly ? sql`g.featured desc, g.published_at desc nulls last,` : sql``} g.created_at desc, g.id
      limit ${page.limit} offset ${page.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from galleries g where ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}

export async function getGallery(
  db: Db,
  id: string,
  scope: { artistId?: string; publicOnly: boolean },
  forUpdate = false,
): Promise<GalleryListRow | undefined> {
  const where = scope.artistId ? sql`g.artist_id = ${scope.artistId}` : sql`g.status = 'published'`;
  const printVisible = scope.publicOnly ? sql`and p.status = 'published'` : sql``;
  if (forUpdate) {
    // Serializes ordering operations on one gallery.
    const locked = await sql`select id from galleries g where g.id = ${id} and ${where} for update`.execute(
      db,
    );
    if (locked.rows.length === 0) return undefined;
  }
  const { rows } = await sql<GalleryListRow>`
    select g.*,
      (select count(*)::int from gallery_prints gp join prints p on p.id = gp.print_id
        where gp.gallery_id = g.id ${printVisible}) as print_count,
      (select iv.storage_key from prints p join image_versions iv on iv.image_id = p.image_id and iv.version = ${THUMB}
        where p.id = g.cover_print_id ${printVisible}) as cover_thumbnail_key
    from galleries g where g.id = ${id} and ${where}`.execute(db);
  return rows[0];
}

export interface GalleryPrintRow {
  print_id: string;
  title: { da?: string; en?: string };
  alt_text: { da?: string; en?: string };
  status: 'draft' | 'published';
  technique_key: string | null;
  year: number | null;
  position: number;
  order: number;
  thumbnail_key: string | null;
}

/** Prints of a gallery in order; `order` is dense among the listed prints (publicOnly hides drafts). */
export async function listGalleryPrints(
  db: Db,
  galleryId: string,
  opts: { publicOnly: boolean; filters?: PrintFilters; page?: Page },
): Promise<{ rows: GalleryPrintRow[]; total: number }> {
  const visible = opts.publicOnly ? sql`and p.status = 'published'` : sql``;
  const filters = printFilterSql(opts.filters ?? {});
  const base = sql`from gallery_prints gp join prints p on p.id = gp.print_id
    where gp.gallery_id = ${galleryId} ${visible}`;
  const paging = opts.page ? sql`limit ${opts.page.limit} offset ${opts.page.offset}` : sql``;
  const [rows, count] = await Promise.all([
    sql<GalleryPrintRow>`
      select * from (
        select p.id as print_id, p.title, p.alt_text, p.status, p.technique_key, p.year, p.paper, p.artist_id,
          p.plate_material_key, gp.position,
          (row_number() over (order by gp.position))::int as "order",
          (select iv.storage_key from image_versions iv where iv.image_id = p.image_id and iv.version = ${THUMB})
            as thumbnail_key
        ${base}
      ) p where ${filters}
      order by p.position ${paging}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from (select p.* ${base}) p where ${filters}`.execute(db),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}

export async function galleryPrintPosition(
  db: Db,
  galleryId: string,
  printId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('gallery_prints')
    .select('position')
    .where('gallery_id', '=', galleryId)
    .where('print_id', '=', printId)
    .executeTakeFirst();
  return row?.position;
}

export async function galleryPrintCount(db: Db, galleryId: string): Promise<number> {
  const row = await db
    .selectFrom('gallery_prints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('gallery_id', '=', galleryId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function galleryPrintIds(db: Db, galleryId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('gallery_prints')
    .select('print_id')
    .where('gallery_id', '=', galleryId)
    .execute();
  return rows.map((r) => r.print_id);
}

/** Inserts at position (1..n+1), shifting the rest down. */
export async function insertAt(db: Db, galleryId: string, printId: string, position: number): Promise<void> {
  await sql`update gallery_prints set position = position + 1
    where gallery_id = ${galleryId} and position >= ${position}`.execute(db);
  await db
    .insertInto('gallery_prints')
    .values({ gallery_id: galleryId, print_id: printId, position })
    .execute();
}

/** Removes and closes the gap. */
export async function removeAt(db: Db, galleryId: string, printId: string, position: number): Promise<void> {
  await db
    .deleteFrom('gallery_prints')
    .where('gallery_id', '=', galleryId)
    .where('print_id', '=', printId)
    .execute();
  await sql`update gallery_prints set position = position - 1
    where gallery_id = ${galleryId} and position > ${position}`.execute(db);
}

export async function moveTo(
  db: Db,
  galleryId: string,
  printId: string,
  from: number,
  to: number,
): Promise<void> {
  if (from === to) return;
  if (to < from) {
    await sql`update gallery_prints set position = position + 1
      where gallery_id = ${galleryId} and position >= ${to} and position < ${from}`.execute(db);
  } else {
    await sql`update gallery_prints set position = position - 1
      where gallery_id = ${galleryId} and position > ${from} and position <= ${to}`.execute(db);
  }
  await db
    .updateTable('gallery_prints')
    .set({ position: to })
    .where('gallery_id', '=', galleryId)
    .where('print_id', '=', printId)
    .execute();
}

export async function setPositions(
  db: Db,
  galleryId: string,
  orders: ReadonlyArray<{ printId: string; newOrder: number }>,
): Promise<void> {
  const json = JSON.stringify(orders.map((o) => ({ print_id: o.printId, pos: o.newOrder })));
  await sql`update gallery_prints gp set position = x.pos
    from jsonb_to_recordset(${json}::jsonb) as x(print_id uuid, pos int)
    where gp.gallery_id = ${galleryId} and gp.print_id = x.print_id`.execute(db);
}

/** Removes a print from every gallery, keeping each gallery's order dense. */
export async function removeFromAllGalleries(db: Db, printId: string): Promise<void> {
  const rows = await db
    .selectFrom('gallery_prints')
    .select(['gallery_id', 'position'])
    .where('print_id', '=', printId)
    .orderBy('gallery_id')
    .execute();
  for (const r of rows) {
    await sql`select id from galleries where id = ${r.gallery_id} for update`.execute(db);
    await removeAt(db, r.gallery_id, printId, r.position);
  }
}

// ---- prints ----

export interface PrintListRow extends PrintRow {
  thumbnail_key: string | null;
  /** The print's current image has processed versions. */
  image_shown: boolean;
}

export async function listPrints(
  db: Db,
  artistId: string,
  filters: PrintFilters,
  page: Page,
): Promise<{ rows: PrintListRow[]; total: number }> {
  const gallery = filters.galleryId
    ? sql`and exists (select 1 from gallery_prints gp where gp.print_id = p.id and gp.gallery_id = ${filters.galleryId})`
    : sql``;
  const where = sql`p.artist_id = ${artistId} ${gallery} and ${printFilterSql(filters)}`;
  const [rows, count] = await Promise.all([
    sql<PrintListRow>`
      select p.*,
        (select iv.storage_key from image_versions iv where iv.image_id = p.image_id and iv.version = ${THUMB})
          as thumbnail_key,
        exists (select 1 from image_versions iv where iv.image_id = p.image_id) as image_shown
      from prints p where ${where}
      order by p.created_at desc, p.id limit ${page.limit} offset ${page.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from prints p where ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}

export async function getPrint(
  db: Db,
  id: string,
  scope: { artistId?: string; publicOnly: boolean },
  forUpdate = false,
): Promise<PrintRow | undefined> {
  let q = db.selectFrom('prints').selectAll().where('id', '=', id);
  if (scope.artistId) q = q.where('artist_id', '=', scope.artistId);
  if (scope.publicOnly) q = q.where('status', '=', 'published');
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * Whether an image has processed versions. A replacement becomes the print's image_id only once it is processed
 * (media/repository.ts completeImage), so the versions of prints.image_id are what visitors see, also while a
 * replacement (prints.image_status 'processing') or a regeneration is under way. A new print's first image is its
 * image_id from the start, without versions until it is processed.
 */
export async function hasImageVersions(db: Db, imageId: string | null): Promise<boolean> {
  if (!imageId) return false;
  const row = await db
    .selectFrom('image_versions')
    .select('image_id')
    .where('image_id', '=', imageId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function imageVersions(db: Db, imageId: string | null): Promise<ImageVersionRow[]> {
  if (!imageId) return [];
  return (
    db
      .selectFrom('image_versions')
      .selectAll()
      .where('image_id', '=', imageId)
      .orderBy('width')
      // Equal widths (a small original): nominal size order, never physical row order.
      .orderBy(
        sql`array_position(array['thumbnail','thumbnail_2x','medium','medium_2x','large','large_2x','xlarge'], version)`,
      )
      .execute()
  );
}

export async function tagsOf(
  db: Db,
  printIds: readonly string[],
): Promise<Map<string, Array<{ id: string; slug: string; label: { da?: string; en?: string } }>>> {
  const out = new Map<string, Array<{ id: string; slug: string; label: { da?: string; en?: string } }>>();
  if (printIds.length === 0) return out;
  const rows = await db
    .selectFrom('print_tags as pt')
    .innerJoin('tags as t', 't.id', 'pt.tag_id')
    .select(['pt.print_id', 't.id', 't.slug', 't.label'])
    .where('pt.print_id', 'in', printIds)
    .orderBy('t.slug')
    .execute();
  for (const r of rows) {
    const list = out.get(r.print_id) ?? [];
    list.push({ id: r.id, slug: r.slug, label: r.label });
    out.set(r.print_id, list);
  }
  return out;
}

export async function editionCounts(
  db: Db,
  printId: string,
): Promise<{ recorded: number; available: number }> {
  const { rows } = await sql<{ recorded: number; available: number }>`
    select count(*)::int as recorded, (count(*) filter (where status = 'available'))::int as available
    from impressions where print_id = ${printId} and kind = 'numbered'`.execute(db);
  return rows[0] ?? { recorded: 0, available: 0 };
}

export async function exifOf(db: Db, imageId: string | null) {
  if (!imageId) return undefined;
  return db.selectFrom('image_exif').selectAll().where('image_id', '=', imageId).executeTakeFirst();
}

/** Replaces a print's tags with the given ones, creating missing tags (by slug). */
export async function setPrintTags(
  db: Db,
  artistId: string,
  printId: string,
  tags: ReadonlyArray<{ slug: string; label: { da?: string; en?: string } }>,
): Promise<void> {
  await db.deleteFrom('print_tags').where('print_id', '=', printId).execute();
  for (const tag of tags) {
    const row = await db
      .insertInto('tags')
      .values({ artist_id: artistId, slug: tag.slug, label: JSON.stringify(tag.label) })
      .onConflict((oc) => oc.constraint('tags_artist_slug_key').doUpdateSet({ slug: tag.slug }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('print_tags')
      .values({ print_id: printId, tag_id: row.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
