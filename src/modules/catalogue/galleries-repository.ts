// SQL of galleries: lists and one gallery in a scope (the artist's, or public by the policy), their prints in
// order, and the ordered membership (insert, move, remove, reorder keep positions 1..n dense).
import { sql, type Insertable, type Updateable } from 'kysely';
import type { GalleriesTable, GalleryRow } from '../../platform/db/schema.js';
import { ownedBy, publicGallery, publicPrint, publishedPrint } from './policy.js';
import { printFilterSql, THUMB, type Db, type Page, type PrintFilters } from './prints-repository.js';
import type { PublicationStatus } from '../../platform/db/schema.js';

export interface GalleryListRow extends GalleryRow {
  print_count: number;
  cover_thumbnail_key: string | null;
}

export interface GalleryScope {
  artistId?: string;
  publicOnly: boolean;
}

/** Which galleries, and which of their prints are counted and shown as cover: the artist's all, or the public. */
function galleryScope(scope: GalleryScope) {
  return {
    where: scope.artistId ? ownedBy('g', scope.artistId) : publicGallery('g'),
    // In a public gallery a published print is public; a cover may sit outside the gallery: the full rule.
    member: scope.publicOnly ? sql`and ${publishedPrint('p')}` : sql``,
    cover: scope.publicOnly ? sql`and ${publicPrint('p')}` : sql``,
  };
}

function galleryColumns(scope: GalleryScope) {
  const { member, cover } = galleryScope(scope);
  return sql`g.*,
    (select count(*)::int from gallery_prints gp join prints p on p.id = gp.print_id
      where gp.gallery_id = g.id ${member}) as print_count,
    (select iv.storage_key from prints p join image_versions iv on iv.image_id = p.image_id and iv.version = ${THUMB}
      where p.id = g.cover_print_id ${cover}) as cover_thumbnail_key`;
}

/** Galleries with their print count; publicOnly lists public galleries and counts their public prints. */
export async function listGalleries(
  db: Db,
  scope: GalleryScope,
  page: Page,
): Promise<{ rows: GalleryListRow[]; total: number }> {
  const { where } = galleryScope(scope);
  const [rows, count] = await Promise.all([
    sql<GalleryListRow>`
      select ${galleryColumns(scope)}
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
  scope: GalleryScope,
  forUpdate = false,
): Promise<GalleryListRow | undefined> {
  const { where } = galleryScope(scope);
  if (forUpdate) {
    // Serializes ordering operations on one gallery.
    const locked = await sql`select id from galleries g where g.id = ${id} and ${where} for update`.execute(
      db,
    );
    if (locked.rows.length === 0) return undefined;
  }
  const { rows } = await sql<GalleryListRow>`
    select ${galleryColumns(scope)}
    from galleries g where g.id = ${id} and ${where}`.execute(db);
  return rows[0];
}

export interface GalleryPrintRow {
  print_id: string;
  title: { da?: string; en?: string };
  alt_text: { da?: string; en?: string };
  status: PublicationStatus;
  technique_key: string | null;
  year: number | null;
  position: number;
  order: number;
  thumbnail_key: string | null;
}

/**
 * Prints of a gallery in order; `order` is dense among the listed prints. publicOnly lists nothing unless the
 * gallery is public, and then only its published prints (public by the policy).
 */
export async function listGalleryPrints(
  db: Db,
  galleryId: string,
  opts: { publicOnly: boolean; filters?: PrintFilters; page?: Page },
): Promise<{ rows: GalleryPrintRow[]; total: number }> {
  const visible = opts.publicOnly ? sql`and ${publishedPrint('p')} and ${publicGallery('g')}` : sql``;
  const filters = printFilterSql(opts.filters ?? {});
  const base = sql`from gallery_prints gp join prints p on p.id = gp.print_id join galleries g on g.id = gp.gallery_id
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

export async function insertGallery(
  db: Db,
  artistId: string,
  values: Omit<Insertable<GalleriesTable>, 'artist_id'>,
): Promise<string> {
  const row = await db
    .insertInto('galleries')
    .values({ ...values, artist_id: artistId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateGallery(
  db: Db,
  galleryId: string,
  values: Updateable<GalleriesTable>,
): Promise<void> {
  await db.updateTable('galleries').set(values).where('id', '=', galleryId).execute();
}

export async function deleteGallery(db: Db, artistId: string, galleryId: string): Promise<void> {
  await db.deleteFrom('galleries').where('id', '=', galleryId).where('artist_id', '=', artistId).execute();
}

/** Public galleries holding the print, in the order the galleries page lists them. */
export async function publicGalleriesHolding(db: Db, printId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select g.id from galleries g join gallery_prints gp on gp.gallery_id = g.id
    where gp.print_id = ${printId} and ${publicGallery('g')}
    order by g.featured desc, g.published_at desc nulls last, g.created_at desc, g.id`.execute(db);
  return rows.map((r) => r.id);
}

/** The artist's galleries holding the print: public ones first, in the order the public list shows them. */
export async function artistGalleriesHolding(
  db: Db,
  artistId: string,
  printId: string,
): Promise<Array<{ id: string; isPublic: boolean }>> {
  const { rows } = await sql<{ id: string; is_public: boolean }>`
    select g.id, ${publicGallery('g')} as is_public
    from galleries g join gallery_prints gp on gp.gallery_id = g.id
    where gp.print_id = ${printId} and ${ownedBy('g', artistId)}
    order by ${publicGallery('g')} desc, g.featured desc, g.published_at desc nulls last,
      g.created_at desc, g.id`.execute(db);
  return rows.map((r) => ({ id: r.id, isPublic: r.is_public }));
}
